"""What the warning run reads: passages from the entry log (visitors), the registry snapshot (residents with
their key category, vehicles, vacant houses) and the meters' daily use (devices), through their package faces."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from chalicelib import devices, registry, visitors
from chalicelib.governance.model import Passage, Snapshot


def subject_names(community_id: str, subjects: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """What people call each warning's subject (`(subject type, subject id)` -> name): a person by name, a house
    by its address (`3栋2单元1201`), a house's meter as the house and the utility (`3栋2单元1201 用水`), a car by
    its plate, a credential as such with its number, the community by its name. One batch read per kind; a
    subject the registry no longer holds keeps its id."""
    from chalicelib.kernel.i18n import label

    def house_of(subject_type: str, subject_id: str) -> str:
        return subject_id.split(":", 1)[0] if subject_type == "house" else ""

    people = registry.person_names(community_id, [i for t, i in subjects if t == "person"])
    houses = registry.place_labels(community_id, house_ids=[house_of(t, i) for t, i in subjects])
    names: dict[tuple[str, str], str] = {}
    for subject_type, subject_id in subjects:
        if subject_type == "person":
            name = people.get(subject_id, subject_id)
        elif subject_type == "house":
            house, _, utility = subject_id.partition(":")
            name = houses.get(house, house)
            if utility:
                name = f"{name} {label('meter.utility', utility)}"
        elif subject_type == "credential":
            name = f"{label('warning.subject', 'credential')} {subject_id}"
        elif subject_type == "community":
            name = registry.community_name(subject_id) or subject_id
        else:  # a vehicle's subject is its plate
            name = subject_id
        names[(subject_type, subject_id)] = name
    return names


class CommunitySources:
    def passages(self, community_id: str, since: datetime, until: datetime) -> Iterator[Passage]:
        """Each entry record read once (projected, low-level, several days at a time: `visitors.passages_between`);
        a car's passage is the vehicle's and its driver's."""
        known = ("resident", "visitor", "staff")
        for e in visitors.passages_between(community_id, since, until):
            at = datetime.fromisoformat(e["at"])
            house = e.get("house_id")
            if e.get("car_plate"):
                yield Passage(e["car_plate"], "vehicle", e["gate_id"], e["direction"], at, house)
            kind = e["subject_kind"] if e.get("subject_kind") in known else "unregistered"
            yield Passage(e["subject_id"], kind, e["gate_id"], e["direction"], at, house)

    def snapshot(self, community_id: str) -> Snapshot:
        repo = registry.registry_service().repo
        residents: dict[str, str] = {}
        vehicles: set[str] = set()
        cursor: str | None = None
        while True:
            people, cursor = repo.people_by_name(community_id, None, 500, cursor)
            residents.update(
                {r.id: str((r.attrs or {}).get("keyCategory") or "") for r in people if r.kind == "person"}
            )
            if not cursor:
                break
        while True:
            cars, cursor = repo.vehicles(community_id, None, None, 500, cursor)
            vehicles.update(str((r.attrs or {}).get("plate") or "") for r in cars if r.kind == "vehicle")
            if not cursor:
                break
        vacant = {h.id for h in registry.houses_of(community_id) if (h.attrs or {}).get("occupancy") == "vacant"}
        return Snapshot(residents=residents, vehicles=vehicles - {""}, vacant_houses=vacant)

    def meter_days(self, community_id: str, first_day: date, last_day: date) -> dict[tuple[str, str], list[float]]:
        """Each house's daily use per utility from its meters' telemetry (several meters of one utility in a house
        add up); a meter names its house as the ledger's user. Days of unknown use are left out of the history;
        a house whose last day is unknown is left out."""
        houses = {h.id for h in registry.houses_of(community_id)}
        sums: dict[tuple[str, str], list[float | None]] = {}
        for use in devices.meter_daily_use(community_id, first_day, last_day):
            if not use.house_id or use.house_id not in houses:
                continue
            key = (use.house_id, use.utility)
            before = sums.get(key)
            sums[key] = (
                list(use.days)
                if before is None
                else [None if a is None or b is None else a + b for a, b in zip(before, use.days, strict=True)]
            )
        return {key: [d for d in days if d is not None] for key, days in sums.items() if days and days[-1] is not None}


class AlarmCentre:
    """A watch-list match becomes a critical alarm (`watchlist_match`) to the control centre, keyed by the passage
    and the entry so a redelivered passage raises nothing twice. No ID number goes into the note."""

    def raise_match(self, community_id: str, entry: Any, passage: Any) -> str:
        from chalicelib import alarms
        from chalicelib.kernel.i18n import label

        note = f"{label('watchlist.kind', entry.kind)}：{entry.label}；闸机 {passage.gate_id}；{entry.reason}"
        request_id = f"watch-{passage.entry_id}-{entry.kind}-{entry.key[:24]}"
        return str(
            alarms.report_alarm(community_id, "watchlist", "watchlist_match", "critical", note[:500], request_id)
        )


class WatchMatchLog:
    def __init__(self, store: Any):
        self.store = store

    def first_match(self, community_id: str, entry_id: str, entry: Any, now: datetime) -> bool:
        return bool(self.store.first_match(community_id, entry_id, entry, now))

    def audit_match(self, entry: Any, passage: Any, alarm_id: str) -> None:
        from chalicelib import audit

        audit.record(
            actor=None,
            operator="watchlist",
            operation="watchlist_match",
            target_type="watch_entry",
            target_id=f"{entry.kind}:{entry.key[:64]}",
            community_id=passage.community_id,
            detail={"entryId": passage.entry_id, "gateId": passage.gate_id, "alarmId": alarm_id, "label": entry.label},
        )


def id_index(value: str) -> str:
    from chalicelib.kernel.errors import InvalidInput
    from chalicelib.kernel.security import pii

    if not pii.valid_id_card(value):
        raise InvalidInput(
            "not a valid ID number",
            code="VALIDATION_FAILED",
            details=[{"field": "value", "code": "invalid_id_number", "message": "18 characters with its check"}],
        )
    return pii.blind_index("id_card", value)


def passage_from_stream(record: dict[str, Any]) -> Any:
    """The watch-list keys of a visitors-table stream record that is a new passage (an entry item), else None."""
    from boto3.dynamodb.types import TypeDeserializer

    from chalicelib.governance.watchlist import PassageKeys
    from chalicelib.kernel.clock import parse_iso

    if record.get("eventName") != "INSERT":
        return None
    raw = (record.get("dynamodb") or {}).get("NewImage") or {}
    deserializer = TypeDeserializer()
    image = {k: deserializer.deserialize(v) for k, v in raw.items()}
    if not image.get("entry_id") or not image.get("gate_id") or not image.get("community_id"):
        return None
    community_id = str(image["community_id"])
    subject_id = str(image.get("subject_id") or "")
    id_idx = None
    if image.get("subject_kind") == "resident" and subject_id:
        person = registry.find_record(community_id, "person", subject_id)
        id_idx = str((person.sealed or {}).get("idIndex") or "") or None if person is not None else None
    at_text = str(image.get("at") or "")
    return PassageKeys(
        entry_id=str(image["entry_id"]),
        community_id=community_id,
        gate_id=str(image["gate_id"]),
        direction=str(image.get("direction") or ""),
        at=parse_iso(at_text.replace("+0000", "Z")) if at_text else datetime.now().astimezone(),
        subject_id=subject_id,
        subject_kind=str(image.get("subject_kind") or ""),
        plate=str(image["car_plate"]) if image.get("car_plate") else None,
        id_index=id_idx,
    )
