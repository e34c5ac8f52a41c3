"""Alarm records in the alarms table: the only code that knows their keys and indexes.

Layout (`c` = community):
- alarm: `C#c#ALARM#{id}` / `ALARM`; gsi1 `C#c#ALARMS` / `{created}#{id}` (community, time range);
  gsi2 `C#c#B#{building}#ALARMS` / `{created}#{id}` (a building's); gsi3 `C#c#H#{house}#ALARMS` / `{created}#{id}`
  (a home's, what residents read). Status, severity and type filter a time-bounded key condition: no Scan.
- active slot: `C#c#ORIG#{originator}` / `ACTIVE#{type}` -> alarm id. Claimed (attribute_not_exists) in the same
  transaction that creates the alarm, deleted in the one that clears it: one active alarm per originator and type.
- threshold breach: `C#c#ORIG#{originator}` / `BREACH#{rule}` -> since. Same partition as the slots, so one Query
  gives the evaluator a device's whole alarm state.
- dedupe marker: `C#c#SEEN#{device}#{msgId}` / `SEEN` -> the alarm id it produced; written in the transaction of the
  change it caused; expires after 30 days (redeliveries come within minutes).
- rule override: `C#c#RULES` / `{device type}`; duty shift: `C#c#ROSTER` / `{shift id}`.
- Retention: `expires_at` = created + 190 days (alarms) or + 400 days (SOS, emergency help), computed by the domain.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from pynamodb.attributes import (
    BooleanAttribute,
    JSONAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.exceptions import PutError, TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib.alarms.announcing import AnnouncesWrites
from chalicelib.alarms.batch_memo import seed_batch, taken_from_batch
from chalicelib.alarms.duty import Shift
from chalicelib.alarms.model import (
    ACTIVE,
    CLEARED,
    Alarm,
    AlarmQuery,
    DedupeKey,
    DeviceAlarmState,
    TimelineEntry,
)
from chalicelib.kernel.clock import iso, utcnow
from chalicelib.kernel.dynamo import condition_failed, transaction_connection, write_refused
from chalicelib.kernel.pagination import decode_cursor, encode_cursor
from chalicelib.kernel.tables import AlarmTable

SEEN_DAYS = 30


class AlarmRecord(AlarmTable):
    alarm_id = UnicodeAttribute()
    community_id = UnicodeAttribute()
    alarm_type = UnicodeAttribute()
    severity = UnicodeAttribute()
    originator_kind = UnicodeAttribute()
    originator_id = UnicodeAttribute()
    device_type = UnicodeAttribute(null=True)
    building = UnicodeAttribute(null=True)
    house_id = UnicodeAttribute(null=True)
    area = UnicodeAttribute(null=True)
    title = UnicodeAttribute(default="")
    status = UnicodeAttribute()
    acknowledged = BooleanAttribute(default=False)
    repeat_count = NumberAttribute(default=1, attr_name="count")
    created_at = UTCDateTimeAttribute()
    last_seen_at = UTCDateTimeAttribute()
    ack_at = UTCDateTimeAttribute(null=True)
    ack_by = UnicodeAttribute(null=True)
    cleared_at = UTCDateTimeAttribute(null=True)
    cleared_by = UnicodeAttribute(null=True)
    clear_reason = UnicodeAttribute(null=True)
    assignee = UnicodeAttribute(null=True)
    assigned_at = UTCDateTimeAttribute(null=True)
    escalation_level = NumberAttribute(default=0)
    escalation_round = NumberAttribute(default=0)
    exhausted_round = NumberAttribute(null=True)
    closed_at = UTCDateTimeAttribute(null=True)
    ack_token = UnicodeAttribute(null=True)
    clear_token = UnicodeAttribute(null=True)
    execution_arn = UnicodeAttribute(null=True)
    data = JSONAttribute(default=dict)
    timeline = JSONAttribute(default=list)
    version = NumberAttribute()
    expires_at = TTLAttribute(null=True)


class AlarmSlot(AlarmTable):
    alarm_id = UnicodeAttribute(null=True)
    since = UTCDateTimeAttribute(null=True)


class SeenRecord(AlarmTable):
    alarm_id = UnicodeAttribute(default="")
    expires_at = TTLAttribute(null=True)


class RuleOverrideRecord(AlarmTable):
    community_id = UnicodeAttribute()
    device_type = UnicodeAttribute()
    overrides = JSONAttribute(default=list)
    updated_at = UTCDateTimeAttribute()
    updated_by = UnicodeAttribute()


class ShiftRecord(AlarmTable):
    shift_id = UnicodeAttribute()
    community_id = UnicodeAttribute()
    staff_id = UnicodeAttribute()
    staff_name = UnicodeAttribute(default="")
    area = UnicodeAttribute()
    days = JSONAttribute()
    start = UnicodeAttribute()
    end = UnicodeAttribute()
    created_by = UnicodeAttribute(default="")


def alarm_pk(community_id: str, alarm_id: str) -> str:
    return f"C#{community_id}#ALARM#{alarm_id}"


def origin_pk(community_id: str, originator_id: str) -> str:
    return f"C#{community_id}#ORIG#{originator_id}"


def seen_pk(key: DedupeKey) -> str:
    return f"C#{key.community_id}#SEEN#{key.device_id}#{key.msg_id}"


def to_record(a: Alarm) -> AlarmRecord:
    created = f"{iso(a.created_at)}#{a.alarm_id}"
    return AlarmRecord(
        alarm_pk(a.community_id, a.alarm_id),
        "ALARM",
        gsi1pk=f"C#{a.community_id}#ALARMS",
        gsi1sk=created,
        gsi2pk=f"C#{a.community_id}#B#{a.building}#ALARMS" if a.building else None,
        gsi2sk=created if a.building else None,
        gsi3pk=f"C#{a.community_id}#H#{a.house_id}#ALARMS" if a.house_id else None,
        gsi3sk=created if a.house_id else None,
        alarm_id=a.alarm_id,
        community_id=a.community_id,
        alarm_type=a.alarm_type,
        severity=a.severity,
        originator_kind=a.originator_kind,
        originator_id=a.originator_id,
        device_type=a.device_type,
        building=a.building,
        house_id=a.house_id,
        area=a.area,
        title=a.title,
        status=a.status,
        acknowledged=a.acknowledged,
        repeat_count=a.count,
        created_at=a.created_at,
        last_seen_at=a.last_seen_at,
        ack_at=a.ack_at,
        ack_by=a.ack_by,
        cleared_at=a.cleared_at,
        cleared_by=a.cleared_by,
        clear_reason=a.clear_reason,
        assignee=a.assignee,
        assigned_at=a.assigned_at,
        escalation_level=a.escalation_level,
        escalation_round=a.escalation_round,
        exhausted_round=a.exhausted_round,
        closed_at=a.closed_at,
        ack_token=a.ack_token,
        clear_token=a.clear_token,
        execution_arn=a.execution_arn,
        data=a.data,
        timeline=[e.as_dict() for e in a.timeline],
        version=a.version,
        expires_at=a.expires_at,
    )


def from_record(r: AlarmRecord) -> Alarm:
    return Alarm(
        alarm_id=r.alarm_id,
        community_id=r.community_id,
        alarm_type=r.alarm_type,
        severity=r.severity,
        originator_kind=r.originator_kind,
        originator_id=r.originator_id,
        created_at=r.created_at,
        last_seen_at=r.last_seen_at,
        device_type=r.device_type,
        building=r.building,
        house_id=r.house_id,
        area=r.area,
        title=r.title or "",
        status=r.status,
        acknowledged=bool(r.acknowledged),
        count=int(r.repeat_count or 1),
        ack_at=r.ack_at,
        ack_by=r.ack_by,
        cleared_at=r.cleared_at,
        cleared_by=r.cleared_by,
        clear_reason=r.clear_reason,
        assignee=r.assignee,
        assigned_at=r.assigned_at,
        escalation_level=int(r.escalation_level or 0),
        escalation_round=int(r.escalation_round or 0),
        exhausted_round=None if r.exhausted_round is None else int(r.exhausted_round),
        closed_at=r.closed_at,
        ack_token=r.ack_token,
        clear_token=r.clear_token,
        execution_arn=r.execution_arn,
        data=r.data or {},
        timeline=tuple(TimelineEntry(e["at"], e["by"], e["action"], e.get("detail") or {}) for e in (r.timeline or [])),
        version=int(r.version),
    )


def _seen_record(key: DedupeKey, alarm_id: str) -> SeenRecord:
    return SeenRecord(seen_pk(key), "SEEN", alarm_id=alarm_id, expires_at=utcnow() + timedelta(days=SEEN_DAYS))


def _failed_index(exc: TransactWriteError) -> int | None:
    for index, reason in enumerate(exc.cancellation_reasons or []):
        if reason is not None and reason.code == "ConditionalCheckFailed":
            return index
    return None


def _conflicted(exc: TransactWriteError) -> bool:
    """Cancelled because another transaction was writing the same items at that moment (a race, not a fault)."""
    return any(r is not None and r.code == "TransactionConflict" for r in exc.cancellation_reasons or [])


class DynamoAlarmRepository:
    def get(self, community_id: str, alarm_id: str) -> Alarm | None:
        try:
            return from_record(AlarmRecord.get(alarm_pk(community_id, alarm_id), "ALARM", consistent_read=True))
        except AlarmRecord.DoesNotExist:
            return None

    def device_state(self, community_id: str, originator_id: str) -> DeviceAlarmState:
        active: dict[str, str] = {}
        breaches: dict[str, datetime] = {}
        for item in AlarmSlot.query(origin_pk(community_id, originator_id), consistent_read=True):
            if item.sk.startswith("ACTIVE#") and item.alarm_id:
                active[item.sk[len("ACTIVE#") :]] = item.alarm_id
            elif item.sk.startswith("BREACH#") and item.since:
                breaches[item.sk[len("BREACH#") :]] = item.since
        return DeviceAlarmState(active, breaches)

    def seen(self, key: DedupeKey) -> str | None:
        ahead, value = taken_from_batch(("seen", key))
        if ahead:
            return value  # type: ignore[no-any-return]
        try:
            return str(SeenRecord.get(seen_pk(key), "SEEN", consistent_read=True).alarm_id or "")
        except SeenRecord.DoesNotExist:
            return None

    @staticmethod
    def read_ahead_seen(keys: list[DedupeKey]) -> set[DedupeKey]:
        """The markers of a batch's messages, read in one strongly consistent BatchGetItem for its records to take
        (`seen`), as each one's GetItem would have answered; the keys already seen."""
        wanted = {seen_pk(k): k for k in keys}
        records = SeenRecord.batch_get([(pk, "SEEN") for pk in wanted], consistent_read=True)
        found = {r.pk: str(r.alarm_id or "") for r in records}
        seed_batch({("seen", key): found.get(pk) for pk, key in wanted.items()})
        return {wanted[pk] for pk in found}

    def mark_seen(self, key: DedupeKey, alarm_id: str = "") -> bool:
        try:
            _seen_record(key, alarm_id).save(condition=SeenRecord.pk.does_not_exist())
            return True
        except PutError as exc:
            if condition_failed(exc):
                return False
            raise

    def announce(self, alarm: Alarm) -> None:
        """The plain store tells nobody (AnnouncingAlarmRepository does)."""

    def create(self, alarm: Alarm, dedupe: DedupeKey | None, announce: bool = True) -> str:
        slot = AlarmSlot(origin_pk(alarm.community_id, alarm.originator_id), f"ACTIVE#{alarm.alarm_type}")
        slot.alarm_id = alarm.alarm_id
        slot.since = alarm.created_at
        try:
            with TransactWrite(connection=transaction_connection(AlarmRecord)) as tx:
                tx.save(slot, condition=AlarmSlot.pk.does_not_exist())
                tx.save(to_record(alarm), condition=AlarmRecord.pk.does_not_exist())
                if dedupe is not None:
                    tx.save(_seen_record(dedupe, alarm.alarm_id), condition=SeenRecord.pk.does_not_exist())
        except TransactWriteError as exc:
            index = _failed_index(exc)
            if index == 2:
                return "duplicate"
            if index is not None or _conflicted(exc):  # another raise of the same slot won, or is in flight
                return "taken"
            raise
        return "ok"

    def update(
        self,
        alarm: Alarm,
        expected_version: int,
        dedupe: DedupeKey | None = None,
        release: bool = False,
        announce: bool = True,  # the plain store tells nobody either way (AnnouncingAlarmRepository does)
    ) -> str:
        record = to_record(alarm)
        if dedupe is None and not release:
            try:
                record.save(condition=AlarmRecord.version == expected_version)
                return "ok"
            except PutError as exc:
                if condition_failed(exc):
                    return "conflict"
                raise
        try:
            with TransactWrite(connection=transaction_connection(AlarmRecord)) as tx:
                tx.save(record, condition=AlarmRecord.version == expected_version)
                if release:
                    slot = AlarmSlot(origin_pk(alarm.community_id, alarm.originator_id), f"ACTIVE#{alarm.alarm_type}")
                    tx.delete(slot, condition=(AlarmSlot.alarm_id == alarm.alarm_id) | AlarmSlot.pk.does_not_exist())
                if dedupe is not None:
                    tx.save(_seen_record(dedupe, alarm.alarm_id), condition=SeenRecord.pk.does_not_exist())
        except TransactWriteError as exc:
            index = _failed_index(exc)
            if index is not None and dedupe is not None and index == (2 if release else 1):
                return "duplicate"
            if index is not None or write_refused(exc):
                return "conflict"
            raise
        return "ok"

    def set_breaches(
        self, community_id: str, originator_id: str, started: dict[str, datetime], ended: set[str]
    ) -> None:
        pk = origin_pk(community_id, originator_id)
        with AlarmSlot.batch_write() as batch:
            for rule_id, since in started.items():
                batch.save(AlarmSlot(pk, f"BREACH#{rule_id}", since=since))
            for rule_id in ended:
                batch.delete(AlarmSlot(pk, f"BREACH#{rule_id}"))

    def find(self, community_id: str, query: AlarmQuery) -> tuple[list[Alarm], str | None]:
        index: Any
        if query.house_id:
            index, hash_key = AlarmRecord.gsi3, f"C#{community_id}#H#{query.house_id}#ALARMS"
        elif query.building:
            index, hash_key = AlarmRecord.gsi2, f"C#{community_id}#B#{query.building}#ALARMS"
        else:
            index, hash_key = AlarmRecord.gsi1, f"C#{community_id}#ALARMS"
        range_field = {
            AlarmRecord.gsi1: AlarmRecord.gsi1sk,
            AlarmRecord.gsi2: AlarmRecord.gsi2sk,
            AlarmRecord.gsi3: AlarmRecord.gsi3sk,
        }[index]
        low = iso(query.since) if query.since else "0"
        high = (iso(query.until) if query.until else "9") + "#~"
        condition = range_field.between(low, high)
        filters = _filters(query)
        results = index.query(
            hash_key,
            condition,
            filter_condition=filters,
            scan_index_forward=False,
            limit=query.limit,
            last_evaluated_key=decode_cursor(query.cursor),
        )
        items = [from_record(r) for r in results]
        return items, encode_cursor(results.last_evaluated_key)

    def all_between(self, community_id: str, since: datetime, until: datetime, cap: int = 10_000) -> list[Alarm]:
        """Every alarm of the community created in [since, until] (statistics), newest first, at most `cap`."""
        condition = AlarmRecord.gsi1sk.between(iso(since), iso(until) + "#~")
        found: list[Alarm] = []
        for r in AlarmRecord.gsi1.query(f"C#{community_id}#ALARMS", condition, scan_index_forward=False):
            found.append(from_record(r))
            if len(found) >= cap:
                break
        return found


