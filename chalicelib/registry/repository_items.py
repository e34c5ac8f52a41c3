"""The community registry in the registry table: org hierarchy, buildings, units, houses, people, vehicles,
organisations, household memberships and binding applications.

Every request path is a GetItem or a Query. Layout (`c` = community id, which is the community's 12-digit code):

- org node: `ORG#{code}` / `NODE`; gsi1 `ORG#{parent or ROOT}#CHILDREN` / `{name}#{code}`
- building: `C#c#BLDG#{id}` / `BUILDING`; gsi1 `C#c#BUILDINGS` / `{building code}`
- unit: `C#c#BLDG#{id}` / `UNIT#{nn}`
- house: `C#c#HOUSE#{id}` / `HOUSE`; gsi1 `C#c#HOUSES` / `{address code}`;
  gsi2 `C#c#BLDG#{building}#HOUSES` / `{address code}`
- owner marker: `C#c#HOUSE#{id}` / `OWNER` (entity_id = the owner's person id)
- current member: `C#c#HOUSE#{id}` / `MEMBER#{person}`; gsi1 `ACCT#{account}` / `C#c#H#{house}` (bound only:
  this is what `memberships_of` reads); gsi2 `C#c#PERSON#{person}#HOMES` / `C#{house}`
- ended member (history): `C#c#HOUSE#{id}` / `HIST#{end}#{person}`; gsi2 `C#c#PERSON#{person}#HOMES` /
  `H#{end}#{house}`
- pending-application lock: `C#c#HOUSE#{id}` / `APPLY#{account}`
- person: `C#c#PERSON#{id}` / `PERSON`; gsi1 `C#c#PERSON_NAME` / `{normalised name}#{id}`;
  gsi2 `C#c#PHONE#{blind index}` / `{id}`
- vehicle: `C#c#VEH#{id}` / `VEHICLE`; gsi1 `C#c#PLATE` / `{plate}`; gsi2 `C#c#PERSON#{owner}#VEHICLES` / `{plate}`
- organisation: `C#c#ORGN#{id}` / `ORGANISATION`; gsi1 `C#c#ORGN_NAME` / `{normalised name}#{id}`
- application: `C#c#APP#{id}` / `APPLICATION`; gsi1 `C#c#APPS#{status}` / `{created}#{id}`;
  gsi2 `ACCT#{account}#APPS` / `{created}#{id}`
- failed-attempt counters (binding and invitation look-ups): `LIMIT#{action}#{account or source}` / `WINDOW`
- uniqueness locks: `C#c#ADDR#{building or house code}`, `C#c#IDCARD#{blind index}`, `C#c#PLATE#{plate}` / `LOCK`
  (entity_id = the owning entity's id, so a lock doubles as a look-up by code)

Uniqueness (one house per address code, one building per building code, one person per ID-card number, one
vehicle per plate, one owner per house, one membership per person and house, one pending application per account
and house) is enforced by conditional puts of these items inside the same TransactWrite as the entity.
Entity fields that carry no key live in the JSON `attrs`; encrypted personal data lives apart in `sealed`.
`repository.py` (the `RegistryRepository` port's implementation) is the only user of these models and helpers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pynamodb.attributes import JSONAttribute, UnicodeAttribute, UTCDateTimeAttribute, VersionAttribute
from pynamodb.exceptions import PutError, TransactWriteError
from pynamodb.expressions.condition import Condition

from chalicelib.kernel.dynamo import condition_failed, write_refused
from chalicelib.kernel.errors import Conflict
from chalicelib.kernel.pagination import decode_cursor, encode_cursor
from chalicelib.kernel.tables import RegistryTable

# --- models -----------------------------------------------------------------------------------------------------


class RegistryItem(RegistryTable):
    """Any registry entity or lock. `attrs` holds the entity's plain fields (camelCase, as in the API)."""

    entity = UnicodeAttribute()
    entity_id = UnicodeAttribute()
    community_id = UnicodeAttribute(null=True)
    attrs = JSONAttribute(default=dict)
    sealed = JSONAttribute(null=True)  # {"phone": pii token, "idCard": pii token, ...}; never returned as is
    ingested_at = UTCDateTimeAttribute()
    data_source = UnicodeAttribute(default="manual")
    updated_at = UTCDateTimeAttribute(null=True)
    created_by = UnicodeAttribute(null=True)
    import_id = UnicodeAttribute(null=True)
    version = VersionAttribute()


