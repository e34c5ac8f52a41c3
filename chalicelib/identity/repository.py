"""Accounts and sessions in the identity table.

Layout (every read a GetItem or a Query):
- staff account      pk `ACCT#{id}`, sk `STAFF`; gsi2 `PHONE#{blind index}` / `STAFF#{id}` (find by phone)
- resident account   pk `ACCT#{id}`, sk `RESIDENT`; gsi1 `OPENID#{openid}` / `RESIDENT`; gsi2 `PHONE#{index}`
- uniqueness claims  pk `USERNAME#{username}` or `OPENID#{openid}`, sk `CLAIM`, holding the account id: written in
  the same transaction as the account, so two accounts can never share a username or an openid, and the login
  look-up is a strongly consistent GetItem
- staff in community pk `C#{community}#STAFF`, sk `ACCT#{id}` (listing a community's staff)
- session cutoff     pk `ACCT#{id}`, sk `SESSIONS`: `not_before_ms`, access tokens issued earlier are refused
- refresh family     pk `RT#{family}`, sk `FAMILY`; gsi1 `ACCT#{account}#RT` / created time (revoke all of a user's)
Accounts and families carry a version for optimistic locking.
"""

from __future__ import annotations

from dataclasses import replace

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.exceptions import PutError, TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib.identity.model import RefreshFamily, ResidentAccount, StaffAccount
from chalicelib.kernel.clock import iso
from chalicelib.kernel.dynamo import transaction_connection, write_refused
from chalicelib.kernel.errors import Conflict
from chalicelib.kernel.security.session_cutoffs import account_pk
from chalicelib.kernel.tables import IdentityTable


class Claim(IdentityTable):
    account_id = UnicodeAttribute()


class StaffLink(IdentityTable):
    account_id = UnicodeAttribute()


class StaffRecord(IdentityTable):
    account_id = UnicodeAttribute()
    username = UnicodeAttribute()
    name = UnicodeAttribute()
    roles = UnicodeSetAttribute()
    communities = UnicodeSetAttribute(null=True)
    password_hash = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    phone_cipher = UnicodeAttribute(null=True)
    phone_index = UnicodeAttribute(null=True)
    phone_masked = UnicodeAttribute(null=True)
    valid_from = UTCDateTimeAttribute(null=True)
    valid_until = UTCDateTimeAttribute(null=True)
    idle_timeout_minutes = NumberAttribute()
    max_failed_logins = NumberAttribute()
    failed_logins = NumberAttribute(default=0)
    locked_until = UTCDateTimeAttribute(null=True)
    must_change_password = BooleanAttribute(default=True)
    disabled = BooleanAttribute(default=False)
    password_changed_at = UTCDateTimeAttribute(null=True)
    last_login_at = UTCDateTimeAttribute(null=True)
    created_by = UnicodeAttribute(default="")
    row_version = NumberAttribute()


class ResidentRecord(IdentityTable):
    account_id = UnicodeAttribute()
    openid = UnicodeAttribute()
    unionid = UnicodeAttribute(null=True)
    created_at = UTCDateTimeAttribute()
    phone_cipher = UnicodeAttribute(null=True)
    phone_index = UnicodeAttribute(null=True)
    phone_masked = UnicodeAttribute(null=True)
    disabled = BooleanAttribute(default=False)
    last_login_at = UTCDateTimeAttribute(null=True)
    row_version = NumberAttribute()


class FamilyRecord(IdentityTable):
    family_id = UnicodeAttribute()
    account_id = UnicodeAttribute()
    account_kind = UnicodeAttribute()
    generation = NumberAttribute()
    secret_hash = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    last_used_at = UTCDateTimeAttribute()
    expires_at = UTCDateTimeAttribute()
    idle_timeout_seconds = NumberAttribute()
    revoked_at = UTCDateTimeAttribute(null=True)
    revoked_reason = UnicodeAttribute(null=True)
    retired = ListAttribute(of=UnicodeAttribute, null=True)  # type: ignore[var-annotated]
    row_version = NumberAttribute()


# --- staff -------------------------------------------------------------------------------------------------------


def _staff_record(a: StaffAccount, version: int) -> StaffRecord:
    return StaffRecord(
        pk=account_pk(a.account_id),
        sk="STAFF",
        gsi2pk=f"PHONE#{a.phone_index}" if a.phone_index else None,
        gsi2sk=f"STAFF#{a.account_id}" if a.phone_index else None,
        account_id=a.account_id,
        username=a.username,
        name=a.name,
        roles=set(a.roles),
        communities=set(a.communities) or None,
        password_hash=a.password_hash,
        created_at=a.created_at,
        phone_cipher=a.phone_cipher,
        phone_index=a.phone_index,
        phone_masked=a.phone_masked,
        valid_from=a.valid_from,
        valid_until=a.valid_until,
        idle_timeout_minutes=a.idle_timeout_minutes,
        max_failed_logins=a.max_failed_logins,
        failed_logins=a.failed_logins,
        locked_until=a.locked_until,
        must_change_password=a.must_change_password,
        disabled=a.disabled,
        password_changed_at=a.password_changed_at,
        last_login_at=a.last_login_at,
        created_by=a.created_by,
        row_version=version,
    )


