"""Registry rules: the community's basic-information entities (001 7.1.1.1-7.1.1.11, 003 7.3.5).

Entities and their clauses (field lists live in the API contracts, named in camelCase):
- organisation hierarchy node, 7.1.1.11 / 7.3.6 (code rules in `addresses.py`);
- building, 7.1.1.3; unit (单元) of a building; house, 7.1.1.4 b;
- person, 7.1.1.2 (population type permanent|floating|key, key-person category, tags) and 7.1.1.4 c-d;
- household membership (residency with move-in/move-out), 7.1.1.4 a/d (use cases in `households.py`);
- motor and non-motor vehicle, 7.1.1.6-7.1.1.7; legal-entity unit / organisation in the compound, 7.1.1.5.
Every record carries its ingest time and data source (cross-cutting rule of 7.1.1).

The registry's records and the ports its services use (001 7.1.1, 003 7.3.5). Pure Python.

A `Record` is one registry entity: org unit, building, unit, house, person, vehicle, organisation or household
application. Its plain fields live in `attrs` (camelCase, as on the wire); personal data only in `sealed`
(encrypted tokens, blind indexes and masks made by the `PersonalData` port). Every record carries its ingest time
and data source (7.1.1). A `Residency` is a person living in a house (7.1.1.4 a/d), current or ended.

Writes go through a `Change`: everything one use case writes, applied atomically by the repository
(`RegistryRepository.commit`), with the uniqueness claims (one house per address code, one person per ID-card
number, one vehicle per plate, one owner per house, ...) checked inside the same transaction. A failed condition
is a `Conflict` naming the invariant. The repository alone knows tables, keys, indexes and locks.

Households: who lives in which house, how they are related, and how a resident account binds to a house.

001 7.1.1.4 a/c/d: a house has one owner and a history of residents with move-in and move-out times; a residency
is never deleted, it ends (`ended_at`, `end_reason`) and stays in history. 003 7.3.5: the archive distinguishes
permanent and floating residents and rented houses (relation `tenant`).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, Protocol

from chalicelib.kernel.errors import InvalidInput, NotFound

POPULATION_TYPES: tuple[str, ...] = ("permanent", "floating", "key")
DATA_SOURCES: tuple[str, ...] = (
    "manual",  # entered by property staff
    "import",  # bulk spreadsheet import (001 7.3.7 c)
    "self_registration",  # a resident's own application or an owner's invitation
    "grid_worker",
    "department_exchange",
    "device",
    "partner",
)
ID_TYPES: tuple[str, ...] = ("resident_id_card", "passport", "hk_macao_permit", "taiwan_permit", "foreign_permanent")
GENDERS: tuple[str, ...] = ("male", "female", "unknown")
VEHICLE_KINDS: tuple[str, ...] = ("motor", "non_motor")
PARKING_TYPES: tuple[str, ...] = ("monthly", "temporary", "owned_space", "none")
KEY_VEHICLE_CLASSES: tuple[str, ...] = ("cloned_plate", "stolen", "wanted")
BUILDING_STATUSES: tuple[str, ...] = ("in_use", "under_construction", "vacant", "demolished")
OCCUPANCY: tuple[str, ...] = ("self_occupied", "rented", "vacant", "unknown")


def invalid_field(field: str, message: str, code: str) -> InvalidInput:
    """400 naming the one field that breaks a rule (`code` upper case; the field's detail carries it lower case)."""
    return InvalidInput(message, code=code, details=[{"field": field, "code": code.lower(), "message": message}])


def normalise_name(name: str) -> str:
    """Search form of a person's or organisation's name: NFKC, no whitespace, case-folded.

    Names are searched by prefix on an index sort key, so "张 三" and "张三" must meet in one form.
    """
    folded = unicodedata.normalize("NFKC", name).casefold()
    return re.sub(r"\s+", "", folded)


# Mainland plates: province character, issuing-authority letter, then 5 characters (6 for new-energy vehicles);
# the last may be a special-use character (学 coach, 警 police, 挂 trailer, 港/澳 cross-border, 领/使 consular).
_PLATE = re.compile(r"^[\u4e00-\u9fff][A-Z][A-HJ-NP-Z0-9]{4,5}[A-HJ-NP-Z0-9学警挂港澳领使]$")
_NON_MOTOR_PLATE = re.compile(r"^[\u4e00-\u9fffA-Z0-9]{4,12}$")


def normalise_plate(plate: str) -> str:
    """Upper case without separators: "京a·12345" -> "京A12345"."""
    value = unicodedata.normalize("NFKC", plate).upper()
    return re.sub(r"[\s·.\-_]", "", value)


def validate_plate(plate: str, kind: str = "motor") -> str:
    value = normalise_plate(plate)
    pattern = _PLATE if kind == "motor" else _NON_MOTOR_PLATE
    if not pattern.match(value):
        raise invalid_field("plate", f"{plate!r} is not a valid {kind.replace('_', '-')} plate number", "INVALID_PLATE")
    return value


_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_char(first17: str) -> str:
    """GB 32100-2015 check character of a unified social credit code."""
    total = sum(_CREDIT_CHARS.index(c) * w for c, w in zip(first17, _CREDIT_WEIGHTS, strict=True))
    return _CREDIT_CHARS[(31 - total % 31) % 31]


def valid_credit_code(code: str) -> bool:
    value = code.strip().upper()
    if len(value) != 18 or any(c not in _CREDIT_CHARS for c in value):
        return False
    return credit_code_check_char(value[:17]) == value[17]


def validate_tags(tags: list[str]) -> list[str]:
    """Tags (7.1.1.2 d): short labels, de-duplicated, order kept."""
    seen: list[str] = []
    for tag in tags:
        value = tag.strip()
        if not value or len(value) > 32:
            raise invalid_field("tags", "a tag is 1-32 characters", "INVALID_TAG")
        if value not in seen:
            seen.append(value)
    if len(seen) > 20:
        raise invalid_field("tags", "at most 20 tags", "TOO_MANY_TAGS")
    return seen


def check_key_person(population_type: str, key_category: str | None) -> None:
    """7.1.1.2 c: a key person has a key-person category; others do not."""
    if population_type == "key" and not key_category:
        raise invalid_field("keyCategory", "a key person needs a keyCategory", "KEY_CATEGORY_REQUIRED")
    if population_type != "key" and key_category:
        raise invalid_field("keyCategory", "only key persons have a keyCategory", "KEY_CATEGORY_NOT_ALLOWED")


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


# --- what every stored record satisfies -------------------------------------------------------------------------

# Fields an entity always holds: an update may change them, never remove them.
REQUIRED: dict[str, tuple[str, ...]] = {
    "house": ("unit", "floor", "room", "addressCode", "buildingId", "use", "occupancy"),
    "person": ("name", "gender", "idType", "populationType", "status"),
    "vehicle": ("kind", "plate", "parkingType"),
    "organisation": ("name", "keyUnit"),
}
# The person fields `new_person` stores as they are (phone, ID number and emergency contacts are sealed).
PLAIN_PERSON_FIELDS = (
    "name",
    "gender",
    "idType",
    "nationality",
    "ethnicity",
    "nativePlace",
    "residenceAddress",
    "hukouAddress",
    "populationType",
    "keyCategory",
    "tags",
    "status",
)


def not_found(kind: str) -> NotFound:
    return NotFound(f"{kind.replace('_', ' ')} not found", code=f"{kind.upper()}_NOT_FOUND")


def unknown_reference(field: str, kind: str) -> NotFound:
    """A body names an entity this community does not hold: 404 naming the field, the same answer whether the
    id exists in another community or nowhere (look-ups are scoped to the path's community)."""
    return NotFound(
        f"{field} does not name a {kind} of this community",
        code=f"{kind.upper()}_NOT_FOUND",
        details=[{"field": field, "code": "not_found", "message": f"no such {kind} in this community"}],
    )


def check_finite(attrs: dict[str, Any]) -> None:
    """No NaN or infinity is ever stored (JSON `1e400` parses as infinity)."""
    for key, value in attrs.items():
        if isinstance(value, float) and not math.isfinite(value):
            raise invalid_field(key, f"{key} must be a finite number", "FINITE_NUMBER")


def check_record(record: Record) -> None:
    """The invariants every stored version of an entity satisfies (create and update alike)."""
    missing = [f for f in REQUIRED.get(record.kind, ()) if record.attrs.get(f) is None]
    if missing:
        raise InvalidInput(
            f"{', '.join(missing)} cannot be removed",
            code="VALIDATION_FAILED",
            details=[{"field": f, "code": "null_not_allowed", "message": "required"} for f in missing],
        )
    check_finite(record.attrs)
    if record.kind == "person":
        check_key_person(record.attrs["populationType"], record.attrs.get("keyCategory"))
        record.attrs["tags"] = validate_tags(list(record.attrs.get("tags") or []))


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


Relation = Literal["owner", "family", "tenant"]
RELATIONS: tuple[str, ...] = ("owner", "family", "tenant")


@dataclass(frozen=True)
class Membership:
    """A resident account's current place in a household (what the identity capability puts into resident tokens)."""

    community_id: str
    house_id: str
    relation: Relation

    @property
    def role(self) -> str:
        """The token role this membership grants: resident.owner, resident.family or resident.tenant."""
        return f"resident.{self.relation}"


APPLICATION_STATUSES: tuple[str, ...] = ("pending", "approved", "rejected", "withdrawn")
END_REASONS: tuple[str, ...] = ("moved_out", "removed_by_owner", "sold", "lease_ended", "deceased", "corrected")


def check_invite(inviter_relation: str | None, relation: str) -> None:
    """Owners invite family members and tenants; an owner is registered by the property, never invited."""
    from chalicelib.kernel.errors import Forbidden, InvalidInput

    if inviter_relation != "owner":
        raise Forbidden("only the house owner may invite or remove members", code="NOT_HOUSE_OWNER")
    if relation not in ("family", "tenant"):
        raise InvalidInput(
            "an owner invites family members or tenants",
            code="INVALID_RELATION",
            details=[{"field": "relation", "code": "invalid_relation", "message": "family|tenant"}],
        )


def check_removal(remover_relation: str | None, target_relation: str) -> None:
    from chalicelib.kernel.errors import Conflict

    check_invite(remover_relation, "family")
    if target_relation == "owner":
        raise Conflict(
            "the owner cannot be removed by an owner; the property records a change of owner",
            code="CANNOT_REMOVE_OWNER",
        )


def check_decision(status: str, decision: str, reason: str | None) -> None:
    """A pending application is approved, or rejected with a reason (shown to the applicant)."""
    from chalicelib.kernel.errors import Conflict, InvalidInput

    if status != "pending":
        raise Conflict(f"application is already {status}", code="APPLICATION_DECIDED")
    if decision == "rejected" and not (reason and reason.strip()):
        raise InvalidInput(
            "a rejection needs a reason",
            code="REASON_REQUIRED",
            details=[{"field": "reason", "code": "missing", "message": "reason is required"}],
        )
