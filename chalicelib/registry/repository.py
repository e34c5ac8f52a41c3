"""The registry repository: domain `Record`s and `Residency`s in the registry table (layout: `repository_items.py`).

This is the only code that turns the registry's entities into keys, index keys, uniqueness locks and
transactions. A `Change` becomes one TransactWrite: a failed condition is a `Conflict` naming the invariant.

Household memberships in the registry table (contract with identity: `memberships_of`).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, cast

from pynamodb.attributes import NumberAttribute
from pynamodb.exceptions import UpdateError

import chalicelib.registry.repository_items as table
from chalicelib.kernel.clock import iso, utcnow
from chalicelib.kernel.dynamo import condition_failed
from chalicelib.kernel.tables import RegistryTable
from chalicelib.registry.model import (
    RELATIONS,
    Change,
    Claim,
    ClaimKind,
    Listing,
    Membership,
    Record,
    Relation,
    Residency,
    normalise_name,
)
from chalicelib.registry.repository_items import MemberRecord, RegistryItem, Tx

LOCK_KIND: dict[str, str] = {"address": "ADDR", "id_card": "IDCARD", "plate": "PLATE"}
_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def _plausible(*ids: str | None) -> bool:
    """Ids from a path are the caller's text: one that no record can have is simply not found (a 3,000-character
    id would otherwise exceed DynamoDB's key size and fail the request)."""
    return all(i is not None and _ID.match(i) for i in ids)


def _keys(kind: str, community_id: str | None, entity_id: str, attrs: dict[str, Any]) -> tuple[str, str]:
    if kind == "org":
        return table.org_pk(entity_id), "NODE"
    assert community_id is not None, f"{kind} records belong to a community"
    if kind == "unit":
        return table.entity_pk(community_id, "building", attrs["buildingId"]), f"UNIT#{int(attrs['number']):02d}"
    return table.entity_pk(community_id, kind, entity_id), table.SK[kind]


def _index_keys(record: Record) -> tuple[tuple[str, str] | None, tuple[str, str] | None]:
    """The index keys of a record: what makes it findable by code, name, phone, plate, owner or status."""
    a, c, rid = record.attrs, record.community_id, record.id
    kind = record.kind
    if kind == "org":
        return (f"ORG#{a.get('parentCode') or 'ROOT'}#CHILDREN", f"{normalise_name(a['name'])}#{rid}"), None
    if kind == "building":
        return (f"C#{c}#BUILDINGS", a["buildingCode"]), None
    if kind == "house":
        return (f"C#{c}#HOUSES", a["addressCode"]), (f"C#{c}#BLDG#{a['buildingId']}#HOUSES", a["addressCode"])
    if kind == "person":
        phone = (record.sealed or {}).get("phoneIndex")
        return (f"C#{c}#PERSON_NAME", f"{normalise_name(a['name'])}#{rid}"), (
            (f"C#{c}#PHONE#{phone}", rid) if phone else None
        )
    if kind == "vehicle":
        owner = a.get("ownerPersonId")
        return (f"C#{c}#PLATE", a["plate"]), ((f"C#{c}#PERSON#{owner}#VEHICLES", a["plate"]) if owner else None)
    if kind == "organisation":
        return (f"C#{c}#ORGN_NAME", f"{normalise_name(a['name'])}#{rid}"), None
    if kind == "application":
        stamp = f"{iso(record.ingested_at)}#{rid}"
        return (f"C#{c}#APPS#{a['status']}", stamp), (f"ACCT#{a['accountId']}#APPS", stamp)
    return None, None


def to_item(record: Record) -> RegistryItem:
    pk, sk = _keys(record.kind, record.community_id, record.id, record.attrs)
    item = RegistryItem(
        pk,
        sk,
        entity=record.kind,
        entity_id=record.id,
        community_id=record.community_id,
        attrs=record.attrs,
        sealed=record.sealed,
        ingested_at=record.ingested_at,
        data_source=record.data_source,
        updated_at=record.updated_at,
        created_by=record.created_by,
        import_id=record.import_id,
    )
    if record.version:  # a stored record: the save is conditional on this version
        item.version = record.version
    gsi1, gsi2 = _index_keys(record)
    item.gsi1pk, item.gsi1sk = gsi1 if gsi1 else (None, None)
    item.gsi2pk, item.gsi2sk = gsi2 if gsi2 else (None, None)
    return item