class MemberRecord(RegistryTable):
    """A residency: a person in a house with a relation (001 7.1.1.4 a/d). Current or ended (history)."""

    community_id = UnicodeAttribute()
    house_id = UnicodeAttribute()
    person_id = UnicodeAttribute()
    person_name = UnicodeAttribute(default="")
    relation = UnicodeAttribute()  # owner | family | tenant
    relation_to_owner = UnicodeAttribute(null=True)  # spouse, child, parent, ... (free text)
    account_id = UnicodeAttribute(null=True)  # the resident account bound to this residency
    status = UnicodeAttribute(default="current")  # current | ended
    since = UTCDateTimeAttribute()  # move-in time
    ended_at = UTCDateTimeAttribute(null=True)  # move-out time
    end_reason = UnicodeAttribute(null=True)
    bound_at = UTCDateTimeAttribute(null=True)
    ingested_at = UTCDateTimeAttribute()
    data_source = UnicodeAttribute(default="manual")
    created_by = UnicodeAttribute(null=True)
    import_id = UnicodeAttribute(null=True)
    version = VersionAttribute()


# --- keys -------------------------------------------------------------------------------------------------------

SK = {
    "org": "NODE",
    "building": "BUILDING",
    "house": "HOUSE",
    "person": "PERSON",
    "vehicle": "VEHICLE",
    "organisation": "ORGANISATION",
    "application": "APPLICATION",
}
_PK_TAG = {
    "building": "BLDG",
    "house": "HOUSE",
    "person": "PERSON",
    "vehicle": "VEH",
    "organisation": "ORGN",
    "application": "APP",
}


def org_pk(code: str) -> str:
    return f"ORG#{code}"


def entity_pk(community_id: str, kind: str, entity_id: str) -> str:
    return f"C#{community_id}#{_PK_TAG[kind]}#{entity_id}"


def house_pk(community_id: str, house_id: str) -> str:
    return entity_pk(community_id, "house", house_id)


def account_pk(account_id: str) -> str:
    return f"ACCT#{account_id}"


def lock_pk(community_id: str, kind: str, value: str) -> str:
    return f"C#{community_id}#{kind}#{value}"


# --- transactions -----------------------------------------------------------------------------------------------


@dataclass
class Tx:
    """A TransactWrite whose failed conditions turn into 409s naming which invariant stopped it."""

    actions: list[tuple[str, Any, Condition | None, str, str]] = field(default_factory=list)

    def put_new(self, item: Any, code: str, message: str) -> Tx:
        self.actions.append(("put", item, type(item).pk.does_not_exist(), code, message))
        return self

    def put(self, item: Any, condition: Condition | None, code: str, message: str) -> Tx:
        self.actions.append(("put", item, condition, code, message))
        return self

    def delete(self, item: Any, condition: Condition | None, code: str, message: str) -> Tx:
        self.actions.append(("delete", item, condition, code, message))
        return self

    def require(self, model: type[Any], pk: str, sk: str, code: str, message: str) -> Tx:
        self.actions.append(("check", (model, pk, sk), model.pk.exists(), code, message))
        return self

    def __len__(self) -> int:
        return len(self.actions)

    def commit(self) -> None:
        from pynamodb.transactions import TransactWrite

        from chalicelib.kernel.dynamo import transaction_connection

        if not self.actions:
            return
        connection = transaction_connection(RegistryTable)
        try:
            with TransactWrite(connection=connection) as tx:
                for kind, target, condition, _, _ in self.actions:
                    if kind == "put":
                        tx.save(target, condition=condition)
                    elif kind == "delete":
                        # Loaded records carry their version (guarded); hand-built keys (markers, locks) do not.
                        tx.delete(target, condition=condition, add_version_condition=target.version is not None)
                    else:
                        model, pk, sk = target
                        tx.condition_check(model, pk, sk, condition=condition)
        except TransactWriteError as exc:
            reasons = exc.cancellation_reasons or []
            for (_, _, _, code, message), reason in zip(self.actions, reasons, strict=False):
                if reason is not None and reason.code == "ConditionalCheckFailed":
                    raise Conflict(message, code=code) from exc
            if write_refused(exc):
                raise Conflict("a concurrent change got there first; retry", code="CONCURRENT_CHANGE") from exc
            raise


