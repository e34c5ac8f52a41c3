"""Sign-in and sessions: resident login through WeChat, staff password login, refresh, logout, profile, password.

Every attempt, good or bad, leaves an audit entry (`auth.*`). Wrong credentials answer 401, an account that may
not sign in (locked, disabled, outside its validity period) 403, and neither issues a token.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalice import Blueprint

from chalicelib.identity.contracts import (
    PasswordChange,
    PhoneBinding,
    RefreshRequest,
    ResidentLogin,
    ResidentProfile,
    StaffLogin,
    StaffProfile,
    TokenResponse,
)
from chalicelib.kernel.errors import DomainError
from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.security.access import Access

if TYPE_CHECKING:
    from chalicelib.identity.model import Session, StaffAccount
    from chalicelib.identity.service import IdentityService

bp = Blueprint(__name__)


def _service() -> IdentityService:
    from chalicelib.identity import wiring

    return wiring.identity_service()


def token_response(session: Session) -> TokenResponse:
    from chalicelib.kernel.security.principal import Principal
    from chalicelib.kernel.security.tokens import issue_access_token

    principal = Principal(
        subject=session.subject,
        kind=session.kind,
        roles=session.roles,
        communities=session.communities,
        households=session.households,
        name=session.name,
    )
    return TokenResponse(
        accessToken=issue_access_token(principal, session.access_ttl_seconds),
        expiresIn=session.access_ttl_seconds,
        refreshToken=session.refresh_token,
        mustChangePassword=session.must_change_password,
        kind=session.kind,
        roles=sorted(session.roles),
        communities=sorted(session.communities),
        households=sorted(session.households),
    )


UNVERIFIED = "unverified"


def _verified_family(family: str, exc: DomainError) -> str:
    return UNVERIFIED if exc.code == "REFRESH_TOKEN_INVALID" else family


def _audited_failure(
    call: Call[Any], operation: str, target_type: str, target_id: str, exc: DomainError, operator: str | None = None
) -> None:
    from chalicelib import audit

    outcome = "denied" if exc.code.startswith(("ACCOUNT_", "WECHAT_RISKY", "REFRESH_TOKEN_REUSED")) else "failed"
    audit.record_call(call, operation, target_type, target_id, outcome, {"code": exc.code}, operator=operator)


@endpoint(
    bp,
    "POST",
    "/v1/public/resident/login",
    audience="public",
    access=Access.anyone(),
    request=ResidentLogin,
    response=TokenResponse,
    errors=(400, 401, 403, 429, 503),
    summary="Resident sign-in from the mini-program with a wx.login code",
    operation_id="signInResident",
)
def resident_login(call: Call[ResidentLogin]) -> TokenResponse:
    from chalicelib import audit

    try:
        session, account = _service().resident_login(call.body.code)
    except DomainError as exc:
        _audited_failure(call, "auth.resident_login", "account", "unknown", exc)
        raise
    audit.record_call(call, "auth.resident_login", "account", account.account_id, operator=account.account_id)
    return token_response(session)


@endpoint(
    bp,
    "POST",
    "/v1/public/staff/login",
    audience="public",
    access=Access.anyone(),
    request=StaffLogin,
    response=TokenResponse,
    errors=(400, 401, 403),
    summary="Staff and admin sign-in with username and password",
    operation_id="signInStaff",
)
def staff_login(call: Call[StaffLogin]) -> TokenResponse:
    from chalicelib import audit

    username = call.body.username.lower()
    try:
        session, account = _service().staff_login(username, call.body.password)
    except DomainError as exc:
        _audited_failure(call, "auth.staff_login", "username", username, exc, operator=f"username:{username}")
        raise
    community = next(iter(account.communities)) if len(account.communities) == 1 else None
    audit.record_call(
        call,
        "auth.staff_login",
        "account",
        account.account_id,
        community_id=community,
        operator=account.account_id,
        detail={"mustChangePassword": account.must_change_password},
    )
    return token_response(session)


@endpoint(
    bp,
    "POST",
    "/v1/public/token/refresh",
    audience="public",
    access=Access.anyone(),
    request=RefreshRequest,
    response=TokenResponse,
    errors=(400, 401, 403),
    summary="Exchange a refresh token for a new access token and the next refresh token",
    operation_id="refreshSession",
)
def refresh(call: Call[RefreshRequest]) -> TokenResponse:
    from chalicelib import audit

    family = call.body.refreshToken.split(".")[1] if call.body.refreshToken.count(".") == 3 else "malformed"
    try:
        session = _service().refresh(call.body.refreshToken)
    except DomainError as exc:
        # A token that did not verify names no session: its family id is whatever the sender typed.
        _audited_failure(call, "auth.refresh", "session", _verified_family(family, exc), exc)
        raise
    audit.record_call(call, "auth.refresh", "session", family, operator=session.subject)
    return token_response(session)


@endpoint(
    bp,
    "POST",
    "/v1/public/logout",
    audience="public",
    access=Access.anyone(),
    request=RefreshRequest,
    status=204,
    errors=(400, 401),
    summary="End a session: its refresh token and every later one stop working",
    operation_id="signOut",
)
def logout(call: Call[RefreshRequest]) -> None:
    from chalicelib import audit

    try:
        family = _service().logout(call.body.refreshToken)
    except DomainError as exc:
        _audited_failure(call, "auth.logout", "session", UNVERIFIED, exc)
        raise
    audit.record_call(call, "auth.logout", "session", family.family_id, operator=family.account_id)


@endpoint(
    bp,
    "GET",
    "/v1/resident/me",
    audience="resident",
    access=Access.signed_in("resident:me"),
    response=ResidentProfile,
    summary="The signed-in resident: masked phone and current households",
    operation_id="getResidentProfile",
)
def resident_me(call: Call[Any]) -> ResidentProfile:
    account = _service().resident(call.who.subject)
    return ResidentProfile(
        accountId=account.account_id,
        phone=account.phone_masked,
        roles=sorted(call.who.roles),
        communities=sorted(call.who.communities),
        households=sorted(call.who.households),
    )


@endpoint(
    bp,
    "POST",
    "/v1/resident/phone",
    audience="resident",
    access=Access.signed_in("resident:phone"),
    request=PhoneBinding,
    response=ResidentProfile,
    errors=(400, 401, 403, 429, 503),
    summary="Bind the resident's phone number from a getPhoneNumber code (stored encrypted)",
)
def bind_phone(call: Call[PhoneBinding]) -> ResidentProfile:
    from chalicelib import audit

    try:
        account = _service().bind_phone(call.who.subject, call.body.code)
    except DomainError as exc:
        _audited_failure(call, "resident.bind_phone", "account", call.who.subject, exc)
        raise
    audit.record_call(
        call, "resident.bind_phone", "account", account.account_id, detail={"phone": account.phone_masked}
    )
    return ResidentProfile(
        accountId=account.account_id,
        phone=account.phone_masked,
        roles=sorted(call.who.roles),
        communities=sorted(call.who.communities),
        households=sorted(call.who.households),
    )


def staff_profile(account: StaffAccount) -> StaffProfile:
    from chalicelib.kernel.clock import iso
    from chalicelib.kernel.security.permissions import permissions_of

    return StaffProfile(
        accountId=account.account_id,
        username=account.username,
        name=account.name,
        phone=account.phone_masked,
        roles=sorted(account.roles),
        communities=sorted(account.communities),
        validUntil=iso(account.valid_until) if account.valid_until else None,
        mustChangePassword=account.must_change_password,
        idleTimeoutMinutes=account.idle_timeout_minutes,
        permissions=sorted(permissions_of(set(account.roles))),
    )


@endpoint(
    bp,
    "GET",
    "/v1/staff/me",
    audience="staff",
    access=Access.signed_in("staff:me"),
    response=StaffProfile,
    summary="The signed-in staff member or admin",
    operation_id="getStaffProfile",
)
def staff_me(call: Call[Any]) -> StaffProfile:
    from chalicelib import registry

    profile = staff_profile(_service().staff_account(call.who.subject))
    names = {c: registry.community_name(c) for c in profile.communities if c != "*"}
    return profile.model_copy(update={"communityNames": {c: n for c, n in names.items() if n}})


@endpoint(
    bp,
    "POST",
    "/v1/staff/password",
    audience="staff",
    access=Access.signed_in("password:change"),
    request=PasswordChange,
    response=TokenResponse,
    errors=(400, 401, 403),
    summary="Change one's own password (required after an admin set it); ends every other session",
)
def change_password(call: Call[PasswordChange]) -> TokenResponse:
    from chalicelib import audit

    try:
        session, account = _service().change_password(
            call.who.subject, call.body.currentPassword, call.body.newPassword
        )
    except DomainError as exc:
        _audited_failure(call, "auth.change_password", "account", call.who.subject, exc)
        raise
    audit.record_call(call, "auth.change_password", "account", account.account_id)
    return token_response(session)
