"""The governance table (`kernel/tables.py: GovernanceTable`).

Items (pk / sk):
- `C#{community}#WARN` / `{raisedAt}#{warningId}`: a warning (JSON body, `version`), kept 400 days
- `C#{community}#WARNID#{warningId}` / `REF`: where the warning is (its sort key)
- `C#{community}#OPEN#{kind}#{subject}` / `OPEN`: the open slot; written with the warning only if absent (one open
  warning per subject and kind), deleted when it is resolved
- `C#{community}` / `THRESHOLDS`: the community's thresholds; `COMMUNITIES` / `{community}`: the daily run's list
"""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from datetime import timedelta

from pynamodb.attributes import NumberAttribute, TTLAttribute, UnicodeAttribute
from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib.governance.model import Thresholds
from chalicelib.governance.service import Warning
from chalicelib.kernel.clock import iso, parse_iso
from chalicelib.kernel.dynamo import transaction_connection, write_refused
from chalicelib.kernel.tables import GovernanceTable

RETENTION = timedelta(days=400)


class GovItem(GovernanceTable):
    body = UnicodeAttribute(null=True)
    ref = UnicodeAttribute(null=True)
    rev = NumberAttribute(null=True)  # the warning's version (conditional updates)
    expires_at = TTLAttribute(null=True)


def _body(w: Warning) -> str:
    data = asdict(w)
    for key in ("raised_at", "resolved_at"):
        data[key] = iso(data[key]) if data[key] else None
    return json.dumps(data, ensure_ascii=False, default=str)


def _warning(item: GovItem) -> Warning:
    data = json.loads(item.body or "{}")
    for key in ("raised_at", "resolved_at"):
        data[key] = parse_iso(data[key]) if data.get(key) else None
    data["version"] = int(item.rev or 0)
    return Warning(**data)


def _slot(w: Warning) -> GovItem:
    return GovItem(f"C#{w.community_id}#OPEN#{w.kind}#{w.subject_id}", "OPEN", ref=w.warning_id)


class DynamoWarningStore:
    def raise_once(self, warning: Warning) -> bool:
        sk = f"{iso(warning.raised_at)}#{warning.warning_id}"
        item = GovItem(
            f"C#{warning.community_id}#WARN", sk, body=_body(warning), rev=1, expires_at=warning.raised_at + RETENTION
        )
        ref = GovItem(f"C#{warning.community_id}#WARNID#{warning.warning_id}", "REF", ref=sk)
        try:
            with TransactWrite(connection=transaction_connection(GovItem)) as tx:
                tx.save(_slot(warning), condition=GovItem.pk.does_not_exist())
                tx.save(item, condition=GovItem.pk.does_not_exist())
                tx.save(ref, condition=GovItem.pk.does_not_exist())
        except TransactWriteError as exc:
            reasons = exc.cancellation_reasons or []
            if any(r is not None and r.code in ("ConditionalCheckFailed", "TransactionConflict") for r in reasons):
                return False  # open already (or being raised by a concurrent run)
            raise
        return True

    def _sk(self, community_id: str, warning_id: str) -> str | None:
        try:
            return GovItem.get(f"C#{community_id}#WARNID#{warning_id}", "REF").ref
        except GovItem.DoesNotExist:
            return None

    def get(self, community_id: str, warning_id: str) -> Warning | None:
        sk = self._sk(community_id, warning_id)
        if sk is None:
            return None
        try:
            return _warning(GovItem.get(f"C#{community_id}#WARN", sk, consistent_read=True))
        except GovItem.DoesNotExist:
            return None

    def update(self, warning: Warning, release: bool) -> bool:
        sk = self._sk(warning.community_id, warning.warning_id)
        if sk is None:
            return False
        item = GovItem(
            f"C#{warning.community_id}#WARN",
            sk,
            body=_body(warning),
            rev=warning.version + 1,
            expires_at=warning.raised_at + RETENTION,
        )
        try:
            with TransactWrite(connection=transaction_connection(GovItem)) as tx:
                tx.save(item, condition=GovItem.rev == warning.version)
                if release:
                    tx.delete(_slot(warning), condition=GovItem.ref == warning.warning_id)
        except TransactWriteError as exc:
            if write_refused(exc):
                return False
            raise
        return True

    def find(self, community_id: str, status: str | None, limit: int) -> list[Warning]:
        out: list[Warning] = []
        for item in GovItem.query(f"C#{community_id}#WARN", scan_index_forward=False, page_size=200):
            w = _warning(item)
            if status is None or w.status == status:
                out.append(w)
                if len(out) >= limit:
                    break
        return out

    def thresholds(self, community_id: str) -> Thresholds:
        try:
            item = GovItem.get(f"C#{community_id}", "THRESHOLDS")
        except GovItem.DoesNotExist:
            return Thresholds()
        known = {f.name for f in fields(Thresholds)}
        return Thresholds(**{k: v for k, v in json.loads(item.body or "{}").items() if k in known})

    def set_thresholds(self, community_id: str, thresholds: Thresholds) -> None:
        GovItem(f"C#{community_id}", "THRESHOLDS", body=json.dumps(asdict(thresholds))).save()
        GovItem("COMMUNITIES", community_id).save()

    def communities(self) -> list[str]:
        return [item.sk for item in GovItem.query("COMMUNITIES")]