class AnnouncingAlarmRepository(AnnouncesWrites, DynamoAlarmRepository):
    """The store, telling `announce` of every alarm it wrote (a new alarm, and each change of one): the duty
    room's live board follows every path that changes an alarm (consumer, staff, workflow) from this one place."""

    def __init__(self, announce: Callable[[Alarm], None]) -> None:
        self._announce = announce

    def announce(self, alarm: Alarm) -> None:
        self._announce(alarm)


def _filters(query: AlarmQuery) -> Any:
    conditions: list[Any] = []
    if query.status == "active":
        conditions.append(AlarmRecord.status == ACTIVE)
    elif query.status == "cleared":
        conditions.append(AlarmRecord.status == CLEARED)
    elif query.status == "latched":
        conditions.append((AlarmRecord.status == CLEARED) & (AlarmRecord.acknowledged == False))  # noqa: E712
    elif query.status == "unacknowledged":
        conditions.append(AlarmRecord.acknowledged == False)  # noqa: E712
    elif query.status == "unanswered":  # an escalation ran out and nobody has acknowledged since
        conditions.append(AlarmRecord.exhausted_round.exists() & (AlarmRecord.acknowledged == False))  # noqa: E712
    if query.severity:
        conditions.append(AlarmRecord.severity == query.severity)
    if query.alarm_type:
        conditions.append(AlarmRecord.alarm_type == query.alarm_type)
    combined = None
    for c in conditions:
        combined = c if combined is None else combined & c
    return combined


