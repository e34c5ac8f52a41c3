"""The administration of staff accounts (001 7.3.3 / 002 6.4.12): create, find in a community, disable,
enable, unlock, reset the password, remove from a community. Who may change which account is `management_refusal`
(model.py). Pure Python.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime

from chalicelib.identity.base import IdentityBase
from chalicelib.identity.model import (
    COMMUNITY_MANAGEABLE_ROLES,
    USERNAME,
    Actor,
    StaffAccount,
    check_password_policy,
    management_refusal,
)
from chalicelib.kernel.errors import Forbidden, InvalidInput, NotFound


class StaffAdministration(IdentityBase):
    """What an admin does to staff accounts (mixed into `IdentityService`)."""

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
