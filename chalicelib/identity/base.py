"""What every identity use case shares: the ports, the account look-ups, optimistic saves of staff accounts,
and ending an account's sessions (a new password, a lockout, a disable or a removal all end them). Pure Python.

`IdentityService` (service.py) is this base with its two groups of use cases: sign-in and sessions (`sign_in.py`)
and the administration of staff accounts (`staff_admin.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime

from chalicelib.identity.model import (
    MembershipLike,
    PasswordHasher,
    PersonalData,
    RefreshFamilies,
    RefreshFamily,
    ResidentAccount,
    ResidentAccounts,
    SessionCutoffs,
    StaffAccount,
    StaffAccounts,
    Wechat,
)
from chalicelib.kernel.errors import Conflict, NotFound, Unauthenticated


class _NoCutoffs:
    def end_sessions(self, account_id: str, at: datetime) -> None:
        return None


@dataclass
class IdentityBase:
    """The ports of the identity service (its constructor arguments) and what both groups of use cases need."""

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

    # -- accounts --------------------------------------------------------------------------------------------------

    def resident(self, account_id: str) -> ResidentAccount:
        return self._resident(account_id)

    def staff_account(self, account_id: str) -> StaffAccount:
        return self._staff(account_id)

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

    # -- ending sessions -------------------------------------------------------------------------------------------

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
