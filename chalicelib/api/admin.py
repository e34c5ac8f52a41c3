"""Administration: staff accounts (001 7.3.3 / 002 6.4.12) and the audit log (001 10.2.2).

A community admin manages the staff (guard, technician, manager) of their own community; only the platform admin
creates or changes admin accounts and accounts spanning several communities. Phone numbers are shown masked; the
full number is a separate, audited read.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from chalice import Blueprint
from pydantic import Field, StringConstraints, field_validator

from chalicelib.api.contracts import Contract, Cursor, Id, Page
from chalicelib.api.http import Call, endpoint
from chalicelib.domain.errors import Forbidden, InvalidInput
from chalicelib.security.access import Access

bp = Blueprint(__name__)

MAX_AUDIT_RANGE_DAYS = 92
Password = Annotated[str, StringConstraints(min_length=1, max_length=256, strip_whitespace=False)]


EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)


def _parse_time(value: str | None, field_name: str) -> datetime | None:
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


def _service() -> Any:
    from chalicelib import wiring

    return wiring.identity_service()


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


def _check_roles(call: Call[Any], roles: list[str]) -> frozenset[str]:
    from chalicelib.security.permissions import COMMUNITY_ASSIGNABLE_ROLES, PLATFORM_ASSIGNABLE_ROLES

    allowed = PLATFORM_ASSIGNABLE_ROLES if call.who.is_platform_admin else COMMUNITY_ASSIGNABLE_ROLES
    unknown = sorted(set(roles) - PLATFORM_ASSIGNABLE_ROLES)
    if unknown:
        raise InvalidInput(
            "unknown or unassignable roles",
            code="VALIDATION_FAILED",
            details=[{"field": "roles", "code": "unknown_role", "message": r} for r in unknown],
        )
    beyond = sorted(set(roles) - allowed)
    if beyond:
        raise Forbidden(f"you may not grant {', '.join(beyond)}", code="ROLE_NOT_GRANTABLE")
    return frozenset(roles)


def _create(call: Call[Any], body: StaffCreate, communities: frozenset[str]) -> tuple[StaffView, int]:
    from chalicelib.domain.errors import DomainError
    from chalicelib.security import audit

    try:
        roles = _check_roles(call, body.roles)
        account = _service().create_staff(
            username=body.username,
            name=body.name,
            password=body.password,
            roles=roles,
            communities=communities,
            phone=body.phone,
            valid_from=_parse_time(body.validFrom, "validFrom"),
            valid_until=_parse_time(body.validUntil, "validUntil"),
            idle_timeout_minutes=body.idleTimeoutMinutes,
            max_failed_logins=body.maxFailedLogins,
            created_by=call.who.subject,
        )
    except DomainError as exc:
        audit.record_call(
            call,
            "staff.create",
            "username",
            body.username.lower(),
            "denied" if isinstance(exc, Forbidden) else "failed",
            {"code": exc.code},
        )
        raise
    audit.record_call(
        call,
        "staff.create",
        "account",
        account.account_id,
        detail={
            "username": account.username,
            "roles": sorted(account.roles),
            "communities": sorted(account.communities),
        },
    )
    return staff_view(account, call.who), 201


@endpoint(
    bp,
    "POST",
    "/v1/admin/communities/{community_id}/staff",
    audience="admin",
    access=Access.community("staff:manage"),
    request=StaffCreate,
    response=StaffView,
    status=201,
    errors=(400, 403, 409),
    summary="Create a staff account in this community",
)
def create_staff(call: Call[StaffCreate]) -> tuple[StaffView, int]:
    return _create(call, call.body, frozenset({call.path["community_id"]}))


@endpoint(
    bp,
    "POST",
    "/v1/admin/staff",
    audience="admin",
    access=Access.signed_in("platform:manage"),
    request=PlatformStaffCreate,
    response=StaffView,
    status=201,
    errors=(400, 403, 409),
    summary="Platform admin: create any staff or admin account, in any communities",
)
def create_platform_staff(call: Call[PlatformStaffCreate]) -> tuple[StaffView, int]:
    communities = frozenset("*" if c == "_ALL_" else c for c in call.body.communities)
    return _create(call, call.body, communities)


@endpoint(
    bp,
    "GET",
    "/v1/admin/communities/{community_id}/staff",
    audience="admin",
    access=Access.community("staff:manage"),
    query=StaffQuery,
    response=StaffList,
    summary="Staff accounts of this community, searchable by username or name",
)
def list_staff(call: Call[Any]) -> StaffList:
    accounts = _service().staff.in_community(call.path["community_id"])
    needle = (call.query.q or "").lower()
    return StaffList(
        items=[
            staff_view(a, call.who) for a in accounts if not needle or needle in a.username or needle in a.name.lower()
        ]
    )


def actor_of(call: Call[Any]) -> Any:
    """The caller as the identity service's `Actor`: the target's scope is checked there, against theirs."""
    from chalicelib.domain.identity import Actor

    return Actor(subject=call.who.subject, communities=call.who.communities, platform=call.who.is_platform_admin)


def _act(call: Call[Any], operation: str, action: Any) -> StaffView:
    """Run `action(actor, community_id, account_id)` and audit how it ended."""
    from chalicelib.domain.errors import DomainError
    from chalicelib.security import audit

    community_id, account_id = call.path["community_id"], call.path["account_id"]
    try:
        account = action(actor_of(call), community_id, account_id)
    except DomainError as exc:
        outcome = "denied" if isinstance(exc, Forbidden) else "failed"
        audit.record_call(call, operation, "account", account_id, outcome, {"code": exc.code})
        raise
    audit.record_call(call, operation, "account", account.account_id)
    return staff_view(account, call.who)


@endpoint(
    bp,
    "GET",
    "/v1/admin/communities/{community_id}/staff/{account_id}",
    audience="admin",
    access=Access.community("staff:manage"),
    response=StaffView,
    errors=(404,),
    summary="One staff account of this community",
)
def get_staff(call: Call[Any]) -> StaffView:
    return staff_view(_service().staff_in_community(call.path["community_id"], call.path["account_id"]), call.who)


@endpoint(
    bp,
    "GET",
    "/v1/admin/communities/{community_id}/staff/{account_id}/phone",
    audience="admin",
    access=Access.community("people:reveal"),
    response=RevealedPhone,
    errors=(404,),
    summary="The full phone number of a staff account (the read itself is audited)",
)
def reveal_staff_phone(call: Call[Any]) -> RevealedPhone:
    from chalicelib.security import pii

    account = _service().staff_in_community(call.path["community_id"], call.path["account_id"])
    phone = (
        pii.reveal(
            call, account.phone_cipher, purpose="account.phone", target_type="account", target_id=account.account_id
        )
        if account.phone_cipher
        else None
    )
    return RevealedPhone(accountId=account.account_id, phone=phone)


@endpoint(
    bp,
    "POST",
    "/v1/admin/communities/{community_id}/staff/{account_id}/disable",
    audience="admin",
    access=Access.community("staff:manage"),
    response=StaffView,
    errors=(403, 404),
    summary="Disable a staff account and end its sessions",
)
def disable_staff(call: Call[Any]) -> StaffView:
    return _act(call, "staff.disable", _service().disable_staff)


@endpoint(
    bp,
    "POST",
    "/v1/admin/communities/{community_id}/staff/{account_id}/remove",
    audience="admin",
    access=Access.community("staff:manage"),
    response=StaffView,
    errors=(403, 404, 409),
    summary="Remove a staff account from this community (it keeps any other community; with none left it is "
    "disabled); its current access tokens stop working",
)
def remove_staff(call: Call[Any]) -> StaffView:
    return _act(call, "staff.remove_from_community", _service().remove_from_community)


@endpoint(
    bp,
    "POST",
    "/v1/admin/communities/{community_id}/staff/{account_id}/enable",
    audience="admin",
    access=Access.community("staff:manage"),
    response=StaffView,
    errors=(403, 404),
    summary="Enable a disabled staff account",
)
def enable_staff(call: Call[Any]) -> StaffView:
    return _act(call, "staff.enable", _service().enable_staff)


@endpoint(
    bp,
    "POST",
    "/v1/admin/communities/{community_id}/staff/{account_id}/unlock",
    audience="admin",
    access=Access.community("staff:manage"),
    response=StaffView,
    errors=(403, 404),
    summary="Lift a lockout after failed sign-ins",
)
def unlock_staff(call: Call[Any]) -> StaffView:
    return _act(call, "staff.unlock", _service().unlock_staff)


@endpoint(
    bp,
    "POST",
    "/v1/admin/communities/{community_id}/staff/{account_id}/password",
    audience="admin",
    access=Access.community("staff:manage"),
    request=PasswordReset,
    response=StaffView,
    errors=(400, 403, 404),
    summary="Reset a password; the person must change it at next sign-in",
)
def reset_staff_password(call: Call[PasswordReset]) -> StaffView:
    return _act(
        call,
        "staff.reset_password",
        lambda actor, community_id, account_id: _service().reset_password(
            actor, community_id, account_id, call.body.password
        ),
    )


# --- audit log ---------------------------------------------------------------------------------------------------


def _audit_page(community_id: str | None, q: AuditQuery) -> AuditPage:
    from chalicelib import wiring
    from chalicelib.domain.clock import iso, utcnow

    store = wiring.audit_log()

    end = _parse_time(q.to, "to") or utcnow()
    start = _parse_time(q.from_, "from") or end - timedelta(days=1)
    if start > end:
        raise InvalidInput(
            "`from` is after `to`",
            code="VALIDATION_FAILED",
            details=[{"field": "query.from", "code": "after_to", "message": "from > to"}],
        )
    if end - start > timedelta(days=MAX_AUDIT_RANGE_DAYS):
        raise InvalidInput(
            f"query at most {MAX_AUDIT_RANGE_DAYS} days at a time",
            code="VALIDATION_FAILED",
            details=[{"field": "query.from", "code": "range_too_long", "message": "range too long"}],
        )
    if (q.targetType is None) != (q.targetId is None):
        raise InvalidInput(
            "targetType and targetId go together",
            code="VALIDATION_FAILED",
            details=[{"field": "query.targetId", "code": "missing", "message": "give both"}],
        )
    target = (q.targetType, q.targetId) if q.targetType and q.targetId else None
    entries, cursor = store.query(
        community_id, start, end, operator=q.operator, target=target, limit=q.limit, cursor=q.cursor
    )
    return AuditPage(
        nextCursor=cursor,
        items=[
            AuditEntryView(
                id=e.entry_id,
                at=iso(e.at),
                communityId=e.community_id,
                operator=e.operator,
                operatorKind=e.operator_kind,
                operation=e.operation,
                targetType=e.target_type,
                targetId=e.target_id,
                outcome=e.outcome,
                sourceIp=e.source_ip,
                requestId=e.request_id,
                detail=e.detail,
            )
            for e in entries
        ],
    )


@endpoint(
    bp,
    "GET",
    "/v1/admin/communities/{community_id}/audit",
    audience="admin",
    access=Access.community("audit:read"),
    query=AuditQuery,
    response=AuditPage,
    errors=(400,),
    summary="This community's audit log, newest first, by time and optionally operator or target",
)
def community_audit(call: Call[Any]) -> AuditPage:
    return _audit_page(call.path["community_id"], call.query)


@endpoint(
    bp,
    "GET",
    "/v1/admin/platform/audit",
    audience="admin",
    access=Access.signed_in("platform:audit"),
    query=AuditQuery,
    response=AuditPage,
    errors=(400,),
    summary="Platform-level audit log (sign-ins, platform accounts), newest first",
)
def platform_audit(call: Call[Any]) -> AuditPage:
    return _audit_page(None, call.query)
