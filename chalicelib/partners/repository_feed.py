"""The change feeds' items in the partners table (the protocol is `feed.py`).

- `FEED#{community}#{resource}` / `SEQ#{seq:012d}`: one change or void (JSON body), kept 400 days
- `FEEDSEQ#{community}#{resource}` / `SEQ`: the feed's counter (atomic ADD, the number a writer takes)
- `FEEDEVENT#{eventId}` / `EVENT`: a source event already appended (TTL 2 days: stream records are retried for
  at most 24 hours)
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from pynamodb.attributes import NumberAttribute, TTLAttribute, UnicodeAttribute
from pynamodb.connection import Connection
from pynamodb.exceptions import PutError, TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib.kernel.clock import iso, parse_iso
from chalicelib.kernel.dynamo import condition_failed, transaction_connection
from chalicelib.kernel.tables import PartnerTable
from chalicelib.partners.feed import VOID
from chalicelib.partners.model import Change

FEED_RETENTION = timedelta(days=400)
EVENT_MEMORY = timedelta(days=2)


class FeedItem(PartnerTable):
    body = UnicodeAttribute(null=True)
    seq = NumberAttribute(null=True)
    expires_at = TTLAttribute(null=True)


def _pk(community_id: str, resource: str) -> str:
    return f"FEED#{community_id}#{resource}"


def _sk(seq: int) -> str:
    return f"SEQ#{seq:012d}"


def _item(community_id: str, change: Change) -> FeedItem:
    body = {"recordId": change.record_id, "op": change.op, "at": iso(change.at), "data": change.data}
    return FeedItem(
        _pk(community_id, change.resource),
        _sk(change.seq),
        body=json.dumps(body, ensure_ascii=False, default=str),
        seq=change.seq,
        expires_at=change.at + FEED_RETENTION,
    )


def _raw_change(resource: str, item: dict[str, Any]) -> Change:
    b = json.loads(item["body"]["S"]) if "body" in item else {}
    seq = int(item["seq"]["N"]) if "seq" in item else 0
    return Change(seq, resource, b["recordId"], b["op"], parse_iso(b["at"]), b.get("data") or {})


def _change(resource: str, item: FeedItem) -> Change:
    b = json.loads(item.body or "{}")
    return Change(int(item.seq or 0), resource, b["recordId"], b["op"], parse_iso(b["at"]), b.get("data") or {})


class DynamoFeedStore:
    def next_seq(self, community_id: str, resource: str) -> int:
        counter = FeedItem(f"FEEDSEQ#{community_id}#{resource}", "SEQ")
        counter.update(actions=[FeedItem.seq.add(1)])  # the instance holds the new value (ReturnValues ALL_NEW)
        return int(counter.seq or 0)

    def put(self, community_id: str, change: Change, event_id: str | None) -> str:
        item = _item(community_id, change)
        if event_id is None:
            try:
                item.save(condition=FeedItem.pk.does_not_exist())
            except PutError as exc:
                if condition_failed(exc):
                    return "slot_taken"
                raise
            return "written"
        marker = FeedItem(f"FEEDEVENT#{event_id}", "EVENT", seq=change.seq, expires_at=change.at + EVENT_MEMORY)
        try:
            with TransactWrite(connection=_connection()) as tx:
                tx.save(item, condition=FeedItem.pk.does_not_exist())
                tx.save(marker, condition=FeedItem.pk.does_not_exist())
        except TransactWriteError as exc:
            reasons = exc.cancellation_reasons or []
            failed = [i for i, r in enumerate(reasons) if r is not None and r.code == "ConditionalCheckFailed"]
            if 1 in failed:
                return "duplicate"
            if 0 in failed or any(r is not None and r.code == "TransactionConflict" for r in reasons):
                return "slot_taken"
            raise
        return "written"

    def after(self, community_id: str, resource: str, seq: int, limit: int) -> list[Change]:
        """One Query (paged past 1 MB) projecting only the body and number; the raw items are read straight into
        changes, without a model instance each (a page of 1,000 spent about as long building models as waiting)."""
        connection = FeedItem._get_connection()
        out: list[Change] = []
        start: dict[str, Any] | None = None
        while len(out) < limit:
            data = connection.query(
                _pk(community_id, resource),
                FeedItem.sk > _sk(seq),
                attributes_to_get=["body", "seq"],
                consistent_read=True,
                exclusive_start_key=start,
                limit=min(limit - len(out), 1000),
            )
            out.extend(_raw_change(resource, item) for item in data.get("Items", []))
            start = data.get("LastEvaluatedKey")
            if not start:
                break
        return out

    def get(self, community_id: str, resource: str, seq: int) -> Change | None:
        try:
            return _change(resource, FeedItem.get(_pk(community_id, resource), _sk(seq), consistent_read=True))
        except FeedItem.DoesNotExist:
            return None

    def void(self, community_id: str, resource: str, seq: int, at: datetime) -> bool:
        try:
            _item(community_id, Change(seq, resource, "", VOID, at)).save(condition=FeedItem.pk.does_not_exist())
        except PutError as exc:
            if condition_failed(exc):
                return False
            raise
        return True


def _connection() -> Connection:
    return transaction_connection(FeedItem)  # type: ignore[no-any-return]
