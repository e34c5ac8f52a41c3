"""The device ledger (001 10.2.1 asset management, 7.1.1.9 component facilities): rules, no storage.

Every device has one unified id that is also its IoT thing name and MQTT identity, a type from the catalogue, a
location (building/unit/floor/room inside the community, or coordinates, or a named area such as "north gate"),
who owns it, who uses it and who maintains it (10.2.1 b), a lifecycle status with its full history (10.2.1 c, d),
and install / maintenance dates.

Lifecycle: registered -> active <-> maintenance, active <-> disabled, and any state -> retired (final).
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, Protocol

from chalicelib.kernel.clock import iso
from chalicelib.kernel.errors import Conflict, InvalidInput, NotFound

REGISTERED, ACTIVE, MAINTENANCE, DISABLED, RETIRED = "registered", "active", "maintenance", "disabled", "retired"
STATUSES = (REGISTERED, ACTIVE, MAINTENANCE, DISABLED, RETIRED)
TRANSITIONS: dict[str, frozenset[str]] = {
    REGISTERED: frozenset({ACTIVE, RETIRED}),
    ACTIVE: frozenset({MAINTENANCE, DISABLED, RETIRED}),
    MAINTENANCE: frozenset({ACTIVE, RETIRED}),
    DISABLED: frozenset({ACTIVE, RETIRED}),
    RETIRED: frozenset(),
}
# Statuses in which a device may hold credentials and be provisioned (a device under maintenance still connects).
PROVISIONABLE = frozenset({REGISTERED, ACTIVE, MAINTENANCE})
COMMANDABLE = frozenset({ACTIVE, MAINTENANCE})

DATA_SOURCES = ("manual", "import", "device", "department_exchange", "fleet_provisioning")

DEVICE_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,40}-[0-9a-f]{12}$")
SERIAL_PATTERN = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
LOCATION_PART = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
MIN_FLOOR, MAX_FLOOR = -10, 200


def new_device_id(device_type: str) -> str:
    """The unified asset id (001 10.2.1 a): the type, readable, plus 48 random bits.

    It is also the IoT thing name, which AWS requires to be unique per account and region, so it never embeds
    anything that could repeat across communities.
    """
    return f"{device_type.replace('_', '-')}-{secrets.token_hex(6)}"


def is_device_id(value: str) -> bool:
    return bool(DEVICE_ID_PATTERN.fullmatch(value))


def _bad(field_name: str, code: str, message: str) -> InvalidInput:
    return InvalidInput(
        message, code="VALIDATION_FAILED", details=[{"field": field_name, "code": code, "message": message}]
    )


@dataclass(frozen=True)
class Location:
    """Where a device is. `building` (with unit/floor/room) for devices in buildings, coordinates for outdoor ones,
    `area` for a named place at community level; at least one of them."""

    building: str | None = None
    unit: str | None = None
    floor: int | None = None
    room: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    area: str | None = None

    def validate(self) -> Location:
        for name in ("building", "unit", "room"):
            value = getattr(self, name)
            if value is not None and not LOCATION_PART.fullmatch(value):
                raise _bad(f"location.{name}", "pattern", f"{name} must match {LOCATION_PART.pattern}")
        if self.building is None and any(v is not None for v in (self.unit, self.floor, self.room)):
            raise _bad("location.building", "required", "unit, floor and room need a building")
        if self.room is not None and self.floor is None:
            raise _bad("location.floor", "required", "a room needs a floor")
        if self.floor is not None and not MIN_FLOOR <= self.floor <= MAX_FLOOR:
            raise _bad("location.floor", "range", f"floor must be between {MIN_FLOOR} and {MAX_FLOOR}")
        if (self.latitude is None) != (self.longitude is None):
            raise _bad(
                "location.longitude" if self.latitude is not None else "location.latitude",
                "required",
                "latitude and longitude go together",
            )
        if self.latitude is not None and not -90 <= self.latitude <= 90:
            raise _bad("location.latitude", "range", "latitude must be between -90 and 90")
        if self.longitude is not None and not -180 <= self.longitude <= 180:
            raise _bad("location.longitude", "range", "longitude must be between -180 and 180")
        if self.area is not None and not 1 <= len(self.area) <= 128:
            raise _bad("location.area", "length", "area is 1 to 128 characters")
        if self.building is None and self.latitude is None and not self.area:
            raise _bad("location", "required", "give a building, coordinates or an area")
        return self

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}

    @staticmethod
    def from_dict(data: dict[str, Any] | None) -> Location:
        return Location(**{k: v for k, v in (data or {}).items() if k in Location.__dataclass_fields__})


@dataclass(frozen=True)
class LifecycleEntry:
    status: str
    at: str  # ISO time
    by: str
    note: str = ""


@dataclass(frozen=True)
class Device:
    device_id: str
    community_id: str
    device_type: str
    name: str
    location: Location
    status: str = REGISTERED
    serial_number: str | None = None
    owner: str | None = None  # ownership right (产权)
    user: str | None = None  # usage right (使用权)
    maintainer: str | None = None  # maintenance right (维护权)
    manufacturer: str | None = None
    model: str | None = None
    firmware: str | None = None
    installed_on: str | None = None  # ISO dates
    last_maintained_on: str | None = None
    next_maintenance_on: str | None = None
    certificate_id: str | None = None
    tags: tuple[str, ...] = ()
    lifecycle: tuple[LifecycleEntry, ...] = ()
    ingested_at: datetime | None = None
    updated_at: datetime | None = None
    data_source: str = "manual"
    created_by: str | None = None
    version: int | None = None

    @property
    def thing_name(self) -> str:
        return self.device_id

    @property
    def building(self) -> str | None:
        return self.location.building

    def moved_to(self, status: str, now: datetime, by: str, note: str = "") -> Device:
        """A lifecycle transition; refuses moves the lifecycle does not allow."""
        if status not in STATUSES:
            raise _bad("status", "enum", f"status must be one of {', '.join(STATUSES)}")
        if status == self.status:
            return self
        if status not in TRANSITIONS[self.status]:
            raise Conflict(
                f"a {self.status} device cannot become {status}",
                code="INVALID_STATUS_TRANSITION",
                details=[
                    {"field": "status", "code": "transition", "message": f"{self.status} -> {status} is not allowed"}
                ],
            )
        entry = LifecycleEntry(status=status, at=iso(now), by=by, note=note)
        return replace(self, status=status, updated_at=now, lifecycle=(*self.lifecycle, entry))


def parse_day(value: str | None, field_name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise _bad(field_name, "format", "dates are YYYY-MM-DD") from exc


def validate_dates(
    installed_on: str | None, last_maintained_on: str | None, next_maintenance_on: str | None, today: date
) -> None:
    """Install date is a fact (not in the future); maintenance comes after installation; the next one after the last."""
    installed = parse_day(installed_on, "installedOn")
    last = parse_day(last_maintained_on, "lastMaintainedOn")
    upcoming = parse_day(next_maintenance_on, "nextMaintenanceOn")
    if installed is not None and installed > today:
        raise _bad("installedOn", "future", "installedOn cannot be in the future")
    if last is not None and last > today:
        raise _bad("lastMaintainedOn", "future", "lastMaintainedOn cannot be in the future")
    if installed is not None and last is not None and last < installed:
        raise _bad("lastMaintainedOn", "order", "lastMaintainedOn is before installedOn")
    after = last or installed
    if upcoming is not None and after is not None and upcoming < after:
        raise _bad("nextMaintenanceOn", "order", "nextMaintenanceOn is before the last maintenance or installation")


def validate_serial(serial: str | None) -> None:
    if serial is not None and not SERIAL_PATTERN.fullmatch(serial):
        raise _bad("serialNumber", "pattern", f"serialNumber must match {SERIAL_PATTERN.pattern}")


def validate_device(device: Device, today: date, known_type: bool) -> Device:
    if not known_type:
        raise _bad("deviceType", "unknown_type", f"unknown device type {device.device_type}")
    if not is_device_id(device.device_id):
        raise _bad("deviceId", "pattern", "not a unified device id")
    if not 1 <= len(device.name) <= 128:
        raise _bad("name", "length", "name is 1 to 128 characters")
    if device.data_source not in DATA_SOURCES:
        raise _bad("dataSource", "enum", f"dataSource must be one of {', '.join(DATA_SOURCES)}")
    validate_serial(device.serial_number)
    device.location.validate()
    validate_dates(device.installed_on, device.last_maintained_on, device.next_maintenance_on, today)
    return device


# -- the ledger service ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeviceFilter:
    device_type: str | None = None
    status: str | None = None
    building: str | None = None


class DeviceRepository(Protocol):
    def add(self, device: Device) -> Device:
        """Insert; raises Conflict when the id exists or the serial number is held by another live device."""
        ...

    def get(self, community_id: str, device_id: str) -> Device | None: ...

    def save(self, device: Device, previous: Device) -> Device:
        """Replace `previous` (same version) with `device`; raises Conflict(STALE_VERSION) on a lost race."""
        ...

    def page(
        self, community_id: str, flt: DeviceFilter, limit: int, cursor: str | None
    ) -> tuple[list[Device], str | None]: ...

    def by_serial(self, serial_number: str) -> list[Device]: ...

    def all_matching(self, community_id: str, flt: DeviceFilter, cap: int = 500) -> list[Device]:
        """Every device matching `flt` (fan-out commands), at most `cap`."""
        ...


UPDATABLE = (
    "name",
    "location",
    "serial_number",
    "owner",
    "user",
    "maintainer",
    "manufacturer",
    "model",
    "firmware",
    "installed_on",
    "last_maintained_on",
    "next_maintenance_on",
    "tags",
)


def _all_buildings_exist(community_id: str, building_id: str) -> bool:
    return True


@dataclass
class DeviceLedger:
    repo: DeviceRepository
    known_type: Any  # (device_type) -> bool
    today: Any = field(default=lambda: date.today())
    building_exists: Any = _all_buildings_exist  # (community_id, building_id) -> bool, the registry's answer

    def unknown_building(self, community_id: str, building: str | None) -> bool:
        """True when `building` is not one of this community's registry buildings (another community's included)."""
        return building is not None and not self.building_exists(community_id, building)

    def require_building(self, community_id: str, building: str, field_name: str | None = None) -> None:
        """A building named in a path (404) or a body field (400) must be one of the community's registry buildings:
        what the linkage (a fire unlocks that building's doors, an SOS reaches its building's guards) matches on, so
        a free label ("B1") would silently match nothing."""
        if not self.unknown_building(community_id, building):
            return
        if field_name is None:
            raise NotFound(f"building {building} not found", code="BUILDING_NOT_FOUND")
        raise _bad(field_name, "unknown_building", "no such building in this community")

    def _check_building(self, device: Device) -> None:
        """A location's building is one of the community's registry buildings (never another community's)."""
        if device.location.building is not None:
            self.require_building(device.community_id, device.location.building, "location.building")

    def register(self, device: Device, by: str, now: datetime) -> Device:
        entry = LifecycleEntry(status=REGISTERED, at=iso(now), by=by, note="registered")
        device = replace(device, status=REGISTERED, lifecycle=(entry,), ingested_at=now, updated_at=now, created_by=by)
        validate_device(device, self.today(), self.known_type(device.device_type))
        self._check_building(device)
        return self.repo.add(device)

    def get(self, community_id: str, device_id: str) -> Device:
        device = self.repo.get(community_id, device_id)
        if device is None:
            raise NotFound(f"device {device_id} not found", code="DEVICE_NOT_FOUND")
        return device

    def update(
        self,
        community_id: str,
        device_id: str,
        changes: dict[str, Any],
        expected_version: int | None,
        by: str,
        now: datetime,
        status: str | None = None,
        note: str = "",
    ) -> Device:
        current = self.get(community_id, device_id)
        if expected_version is not None and current.version != expected_version:
            raise Conflict(
                "the device was changed by someone else; reload it",
                code="STALE_VERSION",
                details=[{"field": "version", "code": "stale", "message": f"current version is {current.version}"}],
            )
        if current.status == RETIRED:
            raise Conflict("a retired device cannot be changed", code="DEVICE_RETIRED")
        unknown = set(changes) - set(UPDATABLE)
        if unknown:
            raise ValueError(f"not updatable: {sorted(unknown)}")
        updated = replace(current, **changes, updated_at=now)
        if status is not None:
            updated = updated.moved_to(status, now, by, note)
            if status == MAINTENANCE and "last_maintained_on" not in changes:
                updated = replace(updated, last_maintained_on=now.date().isoformat())
        validate_device(updated, self.today(), True)
        if updated.location != current.location:
            self._check_building(updated)
        return self.repo.save(updated, current)

    def retire(
        self, community_id: str, device_id: str, expected_version: int | None, by: str, now: datetime, note: str = ""
    ) -> Device:
        current = self.get(community_id, device_id)
        if current.status == RETIRED:
            return current  # retiring twice changes nothing
        return self.update(community_id, device_id, {}, expected_version, by, now, status=RETIRED, note=note)

    def page(
        self, community_id: str, flt: DeviceFilter, limit: int, cursor: str | None
    ) -> tuple[list[Device], str | None]:
        if flt.status is not None and flt.status not in STATUSES:
            raise _bad("query.status", "enum", f"status must be one of {', '.join(STATUSES)}")
        return self.repo.page(community_id, flt, limit, cursor)
