"""Identity: staff and resident accounts, login rules and sessions (refresh-token families). Pure Python.

Staff accounts carry the fields of 001 7.3.3 b / 002 6.4.12: account (username), password, name, phone, validity
period, timeout (idle timeout of a session), maximum login attempts (read as: lock after N failed attempts) and
roles, plus the communities they work in. 004 7.3.13 asks for a configurable automatic logout: a session whose
refresh token has not been used for `idle_timeout_minutes` is over.

A session is a refresh-token family: each refresh hands out the next generation and retires the previous one;
presenting a retired generation means the token was copied, so the whole family is revoked (reuse detection).
Access tokens are short-lived JWTs minted by the API layer from the `Session` this module returns.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Protocol

from chalicelib.kernel.errors import Conflict, Forbidden, InvalidInput, NotFound, Unauthenticated

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


COMMUNITY_MANAGEABLE_ROLES = frozenset({"staff.guard", "staff.technician", "staff.manager"})


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


def _secret_matches(family: RefreshFamily, token: RefreshToken) -> bool:
    same_secret = hmac.compare_digest(hash_secret(token.secret), family.secret_hash)
    return token.generation == family.generation and same_secret


def _retired_secret_matches(family: RefreshFamily, token: RefreshToken) -> bool:
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


class _NoCutoffs:
    def end_sessions(self, account_id: str, at: datetime) -> None:
        return None


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


# --- the service -------------------------------------------------------------------------------------------------


@dataclass
class IdentityService:
    staff: StaffAccounts
    residents: ResidentAccounts
    families: RefreshFamilies
    hasher: PasswordHasher
    wechat: Wechat
    personal: PersonalData
    memberships_of: Callable[[str], Iterable[MembershipLike]]
    now: Callable[[], datetime]
    cutoffs: SessionCutoffs = field(default_factory=_NoCutoffs)
    _dummy_hash: str = field(default="", init=False)

    # -- staff -----------------------------------------------------------------------------------------------------

    def staff_login(self, username: str, password: str) -> tuple[Session, StaffAccount | None]:
        """Check a password. Answers the session, or raises after recording the failure on the account.

        Unknown usernames and wrong passwords look the same (401, same work). A locked account answers 403 without
        checking the password at all, so guessing during a lockout learns nothing.
        """
        now = self.now()
        account = self.staff.by_username(username.strip().lower())
        if account is None:
            self._burn_a_verification(password)
            raise Unauthenticated("wrong username or password", code="INVALID_CREDENTIALS")
        if account.locked(now):
            raise refuse("ACCOUNT_LOCKED")
        if not self.hasher.verify(account.password_hash, password):
            self._failed_login(account, now)
            raise Unauthenticated("wrong username or password", code="INVALID_CREDENTIALS")
        reason = account.unavailable_reason(now)
        if reason:
            raise refuse(reason)

        def succeed(a: StaffAccount) -> StaffAccount:
            a = after_successful_login(a, now)
            if self.hasher.needs_rehash(a.password_hash):
                a = replace(a, password_hash=self.hasher.hash(password))
            return a

        account = self._save_staff(account, succeed)
        if account.must_change_password:
            return self._restricted_session(account), account
        return self._staff_session(account, now), account

    def change_password(self, account_id: str, current: str, new: str) -> tuple[Session, StaffAccount]:
        now = self.now()
        account = self._staff(account_id)
        reason = account.unavailable_reason(now)
        if reason:
            raise refuse(reason)
        if not self.hasher.verify(account.password_hash, current):
            self._failed_login(account, now)
            raise Unauthenticated("current password is wrong", code="INVALID_CREDENTIALS")
        check_password_policy(new, username=account.username)
        if self.hasher.verify(account.password_hash, new):
            raise InvalidInput(
                "the new password must differ from the current one",
                code="PASSWORD_REUSED",
                details=[{"field": "newPassword", "code": "password_reused", "message": "same as current"}],
            )
        new_hash = self.hasher.hash(new)
        account = self._save_staff(
            account,
            lambda a: replace(
                a, password_hash=new_hash, must_change_password=False, password_changed_at=now, failed_logins=0
            ),
        )
        self.revoke_sessions(account.account_id, "password_changed")
        return self._staff_session(account, now), account

    def create_staff(
        self,
        *,
        username: str,
        name: str,
        password: str,
        roles: frozenset[str],
        communities: frozenset[str],
        phone: str | None,
        valid_from: datetime | None,
        valid_until: datetime | None,
        idle_timeout_minutes: int,
        max_failed_logins: int,
        created_by: str,
    ) -> StaffAccount:
        username = username.strip().lower()
        if not USERNAME.match(username):
            raise InvalidInput(
                "username must be 3-32 characters of a-z, 0-9, '.', '_' or '-'",
                code="VALIDATION_FAILED",
                details=[{"field": "username", "code": "invalid_username", "message": "a-z 0-9 . _ -, 3-32 long"}],
            )
        check_password_policy(password, username=username, field_name="password")
        if valid_from and valid_until and valid_until <= valid_from:
            raise InvalidInput(
                "validUntil must be after validFrom",
                code="VALIDATION_FAILED",
                details=[{"field": "validUntil", "code": "before_valid_from", "message": "ends before it starts"}],
            )
        cipher = index = masked = None
        if phone:
            if not self.personal.valid_mobile(phone):
                raise InvalidInput(
                    "phone is not a mainland mobile number",
                    code="VALIDATION_FAILED",
                    details=[{"field": "phone", "code": "invalid_phone", "message": "11 digits starting with 1"}],
                )
            cipher, index, masked = self.personal.seal_phone(phone)
        account = StaffAccount(
            account_id=uuid.uuid4().hex,
            username=username,
            name=name,
            roles=roles,
            communities=communities,
            password_hash=self.hasher.hash(password),
            created_at=self.now(),
            phone_cipher=cipher,
            phone_index=index,
            phone_masked=masked,
            valid_from=valid_from,
            valid_until=valid_until,
            idle_timeout_minutes=idle_timeout_minutes,
            max_failed_logins=max_failed_logins,
            must_change_password=True,  # an admin chose this password: the person must replace it
            created_by=created_by,
        )
        return self.staff.add(account)

    def staff_in_community(self, community_id: str, account_id: str) -> StaffAccount:
        account = self.staff.get(account_id)
        if account is None or community_id not in account.communities:
            raise NotFound("no such staff account in this community", code="ACCOUNT_NOT_FOUND")
        return account

    def managed_staff(self, actor: Actor, community_id: str, account_id: str) -> StaffAccount:
        """The account, if it works in `community_id` and `actor` may change it (see `management_refusal`)."""
        account = self.staff_in_community(community_id, account_id)
        refusal = management_refusal(actor, account)
        if refusal is not None:
            raise refusal
        return account

    def disable_staff(self, actor: Actor, community_id: str, account_id: str) -> StaffAccount:
        account = self.managed_staff(actor, community_id, account_id)
        account = self._save_staff(account, lambda a: replace(a, disabled=True))
        self.revoke_sessions(account.account_id, "account_disabled")
        return account

    def enable_staff(self, actor: Actor, community_id: str, account_id: str) -> StaffAccount:
        account = self.managed_staff(actor, community_id, account_id)
        return self._save_staff(account, lambda a: replace(a, disabled=False))

    def unlock_staff(self, actor: Actor, community_id: str, account_id: str) -> StaffAccount:
        account = self.managed_staff(actor, community_id, account_id)
        return self._save_staff(account, lambda a: replace(a, locked_until=None, failed_logins=0))

    def reset_password(self, actor: Actor, community_id: str, account_id: str, password: str) -> StaffAccount:
        account = self.managed_staff(actor, community_id, account_id)
        check_password_policy(password, username=account.username, field_name="password")
        new_hash = self.hasher.hash(password)
        account = self._save_staff(
            account,
            lambda a: replace(a, password_hash=new_hash, must_change_password=True, failed_logins=0, locked_until=None),
        )
        self.revoke_sessions(account.account_id, "password_reset")
        return account

    def remove_from_community(self, actor: Actor, community_id: str, account_id: str) -> StaffAccount:
        """Take `community_id` away from an account: what a community admin may always do to an account working in
        their community, even one that also works elsewhere (it keeps its other communities, untouched). An
        account left without any community is disabled and signed out. Its access tokens, which still name the
        community, stop working at once (the session cutoff); a refresh then carries the reduced scope."""
        account = self.staff_in_community(community_id, account_id)
        if account.account_id == actor.subject:
            raise Forbidden("use your own profile routes for your own account", code="ACCOUNT_NOT_MANAGEABLE")
        if not actor.platform and not account.roles <= COMMUNITY_MANAGEABLE_ROLES:
            raise Forbidden("only the platform admin manages admin accounts", code="ACCOUNT_NOT_MANAGEABLE")
        if "*" in account.communities:
            raise Forbidden("an every-community account is changed by the platform admin", code="ACCOUNT_OUTSIDE_SCOPE")
        remaining = account.communities - {community_id}
        account = self.staff.leave_community(account, community_id, disable=not remaining)
        if not remaining:
            self.revoke_sessions(account.account_id, "removed_from_last_community")
        else:
            self.cutoffs.end_sessions(account.account_id, self.now())
        return account

    # -- residents -------------------------------------------------------------------------------------------------

    def resident_login(self, code: str) -> tuple[Session, ResidentAccount]:
        now = self.now()
        wx = self.wechat.code_to_session(code)
        account = self.residents.by_openid(wx.openid)
        if account is None:
            fresh = ResidentAccount(account_id=uuid.uuid4().hex, openid=wx.openid, unionid=wx.unionid, created_at=now)
            # Two first logins of the same person race: the loser reads the winner's account.
            account = self.residents.add(fresh) or self.residents.by_openid(wx.openid)
            if account is None:
                raise Conflict("account is being created, try again", code="ACCOUNT_BUSY")
        if account.disabled:
            raise refuse("ACCOUNT_DISABLED")
        return self._resident_session(account, now), account

    def bind_phone(self, account_id: str, code: str) -> ResidentAccount:
        account = self._resident(account_id)
        phone = self.wechat.phone_number(code)
        if not self.personal.valid_mobile(phone):
            raise InvalidInput("WeChat returned a number that is not a mainland mobile", code="PHONE_UNSUPPORTED")
        cipher, index, masked = self.personal.seal_phone(phone)
        for _ in range(3):
            updated = self.residents.replace(
                replace(account, phone_cipher=cipher, phone_index=index, phone_masked=masked)
            )
            if updated is not None:
                return updated
            account = self._resident(account_id)
        raise Conflict("the account changed meanwhile, try again", code="CONCURRENT_UPDATE")

    def resident(self, account_id: str) -> ResidentAccount:
        return self._resident(account_id)

    def staff_account(self, account_id: str) -> StaffAccount:
        return self._staff(account_id)

    # -- sessions --------------------------------------------------------------------------------------------------

    def refresh(self, token_text: str) -> Session:
        now = self.now()
        token = RefreshToken.parse(token_text)
        family = self.families.get(token.family_id)
        current = family is not None and _secret_matches(family, token)
        retired = family is not None and not current and _retired_secret_matches(family, token)
        if family is None or not (current or retired):
            # Not a token this session ever handed out: refuse it and change nothing (a guessed or forged token
            # must not be able to end someone else's session).
            raise Unauthenticated("refresh token invalid", code="REFRESH_TOKEN_INVALID")
        if family.revoked_at is not None:
            raise Unauthenticated("this session has ended", code="REFRESH_TOKEN_REVOKED")
        if retired:
            # A genuine earlier generation presented again: the token was copied. End the whole session.
            self._revoke(family, now, "reuse_detected")
            self.cutoffs.end_sessions(family.account_id, now)
            raise Unauthenticated("refresh token was already used: session revoked", code="REFRESH_TOKEN_REUSED")
        if now >= family.expires_at:
            self._revoke(family, now, "expired")
            raise Unauthenticated("this session has expired: sign in again", code="SESSION_EXPIRED")
        if now - family.last_used_at > timedelta(seconds=family.idle_timeout_seconds):
            self._revoke(family, now, "idle_timeout")
            raise Unauthenticated("signed out after inactivity: sign in again", code="SESSION_IDLE_TIMEOUT")
        session_of: Callable[[str | None], Session]
        if family.account_kind == "resident":
            resident = self._resident(family.account_id)
            if resident.disabled:
                self._revoke(family, now, "account_disabled")
                raise refuse("ACCOUNT_DISABLED")
            session_of = lambda refresh: self._resident_claims(resident, refresh)  # noqa: E731
        else:
            staff = self._staff(family.account_id)
            reason = staff.unavailable_reason(now)
            if reason or staff.must_change_password:
                self._revoke(family, now, (reason or "password_change_required").lower())
                raise refuse(reason) if reason else Unauthenticated("sign in again", code="SESSION_EXPIRED")
            session_of = lambda refresh: self._staff_claims(staff, now, refresh)  # noqa: E731
        next_token = new_refresh_token(family.family_id, family.generation + 1)
        rotated = replace(
            family,
            generation=next_token.generation,
            secret_hash=hash_secret(next_token.secret),
            last_used_at=now,
            retired=(*family.retired, f"{family.generation}:{family.secret_hash}")[-RETIRED_KEPT:],
        )
        if not self.families.replace(rotated):
            # Someone else rotated this generation first: the same token was presented twice.
            latest = self.families.get(family.family_id)
            if latest is not None:
                self._revoke(latest, now, "reuse_detected")
            raise Unauthenticated("refresh token was already used: session revoked", code="REFRESH_TOKEN_REUSED")
        return session_of(str(next_token))

    def logout(self, token_text: str) -> RefreshFamily:
        """End the session the token belongs to: only with its current secret. A token that does not verify
        (unknown family, wrong or retired secret) changes nothing and is refused: knowing a family id is not
        enough to sign someone out."""
        token = RefreshToken.parse(token_text)
        family = self.families.get(token.family_id)
        if family is None or not _secret_matches(family, token):
            raise Unauthenticated("refresh token invalid", code="REFRESH_TOKEN_INVALID")
        if family.revoked_at is None:
            self._revoke(family, self.now(), "logout")
        self.cutoffs.end_sessions(family.account_id, self.now())
        return family

    def revoke_sessions(self, account_id: str, reason: str) -> int:
        """End every session of the account: refresh families revoked, access tokens cut off."""
        now = self.now()
        self.cutoffs.end_sessions(account_id, now)
        count = 0
        for family in self.families.of_account(account_id):
            if family.revoked_at is None:
                self._revoke(family, now, reason)
                count += 1
        return count

    # -- internals -------------------------------------------------------------------------------------------------

    def _revoke(self, family: RefreshFamily, now: datetime, reason: str) -> None:
        for _ in range(3):
            if family.revoked_at is not None or self.families.replace(
                replace(family, revoked_at=now, revoked_reason=reason)
            ):
                return
            latest = self.families.get(family.family_id)
            if latest is None:
                return
            family = latest
        raise Conflict("session is busy, try again", code="CONCURRENT_UPDATE")

    def _new_family(self, account_id: str, kind: str, now: datetime, lifetime: timedelta, idle: timedelta) -> str:
        family_id = secrets.token_urlsafe(16)
        token = new_refresh_token(family_id, 1)
        self.families.add(
            RefreshFamily(
                family_id=family_id,
                account_id=account_id,
                account_kind=kind,
                generation=1,
                secret_hash=hash_secret(token.secret),
                created_at=now,
                last_used_at=now,
                expires_at=now + lifetime,
                idle_timeout_seconds=int(idle.total_seconds()),
            )
        )
        return str(token)

    def _staff_session(self, account: StaffAccount, now: datetime) -> Session:
        lifetime = timedelta(hours=STAFF_SESSION_HOURS)
        if account.valid_until is not None:
            lifetime = min(lifetime, account.valid_until - now)
        refresh = self._new_family(
            account.account_id, "staff", now, lifetime, timedelta(minutes=account.idle_timeout_minutes)
        )
        return self._staff_claims(account, now, refresh)

    def _staff_claims(self, account: StaffAccount, now: datetime, refresh: str | None) -> Session:
        ttl = min(ACCESS_TTL_SECONDS, account.idle_timeout_minutes * 60)
        if account.valid_until is not None:
            ttl = min(ttl, max(1, int((account.valid_until - now).total_seconds())))
        return Session(
            subject=account.account_id,
            kind=account.kind,
            roles=account.roles,
            communities=account.communities,
            households=frozenset(),
            name=account.name,
            access_ttl_seconds=ttl,
            refresh_token=refresh,
        )

    def _restricted_session(self, account: StaffAccount) -> Session:
        """A token that can only change the password: no community, no refresh."""
        return Session(
            subject=account.account_id,
            kind=account.kind,
            roles=frozenset({PASSWORD_CHANGE_ROLE}),
            communities=frozenset(),
            households=frozenset(),
            name=account.name,
            access_ttl_seconds=RESTRICTED_TTL_SECONDS,
            refresh_token=None,
            must_change_password=True,
        )

    def _resident_session(self, account: ResidentAccount, now: datetime) -> Session:
        refresh = self._new_family(
            account.account_id,
            "resident",
            now,
            timedelta(days=RESIDENT_SESSION_DAYS),
            timedelta(days=RESIDENT_IDLE_DAYS),
        )
        return self._resident_claims(account, refresh)

    def _resident_claims(self, account: ResidentAccount, refresh: str | None) -> Session:
        memberships = list(self.memberships_of(account.account_id))
        roles = {RELATION_ROLES[m.relation] for m in memberships if m.relation in RELATION_ROLES}
        return Session(
            subject=account.account_id,
            kind="resident",
            roles=frozenset(roles or {UNBOUND_RESIDENT_ROLE}),
            communities=frozenset(m.community_id for m in memberships),
            households=frozenset(m.house_id for m in memberships),
            name="",
            access_ttl_seconds=ACCESS_TTL_SECONDS,
            refresh_token=refresh,
        )

    def _staff(self, account_id: str) -> StaffAccount:
        account = self.staff.get(account_id)
        if account is None:
            raise Unauthenticated("account no longer exists", code="ACCOUNT_NOT_FOUND")
        return account

    def _resident(self, account_id: str) -> ResidentAccount:
        account = self.residents.get(account_id)
        if account is None:
            raise Unauthenticated("account no longer exists", code="ACCOUNT_NOT_FOUND")
        return account

    def _save_staff(self, account: StaffAccount, change: Callable[[StaffAccount], StaffAccount]) -> StaffAccount:
        """Apply `change` with optimistic locking, re-reading and re-applying when another write got there first."""
        for _ in range(3):
            saved = self.staff.replace(change(account))
            if saved is not None:
                return saved
            latest = self.staff.get(account.account_id)
            if latest is None:
                raise NotFound("account no longer exists", code="ACCOUNT_NOT_FOUND")
            account = latest
        raise Conflict("the account changed meanwhile, try again", code="CONCURRENT_UPDATE")

    def _failed_login(self, account: StaffAccount, now: datetime) -> None:
        """Count a failure; the one that locks the account also ends its sessions (its tokens stop working)."""
        saved = self._save_staff(account, lambda a: after_failed_login(a, now))
        if saved.locked(now):
            self.revoke_sessions(saved.account_id, "account_locked")

    def _burn_a_verification(self, password: str) -> None:
        """Spend the same time as a real check, so response time does not tell which usernames exist."""
        if not self._dummy_hash:
            self._dummy_hash = self.hasher.hash(secrets.token_urlsafe(16))
        self.hasher.verify(self._dummy_hash, password)
