"""Audit records in the audit table (001 10.2.2: time, operator, operation type, target, outcome, source address).

Layout, every read a Query:
- pk `A#{scope}#{yyyy-mm-dd}`, sk `{iso time}#{entry id}`: one partition per community (or `-` for platform-level
  operations) and UTC day, so a day's traffic of one community never mixes with another's;
- gsi1 `A#{scope}#OP#{operator}` / `{iso time}#{entry id}`: what one operator did in one scope;
- gsi2 `A#{scope}#T#{target type}#{target id}` / `{iso time}#{entry id}`: what happened to one target.
Items expire by TTL after `RETENTION_DAYS` (the standards ask for at least six months of operation logs).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from pynamodb.attributes import JSONAttribute, TTLAttribute, UnicodeAttribute, UTCDateTimeAttribute

from chalicelib.audit.service import AuditEntry
from chalicelib.kernel.clock import iso
from chalicelib.kernel.pagination import decode_cursor, encode_cursor
from chalicelib.kernel.tables import AuditTable

RETENTION_DAYS = 400
PLATFORM_SCOPE = "-"  # operations that belong to no community (platform accounts, platform settings)


class AuditRecord(AuditTable):
    entry_id = UnicodeAttribute()
    at = UTCDateTimeAttribute()
    community_id = UnicodeAttribute(null=True)
    operator = UnicodeAttribute()
    operator_kind = UnicodeAttribute()
    operation = UnicodeAttribute()
    target_type = UnicodeAttribute()
    target_id = UnicodeAttribute()
    outcome = UnicodeAttribute()
    source_ip = UnicodeAttribute(default="")
    request_id = UnicodeAttribute(default="")
    detail = JSONAttribute(default=dict)
    expires_at = TTLAttribute()


def scope_of(community_id: str | None) -> str:
    return community_id or PLATFORM_SCOPE


def day_pk(scope: str, day: str) -> str:
    return f"A#{scope}#{day}"


def operator_pk(scope: str, operator: str) -> str:
    return f"A#{scope}#OP#{operator}"


def target_pk(scope: str, target_type: str, target_id: str) -> str:
    return f"A#{scope}#T#{target_type}#{target_id}"


def to_record(e: AuditEntry) -> AuditRecord:
    scope = scope_of(e.community_id)
    stamp = f"{iso(e.at)}#{e.entry_id}"
    return AuditRecord(
        pk=day_pk(scope, iso(e.at)[:10]),
        sk=stamp,
        gsi1pk=operator_pk(scope, e.operator),
        gsi1sk=stamp,
        gsi2pk=target_pk(scope, e.target_type, e.target_id),
        gsi2sk=stamp,
        entry_id=e.entry_id,
        at=e.at,
        community_id=e.community_id,
        operator=e.operator,
        operator_kind=e.operator_kind,
        operation=e.operation,
        target_type=e.target_type,
        target_id=e.target_id,
        outcome=e.outcome,
        source_ip=e.source_ip,
        request_id=e.request_id,
        detail=e.detail,
        expires_at=e.at + timedelta(days=RETENTION_DAYS),
    )


def from_record(r: AuditRecord) -> AuditEntry:
    return AuditEntry(
        entry_id=r.entry_id,
        at=r.at,
        community_id=r.community_id,
        operator=r.operator,
        operator_kind=r.operator_kind,
        operation=r.operation,
        target_type=r.target_type,
        target_id=r.target_id,
        outcome=r.outcome,
        source_ip=r.source_ip or "",
        request_id=r.request_id or "",
        detail=r.detail or {},
    )


def append(entry: AuditEntry) -> None:
    """Write one entry. Entry ids are random, so a put never overwrites another entry (the log is append-only)."""
    to_record(entry).save(condition=AuditRecord.pk.does_not_exist())


def _days_between(start: datetime, end: datetime) -> list[str]:
    """UTC days from `end` back to `start` (newest first, the order queries answer in)."""
    days: list[str] = []
    day = end.date()
    while day >= start.date():
        days.append(day.isoformat())
        day -= timedelta(days=1)
    return days


def query(
    community_id: str | None,
    start: datetime,
    end: datetime,
    *,
    operator: str | None = None,
    target: tuple[str, str] | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> tuple[list[AuditEntry], str | None]:
    """Entries in [start, end], newest first. Operator and target queries read an index; plain time queries walk
    the day partitions, carrying the current day in the cursor."""
    scope = scope_of(community_id)
    low, high = iso(start), iso(end) + "\uffff"
    state = decode_cursor(cursor) or {}
    if operator or target:
        index = AuditRecord.gsi1 if operator else AuditRecord.gsi2
        range_attr = AuditRecord.gsi1sk if operator else AuditRecord.gsi2sk
        hash_key = operator_pk(scope, operator) if operator else target_pk(scope, *target)  # type: ignore[misc]
        condition = range_attr.between(low, high)
        filters = None
        if operator and target:
            filters = (AuditRecord.target_type == target[0]) & (AuditRecord.target_id == target[1])
        results = index.query(
            hash_key,
            condition,
            filter_condition=filters,
            scan_index_forward=False,
            limit=limit,
            last_evaluated_key=state.get("k"),
        )
        found = [from_record(r) for r in results]
        last = results.last_evaluated_key
        return found, encode_cursor({"k": last}) if last else None
    days = _days_between(start, end)
    if state.get("d"):
        days = [d for d in days if d <= state["d"]]
    items: list[AuditEntry] = []
    last_key: dict[str, Any] | None = state.get("k")
    for day in days:
        day_results = AuditRecord.query(
            day_pk(scope, day),
            AuditRecord.sk.between(low, high),
            scan_index_forward=False,
            limit=limit - len(items),
            last_evaluated_key=last_key,
        )
        items.extend(from_record(r) for r in day_results)
        last_key = day_results.last_evaluated_key
        if len(items) >= limit:
            if last_key:
                return items, encode_cursor({"d": day, "k": last_key})
            following = [d for d in days if d < day]
            return items, encode_cursor({"d": following[0]}) if following else None
        last_key = None
    return items, None


class DynamoAuditLog:
    """The audit trail's `AuditStore` on the audit table, and the log's queries."""

    def append(self, entry: AuditEntry) -> None:
        append(entry)

    def query(
        self,
        community_id: str | None,
        start: datetime,
        end: datetime,
        *,
        operator: str | None = None,
        target: tuple[str, str] | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> tuple[list[AuditEntry], str | None]:
        return query(community_id, start, end, operator=operator, target=target, limit=limit, cursor=cursor)