def to_record(item: RegistryItem) -> Record:
    return Record(
        kind=item.entity,
        id=item.entity_id,
        community_id=item.community_id,
        attrs=dict(item.attrs or {}),
        ingested_at=item.ingested_at,
        data_source=item.data_source,
        sealed=dict(item.sealed) if item.sealed is not None else None,
        updated_at=item.updated_at,
        created_by=item.created_by,
        import_id=item.import_id,
        version=int(item.version or 0),
    )


def to_residency(m: MemberRecord) -> Residency:
    return Residency(
        community_id=m.community_id,
        house_id=m.house_id,
        person_id=m.person_id,
        person_name=m.person_name,
        relation=m.relation,
        since=m.since,
        ingested_at=m.ingested_at,
        data_source=m.data_source,
        relation_to_owner=m.relation_to_owner,
        account_id=m.account_id,
        status=m.status,
        ended_at=m.ended_at,
        end_reason=m.end_reason,
        bound_at=m.bound_at,
        created_by=m.created_by,
        import_id=m.import_id,
        version=int(m.version or 0),
    )


def to_member(r: Residency) -> MemberRecord:
    """The current-residency item (history items are written by `end_member_actions`)."""
    member = table.member_record(
        r.community_id,
        r.house_id,
        r.person_id,
        r.person_name,
        r.relation,
        r.relation_to_owner,
        r.since,
        r.ingested_at,
        r.data_source,
        r.created_by,
        import_id=r.import_id,
    )
    if r.account_id:
        table.bind_fields(member, r.account_id, r.bound_at or r.ingested_at)
    if r.version:
        member.version = r.version
    return member


def _lock(community_id: str, claim: Claim, record: Record) -> RegistryItem:
    return table.lock_item(
        community_id,
        LOCK_KIND[claim.kind],
        claim.value,
        record.id,
        record.ingested_at,
        record.data_source,
        record.import_id,
    )


def _apply_lock(community_id: str, house_id: str, account_id: str, app_id: str, now: datetime) -> RegistryItem:
    return RegistryItem(
        table.house_pk(community_id, house_id),
        f"APPLY#{account_id}",
        entity="apply_lock",
        entity_id=app_id,
        community_id=community_id,
        ingested_at=now,
        data_source="self_registration",
    )


def _exists_code(record: Record) -> tuple[str, str]:
    if record.kind == "org":
        return "ORG_UNIT_EXISTS", f"org unit {record.id} exists"
    if record.kind == "unit":
        return "UNIT_EXISTS", f"unit {record.attrs['number']} exists"
    return "ALREADY_EXISTS", f"{record.kind} exists"


