"""The care register (001 8.3.1.7: home-based elderly care; 000 10.2.2: health data): people in need of care, their
consent, their guardians in order of contact, their care level and thresholds; care alerts and the visit that
resolves one; the "last seen" item each person keeps; the ports the service uses.

- A person in care is a current resident of one of the community's houses (a registry person), registered with a
  consent record (who consented, when, to what). Health data (conditions, notes) is sealed like other personal
  data and read only by a care role, every read audited.
- Guardians are accounts (residents of any house, or staff), contacted in their order; a guardian sees only the
  people they guard (any other reads as 404).
- At most one open care alert per person and kind: the open slot is claimed by a conditional write in the same
  transaction that records the alert; resolving (with the visit record) frees it.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Protocol

from chalicelib.kernel.clock import iso

CATEGORIES = ("living_alone", "elderly", "disabled", "chronic_illness")
CARE_LEVELS = ("basic", "attention", "intensive")
RELATIONS = ("family", "neighbour", "community_worker", "other")
CONSENT_SCOPES = ("register", "health_data", "home_devices", "wearable", "location", "guardians_notified")
GUARDIAN_KINDS = ("resident", "staff")
# signs of need (care alert kinds)
NO_ACTIVITY, NO_WEARABLE_DATA, HEART_RATE, NIGHT_FALLS, NO_UTILITY_USE = (
    "no_activity",
    "no_wearable_data",
    "heart_rate",
    "night_falls",
    "no_utility_use",
)
ALERT_KINDS = (NO_ACTIVITY, NO_WEARABLE_DATA, HEART_RATE, NIGHT_FALLS, NO_UTILITY_USE)
# The two schedules of the one signs-of-need run: the hourly run looks for the fast signs (the wearable silent, the
# heart rate, night falls), the daily run for the slow ones (a long quiet, no water or electricity use).
HOURLY_SIGNS = (NO_WEARABLE_DATA, HEART_RATE, NIGHT_FALLS)
DAILY_SIGNS = (NO_ACTIVITY, NO_UTILITY_USE)
OPEN, ACKNOWLEDGED, RESOLVED = "open", "acknowledged", "resolved"
VISIT_OUTCOMES = ("well", "needs_help", "hospital", "not_home")
ALERT_ID = re.compile(r"^ca-[0-9a-f]{16}$")
CARE_ID = re.compile(r"^cr-[0-9a-f]{16}$")

DEFAULT_QUIET_HOURS_ALONE = 24  # no sign of life for 24 h is a sign of need for someone living alone
DEFAULT_QUIET_HOURS = 72
DEFAULT_HEART_RATE = (50, 110)
DEFAULT_HEART_RATE_MINUTES = 10
NIGHT_FALLS_COUNT = 2  # falls between 22:00 and 06:00 (Beijing) within 7 days
LONG_ABSENCE_DAYS = 183  # 000 7.2.1 d: more than half a year without an access record


@dataclass(frozen=True)
class Consent:
    consented_by: str  # who consented: the person, or their legal guardian by name
    consented_at: datetime
    scopes: tuple[str, ...]
    recorded_by: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "consentedBy": self.consented_by,
            "consentedAt": iso(self.consented_at),
            "scopes": list(self.scopes),
            "recordedBy": self.recorded_by,
        }


@dataclass(frozen=True)
class Guardian:
    account_id: str
    kind: str  # resident | staff
    name: str
    relation: str
    order: int  # 1 = first to contact

    def as_dict(self) -> dict[str, Any]:
        return {
            "accountId": self.account_id,
            "kind": self.kind,
            "name": self.name,
            "relation": self.relation,
            "order": self.order,
        }


@dataclass(frozen=True)
class Thresholds:
    quiet_hours: int = DEFAULT_QUIET_HOURS_ALONE
    heart_rate_low: int = DEFAULT_HEART_RATE[0]
    heart_rate_high: int = DEFAULT_HEART_RATE[1]
    heart_rate_minutes: int = DEFAULT_HEART_RATE_MINUTES
    utility_hours: int = DEFAULT_QUIET_HOURS_ALONE  # no water or electricity use for this long (meters bound)


@dataclass(frozen=True)
class CareProfile:
    care_id: str
    community_id: str
    person_id: str
    house_id: str
    person_name: str
    categories: tuple[str, ...]
    care_level: str
    consent: Consent
    guardians: tuple[Guardian, ...]
    wearables: tuple[str, ...]
    thresholds: Thresholds
    health_sealed: str | None  # the health record (conditions, notes), encrypted
    created_at: datetime
    updated_at: datetime
    version: int = 1
    door_contacts: tuple[str, ...] = ()
    meters: tuple[str, ...] = ()  # the house's water and electricity meters (shared with the household)

    @property
    def lives_alone(self) -> bool:
        return "living_alone" in self.categories

    def guards(self, account_id: str) -> bool:
        return any(g.account_id == account_id for g in self.guardians)

    def with_guardians(self, guardians: tuple[Guardian, ...], now: datetime) -> CareProfile:
        return replace(self, guardians=guardians, updated_at=now, version=self.version + 1)


def default_quiet_hours(categories: tuple[str, ...]) -> int:
    return DEFAULT_QUIET_HOURS_ALONE if "living_alone" in categories else DEFAULT_QUIET_HOURS


def new_care_id() -> str:
    return f"cr-{secrets.token_hex(8)}"


def new_alert_id() -> str:
    return f"ca-{secrets.token_hex(8)}"


def visit_order_id(alert_id: str) -> str:
    """The care visit work order of an alert (derived: a retried acknowledgement or resolution finds the same one)."""
    return f"wo-{alert_id}"


@dataclass(frozen=True)
class LastSeen:
    """One item per person, kept up to date by what reports a sign of life (wearable data, a door opening, an
    access record, meter use): what the signs-of-need run reads besides the profile."""

    community_id: str
    person_id: str
    activity_at: datetime | None = None  # door contact or access record
    wearable_at: datetime | None = None
    utility_at: datetime | None = None
    heart_rate: int | None = None
    heart_out_since: datetime | None = None  # the heart rate has been outside the range since
    battery_pct: int | None = None
    online: bool | None = None
    position: tuple[float, float] | None = None
    position_at: datetime | None = None
    night_falls: tuple[str, ...] = ()  # ISO times of recent night-time falls
    flagged: tuple[dict[str, Any], ...] = ()  # implausible readings kept for review (never alarmed on)
    meter_totals: dict[str, float] = field(default_factory=dict)  # each bound meter's last cumulative reading


@dataclass(frozen=True)
class VisitRecord:
    visited_by: str
    visited_at: datetime
    outcome: str
    note: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "visitedBy": self.visited_by,
            "visitedAt": iso(self.visited_at),
            "outcome": self.outcome,
            "note": self.note,
        }


@dataclass(frozen=True)
class CareAlert:
    alert_id: str
    community_id: str
    person_id: str
    house_id: str
    kind: str
    raised_at: datetime
    detail: dict[str, Any] = field(default_factory=dict)
    status: str = OPEN
    ack_by: str | None = None
    ack_at: datetime | None = None
    visit: VisitRecord | None = None
    resolved_at: datetime | None = None
    version: int = 1

    @property
    def work_order_id(self) -> str | None:
        """The care visit work order, opened when the alert is acknowledged (or resolved straight away)."""
        return visit_order_id(self.alert_id) if self.status != OPEN else None


class CareStore(Protocol):
    def create_profile(self, profile: CareProfile, meters: dict[str, str] | None = None) -> bool:
        """Create (the person not yet registered) with its guardian links and device bindings (`meters`: the
        house's meters bound, id -> catalogue type); False when registered already."""
        ...

    def profile(self, community_id: str, person_id: str) -> CareProfile | None: ...

    def communities(self) -> list[str]:
        """The communities with a care register."""
        ...

    def wearer(self, community_id: str, device_id: str) -> str | None:
        """The person a wearable is bound to."""
        ...

    def bindings(self, community_id: str) -> dict[str, list[tuple[str, str]]]:
        """Every bound home device of the community: device id -> [(person id, device type)] (a wearable or door
        contact is one person's; a meter is every cared-for person's of its house)."""
        ...

    def by_care_id(self, care_id: str) -> CareProfile | None: ...

    def replace_guardians(self, before: CareProfile, after: CareProfile) -> bool:
        """Conditional on `before.version`; guardian links follow in the same transaction."""
        ...

    def profiles(self, community_id: str, limit: int, cursor: str | None) -> tuple[list[CareProfile], str | None]: ...

    def profiles_of_house(self, community_id: str, house_id: str) -> list[CareProfile]: ...

    def guarded_by(self, account_id: str) -> list[str]:
        """Care ids the account guards."""
        ...

    def last_seen(self, community_id: str, person_id: str) -> LastSeen | None: ...

    def last_seen_page(self, community_id: str, cursor: str | None) -> tuple[list[LastSeen], str | None]: ...

    def save_last_seen(self, seen: LastSeen) -> None: ...

    def open_alert(self, alert: CareAlert) -> bool:
        """Record the alert and claim its person+kind slot in one transaction; False when one is open already."""
        ...

    def alert(self, community_id: str, alert_id: str) -> CareAlert | None: ...

    def update_alert(self, before: CareAlert, after: CareAlert) -> bool:
        """Conditional on the version; a resolved alert frees its slot in the same transaction."""
        ...

    def alerts(
        self, community_id: str, status: str | None, limit: int, cursor: str | None
    ) -> tuple[list[CareAlert], str | None]: ...

    def alerts_of(self, community_id: str, person_id: str, limit: int) -> list[CareAlert]: ...


class People(Protocol):
    """The registry and identity, as the care register needs them."""

    def resident_name(self, community_id: str, house_id: str, person_id: str) -> str | None:
        """The person's name when they currently live in the house, else None."""
        ...

    def guardian_name(self, community_id: str, account_id: str, kind: str) -> str | None:
        """The account's name (a resident account with WeChat, or a staff account of the community), else None."""
        ...

    def device_of_house(self, community_id: str, device_id: str) -> str | None:
        """The house a device of the community is installed in (its usage right), else None."""
        ...

    def device_type(self, community_id: str, device_id: str) -> str | None: ...

    def devices_online(self, community_id: str, device_ids: tuple[str, ...]) -> bool | None:
        """The devices' presence (the devices capability's, after each type's heartbeat window): True when one is
        online, False when every one heard of is offline, None when none was ever heard."""
        ...

    def house_ids(self, community_id: str) -> list[str]: ...

    def house_exists(self, community_id: str, house_id: str) -> bool: ...

    def residents(self, community_id: str, house_id: str) -> list[Any]:
        """The house's current residencies (person_id, person_name, house_id, since)."""
        ...

    def last_entry(self, community_id: str, person_id: str) -> Any | None:
        """The person's latest passage through the community's gates (at, gate_id, direction, method)."""
        ...


class VisitOrders(Protocol):
    """The work orders capability, as the visits that resolve care alerts (work order type `care_visit`)."""

    def open(self, profile: CareProfile, alert: CareAlert) -> str:
        """The alert's care visit work order (opened once: a repeat finds it); its id."""
        ...

    def record(self, alert: CareAlert, visit: VisitRecord) -> None:
        """The visit recorded on the work order, which is completed (a repeat changes nothing)."""
        ...


class AlertNotices(Protocol):
    def alert_raised(self, profile: CareProfile, alert: CareAlert) -> int:
        """Tell the guardians and the care workers, once per alert (a repeated call delivers nothing new)."""
        ...


class Sealer(Protocol):
    def seal(self, value: str) -> str: ...

    def open(self, token: str) -> str: ...
