"""The registry's records and the ports its services use (001 7.1.1, 003 7.3.5). Pure Python.

A `Record` is one registry entity: org unit, building, unit, house, person, vehicle, organisation or household
application. Its plain fields live in `attrs` (camelCase, as on the wire); personal data only in `sealed`
(encrypted tokens, blind indexes and masks made by the `PersonalData` port). Every record carries its ingest time
and data source (7.1.1). A `Residency` is a person living in a house (7.1.1.4 a/d), current or ended.

Writes go through a `Change`: everything one use case writes, applied atomically by the repository
(`RegistryRepository.commit`), with the uniqueness claims (one house per address code, one person per ID-card
number, one vehicle per plate, one owner per house, ...) checked inside the same transaction. A failed condition
is a `Conflict` naming the invariant. The repository alone knows tables, keys, indexes and locks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, Protocol

Kind = Literal["org", "building", "unit", "house", "person", "vehicle", "organisation", "application"]
ClaimKind = Literal["address", "id_card", "plate"]
Listing = tuple[list["Record"], str | None]


@dataclass
class Record:
    kind: str
    id: str
    community_id: str | None
    attrs: dict[str, Any]
    ingested_at: datetime
    data_source: str = "manual"
    sealed: dict[str, Any] | None = None
    updated_at: datetime | None = None
    created_by: str | None = None
    import_id: str | None = None
    version: int = 0  # 0 = not stored yet; the repository sets it on every write

    @property
    def name(self) -> str:
        return str(self.attrs.get("name", ""))


@dataclass(frozen=True)
class Claim:
    """A uniqueness claim written with a record: (community, kind, value) is held by at most one record."""

    kind: ClaimKind
    value: str
    code: str
    message: str


@dataclass
class Residency:
    """A person in a house with a relation (owner | family | tenant); ends, never deleted (7.1.1.4 d)."""

    community_id: str
    house_id: str
    person_id: str
    person_name: str
    relation: str
    since: datetime
    ingested_at: datetime
    data_source: str = "manual"
    relation_to_owner: str | None = None
    account_id: str | None = None
    status: str = "current"
    ended_at: datetime | None = None
    end_reason: str | None = None
    bound_at: datetime | None = None
    created_by: str | None = None
    import_id: str | None = None
    version: int = 0


@dataclass
class Change:
    """What one use case writes, all or nothing. Each step names the conflict code a failed condition gives."""

    creates: list[tuple[Record, list[Claim]]] = field(default_factory=list)
    updates: list[Record] = field(default_factory=list)  # guarded by each record's version
    requires: list[tuple[str, str, str, str, str]] = field(default_factory=list)  # (community, kind, id, code, msg)
    moves_in: list[Residency] = field(default_factory=list)
    moves_out: list[Residency] = field(default_factory=list)  # with ended_at / end_reason set
    apply_locks: list[tuple[str, str, str, str]] = field(default_factory=list)  # (community, house, account, app)
    releases: list[tuple[str, str, str, str]] = field(default_factory=list)  # same shape, deleted when still held

    def create(self, record: Record, claims: Iterable[Claim] = ()) -> Change:
        self.creates.append((record, list(claims)))
        return self

    def update(self, record: Record) -> Change:
        self.updates.append(record)
        return self

    def require(self, community_id: str, kind: str, entity_id: str, code: str, message: str) -> Change:
        self.requires.append((community_id, kind, entity_id, code, message))
        return self

    def move_in(self, residency: Residency) -> Change:
        self.moves_in.append(residency)
        return self

    def move_out(self, residency: Residency) -> Change:
        self.moves_out.append(residency)
        return self

    def __len__(self) -> int:
        return (
            sum(1 + len(c) for _, c in self.creates)
            + len(self.updates)
            + len(self.requires)
            + sum(3 if r.relation == "owner" else 2 for r in self.moves_in)  # + the house's existence check
            + sum(3 if r.relation == "owner" else 2 for r in self.moves_out)
            + len(self.apply_locks)
            + len(self.releases)
        )


class RegistryRepository(Protocol):
    """Storage of the registry. Reads return None / empty when absent; `commit` raises `Conflict` on a failed
    condition and leaves nothing written."""

    def new_id(self, prefix: str) -> str: ...
    def get(self, community_id: str | None, kind: str, entity_id: str) -> Record | None: ...
    def get_many(self, community_id: str, kind: str, ids: Iterable[str]) -> dict[str, Record]: ...
    def claimed_by(self, community_id: str, kind: ClaimKind, value: str) -> str | None: ...
    def claims_held(self, community_id: str, claims: Iterable[tuple[ClaimKind, str]]) -> dict[tuple[str, str], str]: ...
    def houses_with_owner(self, community_id: str, house_ids: Iterable[str]) -> set[str]: ...
    def commit(self, change: Change) -> None: ...
    def undo(self, changes: list[Change]) -> None: ...
    def bind(self, residency: Residency, account_id: str, now: datetime) -> None: ...

    def org_children(self, parent: str, limit: int, cursor: str | None) -> Listing: ...
    def buildings(self, community_id: str, limit: int, cursor: str | None) -> Listing: ...
    def units(self, community_id: str, building_id: str) -> list[Record]: ...
    def houses(
        self, community_id: str, building_id: str | None, prefix: str | None, limit: int, cursor: str | None
    ) -> Listing: ...
    def people_by_name(self, community_id: str, prefix: str | None, limit: int, cursor: str | None) -> Listing: ...
    def people_by_phone(self, community_id: str, phone_index: str, limit: int, cursor: str | None) -> Listing: ...
    def vehicles(
        self, community_id: str, owner_id: str | None, prefix: str | None, limit: int, cursor: str | None
    ) -> Listing: ...
    def organisations(self, community_id: str, prefix: str | None, limit: int, cursor: str | None) -> Listing: ...
    def applications(self, community_id: str, status: str, limit: int, cursor: str | None) -> Listing: ...
    def applications_of(self, account_id: str, limit: int, cursor: str | None) -> Listing: ...

    def residency(self, community_id: str, house_id: str, person_id: str) -> Residency | None: ...
    def residents(self, community_id: str, house_id: str) -> list[Residency]: ...
    def past_residents(
        self, community_id: str, house_id: str, limit: int, cursor: str | None
    ) -> tuple[list[Residency], str | None]: ...
    def residences_of(self, community_id: str, person_id: str) -> list[Residency]: ...
    def residencies_of_account(self, account_id: str) -> list[Residency]: ...


class PersonalData(Protocol):
    """Personal data rules and sealing (security.pii): encryption, blind indexes, masks, number checks."""

    def normalise_phone(self, value: str) -> str: ...
    def normalise_id_number(self, value: str) -> str: ...
    def valid_id_card(self, value: str) -> bool: ...
    def index(self, kind: Literal["phone", "id_card"], value: str) -> str: ...
    def seal(self, phone: str | None, id_number: str | None, contacts: list[dict[str, Any]]) -> dict[str, Any]: ...
    def reveal(self, sealed: dict[str, Any]) -> dict[str, Any]: ...


class AttemptLimiter(Protocol):
    """Counts failed attempts per key in a fixed window (binding and member look-ups are oracles otherwise)."""

    def exceeded(self, keys: list[tuple[str, int]], now: datetime) -> bool: ...
    def record_failure(self, keys: list[tuple[str, int]], now: datetime) -> None: ...
