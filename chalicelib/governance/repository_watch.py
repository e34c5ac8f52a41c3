"""Watch-list entries in the governance table: `C#{community}#WATCH` / `{kind}#{key}` (JSON body); a passage's
candidate keys are looked up in one BatchGetItem. Match markers `C#{community}#WATCHHIT#{entryId}` / `{kind}#{key}`
(conditional put, TTL 2 days) make a redelivered passage raise nothing twice."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from pynamodb.attributes import TTLAttribute, UnicodeAttribute
from pynamodb.exceptions import DeleteError, PutError

from chalicelib.governance.watchlist import WatchEntry
from chalicelib.kernel.clock import iso, parse_iso
from chalicelib.kernel.dynamo import condition_failed
from chalicelib.kernel.tables import GovernanceTable


class WatchItem(GovernanceTable):
    body = UnicodeAttribute(null=True)
    expires_at = TTLAttribute(null=True)


def _pk(community_id: str) -> str:
    return f"C#{community_id}#WATCH"


def _entry(community_id: str, item: WatchItem) -> WatchEntry:
    b = json.loads(item.body or "{}")
    kind, _, key = item.sk.partition("#")
    return WatchEntry(
        community_id,
        kind,
        key,
        b.get("label", ""),
        b.get("reason", ""),
        b.get("addedBy", ""),
        parse_iso(b["addedAt"]),
        parse_iso(b["expiresAt"]) if b.get("expiresAt") else None,
    )


class DynamoWatchStore:
    def add(self, entry: WatchEntry) -> None:
        body = {
            "label": entry.label,
            "reason": entry.reason,
            "addedBy": entry.added_by,
            "addedAt": iso(entry.added_at),
            "expiresAt": iso(entry.expires_at) if entry.expires_at else None,
        }
        WatchItem(
            _pk(entry.community_id), f"{entry.kind}#{entry.key}", body=json.dumps(body, ensure_ascii=False)
        ).save()

    def remove(self, community_id: str, kind: str, key: str) -> bool:
        try:
            WatchItem(_pk(community_id), f"{kind}#{key}").delete(condition=WatchItem.pk.exists())
        except DeleteError as exc:
            if condition_failed(exc):
                return False
            raise
        return True

    def entries(self, community_id: str) -> list[WatchEntry]:
        return [_entry(community_id, i) for i in WatchItem.query(_pk(community_id))]

    def lookup(self, community_id: str, keys: list[tuple[str, str]]) -> list[WatchEntry]:
        wanted = [(_pk(community_id), f"{kind}#{key}") for kind, key in keys]
        return [_entry(community_id, i) for i in WatchItem.batch_get(wanted)]

    def first_match(self, community_id: str, entry_id: str, entry: WatchEntry, now: datetime) -> bool:
        marker = WatchItem(
            f"C#{community_id}#WATCHHIT#{entry_id}", f"{entry.kind}#{entry.key}", expires_at=now + timedelta(days=2)
        )
        try:
            marker.save(condition=WatchItem.pk.does_not_exist())
        except PutError as exc:
            if condition_failed(exc):
                return False
            raise
        return True