# --- reads ------------------------------------------------------------------------------------------------------


def get_item(pk: str, sk: str) -> RegistryItem | None:
    try:
        return RegistryItem.get(pk, sk)
    except RegistryItem.DoesNotExist:
        return None


def lock_target(community_id: str, kind: str, value: str) -> str | None:
    """The entity id holding a uniqueness lock (house by address code, person by ID card, vehicle by plate)."""
    item = get_item(lock_pk(community_id, kind, value), "LOCK")
    return item.entity_id if item else None


def lock_item(
    community_id: str, kind: str, value: str, entity_id: str, now: datetime, source: str, import_id: str | None = None
) -> RegistryItem:
    return RegistryItem(
        lock_pk(community_id, kind, value),
        "LOCK",
        entity="lock",
        entity_id=entity_id,
        community_id=community_id,
        ingested_at=now,
        data_source=source,
        import_id=import_id,
    )


def query_index(
    index: str, hash_key: str, prefix: str | None, limit: int, cursor: str | None, forward: bool = True
) -> tuple[list[RegistryItem], str | None]:
    gsi = RegistryItem.gsi1 if index == "gsi1" else RegistryItem.gsi2
    sort_attr = RegistryItem.gsi1sk if index == "gsi1" else RegistryItem.gsi2sk
    condition = sort_attr.startswith(prefix) if prefix else None
    results = gsi.query(
        hash_key, condition, limit=limit, last_evaluated_key=decode_cursor(cursor), scan_index_forward=forward
    )
    items = list(results)
    return items, encode_cursor(results.last_evaluated_key)


def query_partition(
    pk: str, prefix: str, limit: int = 100, cursor: str | None = None
) -> tuple[list[RegistryItem], str | None]:
    results = RegistryItem.query(
        pk, RegistryItem.sk.startswith(prefix), limit=limit, last_evaluated_key=decode_cursor(cursor)
    )
    items = list(results)
    return items, encode_cursor(results.last_evaluated_key)


# --- members ----------------------------------------------------------------------------------------------------


def member_sk(person_id: str) -> str:
    return f"MEMBER#{person_id}"


def get_member(community_id: str, house_id: str, person_id: str) -> MemberRecord | None:
    try:
        return MemberRecord.get(house_pk(community_id, house_id), member_sk(person_id))
    except MemberRecord.DoesNotExist:
        return None


def current_members(community_id: str, house_id: str) -> list[MemberRecord]:
    return list(MemberRecord.query(house_pk(community_id, house_id), MemberRecord.sk.startswith("MEMBER#")))


def ended_members(
    community_id: str, house_id: str, limit: int = 100, cursor: str | None = None
) -> tuple[list[MemberRecord], str | None]:
    results = MemberRecord.query(
        house_pk(community_id, house_id),
        MemberRecord.sk.startswith("HIST#"),
        scan_index_forward=False,
        limit=limit,
        last_evaluated_key=decode_cursor(cursor),
    )
    items = list(results)
    return items, encode_cursor(results.last_evaluated_key)


def residences_of(community_id: str, person_id: str) -> list[MemberRecord]:
    """A person's current (`C#`) and past (`H#`) residences in one Query."""
    return list(MemberRecord.gsi2.query(f"C#{community_id}#PERSON#{person_id}#HOMES"))


