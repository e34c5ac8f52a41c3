"""In-memory adapters for the registry's ports: the domain services run on these in unit tests (no local cloud).

`MemoryRegistry.commit` has the repository's semantics: every condition of a `Change` is checked, then all of it
is applied, or none (a failed condition raises `Conflict` with the step's code)."""

from __future__ import annotations

import copy
import hashlib
import itertools
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from typing import Any

from chalicelib.kernel.errors import Conflict
from chalicelib.registry.model import Change, ClaimKind, Listing, Record, Residency, normalise_name


class MemoryRegistry:
    def __init__(self) -> None:
        self.records: dict[tuple[str | None, str, str], Record] = {}
        self.claims: dict[tuple[str, str, str], str] = {}
        self.current: dict[tuple[str, str, str], Residency] = {}
        self.history: list[Residency] = []
        self.owners: dict[tuple[str, str], str] = {}
        self.apply_locks: dict[tuple[str, str, str], str] = {}
        self._ids = itertools.count(1)

    def new_id(self, prefix: str) -> str:
        return f"{prefix}{next(self._ids):06d}"

    # reads
    def get(self, community_id: str | None, kind: str, entity_id: str) -> Record | None:
        found = self.records.get((None if kind == "org" else community_id, kind, entity_id))
        return copy.deepcopy(found)

    def get_many(self, community_id: str, kind: str, ids: Iterable[str]) -> dict[str, Record]:
        return {i: r for i in ids if (r := self.get(community_id, kind, i)) is not None}

    def claimed_by(self, community_id: str, kind: ClaimKind, value: str) -> str | None:
        return self.claims.get((community_id, kind, value))

    def claims_held(self, community_id: str, claims: Iterable[tuple[ClaimKind, str]]) -> dict[tuple[str, str], str]:
        return {(k, v): e for k, v in claims if (e := self.claimed_by(community_id, k, v))}

    def houses_with_owner(self, community_id: str, house_ids: Iterable[str]) -> set[str]:
        return {h for h in house_ids if (community_id, h) in self.owners}

    def _list(self, community_id: str | None, kind: str, keep: Any, sort: Any, limit: int) -> Listing:
        found = [r for (c, k, _), r in self.records.items() if k == kind and c == community_id and keep(r)]
        return [copy.deepcopy(r) for r in sorted(found, key=sort)[:limit]], None

    def org_children(self, parent: str, limit: int, cursor: str | None) -> Listing:
        return self._list(None, "org", lambda r: (r.attrs.get("parentCode") or "ROOT") == parent, lambda r: r.id, limit)

    def buildings(self, community_id: str, limit: int, cursor: str | None) -> Listing:
        return self._list(community_id, "building", lambda r: True, lambda r: r.attrs["buildingCode"], limit)

    def units(self, community_id: str, building_id: str) -> list[Record]:
        keep = lambda r: r.attrs["buildingId"] == building_id  # noqa: E731
        return self._list(community_id, "unit", keep, lambda r: r.id, 100)[0]

    def houses(
        self, community_id: str, building_id: str | None, prefix: str | None, limit: int, cursor: str | None
    ) -> Listing:
        def keep(r: Record) -> bool:
            return (not building_id or r.attrs["buildingId"] == building_id) and r.attrs["addressCode"].startswith(
                prefix or ""
            )

        return self._list(community_id, "house", keep, lambda r: r.attrs["addressCode"], limit)

    def people_by_name(self, community_id: str, prefix: str | None, limit: int, cursor: str | None) -> Listing:
        keep = lambda r: normalise_name(r.name).startswith(prefix or "")  # noqa: E731
        return self._list(community_id, "person", keep, lambda r: normalise_name(r.name), limit)

    def people_by_phone(self, community_id: str, phone_index: str, limit: int, cursor: str | None) -> Listing:
        keep = lambda r: (r.sealed or {}).get("phoneIndex") == phone_index  # noqa: E731
        return self._list(community_id, "person", keep, lambda r: r.id, limit)

    def vehicles(
        self, community_id: str, owner_id: str | None, prefix: str | None, limit: int, cursor: str | None
    ) -> Listing:
        def keep(r: Record) -> bool:
            return (not owner_id or r.attrs.get("ownerPersonId") == owner_id) and r.attrs["plate"].startswith(
                prefix or ""
            )

        return self._list(community_id, "vehicle", keep, lambda r: r.attrs["plate"], limit)

    def organisations(self, community_id: str, prefix: str | None, limit: int, cursor: str | None) -> Listing:
        keep = lambda r: normalise_name(r.name).startswith(prefix or "")  # noqa: E731
        return self._list(community_id, "organisation", keep, lambda r: r.name, limit)

    def applications(self, community_id: str, status: str, limit: int, cursor: str | None) -> Listing:
        keep = lambda r: r.attrs["status"] == status  # noqa: E731
        return self._list(community_id, "application", keep, lambda r: r.ingested_at, limit)

    def applications_of(self, account_id: str, limit: int, cursor: str | None) -> Listing:
        found = [r for r in self.records.values() if r.kind == "application" and r.attrs["accountId"] == account_id]
        return [copy.deepcopy(r) for r in found][:limit], None

    def residency(self, community_id: str, house_id: str, person_id: str) -> Residency | None:
        return copy.deepcopy(self.current.get((community_id, house_id, person_id)))

    def residents(self, community_id: str, house_id: str) -> list[Residency]:
        return [copy.deepcopy(r) for (c, h, _), r in self.current.items() if (c, h) == (community_id, house_id)]

    def past_residents(
        self, community_id: str, house_id: str, limit: int, cursor: str | None
    ) -> tuple[list[Residency], str | None]:
        found = [r for r in self.history if (r.community_id, r.house_id) == (community_id, house_id)]
        return list(reversed(found))[:limit], None

    def residences_of(self, community_id: str, person_id: str) -> list[Residency]:
        mine = [r for (c, _, p), r in self.current.items() if (c, p) == (community_id, person_id)]
        return mine + [r for r in self.history if (r.community_id, r.person_id) == (community_id, person_id)]

    def residencies_of_account(self, account_id: str) -> list[Residency]:
        return [copy.deepcopy(r) for r in self.current.values() if r.account_id == account_id]

    # writes
    def commit(self, change: Change) -> None:
        state = copy.deepcopy((self.records, self.claims, self.current, self.history, self.owners, self.apply_locks))
        try:
            self._apply(change)
        except Conflict:
            self.records, self.claims, self.current, self.history, self.owners, self.apply_locks = state
            raise

    def _apply(self, change: Change) -> None:
        for community_id, kind, entity_id, code, message in change.requires:
            if self.get(community_id, kind, entity_id) is None:
                raise Conflict(message, code=code)
        for record, claims in change.creates:
            key = (None if record.kind == "org" else record.community_id, record.kind, record.id)
            if key in self.records:
                raise Conflict("exists", code="ORG_UNIT_EXISTS" if record.kind == "org" else "ALREADY_EXISTS")
            record.version = 1
            self.records[key] = copy.deepcopy(record)
            for claim in claims:
                claim_key = (record.community_id or "", claim.kind, claim.value)
                if claim_key in self.claims:
                    raise Conflict(claim.message, code=claim.code)
                self.claims[claim_key] = record.id
        for record in change.updates:
            key = (None if record.kind == "org" else record.community_id, record.kind, record.id)
            stored = self.records.get(key)
            if stored is None or stored.version != record.version:
                raise Conflict("changed", code="STALE_VERSION")
            record.version += 1
            self.records[key] = copy.deepcopy(record)
        for community_id, house_id, account_id, app_id in change.apply_locks:
            if (community_id, house_id, account_id) in self.apply_locks:
                raise Conflict("pending", code="APPLICATION_PENDING")
            self.apply_locks[(community_id, house_id, account_id)] = app_id
        for community_id, house_id, account_id, app_id in change.releases:
            if self.apply_locks.pop((community_id, house_id, account_id), None) != app_id:
                raise Conflict("lock changed", code="APPLICATION_CHANGED")
        for r in change.moves_in:
            if self.get(r.community_id, "house", r.house_id) is None:
                raise Conflict("house does not exist", code="HOUSE_NOT_FOUND")
            if (r.community_id, r.house_id, r.person_id) in self.current:
                raise Conflict("already lives here", code="ALREADY_MEMBER")
            if r.relation == "owner":
                if (r.community_id, r.house_id) in self.owners:
                    raise Conflict("owner exists", code="OWNER_EXISTS")
                self.owners[(r.community_id, r.house_id)] = r.person_id
            r.version = 1
            self.current[(r.community_id, r.house_id, r.person_id)] = copy.deepcopy(r)
        for r in change.moves_out:
            stored = self.current.pop((r.community_id, r.house_id, r.person_id), None)
            if stored is None or stored.version != r.version:
                raise Conflict("changed", code="MEMBER_CHANGED")
            if r.relation == "owner":
                self.owners.pop((r.community_id, r.house_id), None)
            self.history.append(copy.deepcopy(r))

    def undo(self, changes: list[Change]) -> None:
        for change in changes:
            for record, claims in change.creates:
                self.records.pop((record.community_id, record.kind, record.id), None)
                for claim in claims:
                    self.claims.pop((record.community_id or "", claim.kind, claim.value), None)
            for r in change.moves_in:
                self.current.pop((r.community_id, r.house_id, r.person_id), None)
                self.owners.pop((r.community_id, r.house_id), None)

    def bind(self, residency: Residency, account_id: str, now: datetime) -> None:
        key = (residency.community_id, residency.house_id, residency.person_id)
        stored = self.current.get(key)
        if stored is None or stored.account_id:
            raise Conflict("this residency is already bound to an account", code="ALREADY_BOUND")
        self.current[key] = replace(stored, account_id=account_id, bound_at=now, version=stored.version + 1)
        residency.account_id, residency.bound_at = account_id, now