def _staff(r: StaffRecord) -> StaffAccount:
    return StaffAccount(
        account_id=r.account_id,
        username=r.username,
        name=r.name,
        roles=frozenset(r.roles or ()),
        communities=frozenset(r.communities or ()),
        password_hash=r.password_hash,
        created_at=r.created_at,
        phone_cipher=r.phone_cipher,
        phone_index=r.phone_index,
        phone_masked=r.phone_masked,
        valid_from=r.valid_from,
        valid_until=r.valid_until,
        idle_timeout_minutes=int(r.idle_timeout_minutes),
        max_failed_logins=int(r.max_failed_logins),
        failed_logins=int(r.failed_logins or 0),
        locked_until=r.locked_until,
        must_change_password=bool(r.must_change_password),
        disabled=bool(r.disabled),
        password_changed_at=r.password_changed_at,
        last_login_at=r.last_login_at,
        created_by=r.created_by or "",
        version=int(r.row_version),
    )


class DynamoStaffAccounts:
    def get(self, account_id: str) -> StaffAccount | None:
        try:
            return _staff(StaffRecord.get(account_pk(account_id), "STAFF", consistent_read=True))
        except StaffRecord.DoesNotExist:
            return None

    def by_username(self, username: str) -> StaffAccount | None:
        try:
            claim = Claim.get(f"USERNAME#{username}", "CLAIM", consistent_read=True)
        except Claim.DoesNotExist:
            return None
        return self.get(claim.account_id)

    def add(self, account: StaffAccount) -> StaffAccount:
        """Account, username claim and community links in one transaction: all or nothing."""
        record = _staff_record(account, 1)
        try:
            with TransactWrite(connection=transaction_connection(StaffRecord)) as t:
                t.save(
                    Claim(pk=f"USERNAME#{account.username}", sk="CLAIM", account_id=account.account_id),
                    condition=Claim.pk.does_not_exist(),
                )
                t.save(record, condition=StaffRecord.pk.does_not_exist())
                for community in sorted(account.communities - {"*"}):
                    t.save(
                        StaffLink(
                            pk=f"C#{community}#STAFF", sk=account_pk(account.account_id), account_id=account.account_id
                        )
                    )
        except TransactWriteError as exc:
            if write_refused(exc):
                raise Conflict(f"username {account.username} is taken", code="USERNAME_TAKEN") from exc
            raise
        return _staff(record)

    def replace(self, account: StaffAccount) -> StaffAccount | None:
        record = _staff_record(account, account.version + 1)
        try:
            record.save(condition=StaffRecord.row_version == account.version)
        except PutError as exc:
            if write_refused(exc):
                return None
            raise
        return _staff(record)

    def leave_community(self, account: StaffAccount, community_id: str, *, disable: bool) -> StaffAccount:
        """The account without `community_id` (and disabled when asked) and its community link gone, together."""
        remaining = account.communities - {community_id}
        changed = replace(account, communities=remaining, disabled=account.disabled or disable)
        record = _staff_record(changed, account.version + 1)
        try:
            with TransactWrite(connection=transaction_connection(StaffRecord)) as t:
                t.save(record, condition=StaffRecord.row_version == account.version)
                t.delete(StaffLink(pk=f"C#{community_id}#STAFF", sk=account_pk(account.account_id)))
        except TransactWriteError as exc:
            if write_refused(exc):
                raise Conflict("the account changed meanwhile, try again", code="CONCURRENT_UPDATE") from exc
            raise
        return _staff(record)

    def in_community(self, community_id: str) -> list[StaffAccount]:
        ids = [link.account_id for link in StaffLink.query(f"C#{community_id}#STAFF")]
        if not ids:
            return []
        records = StaffRecord.batch_get([(account_pk(i), "STAFF") for i in ids])
        return sorted((_staff(r) for r in records), key=lambda a: a.username)


# --- residents ---------------------------------------------------------------------------------------------------


