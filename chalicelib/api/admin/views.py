"""Administration's models and shared helpers: request and response models of staff accounts and the audit log, the
staff account as a viewer may see it, and the parsing of a client's times."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import Field, StringConstraints, field_validator

from chalicelib.api.contracts import Contract, Cursor, Id, Page
from chalicelib.domain.errors import InvalidInput

Password = Annotated[str, StringConstraints(min_length=1, max_length=256, strip_whitespace=False)]


EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)


def parse_time(value: str | None, field_name: str) -> datetime | None:
    """A client's time: ISO-8601 with a zone, between 2000 and 2100 (nothing here is older or newer, and the
    arithmetic on it must never overflow)."""
    from chalicelib.domain.clock import parse_iso

    if value is None:
        return None
    try:
        moment = parse_iso(value)
    except Exception:  # whatever the parser trips over, the client sent a bad time
        raise InvalidInput(
            f"{field_name} is not an ISO-8601 time with a zone",
            code="VALIDATION_FAILED",
            details=[{"field": field_name, "code": "invalid_time", "message": "e.g. 2026-01-31T08:00:00Z"}],
        ) from None
    if not EARLIEST <= moment < LATEST:
        raise InvalidInput(
            f"{field_name} is out of range",
            code="VALIDATION_FAILED",
            details=[{"field": field_name, "code": "out_of_range", "message": "between 2000 and 2100"}],
        )
    return moment


class StaffCreate(Contract):
    username: Annotated[str, StringConstraints(min_length=3, max_length=32)] = Field(examples=["li.guard"])
    name: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    password: Password = Field(description="Initial password; the person must change it at first sign-in")
    roles: list[str] = Field(min_length=1, examples=[["staff.guard"]])
    phone: Annotated[str, StringConstraints(max_length=20)] | None = None
    validFrom: str | None = Field(default=None, description="UTC ISO-8601; absent = from now")
    validUntil: str | None = Field(default=None, description="UTC ISO-8601; absent = no end")
    idleTimeoutMinutes: int = Field(default=30, ge=5, le=24 * 60, description="Signed out after this much inactivity")
    maxFailedLogins: int = Field(default=5, ge=3, le=20, description="Locked for a while after this many failures")


class PlatformStaffCreate(StaffCreate):
    communities: list[Id] = Field(min_length=1, description='Community ids, or ["*"] for every community')

    @field_validator("communities", mode="before")
    @classmethod
    def _star(cls, v: Any) -> Any:
        return ["_ALL_" if c == "*" else c for c in v] if isinstance(v, list) else v


class PasswordReset(Contract):
    password: Password


class StaffView(Contract):
    accountId: str
    username: str
    name: str
    phone: str | None = Field(default=None, description="Masked")
    roles: list[str]
    communities: list[str] = Field(description="The account's communities that the caller may see")
    alsoElsewhere: bool = Field(
        default=False,
        description="The account also works in communities the caller does not manage: only the platform admin may "
        "change it (the caller may remove it from their community)",
    )
    validFrom: str | None = None
    validUntil: str | None = None
    idleTimeoutMinutes: int
    maxFailedLogins: int
    locked: bool
    disabled: bool
    mustChangePassword: bool
    lastLoginAt: str | None = None
    createdAt: str


class StaffList(Contract):
    items: list[StaffView]


class StaffQuery(Contract):
    q: Annotated[str, StringConstraints(max_length=64)] | None = Field(
        default=None, description="Part of the username or name"
    )


class RevealedPhone(Contract):
    accountId: str
    phone: str | None


class AuditQuery(Contract):
    from_: str | None = Field(default=None, alias="from", description="UTC ISO-8601; default: 24 h before `to`")
    to: str | None = Field(default=None, description="UTC ISO-8601; default: now")
    operator: Annotated[str, StringConstraints(max_length=128)] | None = None
    targetType: Annotated[str, StringConstraints(max_length=64)] | None = None
    targetId: Annotated[str, StringConstraints(max_length=128)] | None = None
    limit: int = Field(default=50, ge=1, le=200)
    cursor: Cursor | None = None


class AuditEntryView(Contract):
    id: str
    at: str
    communityId: str | None
    operator: str
    operatorKind: str
    operation: str
    targetType: str
    targetId: str
    outcome: str
    sourceIp: str
    requestId: str
    detail: dict[str, Any]


class AuditPage(Page):
    items: list[AuditEntryView]


def _iso(value: datetime | None) -> str | None:
    from chalicelib.domain.clock import iso

    return iso(value) if value else None


def staff_view(a: Any, viewer: Any) -> StaffView:
    """The account as `viewer` may see it: a community admin sees only the communities they manage (an account
    shared with another community must not tell them which one)."""
    from chalicelib.domain.clock import utcnow

    visible = set(a.communities) if "*" in viewer.communities else set(a.communities) & set(viewer.communities)
    return StaffView(
        accountId=a.account_id,
        username=a.username,
        name=a.name,
        phone=a.phone_masked,
        roles=sorted(a.roles),
        communities=sorted(visible),
        alsoElsewhere=bool(set(a.communities) - visible),
        validFrom=_iso(a.valid_from),
        validUntil=_iso(a.valid_until),
        idleTimeoutMinutes=a.idle_timeout_minutes,
        maxFailedLogins=a.max_failed_logins,
        locked=a.locked(utcnow()),
        disabled=a.disabled,
        mustChangePassword=a.must_change_password,
        lastLoginAt=_iso(a.last_login_at),
        createdAt=_iso(a.created_at) or "",
    )
