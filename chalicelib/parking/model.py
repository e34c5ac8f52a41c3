"""What parking is made of (000 7.2.2 g-h; 001 8.2.2.9; 003 6.6.8-6.6.13): car parks with their barriers and
tariff, stays (one per car from entry to exit), passage records, plate events as the barrier camera reports them,
the decision on one, and the ports the parking service works through.

The rules are in `service.py` (the one decision on a plate event, paying at the exit, a payment settling, a
guard's approval and release) and `tariff.py` (the one fee rule).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from chalicelib.parking.monthly import MonthlyStore
from chalicelib.parking.tariff import Tariff

# what a stay is: a car of the registry with a space (owned/monthly), a visitor's car, or a temporary (paying) car
REGISTERED, VISITOR, TEMPORARY = "registered", "visitor", "temporary"
STAY_KINDS = (REGISTERED, VISITOR, TEMPORARY)
# where a stay stands: held at the entry for a guard, parked, paid (the car has LEAVE_MINUTES to leave), left
HELD, PARKED, PAID, LEFT = "held", "parked", "paid", "left"
STAY_STATUSES = (HELD, PARKED, PAID, LEFT)
# what the barrier is told
OPEN, REFUSE, HOLD, CHARGE = "open", "refuse", "hold", "charge"
LEAVE_MINUTES = 15  # a paid car's time to reach the exit
MIN_CONFIDENCE = 0.6  # below it a recognition is not trusted to open a barrier
RELEASE_KINDS = ("manual", "lost_ticket")
PAYMENT_PURPOSE = "parking"  # the payments capability's order purpose for a stay's fee


@dataclass(frozen=True)
class Barrier:
    device_id: str
    direction: str  # in | out


@dataclass(frozen=True)
class CarPark:
    community_id: str
    park_id: str
    name: str
    capacity: int
    tariff: Tariff
    barriers: tuple[Barrier, ...]
    guard_approval: bool = False  # unknown cars wait at the entry for a guard
    occupied: int = 0
    created_at: datetime | None = None


@dataclass(frozen=True)
class Stay:
    stay_id: str
    community_id: str
    park_id: str
    plate: str
    kind: str
    entered_at: datetime
    entry_device: str
    status: str = PARKED
    house_id: str | None = None
    visitor_pass_id: str | None = None
    free_until: datetime | None = None
    paid_fen: int = 0
    paid_orders: tuple[str, ...] = ()
    paid_at: datetime | None = None
    leave_by: datetime | None = None
    waiting_at: str | None = None  # an exit barrier the car waits at, unpaid
    left_at: datetime | None = None
    exit_device: str | None = None
    release: dict[str, str] | None = None  # a guard's manual or lost-ticket release: kind, reason, by
    version: int = 0
    monthly_pass_id: str | None = None  # the monthly pass the car entered on (lapse.py: it may lapse meanwhile)


@dataclass(frozen=True)
class PlateEvent:
    """A barrier camera's recognition as it arrived (validated)."""

    community_id: str
    device_id: str
    msg_id: str
    plate: str
    colour: str
    direction: str
    confidence: float
    snapshot_key: str | None
    at: datetime


@dataclass(frozen=True)
class Decision:
    action: str  # open | refuse | hold | charge
    reason: str  # machine-readable why
    stay_id: str | None = None
    fee_fen: int = 0
    command_id: str | None = None
    message: str = ""


@dataclass(frozen=True)
class Passage:
    """One plate event and what was decided (kept >= 180 days, 000 6.1.1 b)."""

    passage_id: str
    community_id: str
    device_id: str
    park_id: str | None
    plate: str
    colour: str
    direction: str
    confidence: float
    snapshot_key: str | None
    at: datetime
    action: str
    reason: str
    stay_id: str | None = None
    fee_fen: int = 0
    offline: bool = False


