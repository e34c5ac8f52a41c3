"""Sign-in and sessions: staff password login and password change, resident WeChat login and phone binding,
refresh (with reuse detection) and logout. Pure Python.

A session is a refresh-token family (see model.py); the `Session` returned here is what the API layer turns into
an access JWT and, when the session may be refreshed, a refresh token.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

from chalicelib.identity.base import IdentityBase
from chalicelib.identity.model import (
    ACCESS_TTL_SECONDS,
    PASSWORD_CHANGE_ROLE,
    RESIDENT_IDLE_DAYS,
    RESIDENT_SESSION_DAYS,
    RESTRICTED_TTL_SECONDS,
    RETIRED_KEPT,
    STAFF_SESSION_HOURS,
    RefreshFamily,
    RefreshToken,
    ResidentAccount,
    Session,
    StaffAccount,
    after_failed_login,
    after_successful_login,
    check_password_policy,
    hash_secret,
    new_refresh_token,
    refuse,
    retired_secret_matches,
    secret_matches,
)
from chalicelib.kernel.errors import Conflict, InvalidInput, Unauthenticated


class SignInAndSessions(IdentityBase):
    """The use cases of signing in, staying signed in and signing out (mixed into `IdentityService`)."""

    # -- staff -----------------------------------------------------------------------------------------------------

    def staff_login(self, username: str, password: str) -> tuple[Session, StaffAccount]:
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

    # -- sessions --------------------------------------------------------------------------------------------------

    def refresh(self, token_text: str) -> Session:
        now = self.now()
        token = RefreshToken.parse(token_text)
        family = self.families.get(token.family_id)
        current = family is not None and secret_matches(family, token)
        retired = family is not None and not current and retired_secret_matches(family, token)
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
        if family is None or not secret_matches(family, token):
            raise Unauthenticated("refresh token invalid", code="REFRESH_TOKEN_INVALID")
        if family.revoked_at is None:
            self._revoke(family, self.now(), "logout")
        self.cutoffs.end_sessions(family.account_id, self.now())
        return family

    # -- internals -------------------------------------------------------------------------------------------------

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
        from chalicelib.kernel.security.principal import resident_scope

        memberships = [(m.community_id, m.house_id, m.relation) for m in self.memberships_of(account.account_id)]
        roles, communities, households = resident_scope(memberships)
        return Session(
            subject=account.account_id,
            kind="resident",
            roles=roles,
            communities=communities,
            households=households,
            name="",
            access_ttl_seconds=ACCESS_TTL_SECONDS,
            refresh_token=refresh,
        )

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