def _resident_record(a: ResidentAccount, version: int) -> ResidentRecord:
    return ResidentRecord(
        pk=account_pk(a.account_id),
        sk="RESIDENT",
        gsi1pk=f"OPENID#{a.openid}",
        gsi1sk="RESIDENT",
        gsi2pk=f"PHONE#{a.phone_index}" if a.phone_index else None,
        gsi2sk=f"RESIDENT#{a.account_id}" if a.phone_index else None,
        account_id=a.account_id,
        openid=a.openid,
        unionid=a.unionid,
        created_at=a.created_at,
        phone_cipher=a.phone_cipher,
        phone_index=a.phone_index,
        phone_masked=a.phone_masked,
        disabled=a.disabled,
        last_login_at=a.last_login_at,
        row_version=version,
    )


def _resident(r: ResidentRecord) -> ResidentAccount:
    return ResidentAccount(
        account_id=r.account_id,
        openid=r.openid,
        unionid=r.unionid,
        created_at=r.created_at,
        phone_cipher=r.phone_cipher,
        phone_index=r.phone_index,
        phone_masked=r.phone_masked,
        disabled=bool(r.disabled),
        last_login_at=r.last_login_at,
        version=int(r.row_version),
    )


class DynamoResidentAccounts:
    def get(self, account_id: str) -> ResidentAccount | None:
        try:
            return _resident(ResidentRecord.get(account_pk(account_id), "RESIDENT", consistent_read=True))
        except ResidentRecord.DoesNotExist:
            return None

    def by_openid(self, openid: str) -> ResidentAccount | None:
        try:
            claim = Claim.get(f"OPENID#{openid}", "CLAIM", consistent_read=True)
        except Claim.DoesNotExist:
            return None
        return self.get(claim.account_id)

    def add(self, account: ResidentAccount) -> ResidentAccount | None:
        record = _resident_record(account, 1)
        try:
            with TransactWrite(connection=transaction_connection(ResidentRecord)) as t:
                t.save(
                    Claim(pk=f"OPENID#{account.openid}", sk="CLAIM", account_id=account.account_id),
                    condition=Claim.pk.does_not_exist(),
                )
                t.save(record, condition=ResidentRecord.pk.does_not_exist())
        except TransactWriteError as exc:
            if write_refused(exc):
                return None
            raise
        return _resident(record)

    def replace(self, account: ResidentAccount) -> ResidentAccount | None:
        record = _resident_record(account, account.version + 1)
        try:
            record.save(condition=ResidentRecord.row_version == account.version)
        except PutError as exc:
            if write_refused(exc):
                return None
            raise
        return _resident(record)


# --- refresh-token families --------------------------------------------------------------------------------------


def _family_record(f: RefreshFamily, version: int) -> FamilyRecord:
    return FamilyRecord(
        pk=f"RT#{f.family_id}",
        sk="FAMILY",
        gsi1pk=f"{account_pk(f.account_id)}#RT",
        gsi1sk=f"{iso(f.created_at)}#{f.family_id}",
        family_id=f.family_id,
        account_id=f.account_id,
        account_kind=f.account_kind,
        generation=f.generation,
        secret_hash=f.secret_hash,
        created_at=f.created_at,
        last_used_at=f.last_used_at,
        expires_at=f.expires_at,
        idle_timeout_seconds=f.idle_timeout_seconds,
        revoked_at=f.revoked_at,
        revoked_reason=f.revoked_reason,
        retired=list(f.retired) or None,
        row_version=version,
    )


def _family(r: FamilyRecord) -> RefreshFamily:
    return RefreshFamily(
        family_id=r.family_id,
        account_id=r.account_id,
        account_kind=r.account_kind,
        generation=int(r.generation),
        secret_hash=r.secret_hash,
        created_at=r.created_at,
        last_used_at=r.last_used_at,
        expires_at=r.expires_at,
        idle_timeout_seconds=int(r.idle_timeout_seconds),
        revoked_at=r.revoked_at,
        revoked_reason=r.revoked_reason,
        retired=tuple(str(h) for h in (r.retired or ())),
        version=int(r.row_version),
    )


class DynamoRefreshFamilies:
    def add(self, family: RefreshFamily) -> None:
        _family_record(family, 1).save(condition=FamilyRecord.pk.does_not_exist())

    def get(self, family_id: str) -> RefreshFamily | None:
        try:
            return _family(FamilyRecord.get(f"RT#{family_id}", "FAMILY", consistent_read=True))
        except FamilyRecord.DoesNotExist:
            return None

    def replace(self, family: RefreshFamily) -> bool:
        try:
            _family_record(family, family.version + 1).save(condition=FamilyRecord.row_version == family.version)
        except PutError as exc:
            if write_refused(exc):
                return False
            raise
        return True

    def of_account(self, account_id: str) -> list[RefreshFamily]:
        return [_family(r) for r in FamilyRecord.gsi1.query(f"{account_pk(account_id)}#RT")]