@dataclass(frozen=True)
class Settled:
    """The payments capability's word that an order for a stay was paid."""

    order_id: str
    community_id: str
    reference: str  # the stay id
    amount_fen: int
    paid_at: datetime


@dataclass(frozen=True)
class Revenue:
    """One paid order as parking counted it (the day's revenue, reconciled with the payments ledger)."""

    community_id: str
    day: str  # Beijing day it was paid
    order_id: str
    stay_id: str
    plate: str
    amount_fen: int


class ParkingStore(Protocol):
    def put_park(self, park: CarPark) -> None: ...

    def get_park(self, community_id: str, park_id: str) -> CarPark | None: ...

    def parks(self, community_id: str) -> list[CarPark]: ...

    def barrier_park(self, community_id: str, device_id: str) -> tuple[str, str] | None:
        """(park id, direction) of a barrier device, or None."""
        ...

    def add_stay(self, stay: Stay) -> None:
        """Put a new stay; one car has at most one stay inside a park (Conflict otherwise)."""
        ...

    def current_stay(self, community_id: str, plate: str) -> Stay | None: ...

    def get_stay(self, community_id: str, stay_id: str) -> Stay | None: ...

    def replace_stay(self, stay: Stay, previous: Stay, revenue: Revenue | None = None) -> bool:
        """Conditional on the version read; moves the car-park's occupancy when the car leaves; a payment's revenue
        record in the same transaction."""
        ...

    def revenue_of_day(self, community_id: str, day: str) -> list[Revenue]: ...

    def record_passage(self, passage: Passage) -> bool:
        """False when this passage id was recorded before (a redelivered event)."""
        ...

    def passages(self, community_id: str, day: str, limit: int) -> list[Passage]: ...

    def stays_inside(self, community_id: str, park_id: str, limit: int) -> list[Stay]: ...


class Vehicles(Protocol):
    def lookup(self, community_id: str, plate: str) -> dict[str, Any] | None:
        """The registry's vehicle: {"parkingType", "keyClass", "houseId"}, or None."""
        ...


class VisitorCars(Protocol):
    def admit(self, community_id: str, device_id: str, plate: str, direction: str) -> dict[str, Any] | None: ...


class Barriers(Protocol):
    def open(self, community_id: str, device_id: str, plate: str, reason: str, by: str) -> str:
        """Send `open_gate` as a device command (with its ack); answers the command id."""
        ...

    def show(self, community_id: str, device_id: str, text: str, by: str) -> str: ...

    def set_whitelist(self, community_id: str, device_id: str, plates: list[str], valid_on: str, by: str) -> str:
        """The barrier's offline whitelist into its shadow (`set_whitelist`, a device command with its ack)."""
        ...

    def watch_listed(self, community_id: str, device_id: str, plate: str, key_class: str, msg_id: str) -> None:
        """Raise the watch-list alarm to the control centre."""
        ...


class Charges(Protocol):
    def charge(
        self, community_id: str, account_id: str, stay: Stay, amount_fen: int, description: str
    ) -> tuple[dict[str, Any], dict[str, str]]:
        """A WeChat Pay order for the stay: (the order as the payments capability shows it, wx.requestPayment)."""
        ...

    def charge_reference(
        self, community_id: str, account_id: str, reference: str, amount_fen: int, description: str
    ) -> tuple[dict[str, Any], dict[str, str]]:
        """The same for any parking reference (a monthly pass's renewal)."""
        ...

    def order_status(self, community_id: str, order_id: str) -> str | None:
        """`created`, `paid` or `closed`; None for no such order."""
        ...


def new_id(prefix: str) -> str:
    return f"{prefix}{secrets.token_hex(8)}"


@dataclass
class ParkingPorts:
    store: ParkingStore
    vehicles: Vehicles
    visitors: VisitorCars
    barriers: Barriers
    charges: Charges
    monthly: MonthlyStore
    now: Callable[[], datetime]
    leave_minutes: int = LEAVE_MINUTES
    extra: dict[str, Any] = field(default_factory=dict)
