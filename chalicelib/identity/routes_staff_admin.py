"""Staff accounts (001 7.3.3 / 002 6.4.12): create, list, read, reveal the phone, disable, remove, enable, unlock,
reset the password.

A community admin manages the staff (guard, technician, manager) of their own community; only the platform admin
creates or changes admin accounts and accounts spanning several communities. Phone numbers are shown masked; the
full number is a separate, audited read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from chalice import Blueprint

from chalicelib.identity.contracts import (
    PasswordReset,
    PlatformStaffCreate,
    RevealedPhone,
    StaffCreate,
    StaffList,
    StaffQuery,
    StaffView,
    staff_view,
)
from chalicelib.kernel.errors import Forbidden, InvalidInput
from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.security.access import Access

if TYPE_CHECKING:
    from chalicelib.identity.model import Actor, StaffAccount
    from chalicelib.identity.service import IdentityService

bp = Blueprint(__name__)


def _service() -> IdentityService:
    from chalicelib.identity import wiring

    return wiring.identity_service()


def _check_roles(call: Call[Any], roles: list[str]) -> frozenset[str]:
    from chalicelib.kernel.security.permissions import COMMUNITY_ASSIGNABLE_ROLES, PLATFORM_ASSIGNABLE_ROLES

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
    from chalicelib import audit
    from chalicelib.kernel.errors import DomainError

    try:
        roles = _check_roles(call, body.roles)
        account = _service().create_staff(
            username=body.username,
            name=body.name,
            password=body.password,
            roles=roles,
            communities=communities,
            phone=body.phone,
            valid_from=body.validFrom,
            valid_until=body.validUntil,
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


def actor_of(call: Call[Any]) -> Actor:
    """The caller as the identity service's `Actor`: the target's scope is checked there, against theirs."""
    from chalicelib.identity.model import Actor

    return Actor(subject=call.who.subject, communities=call.who.communities, platform=call.who.is_platform_admin)


def _act(call: Call[Any], operation: str, action: Callable[[Actor, str, str], StaffAccount]) -> StaffView:
    """Run `action(actor, community_id, account_id)` and audit how it ended."""
    from chalicelib import audit
    from chalicelib.kernel.errors import DomainError

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
    from chalicelib.kernel.security import pii

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
