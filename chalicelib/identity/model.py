"""Identity's entities, rules and ports: staff and resident accounts, password rules, who may manage whom, and
sessions as refresh-token families. Pure Python.

Staff accounts carry the fields of 001 7.3.3 b / 002 6.4.12: account (username), password, name, phone, validity
period, timeout (idle timeout of a session), maximum login attempts (read as: lock after N failed attempts) and
roles, plus the communities they work in. 004 7.3.13 asks for a configurable automatic logout: a session whose
refresh token has not been used for `idle_timeout_minutes` is over.

A session is a refresh-token family: each refresh hands out the next generation and retires the previous one;
presenting a retired generation means the token was copied, so the whole family is revoked (reuse detection).
Access tokens are short-lived JWTs minted by the API layer from the `Session` the identity service returns.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Protocol

from chalicelib.kernel.errors import Forbidden, InvalidInput, Unauthenticated

ACCESS_TTL_SECONDS = 15 * 60
RESTRICTED_TTL_SECONDS = 10 * 60
STAFF_SESSION_HOURS = 12  # one shift; after that the staff member signs in again
RESIDENT_SESSION_DAYS = 30
RESIDENT_IDLE_DAYS = 7
LOCKOUT_MINUTES = 15
DEFAULT_IDLE_TIMEOUT_MINUTES = 30
DEFAULT_MAX_FAILED_LOGINS = 5
ADMIN_ROLE_NAMES = frozenset({"community.admin", "platform.admin"})
RELATION_ROLES = {"owner": "resident.owner", "family": "resident.family", "tenant": "resident.tenant"}
UNBOUND_RESIDENT_ROLE = "resident.unbound"
PASSWORD_CHANGE_ROLE = "account.password_change"
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,31}$")


# --- passwords ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PasswordPolicy:
    min_length: int = 10
    max_length: int = 128
    min_classes: int = 3  # of lower case, upper case, digits, symbols


def password_problems(password: str, *, username: str, policy: PasswordPolicy = PasswordPolicy()) -> list[str]:
    problems: list[str] = []
    if len(password) < policy.min_length:
        problems.append(f"at least {policy.min_length} characters")
    if len(password) > policy.max_length:
        problems.append(f"at most {policy.max_length} characters")
    classes = sum(
        (
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        )
    )
    if classes < policy.min_classes:
        problems.append(f"at least {policy.min_classes} of: lower case, upper case, digits, symbols")
    if username and username.lower() in password.lower():
        problems.append("must not contain the username")
    return problems


def check_password_policy(password: str, *, username: str, field_name: str = "newPassword") -> None:
    problems = password_problems(password, username=username)
    if problems:
        raise InvalidInput(
            "password does not meet the policy",
            code="WEAK_PASSWORD",
            details=[{"field": field_name, "code": "weak_password", "message": p} for p in problems],
        )


# --- accounts ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StaffAccount:
    account_id: str
    username: str
    name: str
    roles: frozenset[str]
    communities: frozenset[str]
    password_hash: str
    created_at: datetime
    phone_cipher: str | None = None
    phone_index: str | None = None
    phone_masked: str | None = None
    valid_from: datetime | None = None
    valid_until: datetime | None = None
    idle_timeout_minutes: int = DEFAULT_IDLE_TIMEOUT_MINUTES
    max_failed_logins: int = DEFAULT_MAX_FAILED_LOGINS
    failed_logins: int = 0
    locked_until: datetime | None = None
    must_change_password: bool = True
    disabled: bool = False
    password_changed_at: datetime | None = None
    last_login_at: datetime | None = None
    created_by: str = ""
    version: int = 0  # 0 = not stored yet

    @property
    def kind(self) -> str:
        return "admin" if self.roles & ADMIN_ROLE_NAMES else "staff"

    def locked(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until

    def unavailable_reason(self, now: datetime) -> str | None:
        """Why this account may not sign in or refresh right now (password aside), or None."""
        if self.disabled:
            return "ACCOUNT_DISABLED"
        if self.valid_from is not None and now < self.valid_from:
            return "ACCOUNT_NOT_YET_VALID"
        if self.valid_until is not None and now >= self.valid_until:
            return "ACCOUNT_EXPIRED"
        if self.locked(now):
            return "ACCOUNT_LOCKED"
        return None


_UNAVAILABLE_MESSAGES = {
    "ACCOUNT_DISABLED": "this account is disabled",
    "ACCOUNT_NOT_YET_VALID": "this account is not valid yet",
    "ACCOUNT_EXPIRED": "this account's validity period has ended",
    "ACCOUNT_LOCKED": "too many failed sign-ins: this account is locked for a while",
}


def refuse(reason: str) -> Forbidden:
    return Forbidden(_UNAVAILABLE_MESSAGES[reason], code=reason)


def after_failed_login(account: StaffAccount, now: datetime) -> StaffAccount:
    failed = account.failed_logins + 1
    locked_until = account.locked_until
    if failed >= account.max_failed_logins:
        locked_until, failed = now + timedelta(minutes=LOCKOUT_MINUTES), 0
    return replace(account, failed_logins=failed, locked_until=locked_until)


def after_successful_login(account: StaffAccount, now: datetime) -> StaffAccount:
    return replace(account, failed_logins=0, locked_until=None, last_login_at=now)


@dataclass(frozen=True)
class ResidentAccount:
    account_id: str
    openid: str
    created_at: datetime
    unionid: str | None = None
    phone_cipher: str | None = None
    phone_index: str | None = None
    phone_masked: str | None = None
    disabled: bool = False
    last_login_at: datetime | None = None
    version: int = 0


# --- who may manage whom ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Actor:
    """The admin acting on a staff account: their own account id, their communities ("*" = all) and whether they
    are the platform admin."""

    subject: str
    communities: frozenset[str]
    platform: bool = False


COMMUNITY_MANAGEABLE_ROLES = frozenset({"staff.guard", "staff.technician", "staff.manager", "staff.care"})


def management_refusal(actor: Actor, target: StaffAccount) -> Forbidden | None:
    """Why `actor` may not change `target` (password, enable/disable, unlock, roles, scope), or None.

    The one rule for account changes, covering the target's scope as well as the caller's: a community admin may
    only change an account that lies wholly inside their own communities (every community it works in is one of
    theirs, and it is not an every-community account) and holds staff roles only. Anything reaching further
    would let the admin of A take over an account that works in B. Nobody changes their own account here.
    """
    if target.account_id == actor.subject:
        return Forbidden("use your own profile routes for your own account", code="ACCOUNT_NOT_MANAGEABLE")
    if actor.platform:
        return None
    if not target.roles <= COMMUNITY_MANAGEABLE_ROLES:
        return Forbidden("only the platform admin manages admin accounts", code="ACCOUNT_NOT_MANAGEABLE")
    if "*" in actor.communities:
        return None
    if not target.communities or not target.communities <= actor.communities:
        return Forbidden(
            "this account also works in communities you do not manage: only the platform admin may change it; "
            "you may remove it from your community",
            code="ACCOUNT_OUTSIDE_SCOPE",
        )
    return None


# --- sessions ----------------------------------------------------------------------------------------------------

REFRESH_PREFIX = "rt1"
RETIRED_KEPT = 64
_GENERATION = re.compile(r"[0-9]{1,9}")
_TOKEN_PART = re.compile(r"[A-Za-z0-9_-]{1,128}")


@dataclass(frozen=True)
class RefreshFamily:
    family_id: str
    account_id: str
    account_kind: str  # resident | staff
    generation: int
    secret_hash: str
    created_at: datetime
    last_used_at: datetime
    expires_at: datetime
    idle_timeout_seconds: int
    revoked_at: datetime | None = None
    revoked_reason: str | None = None
    retired: tuple[str, ...] = ()  # "generation:secret hash" of the last RETIRED_KEPT generations (reuse detection)
    version: int = 0


@dataclass(frozen=True)
class RefreshToken:
    family_id: str
    generation: int
    secret: str

    def __str__(self) -> str:
        return f"{REFRESH_PREFIX}.{self.family_id}.{self.generation}.{self.secret}"

    @staticmethod
    def parse(text: str) -> RefreshToken:
        parts = text.strip().split(".")
        if (
            len(parts) != 4
            or parts[0] != REFRESH_PREFIX
            or not _GENERATION.fullmatch(parts[2])
            or not _TOKEN_PART.fullmatch(parts[1])
            or not _TOKEN_PART.fullmatch(parts[3])
        ):
            raise Unauthenticated("refresh token invalid", code="REFRESH_TOKEN_INVALID")
        return RefreshToken(parts[1], int(parts[2]), parts[3])


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def secret_matches(family: RefreshFamily, token: RefreshToken) -> bool:
    same_secret = hmac.compare_digest(hash_secret(token.secret), family.secret_hash)
    return token.generation == family.generation and same_secret


def retired_secret_matches(family: RefreshFamily, token: RefreshToken) -> bool:
    presented = f"{token.generation}:{hash_secret(token.secret)}"
    return any(hmac.compare_digest(presented, kept) for kept in family.retired)


def new_refresh_token(family_id: str, generation: int) -> RefreshToken:
    return RefreshToken(family_id, generation, secrets.token_urlsafe(32))


@dataclass(frozen=True)
class Session:
    """What the API layer turns into an access JWT (+ the refresh token, when the session may be refreshed)."""

    subject: str
    kind: str
    roles: frozenset[str]
    communities: frozenset[str]
    households: frozenset[str]
    name: str
    access_ttl_seconds: int
    refresh_token: str | None
    must_change_password: bool = False


# --- ports -------------------------------------------------------------------------------------------------------


class MembershipLike(Protocol):
    @property
    def community_id(self) -> str: ...

    @property
    def house_id(self) -> str: ...

    @property
    def relation(self) -> str: ...


class StaffAccounts(Protocol):
    def get(self, account_id: str) -> StaffAccount | None: ...
    def by_username(self, username: str) -> StaffAccount | None: ...
    def add(self, account: StaffAccount) -> StaffAccount: ...  # Conflict USERNAME_TAKEN
    def replace(self, account: StaffAccount) -> StaffAccount | None: ...  # None when the version moved on
    def in_community(self, community_id: str) -> list[StaffAccount]: ...
    def leave_community(self, account: StaffAccount, community_id: str, *, disable: bool) -> StaffAccount:
        """Drop `community_id` from the account (and disable it when asked), in one write; Conflict when the
        account changed meanwhile."""
        ...


class ResidentAccounts(Protocol):
    def get(self, account_id: str) -> ResidentAccount | None: ...
    def by_openid(self, openid: str) -> ResidentAccount | None: ...
    def add(self, account: ResidentAccount) -> ResidentAccount | None: ...  # None when the openid is taken
    def replace(self, account: ResidentAccount) -> ResidentAccount | None: ...


class RefreshFamilies(Protocol):
    def add(self, family: RefreshFamily) -> None: ...
    def get(self, family_id: str) -> RefreshFamily | None: ...
    def replace(self, family: RefreshFamily) -> bool: ...  # False when the version moved on
    def of_account(self, account_id: str) -> list[RefreshFamily]: ...


class SessionCutoffs(Protocol):
    """Per account, the moment before which every access token is refused (logout, disable, lock, new password,
    a changed scope). Access tokens are stateless JWTs; this is what makes them stop working early."""

    def end_sessions(self, account_id: str, at: datetime) -> None: ...


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...
    def verify(self, password_hash: str, password: str) -> bool: ...
    def needs_rehash(self, password_hash: str) -> bool: ...


@dataclass(frozen=True)
class WechatSession:
    openid: str
    unionid: str | None = None


class Wechat(Protocol):
    def code_to_session(self, code: str) -> WechatSession: ...
    def phone_number(self, code: str) -> str: ...


class PersonalData(Protocol):
    def seal_phone(self, phone: str) -> tuple[str, str, str]: ...  # (ciphertext, blind index, masked)
    def valid_mobile(self, phone: str) -> bool: ...
