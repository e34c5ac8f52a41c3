"""Entry records and their daily counters in the visitors table.

Layout (every read is a GetItem or a Query):
- entry     pk `C#{c}#ENTRY#{id}` sk `ENTRY` (the id makes a retried write a no-op); gsi1 gate, gsi2 person/pass,
            gsi3 community day, gsi4 house; each sorted by `{at}#{id}`; TTL 400 days after the passage;
- counters  pk `C#{c}#ESTATS#{day}` sk `{direction}#{method}#{kind}` (ADD 1 in the same transaction as the entry).

An entry tied to a pass transition is written in the pass's transaction (`repository.DynamoPassRepository.admit`,
through `write_entry`); every other passage through `DynamoEntryLog.record`.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from pynamodb.attributes import (
    BooleanAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib.kernel.clock import iso
from chalicelib.kernel.dynamo import transaction_connection
from chalicelib.kernel.pagination import decode_cursor, encode_cursor
from chalicelib.kernel.tables import VisitorTable
from chalicelib.visitors.model import EntryRecord

RETENTION = timedelta(days=400)  # >= 180 days (001 6.2.1.4 c), >= 365 for vehicle events (003)


class EntryItem(VisitorTable):
    entry_id = UnicodeAttribute()
    community_id = UnicodeAttribute()
    gate_id = UnicodeAttribute()
    direction = UnicodeAttribute()
    method = UnicodeAttribute()
    subject_kind = UnicodeAttribute()
    subject_id = UnicodeAttribute()
    house_id = UnicodeAttribute(null=True)
    at = UTCDateTimeAttribute()
    offline = BooleanAttribute(default=False)
    flag = UnicodeAttribute(null=True)
    car_plate = UnicodeAttribute(null=True)
    free_parking_until = UTCDateTimeAttribute(null=True)
    recorded_at = UTCDateTimeAttribute()
    data_source = UnicodeAttribute(default="gate")
    expires_at = TTLAttribute(null=True)


class CounterItem(VisitorTable):
    hits = NumberAttribute(default=0)


def entry_pk(community_id: str, entry_id: str) -> str:
    return f"C#{community_id}#ENTRY#{entry_id}"


def day_of(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d")


def cancellation_codes(exc: TransactWriteError) -> list[str | None]:
    return [getattr(r, "code", None) if r else None for r in (exc.cancellation_reasons or [])]


def to_entry_item(e: EntryRecord) -> EntryItem:
    sk = f"{iso(e.at)}#{e.entry_id}"
    c = e.community_id
    return EntryItem(
        entry_pk(c, e.entry_id),
        "ENTRY",
        gsi1pk=f"C#{c}#GATE#{e.gate_id}#ENTRIES",
        gsi1sk=sk,
        gsi2pk=f"C#{c}#WHO#{e.subject_id}#ENTRIES",
        gsi2sk=sk,
        gsi3pk=f"C#{c}#ENTRIES#{day_of(e.at)}",
        gsi3sk=sk,
        gsi4pk=f"C#{c}#HOUSE#{e.house_id}#ENTRIES" if e.house_id else None,
        gsi4sk=sk if e.house_id else None,
        entry_id=e.entry_id,
        community_id=c,
        gate_id=e.gate_id,
        direction=e.direction,
        method=e.method,
        subject_kind=e.subject_kind,
        subject_id=e.subject_id,
        house_id=e.house_id,
        at=e.at,
        offline=e.offline,
        flag=e.flag,
        car_plate=e.car_plate,
        free_parking_until=e.free_parking_until,
        recorded_at=e.recorded_at or e.at,
        expires_at=e.at + RETENTION,
    )


def from_entry_item(r: EntryItem) -> EntryRecord:
    return EntryRecord(
        entry_id=r.entry_id,
        community_id=r.community_id,
        gate_id=r.gate_id,
        direction=r.direction,
        method=r.method,
        subject_kind=r.subject_kind,
        subject_id=r.subject_id,
        house_id=r.house_id,
        at=r.at,
        offline=bool(r.offline),
        flag=r.flag,
        car_plate=r.car_plate,
        free_parking_until=r.free_parking_until,
        recorded_at=r.recorded_at,
    )


def _counters(e: EntryRecord) -> list[CounterItem]:
    pk = f"C#{e.community_id}#ESTATS#{day_of(e.at)}"
    items = [CounterItem(pk, f"{e.direction}#{e.method}#{e.subject_kind}")]
    if e.flag:
        items.append(CounterItem(pk, f"flag#{e.flag}"))
    return items


def write_entry(tx: TransactWrite, entry: EntryRecord) -> None:
    tx.save(to_entry_item(entry), condition=EntryItem.pk.does_not_exist())
    for counter in _counters(entry):
        tx.update(counter, actions=[CounterItem.hits.add(1)])


class DynamoEntryLog:
    def record(self, entry: EntryRecord) -> bool:
        try:
            with TransactWrite(connection=transaction_connection(EntryItem)) as tx:
                write_entry(tx, entry)
        except TransactWriteError as exc:
            if cancellation_codes(exc)[:1] == ["ConditionalCheckFailed"]:
                return False
            raise
        return True

    def search(
        self,
        community_id: str,
        *,
        gate_id: str | None = None,
        house_id: str | None = None,
        subject_id: str | None = None,
        day: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> tuple[list[EntryRecord], str | None]:
        """Newest first, by exactly one of gate, house, person/pass or day; optionally within [since, until)."""
        c = community_id
        index: Any
        if gate_id:
            index, key = EntryItem.gsi1, f"C#{c}#GATE#{gate_id}#ENTRIES"
            sk_attr: Any = EntryItem.gsi1sk
        elif subject_id:
            index, key, sk_attr = EntryItem.gsi2, f"C#{c}#WHO#{subject_id}#ENTRIES", EntryItem.gsi2sk
        elif house_id:
            index, key, sk_attr = EntryItem.gsi4, f"C#{c}#HOUSE#{house_id}#ENTRIES", EntryItem.gsi4sk
        else:
            index, key, sk_attr = EntryItem.gsi3, f"C#{c}#ENTRIES#{day}", EntryItem.gsi3sk
        low = iso(since) if since else "0"
        high = iso(until) if until else "~"
        query = index.query(
            key,
            sk_attr.between(low, high),
            scan_index_forward=False,
            limit=limit,
            last_evaluated_key=decode_cursor(cursor),
        )
        items = [from_entry_item(r) for r in query]
        return items, encode_cursor(query.last_evaluated_key)

    def statistics(self, community_id: str, first_day: datetime, days: int) -> list[dict[str, Any]]:
        out = []
        for i in range(days):
            day = day_of(first_day + timedelta(days=i))
            counts = {r.sk: int(r.hits) for r in CounterItem.query(f"C#{community_id}#ESTATS#{day}")}
            out.append({"day": day, "counts": counts})
        return out


PASSAGE_FIELDS = ("subject_id", "subject_kind", "gate_id", "direction", "at", "house_id", "car_plate")


def passages_of_day(community_id: str, day: str, since: datetime, until: datetime) -> list[dict[str, str]]:
    """The passages of one UTC day within [since, until] as plain strings (only `PASSAGE_FIELDS`), each item read
    once: one Query on the community-day index, paged by DynamoDB's 1 MB pages (no item limit), projected to the
    fields a bulk reader needs, answered by the low-level client (no model objects). For the daily warning run,
    which folds every passage of 400 days: 200-item pages of whole model objects made that five times the requests
    and most of the run's CPU."""
    connection = EntryItem._get_connection().connection
    names = {f"#{i}": name for i, name in enumerate(PASSAGE_FIELDS)}
    request: dict[str, Any] = {
        "TableName": EntryItem.Meta.table_name,
        "IndexName": EntryItem.gsi3.Meta.index_name,
        "KeyConditionExpression": "#k = :k AND #s BETWEEN :low AND :high",
        "ProjectionExpression": ", ".join(names),
        "ExpressionAttributeNames": {**names, "#k": "gsi3pk", "#s": "gsi3sk"},
        "ExpressionAttributeValues": {
            ":k": {"S": f"C#{community_id}#ENTRIES#{day}"},
            ":low": {"S": iso(since)},
            ":high": {"S": iso(until)},
        },
    }
    out: list[dict[str, str]] = []
    while True:
        page = connection.client.query(**request)
        out.extend({k: v["S"] for k, v in item.items() if "S" in v} for item in page.get("Items", ()))
        last = page.get("LastEvaluatedKey")
        if not last:
            return out
        request["ExclusiveStartKey"] = last