class DynamoRegistry:
    """`RegistryRepository` on the registry table.

    `move_out_actions` add their writes to a move-out's own transaction (the visitors capability deregisters the
    access credentials of the person in that house with it, so no card outlives its holder's residency): each is
    called as (tx, community, house, person, at, reason).
    """

    def __init__(self, move_out_actions: Iterable[Callable[..., Any]] = ()):
        self.move_out_actions = tuple(move_out_actions)

    def new_id(self, prefix: str) -> str:
        return f"{prefix}{uuid.uuid4().hex[:16]}"

    # --- reads -------------------------------------------------------------------------------------------------

    def get(self, community_id: str | None, kind: str, entity_id: str) -> Record | None:
        if not _plausible(entity_id):
            return None
        if kind == "org":
            item = table.get_item(table.org_pk(entity_id), "NODE")
        else:
            if community_id is None or kind not in table.SK:
                return None
            item = table.get_item(table.entity_pk(community_id, kind, entity_id), table.SK[kind])
        return to_record(item) if item is not None and item.entity == kind else None

    def get_many(self, community_id: str, kind: str, ids: Iterable[str]) -> dict[str, Record]:
        found = table.batch_get((table.entity_pk(community_id, kind, i), table.SK[kind]) for i in ids if _plausible(i))
        return {item.entity_id: to_record(item) for item in found.values() if item.entity == kind}

    def claimed_by(self, community_id: str, kind: ClaimKind, value: str) -> str | None:
        return table.lock_target(community_id, LOCK_KIND[kind], value)

    def claims_held(self, community_id: str, claims: Iterable[tuple[ClaimKind, str]]) -> dict[tuple[str, str], str]:
        wanted = {(table.lock_pk(community_id, LOCK_KIND[k], v), "LOCK"): (k, v) for k, v in claims}
        found = table.batch_get(wanted)
        return {wanted[key]: item.entity_id for key, item in found.items() if key in wanted}

    def houses_with_owner(self, community_id: str, house_ids: Iterable[str]) -> set[str]:
        ids = list(house_ids)
        found = table.batch_get((table.house_pk(community_id, h), "OWNER") for h in ids)
        return {h for h in ids if (table.house_pk(community_id, h), "OWNER") in found}

    def _query(
        self, index: str, hash_key: str, prefix: str | None, limit: int, cursor: str | None, forward: bool = True
    ) -> Listing:
        items, next_cursor = table.query_index(index, hash_key, prefix, limit, cursor, forward)
        return [to_record(i) for i in items], next_cursor

    def org_children(self, parent: str, limit: int, cursor: str | None) -> Listing:
        return self._query("gsi1", f"ORG#{parent}#CHILDREN", None, limit, cursor)

    def buildings(self, community_id: str, limit: int, cursor: str | None) -> Listing:
        return self._query("gsi1", f"C#{community_id}#BUILDINGS", None, limit, cursor)

    def units(self, community_id: str, building_id: str) -> list[Record]:
        if not _plausible(building_id):
            return []
        items, _ = table.query_partition(table.entity_pk(community_id, "building", building_id), "UNIT#", limit=100)
        return [to_record(i) for i in items]

    def houses(
        self, community_id: str, building_id: str | None, prefix: str | None, limit: int, cursor: str | None
    ) -> Listing:
        if building_id:
            return self._query("gsi2", f"C#{community_id}#BLDG#{building_id}#HOUSES", prefix, limit, cursor)
        return self._query("gsi1", f"C#{community_id}#HOUSES", prefix, limit, cursor)

    def people_by_name(self, community_id: str, prefix: str | None, limit: int, cursor: str | None) -> Listing:
        return self._query("gsi1", f"C#{community_id}#PERSON_NAME", prefix, limit, cursor)

    def people_by_phone(self, community_id: str, phone_index: str, limit: int, cursor: str | None) -> Listing:
        return self._query("gsi2", f"C#{community_id}#PHONE#{phone_index}", None, limit, cursor)

    def vehicles(
        self, community_id: str, owner_id: str | None, prefix: str | None, limit: int, cursor: str | None
    ) -> Listing:
        if owner_id:
            return self._query("gsi2", f"C#{community_id}#PERSON#{owner_id}#VEHICLES", prefix, limit, cursor)
        return self._query("gsi1", f"C#{community_id}#PLATE", prefix, limit, cursor)

    def organisations(self, community_id: str, prefix: str | None, limit: int, cursor: str | None) -> Listing:
        return self._query("gsi1", f"C#{community_id}#ORGN_NAME", prefix, limit, cursor)

    def applications(self, community_id: str, status: str, limit: int, cursor: str | None) -> Listing:
        return self._query("gsi1", f"C#{community_id}#APPS#{status}", None, limit, cursor)

    def applications_of(self, account_id: str, limit: int, cursor: str | None) -> Listing:
        return self._query("gsi2", f"ACCT#{account_id}#APPS", None, limit, cursor, forward=False)

    def residency(self, community_id: str, house_id: str, person_id: str) -> Residency | None:
        if not _plausible(house_id, person_id):
            return None
        member = table.get_member(community_id, house_id, person_id)
        return to_residency(member) if member is not None else None

    def residents(self, community_id: str, house_id: str) -> list[Residency]:
        if not _plausible(house_id):
            return []
        return [to_residency(m) for m in table.current_members(community_id, house_id)]

    def past_residents(
        self, community_id: str, house_id: str, limit: int, cursor: str | None
    ) -> tuple[list[Residency], str | None]:
        if not _plausible(house_id):
            return [], None
        items, next_cursor = table.ended_members(community_id, house_id, limit, cursor)
        return [to_residency(m) for m in items], next_cursor

    def residences_of(self, community_id: str, person_id: str) -> list[Residency]:
        if not _plausible(person_id):
            return []
        return [to_residency(m) for m in table.residences_of(community_id, person_id)]

    def residencies_of_account(self, account_id: str) -> list[Residency]:
        return [to_residency(m) for m in table.memberships_by_account(account_id) if m.status == "current"]

    # --- writes ------------------------------------------------------------------------------------------------

    def _transaction(self, change: Change) -> tuple[Tx, list[tuple[Record, RegistryItem]]]:
        tx = Tx()
        written: list[tuple[Record, RegistryItem]] = []
        for community_id, kind, entity_id, code, message in change.requires:
            tx.require(RegistryItem, table.entity_pk(community_id, kind, entity_id), table.SK[kind], code, message)
        for record, claims in change.creates:
            item = to_item(record)
            tx.put_new(item, *_exists_code(record))
            written.append((record, item))
            for claim in claims:
                tx.put_new(_lock(record.community_id or "", claim, record), claim.code, claim.message)
        for record in change.updates:
            item = to_item(record)
            code = "APPLICATION_CHANGED" if record.kind == "application" else "STALE_VERSION"
            tx.put(item, None, code, "the record changed since you read it; reload and retry")
            written.append((record, item))
        for community_id, house_id, account_id, app_id in change.apply_locks:
            lock = _apply_lock(community_id, house_id, account_id, app_id, utcnow())
            tx.put_new(lock, "APPLICATION_PENDING", "you already have a pending application for this house")
        for community_id, house_id, account_id, app_id in change.releases:
            lock = RegistryItem(table.house_pk(community_id, house_id), f"APPLY#{account_id}")
            tx.delete(lock, RegistryItem.entity_id == app_id, "APPLICATION_CHANGED", "lock changed")
        created = {(i.pk, i.sk) for _, i in written}
        for residency in change.moves_in:
            house = (table.house_pk(residency.community_id, residency.house_id), "HOUSE")
            if house not in created:  # one condition per house: a transaction touches an item at most once
                tx.require(RegistryItem, *house, "HOUSE_NOT_FOUND", "house does not exist")
                created.add(house)
            tx.put_new(to_member(residency), "ALREADY_MEMBER", "this person already lives in this house")
            if residency.relation == "owner":
                marker = table.owner_marker(
                    residency.community_id,
                    residency.house_id,
                    residency.person_id,
                    residency.ingested_at,
                    residency.data_source,
                    residency.import_id,
                )
                tx.put_new(marker, "OWNER_EXISTS", "this house already has a current owner")
        for residency in change.moves_out:
            current = to_member(replace_status(residency))
            ended_at, reason = residency.ended_at or residency.ingested_at, residency.end_reason or ""
            table.end_member_actions(tx, current, ended_at, reason)
            for action in self.move_out_actions:
                action(tx, residency.community_id, residency.house_id, residency.person_id, ended_at, reason)
        return tx, written

    def commit(self, change: Change) -> None:
        tx, written = self._transaction(change)
        tx.commit()
        for record, item in written:
            record.version = int(item.version or 0)
        for residency in change.moves_in:
            residency.version = 1

    def undo(self, changes: list[Change]) -> None:
        """Delete what earlier commits created (import roll-back: every item is new and tagged with the import)."""
        registry_items: list[Any] = []
        members: list[Any] = []
        for change in changes:
            for record, claims in change.creates:
                registry_items.append(to_item(record))
                registry_items.extend(_lock(record.community_id or "", c, record) for c in claims)
            for residency in change.moves_in:
                members.append(to_member(residency))
                if residency.relation == "owner":
                    registry_items.append(
                        table.owner_marker(
                            residency.community_id,
                            residency.house_id,
                            residency.person_id,
                            residency.ingested_at,
                            residency.data_source,
                        )
                    )
        for model, items in ((RegistryItem, registry_items), (MemberRecord, members)):
            if items:
                with model.batch_write() as batch:
                    for item in items:
                        batch.delete(item)

    def bind(self, residency: Residency, account_id: str, now: datetime) -> None:
        member = to_member(residency)
        table.bind_account(member, account_id, now)
        residency.account_id, residency.bound_at, residency.version = account_id, now, int(member.version or 0)


