"""Ledger rules (001 10.2.1): unified ids, lifecycle transitions, locations, dates; the service on an in-memory
repository with the same optimistic-locking and serial-claim contract as the DynamoDB one."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from chalicelib.devices import model as d
from chalicelib.kernel.errors import Conflict, InvalidInput, NotFound

NOW = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
TODAY = date(2025, 3, 1)


class MemoryLedger:
    def __init__(self) -> None:
        self.items: dict[tuple[str, str], d.Device] = {}

    def _serial_taken(self, device: d.Device) -> bool:
        return any(
            o.serial_number == device.serial_number and o.status != d.RETIRED and o.device_id != device.device_id
            for o in self.items.values()
        )

    def add(self, device: d.Device) -> d.Device:
        if (device.community_id, device.device_id) in self.items:
            raise Conflict("exists", code="DEVICE_EXISTS")
        if device.serial_number and self._serial_taken(device):
            raise Conflict("serial", code="SERIAL_IN_USE")
        stored = replace(device, version=1)
        self.items[(device.community_id, device.device_id)] = stored
        return stored

    def get(self, community_id: str, device_id: str) -> d.Device | None:
        return self.items.get((community_id, device_id))

    def save(self, device: d.Device, previous: d.Device) -> d.Device:
        current = self.items[(device.community_id, device.device_id)]
        if current.version != previous.version:
            raise Conflict("stale", code="STALE_VERSION")
        if device.serial_number and device.status != d.RETIRED and self._serial_taken(device):
            raise Conflict("serial", code="SERIAL_IN_USE")
        stored = replace(device, version=(previous.version or 0) + 1)
        self.items[(device.community_id, device.device_id)] = stored
        return stored

    def page(
        self, community_id: str, flt: d.DeviceFilter, limit: int, cursor: str | None
    ) -> tuple[list[d.Device], str | None]:
        return [x for (c, _), x in self.items.items() if c == community_id][:limit], None

    def by_serial(self, serial_number: str) -> list[d.Device]:
        return [x for x in self.items.values() if x.serial_number == serial_number]


def door(**changes: object) -> d.Device:
    base = d.Device(
        device_id=d.new_device_id("door_controller"),
        community_id="c1",
        device_type="door_controller",
        name="B1 U1 door",
        location=d.Location(building="B1", unit="U1"),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.fixture
def ledger() -> d.DeviceLedger:
    return d.DeviceLedger(
        repo=MemoryLedger(), known_type=lambda t: t in {"door_controller", "smoke_detector"}, today=lambda: TODAY
    )


def test_unified_ids_name_the_type_are_unique_and_are_valid_thing_names() -> None:
    from iot.topics import is_valid_id

    ids = {d.new_device_id("water_quality") for _ in range(200)}
    assert len(ids) == 200
    sample = ids.pop()
    assert sample.startswith("water-quality-") and d.is_device_id(sample) and is_valid_id(sample)
    assert not d.is_device_id("door-controller-XYZ") and not d.is_device_id("../etc")


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (d.REGISTERED, d.ACTIVE),
        (d.ACTIVE, d.MAINTENANCE),
        (d.MAINTENANCE, d.ACTIVE),
        (d.ACTIVE, d.DISABLED),
        (d.DISABLED, d.ACTIVE),
        (d.REGISTERED, d.RETIRED),
        (d.MAINTENANCE, d.RETIRED),
    ],
)
def test_allowed_lifecycle_moves_are_recorded(start: str, to: str) -> None:
    moved = door(status=start).moved_to(to, NOW, "u1", "why")
    assert moved.status == to
    assert moved.lifecycle[-1] == d.LifecycleEntry(status=to, at="2025-03-01T08:00:00.000Z", by="u1", note="why")


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (d.REGISTERED, d.MAINTENANCE),
        (d.REGISTERED, d.DISABLED),
        (d.RETIRED, d.ACTIVE),
        (d.MAINTENANCE, d.DISABLED),
    ],
)
def test_forbidden_lifecycle_moves_are_refused(start: str, to: str) -> None:
    with pytest.raises(Conflict) as err:
        door(status=start).moved_to(to, NOW, "u1")
    assert err.value.code == "INVALID_STATUS_TRANSITION"


def test_unknown_status_is_invalid_input() -> None:
    with pytest.raises(InvalidInput):
        door().moved_to("broken", NOW, "u1")


@pytest.mark.parametrize(
    ("location", "field"),
    [
        (d.Location(unit="U1"), "location.building"),
        (d.Location(building="B1", room="101"), "location.floor"),
        (d.Location(building="B1", floor=500), "location.floor"),
        (d.Location(latitude=30.1), "location.longitude"),
        (d.Location(latitude=95, longitude=100), "location.latitude"),
        (d.Location(), "location"),
        (d.Location(building="B 1"), "location.building"),
    ],
)
def test_bad_locations_name_the_field(location: d.Location, field: str) -> None:
    with pytest.raises(InvalidInput) as err:
        location.validate()
    assert err.value.details[0]["field"] == field


@pytest.mark.parametrize(
    "location",
    [
        d.Location(building="B1"),
        d.Location(building="B1", unit="U2", floor=-1, room="B101"),
        d.Location(latitude=30.65, longitude=104.06),
        d.Location(area="north gate"),
    ],
)
def test_good_locations(location: d.Location) -> None:
    assert location.validate() is location
    assert d.Location.from_dict(location.as_dict()) == location


@pytest.mark.parametrize(
    ("dates", "field"),
    [
        (("2025-04-01", None, None), "installedOn"),
        (("2025-01-10", "2025-01-01", None), "lastMaintainedOn"),
        (("2024-01-10", "2025-01-01", "2024-12-01"), "nextMaintenanceOn"),
        (("2024-01-10", None, "2023-12-01"), "nextMaintenanceOn"),
        (("10/01/2024", None, None), "installedOn"),
    ],
)
def test_date_rules(dates: tuple[str | None, str | None, str | None], field: str) -> None:
    with pytest.raises(InvalidInput) as err:
        d.validate_dates(*dates, today=TODAY)
    assert err.value.details[0]["field"] == field


def test_register_starts_the_lifecycle_and_refuses_unknown_types(ledger: d.DeviceLedger) -> None:
    created = ledger.register(door(serial_number="SN-1"), "u1", NOW)
    assert created.status == d.REGISTERED and created.version == 1 and created.created_by == "u1"
    assert [e.status for e in created.lifecycle] == ["registered"]
    with pytest.raises(InvalidInput) as err:
        ledger.register(door(device_type="toaster"), "u1", NOW)
    assert err.value.details[0]["code"] == "unknown_type"


def test_update_checks_version_moves_status_and_stamps_maintenance(ledger: d.DeviceLedger) -> None:
    created = ledger.register(door(), "u1", NOW)
    active = ledger.update("c1", created.device_id, {"owner": "Property"}, 1, "u2", NOW, status=d.ACTIVE)
    assert (active.status, active.owner, active.version) == (d.ACTIVE, "Property", 2)
    with pytest.raises(Conflict) as err:
        ledger.update("c1", created.device_id, {"owner": "Other"}, 1, "u3", NOW)
    assert err.value.code == "STALE_VERSION"
    maintained = ledger.update("c1", created.device_id, {}, 2, "u2", NOW, status=d.MAINTENANCE, note="lock check")
    assert maintained.last_maintained_on == "2025-03-01"
    assert [e.status for e in maintained.lifecycle] == ["registered", "active", "maintenance"]


def test_retired_is_final_and_retiring_twice_changes_nothing(ledger: d.DeviceLedger) -> None:
    created = ledger.register(door(), "u1", NOW)
    retired = ledger.retire("c1", created.device_id, None, "u1", NOW, note="replaced")
    assert retired.status == d.RETIRED
    assert ledger.retire("c1", created.device_id, None, "u1", NOW) == retired
    with pytest.raises(Conflict) as err:
        ledger.update("c1", created.device_id, {"name": "x"}, None, "u1", NOW)
    assert err.value.code == "DEVICE_RETIRED"
    with pytest.raises(NotFound):
        ledger.get("c1", "door-controller-000000000000")


def test_a_location_s_building_must_be_one_of_this_community_s_registry_buildings() -> None:
    ours, theirs = "b" + "1" * 16, "b" + "2" * 16
    buildings = {("c1", ours), ("c2", theirs)}
    ledger = d.DeviceLedger(
        repo=MemoryLedger(),
        known_type=lambda t: True,
        today=lambda: TODAY,
        building_exists=lambda community, building: (community, building) in buildings,
    )
    created = ledger.register(door(location=d.Location(building=ours, unit="U1")), "t", NOW)
    # Another community's building, an id nobody issued, a free label: the linkage would match none of them.
    for foreign in (theirs, "b" + "3" * 16, "B1"):
        with pytest.raises(InvalidInput) as refused:
            ledger.register(door(location=d.Location(building=foreign, unit="U1")), "t", NOW)
        assert refused.value.details[0]["field"] == "location.building"
        with pytest.raises(InvalidInput):
            ledger.update("c1", created.device_id, {"location": d.Location(building=foreign)}, None, "t", NOW)
        with pytest.raises(NotFound):
            ledger.require_building("c1", foreign)
    ledger.require_building("c1", ours)