class PlainPersonalData:
    """Sealing without KMS: the 'encrypted' values are marked plain text; indexes are unkeyed hashes."""

    def normalise_phone(self, value: str) -> str:
        from chalicelib.kernel.security.pii import normalise_phone

        return normalise_phone(value)

    def normalise_id_number(self, value: str) -> str:
        return value.replace(" ", "").upper()

    def valid_id_card(self, value: str) -> bool:
        from chalicelib.kernel.security.pii import valid_id_card

        return valid_id_card(value)

    def index(self, kind: str, value: str) -> str:
        normal = self.normalise_phone(value) if kind == "phone" else self.normalise_id_number(value)
        return hashlib.sha256(f"{kind}:{normal}".encode()).hexdigest()

    def seal(self, phone: str | None, id_number: str | None, contacts: list[dict[str, Any]]) -> dict[str, Any]:
        sealed: dict[str, Any] = {"contacts": [{**c, "phoneMasked": "***"} for c in contacts]}
        if phone:
            sealed.update(phone=f"plain:{phone}", phoneIndex=self.index("phone", phone), phoneMasked=phone[:3] + "****")
        if id_number:
            sealed.update(
                idNumber=f"plain:{id_number}", idIndex=self.index("id_card", id_number), idMasked=id_number[:3] + "***"
            )
        return sealed

    def reveal(self, sealed: dict[str, Any]) -> dict[str, Any]:
        def plain(v: str | None) -> str | None:
            return v.removeprefix("plain:") if v else None

        contacts = [{**c, "phone": plain(c.get("phone"))} for c in sealed.get("contacts", [])]
        return {
            "idNumber": plain(sealed.get("idNumber")),
            "phone": plain(sealed.get("phone")),
            "emergencyContacts": contacts,
        }


class MemoryLimiter:
    def __init__(self) -> None:
        self.failures: dict[str, int] = {}

    def exceeded(self, keys: list[tuple[str, int]], now: datetime) -> bool:
        return any(self.failures.get(k, 0) >= limit for k, limit in keys)

    def record_failure(self, keys: list[tuple[str, int]], now: datetime) -> None:
        for k, _ in keys:
            self.failures[k] = self.failures.get(k, 0) + 1