def replace_status(residency: Residency) -> Residency:
    """The current item as stored (a move-out deletes it with its version as the condition)."""
    from dataclasses import replace

    return replace(residency, status="current", ended_at=None, end_reason=None)


class AttemptCounter(RegistryTable):
    """Failed attempts of one key in the current fixed window (`LIMIT#{key}` / `WINDOW`)."""

    window = NumberAttribute()
    failures = NumberAttribute(default=0)


class DynamoAttemptLimiter:
    """`AttemptLimiter` on the registry table: one small item per key, reset when its window passes."""

    def __init__(self, window_seconds: int = 600):
        self.window_seconds = window_seconds

    def _window(self, now: datetime) -> int:
        return int(now.timestamp() // self.window_seconds)

    def exceeded(self, keys: list[tuple[str, int]], now: datetime) -> bool:
        window = self._window(now)
        found = {i.pk: i for i in AttemptCounter.batch_get([(f"LIMIT#{k}", "WINDOW") for k, _ in keys])}
        for key, limit in keys:
            item = found.get(f"LIMIT#{key}")
            if item is not None and int(item.window) == window and int(item.failures) >= limit:
                return True
        return False

    def record_failure(self, keys: list[tuple[str, int]], now: datetime) -> None:
        window = self._window(now)
        for key, _ in keys:
            counter = AttemptCounter(f"LIMIT#{key}", "WINDOW")
            for _attempt in range(3):
                try:
                    counter.update(actions=[AttemptCounter.failures.add(1)], condition=AttemptCounter.window == window)
                    break
                except UpdateError as exc:
                    if not condition_failed(exc):
                        raise
                try:
                    counter.update(
                        actions=[AttemptCounter.window.set(window), AttemptCounter.failures.set(1)],
                        condition=AttemptCounter.window.does_not_exist() | (AttemptCounter.window != window),
                    )
                    break
                except UpdateError as exc:
                    if not condition_failed(exc):
                        raise


def memberships_of(account_id: str) -> list[Membership]:
    """Current memberships of a resident account: one Query on gsi1 `ACCT#{account_id}`.

    Only current residencies bound to an account carry that index key; a move-out removes it (the residency goes
    to history), so the answer is exactly what a fresh resident token should hold.
    """
    from chalicelib.registry.repository_items import memberships_by_account

    return [
        Membership(r.community_id, r.house_id, cast(Relation, r.relation))
        for r in memberships_by_account(account_id)
        if r.relation in RELATIONS and r.status == "current"
    ]


def current_residency_check(tx: Any, community_id: str, house_id: str, person_id: str) -> None:
    """Add to another capability's transaction (a pynamodb `TransactWrite`): the person still lives in the house.
    The access credential issued to a resident is written only while the residency holds."""
    tx.condition_check(
        MemberRecord,
        table.house_pk(community_id, house_id),
        table.member_sk(person_id),
        condition=MemberRecord.pk.exists(),
    )