def member_record(
    community_id: str,
    house_id: str,
    person_id: str,
    person_name: str,
    relation: str,
    relation_to_owner: str | None,
    since: datetime,
    now: datetime,
    source: str,
    created_by: str | None,
    account_id: str | None = None,
    import_id: str | None = None,
) -> MemberRecord:
    record = MemberRecord(
        house_pk(community_id, house_id),
        f"MEMBER#{person_id}",
        gsi2pk=f"C#{community_id}#PERSON#{person_id}#HOMES",
        gsi2sk=f"C#{house_id}",
        community_id=community_id,
        house_id=house_id,
        person_id=person_id,
        person_name=person_name,
        relation=relation,
        relation_to_owner=relation_to_owner,
        since=since,
        ingested_at=now,
        data_source=source,
        created_by=created_by,
        import_id=import_id,
    )
    if account_id:
        bind_fields(record, account_id, now)
    return record


def bind_fields(record: MemberRecord, account_id: str, now: datetime) -> None:
    record.account_id = account_id
    record.bound_at = now
    record.gsi1pk = account_pk(account_id)
    record.gsi1sk = f"C#{record.community_id}#H#{record.house_id}"


def owner_marker(
    community_id: str, house_id: str, person_id: str, now: datetime, source: str, import_id: str | None = None
) -> RegistryItem:
    return RegistryItem(
        house_pk(community_id, house_id),
        "OWNER",
        entity="owner",
        entity_id=person_id,
        community_id=community_id,
        ingested_at=now,
        data_source=source,
        import_id=import_id,
    )


def end_member_actions(tx: Tx, member: MemberRecord, ended_at: datetime, reason: str) -> Tx:
    """Move-out: the current item goes, a history item keeps the residency with its end (001 7.1.1.4 d)."""
    stamp = ended_at.strftime("%Y%m%dT%H%M%S%fZ")
    history = MemberRecord(
        member.pk,
        f"HIST#{stamp}#{member.person_id}",
        gsi2pk=member.gsi2pk,
        gsi2sk=f"H#{stamp}#{member.house_id}",
        community_id=member.community_id,
        house_id=member.house_id,
        person_id=member.person_id,
        person_name=member.person_name,
        relation=member.relation,
        relation_to_owner=member.relation_to_owner,
        account_id=member.account_id,
        status="ended",
        since=member.since,
        ended_at=ended_at,
        end_reason=reason,
        bound_at=member.bound_at,
        ingested_at=member.ingested_at,
        data_source=member.data_source,
        created_by=member.created_by,
    )
    tx.delete(member, None, "MEMBER_CHANGED", "the membership changed meanwhile; reload and retry")
    tx.put_new(history, "CONCURRENT_CHANGE", "history entry exists")
    if member.relation == "owner":
        marker = owner_marker(member.community_id, member.house_id, member.person_id, ended_at, member.data_source)
        tx.delete(marker, RegistryItem.entity_id == member.person_id, "OWNER_CHANGED", "owner changed meanwhile")
    return tx


def bind_account(member: MemberRecord, account_id: str, now: datetime) -> None:
    """Attach a resident account to a residency the property entered; a residency is bound at most once."""
    bind_fields(member, account_id, now)
    try:
        member.save(condition=MemberRecord.account_id.does_not_exist())
    except PutError as exc:
        if condition_failed(exc):
            raise Conflict("this residency is already bound to an account", code="ALREADY_BOUND") from exc
        raise


def memberships_by_account(account_id: str) -> list[MemberRecord]:
    return list(MemberRecord.gsi1.query(account_pk(account_id)))


# --- helpers for callers ----------------------------------------------------------------------------------------


def batch_get(keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], RegistryItem]:
    wanted = list(dict.fromkeys(keys))
    found: dict[tuple[str, str], RegistryItem] = {}
    if wanted:
        for item in RegistryItem.batch_get(wanted):
            found[(item.pk, item.sk)] = item
    return found