# --------------------------------------------------------------------------- rule overrides and the roster


class DynamoRuleOverrides:
    def get(self, community_id: str, device_type: str) -> list[dict[str, Any]]:
        try:
            return list(RuleOverrideRecord.get(f"C#{community_id}#RULES", device_type).overrides or [])
        except RuleOverrideRecord.DoesNotExist:
            return []

    def put(self, community_id: str, device_type: str, overrides: list[dict[str, Any]], by: str) -> None:
        RuleOverrideRecord(
            f"C#{community_id}#RULES",
            device_type,
            community_id=community_id,
            device_type=device_type,
            overrides=overrides,
            updated_at=utcnow(),
            updated_by=by,
        ).save()


class DynamoRoster:
    def add(self, shift: Shift) -> None:
        ShiftRecord(
            f"C#{shift.community_id}#ROSTER",
            shift.shift_id,
            shift_id=shift.shift_id,
            community_id=shift.community_id,
            staff_id=shift.staff_id,
            staff_name=shift.staff_name,
            area=shift.area,
            days=list(shift.days),
            start=shift.start,
            end=shift.end,
            created_by=shift.created_by,
        ).save(condition=ShiftRecord.pk.does_not_exist())

    def remove(self, community_id: str, shift_id: str) -> bool:
        from pynamodb.exceptions import DeleteError

        try:
            ShiftRecord(f"C#{community_id}#ROSTER", shift_id).delete(condition=ShiftRecord.pk.exists())
            return True
        except DeleteError as exc:
            if condition_failed(exc):
                return False
            raise

    def of_community(self, community_id: str) -> list[Shift]:
        return [
            Shift(
                r.shift_id,
                r.community_id,
                r.staff_id,
                r.area,
                tuple(int(d) for d in r.days),
                r.start,
                r.end,
                r.staff_name or "",
                r.created_by or "",
            )
            for r in ShiftRecord.query(f"C#{community_id}#ROSTER")
        ]
