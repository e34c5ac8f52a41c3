"""Household use cases (001 7.1.1.4 a/d, 003 7.3.5): binding, applications, invitations, removal, move-out.

Binding by match: the property registered the residents of a house; a resident who gives the same name plus the
same phone or ID number (compared through blind indexes, never decrypted) binds their account to that residency.
Otherwise they apply, and a manager approves (the residency is created, bound) or rejects with a reason.

Both binding and an owner's invitation compare what the caller sent with registered personal data, so both are
oracles if left open. They are limited per account and per source address (failed attempts in a window -> 429),
and their answers never confirm data the caller did not already hold: a record bound to someone else answers
exactly like no record, and an invitation naming a registered ID number attaches that person only when the sent
name and phone match them too, echoing back only what was sent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

import chalicelib.registry.model as registry
from chalicelib.kernel.clock import iso
from chalicelib.kernel.errors import Conflict, Forbidden, InvalidInput, NotFound, TooManyRequests
from chalicelib.registry.model import AttemptLimiter, Change, Claim, Listing, Record, Residency
from chalicelib.registry.service import RegistryService

# Failed look-ups allowed per window before 429 (a legitimate resident needs one or two).
ACCOUNT_FAILURES = 5
SOURCE_FAILURES = 30


class Refused(NotFound):
    """A 404 whose audit reason is more precise than what the caller is told."""

    def __init__(self, message: str, *, code: str, reason: str):
        super().__init__(message, code=code)
        self.reason = reason


def _no_match(reason: str) -> Refused:
    return Refused("no resident record of this house matches; apply instead", code="BINDING_NO_MATCH", reason=reason)


class HouseholdService:
    def __init__(
        self,
        registry_service: RegistryService,
        limiter: AttemptLimiter,
        now: Callable[[], datetime],
    ):
        self.registry = registry_service
        self.repo = registry_service.repo
        self.personal = registry_service.personal
        self.limiter = limiter
        self.now = now

    # --- shared ------------------------------------------------------------------------------------------------

    def resolve_house(self, community_id: str, house_id: str | None, address_code: str | None) -> Record:
        """A house named by id or by standard address code (what a resident reads off their door or contract)."""
        house = None
        if house_id:
            house = self.repo.get(community_id, "house", house_id)
        elif address_code:
            house = self.registry.house_by_address(community_id, address_code)
        if house is None:
            raise NotFound("house not found", code="HOUSE_NOT_FOUND")
        return house

    def my_residency(self, account_id: str, community_id: str, house_id: str) -> Residency | None:
        """The caller's current residency, read from the registry (a token may be older than a move-out)."""
        for residency in self.repo.residencies_of_account(account_id):
            if residency.community_id == community_id and residency.house_id == house_id:
                return residency
        return None

    def _guarded(self, action: str, account_id: str, source: str) -> list[tuple[str, int]]:
        keys = [
            (f"{action}#account#{account_id}", ACCOUNT_FAILURES),
            (f"{action}#source#{source or '-'}", SOURCE_FAILURES),
        ]
        if self.limiter.exceeded(keys, self.now()):
            raise TooManyRequests("too many failed attempts; try again later", code="RATE_LIMITED")
        return keys

    # --- binding -----------------------------------------------------------------------------------------------

    def bind(
        self,
        community_id: str,
        account_id: str,
        source: str,
        *,
        house_id: str | None,
        address_code: str | None,
        name: str,
        phone: str | None,
        id_number: str | None,
    ) -> tuple[Residency, Record]:
        keys = self._guarded("bind", account_id, source)
        try:
            return self._bind(community_id, account_id, house_id, address_code, name, phone, id_number)
        except (NotFound, InvalidInput):  # no match, no such house, a malformed code: all count
            self.limiter.record_failure(keys, self.now())
            raise

    def _bind(
        self,
        community_id: str,
        account_id: str,
        house_id: str | None,
        address_code: str | None,
        name: str,
        phone: str | None,
        id_number: str | None,
    ) -> tuple[Residency, Record]:
        house = self.resolve_house(community_id, house_id, address_code)
        if self.my_residency(account_id, community_id, house.id):
            raise Conflict("your account is already bound to this house", code="ALREADY_BOUND")
        residents = self.repo.residents(community_id, house.id)
        people = self.repo.get_many(community_id, "person", [r.person_id for r in residents])
        phone_index = self.personal.index("phone", phone) if phone else None
        id_index = self.personal.index("id_card", id_number) if id_number else None
        wanted = registry.normalise_name(name)
        match = None
        for residency in residents:
            person = people.get(residency.person_id)
            if person is None or registry.normalise_name(person.name) != wanted:
                continue
            sealed = person.sealed or {}
            if (phone_index and sealed.get("phoneIndex") == phone_index) or (
                id_index and sealed.get("idIndex") == id_index
            ):
                match = residency
                break
        if match is None:
            raise _no_match("no match")
        if match.account_id:
            # Answered as no match: "already bound" would confirm a stranger's name and phone.
            raise _no_match("matched a record bound to another account")
        try:
            self.repo.bind(match, account_id, self.now())
        except Conflict as exc:
            raise _no_match("bound to another account meanwhile") from exc
        return match, house

    def memberships(self, account_id: str) -> list[tuple[str, str, str]]:
        """The account's current households as (community, house, relation): what its access token carries."""
        return [(m.community_id, m.house_id, m.relation) for m in self.repo.residencies_of_account(account_id)]

    def my_households(self, account_id: str) -> list[tuple[Residency, Record | None]]:
        residencies = self.repo.residencies_of_account(account_id)
        houses: dict[tuple[str, str], Record] = {}
        for community_id in {r.community_id for r in residencies}:
            ids = [r.house_id for r in residencies if r.community_id == community_id]
            houses.update({(community_id, i): h for i, h in self.repo.get_many(community_id, "house", ids).items()})
        return [(r, houses.get((r.community_id, r.house_id))) for r in residencies]

    # --- applications ------------------------------------------------------------------------------------------

    def apply(
        self, community_id: str, account_id: str, fields: dict[str, Any], house_id: str | None, address: str | None
    ) -> Record:
        house = self.resolve_house(community_id, house_id, address)
        if self.my_residency(account_id, community_id, house.id):
            raise Conflict("your account is already bound to this house", code="ALREADY_BOUND")
        phone = self.registry.checked_phone(fields["phone"])
        id_type = fields.get("idType") or "resident_id_card"
        id_number = self.registry.checked_id_number(id_type, fields["idNumber"]) if fields.get("idNumber") else None
        sealed = self.personal.seal(phone, id_number, [])
        attrs = {k: v for k, v in fields.items() if k not in ("phone", "idNumber") and v is not None}
        attrs.update(
            houseId=house.id, addressCode=house.attrs.get("addressCode"), status="pending", accountId=account_id
        )
        attrs.setdefault("idType", id_type)
        record = self.registry.new_record(
            "application",
            community_id,
            self.repo.new_id("a"),
            attrs,
            "self_registration",
            account_id,
            sealed=sealed,
        )
        change = Change().create(record)
        change.apply_locks.append((community_id, house.id, account_id, record.id))
        self.repo.commit(change)
        return record

    def applications(self, community_id: str, status: str, limit: int, cursor: str | None) -> Listing:
        return self.repo.applications(community_id, status, limit, cursor)

    def applications_of(self, account_id: str, limit: int, cursor: str | None) -> Listing:
        return self.repo.applications_of(account_id, limit, cursor)

    def decide(
        self, community_id: str, application_id: str, decision: str, version: int | None, reason: str | None, actor: str
    ) -> tuple[Record, str | None]:
        """Approve (the applicant becomes a bound resident) or reject with a reason. Returns the person id."""
        current = self.repo.get(community_id, "application", application_id)
        if current is None:
            raise NotFound("application not found", code="APPLICATION_NOT_FOUND")
        registry.check_decision(current.attrs["status"], decision, reason)
        if version is not None and current.version != version:
            raise Conflict(
                f"version {version} is stale (current {current.version})",
                code="STALE_VERSION",
                details=[{"field": "version", "code": "stale", "message": f"current is {current.version}"}],
            )
        now = self.now()
        a = dict(current.attrs)
        a.update(status=decision, reason=reason, decidedBy=actor, decidedAt=iso(now))
        decided = replace(current, attrs={k: v for k, v in a.items() if v is not None}, updated_at=now)
        change = Change().update(decided)
        change.releases.append((community_id, a["houseId"], a["accountId"], current.id))
        person_id = None
        if decision == "approved":
            person_id = self._admit(change, community_id, decided, actor)
        self.repo.commit(change)
        return decided, person_id

    def _admit(self, change: Change, community_id: str, application: Record, actor: str) -> str:
        a, s = application.attrs, application.sealed or {}
        person = None
        if s.get("idIndex"):
            person_id = self.repo.claimed_by(community_id, "id_card", s["idIndex"])
            person = self.repo.get(community_id, "person", person_id) if person_id else None
        if person is not None and not self._matches(person, a["name"], s.get("phoneIndex")):
            # The ID number is registered to someone whose name or phone differs: an applicant is never attached
            # to another person's record by ID number alone; the property checks and corrects the registry.
            raise Conflict(
                "the applicant's details do not match the registered person with this ID number",
                code="PERSON_DETAILS_MISMATCH",
            )
        if person is None:
            # The applicant's sealed values move over as they are: same purposes, no decrypt needed.
            person = self.registry.new_record(
                "person",
                community_id,
                self.repo.new_id("p"),
                {
                    "name": a["name"],
                    "idType": a.get("idType", "resident_id_card"),
                    "gender": "unknown",
                    "populationType": a.get("populationType", "permanent"),
                    "tags": [],
                    "status": "active",
                },
                "self_registration",
                actor,
                sealed={k: v for k, v in s.items() if k != "contacts"} | {"contacts": []},
            )
            change.create(person, [self._id_claim(s["idIndex"])] if s.get("idIndex") else [])
        residency = self.registry.residency_of(
            community_id,
            a["houseId"],
            replace(person, attrs={**person.attrs, "name": a["name"]}),
            a["relation"],
            a.get("relationToOwner"),
            None,
            "self_registration",
            actor,
            account_id=a["accountId"],
        )
        change.move_in(residency)
        return person.id

    @staticmethod
    def _id_claim(index: str) -> Claim:
        return Claim("id_card", index, "PERSON_EXISTS", "a person with this ID number is already registered")

    # --- inside one household ----------------------------------------------------------------------------------

    def members(self, community_id: str, house_id: str, resident_account: str | None) -> list[Residency]:
        """Current members; a resident must still live there (a token may be older than a move-out)."""
        if resident_account is not None and not self.my_residency(resident_account, community_id, house_id):
            raise Forbidden("you no longer live in this house", code="HOUSEHOLD_FORBIDDEN")
        return self.repo.residents(community_id, house_id)

    def invite(
        self, community_id: str, house_id: str, account_id: str, source: str, fields: dict[str, Any]
    ) -> Residency:
        """An owner registers a family member or tenant (unbound; the invitee binds by match after signing in).

        An ID number that is already registered attaches that person only when the sent name and phone match the
        registered ones as well; otherwise 409 without saying what differs. The answer carries what was sent.
        """
        mine = self.my_residency(account_id, community_id, house_id)
        registry.check_invite(mine.relation if mine else None, fields["relation"])
        keys = self._guarded("invite", account_id, source)
        person = None
        if fields.get("idNumber"):
            id_type = fields.get("idType") or "resident_id_card"
            person = self.registry.person_by_id_number(community_id, id_type, fields["idNumber"])
        change = Change()
        if person is None:
            person_fields = {k: v for k, v in fields.items() if k not in ("relation", "relationToOwner", "dataSource")}
            person, claims = self.registry.new_person(community_id, person_fields, fields["dataSource"], account_id)
            change.create(person, claims)
        elif not self._same_person(person, fields):
            self.limiter.record_failure(keys, self.now())
            raise Conflict(
                "the details do not match the registry's record for this ID number; ask the property office",
                code="PERSON_DETAILS_MISMATCH",
            )
        residency = self.registry.residency_of(
            community_id,
            house_id,
            replace(person, attrs={**person.attrs, "name": fields["name"]}),
            fields["relation"],
            fields.get("relationToOwner"),
            None,
            fields["dataSource"],
            account_id,
        )
        self.repo.commit(change.move_in(residency))
        return residency

    def _same_person(self, person: Record, fields: dict[str, Any]) -> bool:
        phone_index = self.personal.index("phone", self.registry.checked_phone(fields["phone"]))
        return self._matches(person, fields["name"], phone_index)

    @staticmethod
    def _matches(person: Record, name: str, phone_index: str | None) -> bool:
        """Name and phone both match the registered person (the ID number matched already)."""
        registered = (person.sealed or {}).get("phoneIndex")
        same_name = registry.normalise_name(person.name) == registry.normalise_name(name)
        return same_name and bool(registered) and registered == phone_index

    def remove(self, community_id: str, house_id: str, account_id: str, person_id: str) -> Residency:
        mine = self.my_residency(account_id, community_id, house_id)
        target = self.registry.current_residency(community_id, house_id, person_id)
        registry.check_removal(mine.relation if mine else None, target.relation)
        return self.registry.end_residency(target, None, "removed_by_owner")

    def move_out_myself(self, community_id: str, house_id: str, account_id: str) -> Residency:
        mine = self.my_residency(account_id, community_id, house_id)
        if mine is None:
            raise NotFound("you do not live in this house", code="MEMBER_NOT_FOUND")
        current = self.repo.residency(community_id, house_id, mine.person_id) or mine
        return self.registry.end_residency(current, None, "moved_out")
