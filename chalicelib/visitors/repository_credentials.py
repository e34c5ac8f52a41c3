"""Access credentials in the visitors table.

- credential  pk `C#{c}#CRED#{id}` sk `CRED`; gsi1 holder `C#{c}#HOLDER#{holder}#CREDS`, gsi2 house
              `C#{c}#HOUSE#{h}#CREDS`;
- reference   pk `C#{c}#CREDREF#{kind}#{reference}` sk `REF`: one live credential per card/QR/face/app reference
              (a gate's lookup is one GetItem); released, not deleted, when its credential is deregistered;
- holder set  pk `C#{c}#HOLDER#{person}#CREDSET` sk `H#{house}` with a counter bumped by every issue: the move-out
              transaction checks it, so a credential issued between reading the person's credentials and committing
              the move-out cancels the move-out (retry) instead of surviving it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from pynamodb.attributes import JSONAttribute, NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib.kernel.clock import iso
from chalicelib.kernel.dynamo import transaction_connection
from chalicelib.kernel.errors import Conflict
from chalicelib.kernel.tables import VisitorTable
from chalicelib.visitors.credentials import DEREGISTERED, Credential


class CredentialRecord(VisitorTable):
    credential_id = UnicodeAttribute()
    community_id = UnicodeAttribute()
    holder_kind = UnicodeAttribute()
    holder_id = UnicodeAttribute()
    house_id = UnicodeAttribute(null=True)
    kind = UnicodeAttribute()
    reference = UnicodeAttribute()
    valid_until = UTCDateTimeAttribute()
    issued_by = UnicodeAttribute()
    issued_at = UTCDateTimeAttribute()
    status = UnicodeAttribute()
    areas = JSONAttribute(default=list)
    doors = JSONAttribute(default=list)
    floors = JSONAttribute(default=list)
    updated_at = UTCDateTimeAttribute(null=True)
    history = JSONAttribute(default=list)
    ingested_at = UTCDateTimeAttribute()
    data_source = UnicodeAttribute(default="manual")


class ReferenceLock(VisitorTable):
    credential_id = UnicodeAttribute()
    status = UnicodeAttribute(default="live")  # live | released


class HolderSet(VisitorTable):
    issued = NumberAttribute(default=0)


def credential_pk(community_id: str, credential_id: str) -> str:
    return f"C#{community_id}#CRED#{credential_id}"


def reference_pk(community_id: str, kind: str, reference: str) -> str:
    return f"C#{community_id}#CREDREF#{kind}#{reference}"


def holder_set_key(community_id: str, person_id: str, house_id: str) -> tuple[str, str]:
    return f"C#{community_id}#HOLDER#{person_id}#CREDSET", f"H#{house_id}"


def to_record(c: Credential) -> CredentialRecord:
    sk = f"{iso(c.issued_at)}#{c.credential_id}"
    record = CredentialRecord(
        credential_pk(c.community_id, c.credential_id),
        "CRED",
        gsi1pk=f"C#{c.community_id}#HOLDER#{c.holder_id}#CREDS",
        gsi1sk=sk,
        credential_id=c.credential_id,
        community_id=c.community_id,
        holder_kind=c.holder_kind,
        holder_id=c.holder_id,
        house_id=c.house_id,
        kind=c.kind,
        reference=c.reference,
        valid_until=c.valid_until,
        issued_by=c.issued_by,
        issued_at=c.issued_at,
        status=c.status,
        areas=list(c.areas),
        doors=list(c.doors),
        floors=list(c.floors),
        updated_at=c.updated_at,
        history=[list(h) for h in c.history],
        ingested_at=c.issued_at,
    )
    if c.house_id:
        record.gsi2pk, record.gsi2sk = f"C#{c.community_id}#HOUSE#{c.house_id}#CREDS", sk
    return record


def from_record(r: CredentialRecord) -> Credential:
    return Credential(
        credential_id=r.credential_id,
        community_id=r.community_id,
        holder_kind=r.holder_kind,
        holder_id=r.holder_id,
        house_id=r.house_id,
        kind=r.kind,
        reference=r.reference,
        valid_until=r.valid_until,
        issued_by=r.issued_by,
        issued_at=r.issued_at,
        status=r.status,
        areas=tuple(r.areas or ()),
        doors=tuple(r.doors or ()),
        floors=tuple(r.floors or ()),
        updated_at=r.updated_at,
        history=tuple(tuple(h) for h in (r.history or [])),  # type: ignore[misc]
    )


def _codes(exc: TransactWriteError) -> list[str | None]:
    return [getattr(r, "code", None) if r else None for r in (exc.cancellation_reasons or [])]


def _no_residency_check(tx: Any, community_id: str, house_id: str, person_id: str) -> None:
    raise RuntimeError("a resident's credential needs the registry's residency check (visitors/wiring.py)")


class DynamoCredentials:
    """Credentials on the visitors table. A resident's credential is written only while the holder's residency
    holds: `residency_check` adds that condition (the registry's item) to the issuing transaction."""

    def __init__(self, residency_check: Callable[[Any, str, str, str], None] = _no_residency_check):
        self.residency_check = residency_check

    def issue(self, credential: Credential, residency: tuple[str, str, str] | None) -> None:
        c = credential
        lock = ReferenceLock(reference_pk(c.community_id, c.kind, c.reference), "REF", credential_id=c.credential_id)
        try:
            with TransactWrite(connection=transaction_connection(CredentialRecord)) as tx:
                tx.save(to_record(c), condition=CredentialRecord.pk.does_not_exist())
                tx.save(lock, condition=ReferenceLock.pk.does_not_exist() | (ReferenceLock.status == "released"))
                if residency:
                    community_id, house_id, person_id = residency
                    self.residency_check(tx, community_id, house_id, person_id)
                    tx.update(
                        HolderSet(*holder_set_key(community_id, person_id, house_id)),
                        actions=[HolderSet.issued.add(1)],
                    )
        except TransactWriteError as exc:
            # PynamoDB sends condition checks first, then deletes, puts, updates: the reasons come in that order.
            codes = _codes(exc)
            if residency and codes[:1] == ["ConditionalCheckFailed"]:
                raise Conflict("this person no longer lives in this house", code="NOT_CURRENT_RESIDENT") from exc
            lock_at = 2 if residency else 1
            if len(codes) > lock_at and codes[lock_at] == "ConditionalCheckFailed":
                raise Conflict(
                    f"{c.kind} {c.reference} is already in use",
                    code="REFERENCE_IN_USE",
                    details=[{"field": "reference", "code": "taken", "message": "held by a live credential"}],
                ) from exc
            raise

    def get(self, community_id: str, credential_id: str) -> Credential | None:
        try:
            return from_record(CredentialRecord.get(credential_pk(community_id, credential_id), "CRED"))
        except CredentialRecord.DoesNotExist:
            return None

    def by_reference(self, community_id: str, kind: str, reference: str) -> Credential | None:
        try:
            lock = ReferenceLock.get(reference_pk(community_id, kind, reference), "REF")
        except ReferenceLock.DoesNotExist:
            return None
        if lock.status != "live":
            return None
        return self.get(community_id, lock.credential_id)

    def replace(self, credential: Credential, expected_status: str, release_reference: bool = False) -> bool:
        c = credential
        try:
            with TransactWrite(connection=transaction_connection(CredentialRecord)) as tx:
                tx.save(to_record(c), condition=CredentialRecord.status == expected_status)
                if release_reference:
                    tx.save(
                        ReferenceLock(
                            reference_pk(c.community_id, c.kind, c.reference),
                            "REF",
                            credential_id=c.credential_id,
                            status="released",
                        ),
                        condition=ReferenceLock.credential_id == c.credential_id,
                    )
        except TransactWriteError as exc:
            if "ConditionalCheckFailed" in _codes(exc):
                return False
            raise
        return True

    def of_holder(self, community_id: str, holder_id: str) -> list[Credential]:
        return [from_record(r) for r in CredentialRecord.gsi1.query(f"C#{community_id}#HOLDER#{holder_id}#CREDS")]

    def of_house(self, community_id: str, house_id: str) -> list[Credential]:
        return [from_record(r) for r in CredentialRecord.gsi2.query(f"C#{community_id}#HOUSE#{house_id}#CREDS")]


def deregister_actions(tx: Any, community_id: str, house_id: str, person_id: str, now: datetime, reason: str) -> Any:
    """Add to a registry move-out transaction (the registry's `Tx`): every live credential the person holds for
    this house is deregistered and its reference released, in the same transaction as the move-out. The holder
    set's counter is checked so that a credential issued meanwhile cancels the move-out instead of surviving it."""
    credentials = [
        c
        for c in DynamoCredentials().of_holder(community_id, person_id)
        if c.house_id == house_id and c.status != DEREGISTERED
    ]
    pk, sk = holder_set_key(community_id, person_id, house_id)
    condition: Any
    try:
        issued = int(HolderSet.get(pk, sk).issued)
        condition = HolderSet.issued == issued
        holder_set = HolderSet(pk, sk, issued=issued)
    except HolderSet.DoesNotExist:
        condition = HolderSet.pk.does_not_exist()
        holder_set = HolderSet(pk, sk, issued=0)
    tx.put(holder_set, condition, "CREDENTIAL_ISSUED_MEANWHILE", "a credential was issued meanwhile; retry")
    for c in credentials:
        changed = c.did("deregister", now, f"registry:{reason}", status=DEREGISTERED)
        tx.put(to_record(changed), CredentialRecord.status == c.status, "CREDENTIAL_CHANGED", "a credential changed")
        lock = ReferenceLock(
            reference_pk(c.community_id, c.kind, c.reference), "REF", credential_id=c.credential_id, status="released"
        )
        tx.put(lock, ReferenceLock.credential_id == c.credential_id, "CREDENTIAL_CHANGED", "a credential changed")
    return tx
