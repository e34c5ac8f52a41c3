"""Partner organisations and the rules of their signed requests (000 5.5, 11.1-11.2; 001 7.2.7, 7.3.8).

A partner (police station, street office, health commission) is granted communities, scopes (`resource:action`),
a masking level per personal field, an IP allow-list, a daily quota and a per-minute rate. It calls with an API
key id and signs every request with the key's secret (HMAC-SHA256 over the canonical request: `signing.py`).
Pure rules: no AWS here; storage comes in through the ports at the bottom.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Literal, Protocol

from chalicelib.kernel.clock import BEIJING
from chalicelib.kernel.errors import Forbidden, InvalidInput, TooManyRequests, Unauthenticated

PartnerKind = Literal["police_station", "street_office", "health_commission", "government_platform"]
PARTNER_KINDS: tuple[str, ...] = ("police_station", "street_office", "health_commission", "government_platform")
# What a partner may be granted: each resource of the open data service, read (list) and feed (change feed).
RESOURCES: tuple[str, ...] = ("people", "houses", "vehicles", "access_records", "alarms", "devices")
ACTIONS: tuple[str, ...] = ("read", "feed")
SCOPES: frozenset[str] = frozenset(f"{r}:{a}" for r in RESOURCES for a in ACTIONS) | {
    "watchlist:manage",
    "subscriptions:manage",
}
# Masking per personal field: `hidden` (left out), `masked` (138****5678, 张*), `full` (in clear; every call audited).
MaskLevel = Literal["hidden", "masked", "full"]
MASKED_FIELDS: tuple[str, ...] = ("name", "phone", "idNumber", "plate")
DEFAULT_MASKING: dict[str, str] = {"name": "masked", "phone": "masked", "idNumber": "masked", "plate": "full"}
ROTATION_GRACE = timedelta(hours=24)  # an old key keeps working this long after a rotation, then is refused


@dataclass(frozen=True)
class Partner:
    partner_id: str
    name: str
    kind: str
    communities: frozenset[str]
    scopes: frozenset[str]
    masking: dict[str, str]
    allow_ips: tuple[str, ...]  # addresses or CIDR blocks; empty = nobody (deny by default)
    quota_per_day: int
    rate_per_minute: int
    status: str = "active"  # active | cut_off
    created_at: datetime | None = None
    cut_off_at: datetime | None = None
    version: int = 0

    def level(self, field_name: str) -> str:
        return self.masking.get(field_name, DEFAULT_MASKING.get(field_name, "hidden"))


@dataclass(frozen=True)
class ApiKey:
    key_id: str
    partner_id: str
    sealed_secret: str  # the secret, encrypted (kernel.security.pii); never stored in clear, never in the repo
    created_at: datetime
    not_after: datetime | None = None  # set by a rotation: refused from then on
    edge_off: bool = False  # switched off at the edge (API Gateway) too, once retired or its partner cut off


@dataclass(frozen=True)
class CallRecord:
    """One answered call: who, what, how much (000 11.2 call statistics)."""

    partner_id: str
    resource: str
    records: int
    bytes: int
    at: datetime
    request_id: str


@dataclass(frozen=True)
class DailyUsage:
    resource: str
    calls: int
    records: int
    bytes: int


@dataclass(frozen=True)
class Change:
    """One entry of a change feed: the record as it is now (masked per partner when read), or a tombstone."""

    seq: int
    resource: str
    record_id: str
    op: str  # upsert | delete
    at: datetime
    data: dict[str, object] = field(default_factory=dict)


def check_new_partner(
    name: str,
    kind: str,
    communities: list[str],
    scopes: list[str],
    masking: dict[str, str],
    allow_ips: list[str],
    quota_per_day: int,
    rate_per_minute: int,
) -> None:
    problems: list[dict[str, str]] = []
    if kind not in PARTNER_KINDS:
        problems.append({"field": "kind", "code": "unknown_kind", "message": f"one of {', '.join(PARTNER_KINDS)}"})
    if not communities:
        problems.append({"field": "communities", "code": "empty", "message": "at least one community"})
    for i, scope in enumerate(scopes):
        if scope not in SCOPES:
            problems.append({"field": f"scopes.{i}", "code": "unknown_scope", "message": "resource:action"})
    for key, level in masking.items():
        if key not in MASKED_FIELDS or level not in ("hidden", "masked", "full"):
            problems.append({"field": f"masking.{key}", "code": "unknown_masking", "message": "hidden|masked|full"})
    for i, address in enumerate(allow_ips):
        try:
            ipaddress.ip_network(address, strict=False)
        except ValueError:
            problems.append({"field": f"allowIps.{i}", "code": "invalid_address", "message": "an address or CIDR"})
    if not allow_ips:
        problems.append({"field": "allowIps", "code": "empty", "message": "at least one address or CIDR block"})
    if quota_per_day < 1 or rate_per_minute < 1:
        problems.append({"field": "dailyQuota", "code": "out_of_range", "message": "quota and rate are >= 1"})
    if not name.strip():
        problems.append({"field": "name", "code": "empty", "message": "a name"})
    if problems:
        raise InvalidInput("the partner is not valid", code="VALIDATION_FAILED", details=problems)


def address_allowed(partner: Partner, source_ip: str) -> bool:
    try:
        address = ipaddress.ip_address(source_ip)
    except ValueError:
        return False
    for block in partner.allow_ips:
        network = ipaddress.ip_network(block, strict=False)
        if address.version == network.version and address in network:
            return True
    return False


def refused(reason: str) -> Unauthenticated:
    """Every failed authentication answers the same (nothing says which check failed); the reason is logged."""
    error = Unauthenticated("the request's signature is not valid", code="SIGNATURE_INVALID")
    error.details = []
    error.reason = reason  # type: ignore[attr-defined]
    return error


def key_usable(partner: Partner, key: ApiKey, now: datetime) -> bool:
    return partner.status == "active" and (key.not_after is None or now < key.not_after)


def cut_off(partner: Partner, now: datetime) -> Partner:
    if partner.status == "cut_off":
        return partner
    return replace(partner, status="cut_off", cut_off_at=now)


def over_limit(kind: str, retry_after: int) -> TooManyRequests:
    error = TooManyRequests(f"partner {kind} exceeded; retry after {retry_after} s", code="PARTNER_QUOTA_EXCEEDED")
    error.retry_after = max(1, retry_after)
    return error


def window_keys(now: datetime) -> tuple[str, int, str, int]:
    """(minute window, seconds left in it, Beijing day window, seconds left in that day)."""
    minute = now.strftime("%Y%m%d%H%M")
    left_minute = 60 - now.second
    local = now.astimezone(BEIJING)  # a partner's day is a Beijing day
    day = local.strftime("%Y-%m-%d")
    midnight = (local + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return minute, left_minute, day, int((midnight - local).total_seconds()) + 1


# The partner API's usage plans (infra/resources.yaml), each with its edge quota: a key goes into the smallest
# plan whose quota holds the partner's own daily quota.
USAGE_PLANS: tuple[tuple[str, int], ...] = (("standard", 100_000), ("bulk", 10_000_000))


def usage_plan_for(quota_per_day: int) -> str:
    for plan, limit in USAGE_PLANS:
        if quota_per_day <= limit:
            return plan
    return USAGE_PLANS[-1][0]


def partner_forbidden(message: str) -> Forbidden:
    return Forbidden(message, code="PARTNER_SCOPE_FORBIDDEN")


# -- ports ------------------------------------------------------------------------------------------------------------


class PartnerStore(Protocol):
    def save_partner(self, partner: Partner) -> Partner: ...
    def partner(self, partner_id: str) -> Partner | None: ...
    def partners(self) -> list[Partner]: ...
    def add_key(self, key: ApiKey) -> None: ...
    def key(self, key_id: str) -> ApiKey | None: ...
    def keys_of(self, partner_id: str) -> list[ApiKey]: ...
    def retire_key(self, key_id: str, not_after: datetime) -> None: ...
    def mark_edge_off(self, key_id: str) -> None: ...
    def claim_nonce(self, key_id: str, nonce: str, expires_at: datetime) -> bool: ...
    def take(self, counter: str, limit: int, expires_at: datetime) -> bool: ...
    def record_call(self, record: CallRecord, day: str) -> None: ...
    def usage(self, partner_id: str, day: str) -> list[DailyUsage]: ...
    def count_refusal(self, partner_id: str, day: str, reason: str) -> None: ...
    def refusals(self, partner_id: str, day: str) -> dict[str, int]: ...


class UsagePlans(Protocol):
    """The edge's metering (API Gateway usage plans): a key id enrolled into a plan, or switched off."""

    def enrol(self, key_id: str, partner_id: str, plan: str) -> None: ...
    def disable(self, key_id: str) -> None: ...


class SecretBox(Protocol):
    def seal(self, secret: str) -> str: ...
    def open(self, sealed: str) -> str: ...
