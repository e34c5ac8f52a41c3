"""Visitor passes, keypad passcode slots, policies and published pass keys in the visitors table (entry records:
`repository_entries.py`).

Layout (every read is a GetItem or a Query):
- pass      pk `C#{c}#PASS#{id}` sk `PASS`; gsi1 house `C#{c}#HOUSE#{h}#PASSES`, gsi2 community `C#{c}#PASSES`,
            gsi3 (only while revoked) `C#{c}#REVOKED` sorted by window end: the revocation list gates download, or
            (only while admitting with a keypad passcode) `C#{c}#KEYPAD` sorted by window end: the keypad list,
            gsi4 (only with a car) `C#{c}#PLATE#{plate}` sorted by window end, gsi5 (only with a car)
            `C#{c}#CARPASSES` sorted by window end: the passes naming a car whose window has not ended (barriers'
            whitelists); TTL 400 days after the window;
- slot      pk `C#{c}#PINSLOT#{slot}` sk `SLOT`: which live pass holds a keypad passcode slot, until when;
- policy    pk `C#{c}#VPOLICY` sk `POLICY` (VersionAttribute);
- pass key  pk `C#{c}#PASSKEYS` sk `KEY#{kid}`: public keys only; the private key never reaches a table.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from typing import Any

from pynamodb.attributes import (
    BooleanAttribute,
    JSONAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
    VersionAttribute,
)
from pynamodb.exceptions import PutError, TransactWriteError, UpdateError
from pynamodb.transactions import TransactWrite

from chalicelib.kernel.clock import iso
from chalicelib.kernel.dynamo import condition_failed, transaction_connection, write_refused
from chalicelib.kernel.errors import Conflict
from chalicelib.kernel.pagination import decode_cursor, encode_cursor
from chalicelib.kernel.tables import VisitorTable
from chalicelib.visitors.model import ADMITTING, REVOKED, EntryRecord, Visitor, VisitorPass, VisitorPolicy
from chalicelib.visitors.repository_entries import RETENTION, cancellation_codes, write_entry


class PassRecord(VisitorTable):
    pass_id = UnicodeAttribute()
    community_id = UnicodeAttribute()
    house_id = UnicodeAttribute()
    visitor = JSONAttribute()  # name, sealed + masked phone / ID, reason, plate (never plaintext PII)
    starts_at = UTCDateTimeAttribute()
    ends_at = UTCDateTimeAttribute()
    entries = NumberAttribute()
    entries_used = NumberAttribute(default=0)
    gates = JSONAttribute(default=list)
    source = UnicodeAttribute()
    created_by = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    status = UnicodeAttribute()
    host_account = UnicodeAttribute(null=True)
    approver = UnicodeAttribute(default="none")
    token = UnicodeAttribute(null=True)
    kid = UnicodeAttribute(null=True)
    task_token = UnicodeAttribute(null=True)
    execution_arn = UnicodeAttribute(null=True)
    decided_by = UnicodeAttribute(null=True)
    reason = UnicodeAttribute(null=True)
    updated_at = UTCDateTimeAttribute(null=True)
    history = JSONAttribute(default=list)
    ingested_at = UTCDateTimeAttribute()
    data_source = UnicodeAttribute(default="app")
    passcode_slot = UnicodeAttribute(null=True)
    expires_at = TTLAttribute(null=True)


class SlotLock(VisitorTable):
    """`C#{c}#PINSLOT#{slot}`: which live pass the keypad passcode slot belongs to, until when."""

    pass_id = UnicodeAttribute()
    until = UTCDateTimeAttribute()


class PolicyRecord(VisitorTable):
    community_id = UnicodeAttribute()
    approval_required = BooleanAttribute(default=False)
    max_window_hours = NumberAttribute()
    max_entries = NumberAttribute()
    free_parking_minutes = NumberAttribute()
    approval_timeout_seconds = NumberAttribute()
    updated_by = UnicodeAttribute(null=True)
    updated_at = UTCDateTimeAttribute(null=True)
    version = VersionAttribute()


class PassKeyRecord(VisitorTable):
    community_id = UnicodeAttribute()
    kid = UnicodeAttribute()
    public_key = UnicodeAttribute()
    published_at = UTCDateTimeAttribute()
    superseded_at = UTCDateTimeAttribute(null=True)


# --- keys -------------------------------------------------------------------------------------------------------


def pass_pk(community_id: str, pass_id: str) -> str:
    return f"C#{community_id}#PASS#{pass_id}"


# --- passes -----------------------------------------------------------------------------------------------------


def _visitor_json(v: Visitor) -> dict[str, Any]:
    return {
        "name": v.name,
        "phoneSealed": v.phone_sealed,
        "phoneIndex": v.phone_index,
        "phoneMasked": v.phone_masked,
        "reason": v.reason,
        "carPlate": v.car_plate,
        "idChecked": v.id_checked,
        "idType": v.id_type,
        "idSealed": v.id_sealed,
        "idMasked": v.id_masked,
    }


def to_pass_record(p: VisitorPass) -> PassRecord:
    created = f"{iso(p.created_at)}#{p.pass_id}"
    record = PassRecord(
        pass_pk(p.community_id, p.pass_id),
        "PASS",
        gsi1pk=f"C#{p.community_id}#HOUSE#{p.house_id}#PASSES",
        gsi1sk=created,
        gsi2pk=f"C#{p.community_id}#PASSES",
        gsi2sk=created,
        pass_id=p.pass_id,
        community_id=p.community_id,
        house_id=p.house_id,
        visitor=_visitor_json(p.visitor),
        starts_at=p.starts_at,
        ends_at=p.ends_at,
        entries=p.entries,
        entries_used=p.entries_used,
        gates=list(p.gates),
        source=p.source,
        created_by=p.created_by,
        created_at=p.created_at,
        status=p.status,
        host_account=p.host_account,
        approver=p.approver,
        token=p.token,
        kid=p.kid,
        task_token=p.task_token,
        execution_arn=p.execution_arn,
        decided_by=p.decided_by,
        reason=p.reason,
        updated_at=p.updated_at,
        history=[list(h) for h in p.history],
        ingested_at=p.created_at,
        data_source="guard" if p.source == "walk_in" else "app",
        passcode_slot=p.passcode_slot,
        expires_at=p.ends_at + RETENTION,
    )
    if p.status == REVOKED:
        record.gsi3pk = f"C#{p.community_id}#REVOKED"
        record.gsi3sk = f"{iso(p.ends_at)}#{p.pass_id}"
    elif p.status in ADMITTING and p.passcode_slot and p.token:
        record.gsi3pk = f"C#{p.community_id}#KEYPAD"
        record.gsi3sk = f"{iso(p.ends_at)}#{p.pass_id}"
    if p.visitor.car_plate:  # a barrier gate recognising the plate finds the pass (004 6.1.1 d: pre-booked cars)
        record.gsi4pk = f"C#{p.community_id}#PLATE#{normalise_plate(p.visitor.car_plate)}"
        record.gsi4sk = f"{iso(p.ends_at)}#{p.pass_id}"
        record.gsi5pk = f"C#{p.community_id}#CARPASSES"
        record.gsi5sk = f"{iso(p.ends_at)}#{p.pass_id}"
    return record


def normalise_plate(plate: str) -> str:
    return "".join(plate.split()).upper().replace("·", "").replace("-", "")


def from_pass_record(r: PassRecord) -> VisitorPass:
    v = r.visitor or {}
    return VisitorPass(
        pass_id=r.pass_id,
        community_id=r.community_id,
        house_id=r.house_id,
        visitor=Visitor(
            name=v.get("name", ""),
            phone_sealed=v.get("phoneSealed", ""),
            phone_index=v.get("phoneIndex", ""),
            phone_masked=v.get("phoneMasked", ""),
            reason=v.get("reason", ""),
            car_plate=v.get("carPlate"),
            id_checked=bool(v.get("idChecked")),
            id_type=v.get("idType"),
            id_sealed=v.get("idSealed"),
            id_masked=v.get("idMasked"),
        ),
        starts_at=r.starts_at,
        ends_at=r.ends_at,
        entries=int(r.entries),
        gates=tuple(r.gates or ()),
        source=r.source,
        created_by=r.created_by,
        created_at=r.created_at,
        status=r.status,
        host_account=r.host_account,
        approver=r.approver,
        entries_used=int(r.entries_used or 0),
        token=r.token,
        kid=r.kid,
        task_token=r.task_token,
        execution_arn=r.execution_arn,
        decided_by=r.decided_by,
        reason=r.reason,
        updated_at=r.updated_at,
        history=tuple(tuple(h) for h in (r.history or [])),  # type: ignore[misc]
        passcode_slot=r.passcode_slot,
    )


class DynamoPassRepository:
    def add(self, visitor_pass: VisitorPass) -> None:
        try:
            to_pass_record(visitor_pass).save(condition=PassRecord.pk.does_not_exist())
        except PutError as exc:
            if condition_failed(exc):
                raise Conflict(f"pass {visitor_pass.pass_id} exists", code="PASS_EXISTS") from exc
            raise

    def get(self, community_id: str, pass_id: str) -> VisitorPass | None:
        try:
            return from_pass_record(PassRecord.get(pass_pk(community_id, pass_id), "PASS", consistent_read=True))
        except PassRecord.DoesNotExist:
            return None

    def replace(self, visitor_pass: VisitorPass, expected_status: str) -> bool:
        """Lifecycle changes never change the entries used: an admission in between makes this a lost race (False)
        instead of overwriting its count."""
        condition = (PassRecord.status == expected_status) & (PassRecord.entries_used == visitor_pass.entries_used)
        try:
            to_pass_record(visitor_pass).save(condition=condition)
            return True
        except PutError as exc:
            if condition_failed(exc):
                return False
            raise

    def admit(self, updated: VisitorPass, previous: VisitorPass, entry: EntryRecord) -> str:
        condition = (PassRecord.status == previous.status) & (PassRecord.entries_used == previous.entries_used)
        try:
            with TransactWrite(connection=transaction_connection(PassRecord)) as tx:
                tx.save(to_pass_record(updated), condition=condition)
                write_entry(tx, entry)
        except TransactWriteError as exc:
            codes = cancellation_codes(exc)
            if len(codes) > 1 and codes[1] == "ConditionalCheckFailed":
                return "duplicate"
            if codes and codes[0] == "ConditionalCheckFailed":
                return "raced"
            if write_refused(exc):
                return "raced"  # a transaction conflict with a concurrent writer: re-read and try again
            raise
        return "admitted"

    def revoked_ids(self, community_id: str, now: datetime) -> list[str]:
        """Revoked passes whose window is not over yet (the list a gate needs offline)."""
        query = PassRecord.gsi3.query(f"C#{community_id}#REVOKED", PassRecord.gsi3sk > iso(now))
        return [r.pass_id for r in query]

    def keypad_passes(self, community_id: str, now: datetime) -> list[VisitorPass]:
        """Admitting passes with a keypad passcode whose window is not over (what keypad gates download)."""
        query = PassRecord.gsi3.query(f"C#{community_id}#KEYPAD", PassRecord.gsi3sk > iso(now))
        return [from_pass_record(r) for r in query]

    def claim_slot(self, community_id: str, slot: str, pass_id: str, until: datetime, now: datetime) -> bool:
        lock = SlotLock(f"C#{community_id}#PINSLOT#{slot}", "SLOT", pass_id=pass_id, until=until)
        try:
            lock.save(condition=SlotLock.pk.does_not_exist() | (SlotLock.until < now) | (SlotLock.pass_id == pass_id))
            return True
        except PutError as exc:
            if condition_failed(exc):
                return False
            raise

    def by_plate(self, community_id: str, plate: str, now: datetime) -> list[VisitorPass]:
        """Passes for this car whose window is not over, soonest end first."""
        key = f"C#{community_id}#PLATE#{normalise_plate(plate)}"
        return [from_pass_record(r) for r in PassRecord.gsi4.query(key, PassRecord.gsi4sk > iso(now), limit=20)]

    def slot_owner(self, community_id: str, slot: str, now: datetime) -> str | None:
        try:
            lock = SlotLock.get(f"C#{community_id}#PINSLOT#{slot}", "SLOT")
        except SlotLock.DoesNotExist:
            return None
        return lock.pass_id if lock.until > now else None

    def car_passes_ending_after(self, community_id: str, since: datetime) -> Iterator[VisitorPass]:
        """Every pass naming a car whose window ends after `since` (whatever its status), window end first."""
        for record in PassRecord.gsi5.query(f"C#{community_id}#CARPASSES", PassRecord.gsi5sk > iso(since)):
            yield from_pass_record(record)

    def page(
        self, community_id: str, house_id: str | None, limit: int, cursor: str | None
    ) -> tuple[list[VisitorPass], str | None]:
        index, key = (
            (PassRecord.gsi1, f"C#{community_id}#HOUSE#{house_id}#PASSES")
            if house_id
            else (PassRecord.gsi2, f"C#{community_id}#PASSES")
        )
        query = index.query(key, scan_index_forward=False, limit=limit, last_evaluated_key=decode_cursor(cursor))
        items = [from_pass_record(r) for r in query]
        return items, encode_cursor(query.last_evaluated_key)


class DynamoPolicyStore:
    def get(self, community_id: str) -> VisitorPolicy:
        try:
            r = PolicyRecord.get(f"C#{community_id}#VPOLICY", "POLICY")
        except PolicyRecord.DoesNotExist:
            return VisitorPolicy(community_id)
        return VisitorPolicy(
            community_id=community_id,
            approval_required=bool(r.approval_required),
            max_window_hours=int(r.max_window_hours),
            max_entries=int(r.max_entries),
            free_parking_minutes=int(r.free_parking_minutes),
            approval_timeout_seconds=int(r.approval_timeout_seconds),
            version=int(r.version) if r.version is not None else None,
        )

    def put(self, policy: VisitorPolicy, updated_by: str = "", now: datetime | None = None) -> VisitorPolicy:
        record = PolicyRecord(
            f"C#{policy.community_id}#VPOLICY",
            "POLICY",
            community_id=policy.community_id,
            approval_required=policy.approval_required,
            max_window_hours=policy.max_window_hours,
            max_entries=policy.max_entries,
            free_parking_minutes=policy.free_parking_minutes,
            approval_timeout_seconds=policy.approval_timeout_seconds,
            updated_by=updated_by,
            updated_at=now,
        )
        if policy.version is not None:
            record.version = policy.version  # must still be n (optimistic locking); unset: must not exist yet
        try:
            record.save()
        except PutError as exc:
            if condition_failed(exc):
                raise Conflict(
                    "the policy changed since you read it; reload and retry",
                    code="STALE_VERSION",
                    details=[{"field": "version", "code": "stale", "message": "reload the policy"}],
                ) from exc
            raise
        return replace(policy, version=int(record.version))


class DynamoPublishedKeys:
    """The public half of each community's pass keys, and when each was superseded."""

    def list(self, community_id: str) -> list[PassKeyRecord]:
        return list(PassKeyRecord.query(f"C#{community_id}#PASSKEYS", PassKeyRecord.sk.startswith("KEY#")))

    def publish(self, community_id: str, kid: str, public_key: str, now: datetime) -> None:
        """Publish `kid` (once: a concurrent publisher's write wins, same key) and mark the keys published before it
        superseded. Only earlier ones: a container still signing with a cached older key must never supersede the
        newer key (which would unpublish it once the grace period is over)."""
        record = PassKeyRecord(
            f"C#{community_id}#PASSKEYS",
            f"KEY#{kid}",
            community_id=community_id,
            kid=kid,
            public_key=public_key,
            published_at=now,
        )
        try:
            record.save(condition=PassKeyRecord.pk.does_not_exist())
        except PutError as exc:
            if not condition_failed(exc):
                raise
        keys = self.list(community_id)
        mine = next(k for k in keys if k.kid == kid)
        for other in keys:
            if other.kid != kid and other.superseded_at is None and other.published_at < mine.published_at:
                try:
                    other.update(
                        actions=[PassKeyRecord.superseded_at.set(mine.published_at)],
                        condition=PassKeyRecord.superseded_at.does_not_exist(),
                    )
                except UpdateError as exc:
                    if not condition_failed(exc):
                        raise  # (a concurrent publisher marked it first: fine)
