"""Zones, typed spaces and reservations of a car park (车位): a car park is divided into zones; a space is `owned`
or `rented` by a house of the community (its holder) or `public`; a resident reserves a public space for a window
(Beijing time shown, UTC stored) in whole half hours, at most 24 hours, starting within 7 days.

One reservation per space per overlapping window: each half hour of the window is a slot item written in the
reservation's transaction on the condition that it does not exist, so of two reservations of overlapping windows
exactly one is stored. A reservation is active until its end (then expired) or until its household cancels it
(the slots are released in the cancellation's transaction). Vacancies per zone: public spaces not reserved now.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, Protocol

from chalicelib.kernel.errors import Conflict, InvalidInput, NotFound

OWNED, RENTED, PUBLIC = "owned", "rented", "public"
SPACE_TYPES = (OWNED, RENTED, PUBLIC)
HELD_TYPES = (OWNED, RENTED)
SLOT_MINUTES = 30
MAX_HOURS = 24
MAX_AHEAD = timedelta(days=7)
ACTIVE, CANCELLED, EXPIRED = "active", "cancelled", "expired"


@dataclass(frozen=True)
class Zone:
    community_id: str
    park_id: str
    zone_id: str
    name: str


@dataclass(frozen=True)
class Space:
    community_id: str
    park_id: str
    space_id: str
    zone_id: str
    space_type: str
    house_id: str | None = None


@dataclass(frozen=True)
class Reservation:
    community_id: str
    reservation_id: str
    park_id: str
    space_id: str
    house_id: str
    plate: str
    starts_at: datetime
    ends_at: datetime
    created_by: str
    created_at: datetime
    status: str = ACTIVE  # active | cancelled (expired is read from the end)
    cancelled_at: datetime | None = None

    def state(self, now: datetime) -> str:
        if self.status == CANCELLED:
            return CANCELLED
        return EXPIRED if now >= self.ends_at else ACTIVE


def problem(field: str, code: str, message: str) -> InvalidInput:
    return InvalidInput(message, code="VALIDATION_FAILED", details=[{"field": field, "code": code, "message": message}])


def slots(starts_at: datetime, ends_at: datetime) -> list[datetime]:
    """The half hours of a window (its start, each 30 minutes, before its end)."""
    out, at = [], starts_at
    while at < ends_at:
        out.append(at)
        at += timedelta(minutes=SLOT_MINUTES)
    return out


def check_window(starts_at: datetime, ends_at: datetime, now: datetime) -> None:
    for name, moment in (("startsAt", starts_at), ("endsAt", ends_at)):
        if moment.second or moment.microsecond or moment.minute % SLOT_MINUTES:
            raise problem(name, "not_half_hour", "whole half hours: minute 0 or 30, no seconds")
    if ends_at <= starts_at:
        raise problem("endsAt", "before_start", "endsAt must be after startsAt")
    if ends_at - starts_at > timedelta(hours=MAX_HOURS):
        raise problem("endsAt", "window_too_long", f"at most {MAX_HOURS} hours")
    if ends_at <= now:
        raise problem("endsAt", "in_the_past", "the window is over")
    if starts_at < now - timedelta(minutes=SLOT_MINUTES):
        raise problem("startsAt", "in_the_past", "at most the current half hour")
    if starts_at > now + MAX_AHEAD:
        raise problem("startsAt", "too_far_ahead", "at most 7 days ahead")


class ZoneStore(Protocol):
    def add_zone(self, zone: Zone) -> None: ...

    def get_zone(self, community_id: str, park_id: str, zone_id: str) -> Zone | None: ...

    def zones(self, community_id: str, park_id: str) -> list[Zone]: ...

    def add_space(self, space: Space) -> None: ...

    def get_space(self, community_id: str, park_id: str, space_id: str) -> Space | None: ...

    def spaces(self, community_id: str, park_id: str) -> list[Space]: ...

    def add_reservation(self, reservation: Reservation) -> None:
        """With a slot item per half hour (Conflict SPACE_RESERVED when one exists)."""
        ...

    def get_reservation(self, community_id: str, reservation_id: str) -> Reservation | None: ...

    def cancel_reservation(self, cancelled: Reservation) -> bool:
        """Cancelled and its slots released, conditional on it being active; False otherwise."""
        ...

    def reservations_of_house(self, community_id: str, house_id: str, limit: int) -> list[Reservation]: ...

    def reservations_ending_after(self, community_id: str, park_id: str, moment: datetime) -> list[Reservation]: ...


@dataclass
class ZoneService:
    store: Any  # ParkingStore + ZoneStore
    house_exists: Callable[[str, str], bool]
    now: Callable[[], datetime]

    def _park(self, community_id: str, park_id: str) -> Any:
        park = self.store.get_park(community_id, park_id)
        if park is None:
            raise NotFound("no such car park", code="PARK_NOT_FOUND")
        return park

    def add_zone(self, zone: Zone) -> Zone:
        self._park(zone.community_id, zone.park_id)
        self.store.add_zone(zone)  # Conflict ZONE_EXISTS
        return zone

    def add_space(self, space: Space) -> Space:
        c = space.community_id
        self._park(c, space.park_id)
        if self.store.get_zone(c, space.park_id, space.zone_id) is None:
            raise NotFound(
                "no such zone in this car park",
                code="ZONE_NOT_FOUND",
                details=[{"field": "zoneId", "code": "not_found", "message": space.zone_id}],
            )
        if space.space_type in HELD_TYPES:
            if not space.house_id:
                raise problem("houseId", "required", "an owned or rented space names its holder house")
            if not self.house_exists(c, space.house_id):
                raise NotFound(
                    "no such house",
                    code="HOUSE_NOT_FOUND",
                    details=[{"field": "houseId", "code": "unknown_house", "message": space.house_id}],
                )
        elif space.house_id:
            raise problem("houseId", "not_allowed", "a public space has no holder house")
        self.store.add_space(space)  # Conflict SPACE_EXISTS
        return space

    def reserve(
        self,
        community_id: str,
        house_id: str,
        park_id: str,
        space_id: str,
        plate: str,
        starts_at: datetime,
        ends_at: datetime,
        by: str,
    ) -> Reservation:
        now = self.now()
        check_window(starts_at, ends_at, now)
        self._park(community_id, park_id)
        space = self.store.get_space(community_id, park_id, space_id)
        if space is None:
            raise NotFound(
                "no such space in this car park",
                code="SPACE_NOT_FOUND",
                details=[{"field": "spaceId", "code": "not_found", "message": space_id}],
            )
        if space.space_type != PUBLIC:
            raise Conflict("only public spaces are reserved", code="SPACE_NOT_PUBLIC")
        reservation = Reservation(
            community_id=community_id,
            reservation_id="R" + secrets.token_hex(8),
            park_id=park_id,
            space_id=space_id,
            house_id=house_id,
            plate=plate,
            starts_at=starts_at,
            ends_at=ends_at,
            created_by=by,
            created_at=now,
        )
        self.store.add_reservation(reservation)
        return reservation

    def cancel(self, community_id: str, house_id: str, reservation_id: str) -> Reservation:
        found = self.store.get_reservation(community_id, reservation_id)
        if found is None or found.house_id != house_id:
            raise NotFound("no such reservation for this house", code="RESERVATION_NOT_FOUND")
        now = self.now()
        if found.status == CANCELLED:
            return found  # cancelled again: nothing changes
        if found.state(now) == EXPIRED:
            raise Conflict("the reservation is over", code="RESERVATION_OVER")
        cancelled = replace(found, status=CANCELLED, cancelled_at=now)
        if not self.store.cancel_reservation(cancelled):
            again = self.store.get_reservation(community_id, reservation_id)
            if again is not None and again.status == CANCELLED:
                return again
            raise Conflict("the reservation changed meanwhile", code="CONCURRENT_CHANGE")
        return cancelled

    def vacancies(self, community_id: str, park_id: str) -> tuple[Any, list[dict[str, Any]]]:
        """Per zone: spaces by type, public ones reserved now, public ones vacant."""
        park = self._park(community_id, park_id)
        now = self.now()
        reserved_now = {
            r.space_id
            for r in self.store.reservations_ending_after(community_id, park_id, now)
            if r.state(now) == ACTIVE and r.starts_at <= now
        }
        out = []
        spaces = self.store.spaces(community_id, park_id)
        for zone in self.store.zones(community_id, park_id):
            mine = [s for s in spaces if s.zone_id == zone.zone_id]
            public = [s for s in mine if s.space_type == PUBLIC]
            reserved = sum(1 for s in public if s.space_id in reserved_now)
            out.append(
                {
                    "zoneId": zone.zone_id,
                    "name": zone.name,
                    "spaces": len(mine),
                    "owned": sum(1 for s in mine if s.space_type == OWNED),
                    "rented": sum(1 for s in mine if s.space_type == RENTED),
                    "public": len(public),
                    "reserved": reserved,
                    "vacant": len(public) - reserved,
                }
            )
        return park, out
