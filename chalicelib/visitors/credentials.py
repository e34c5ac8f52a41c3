"""Access credentials of residents and staff (004 6.1.1 b/c/e, 003 6.5.7): card, QR, face (a reference only: the
biometric template stays in the face library, apart from identity records), app.

The six lifecycle operations of 004 6.1.1 b: issue, authorise (doors, areas, elevator floors), report loss, cancel
the loss report, deregister, extend. Every holder is checked when a credential is issued:

- a resident's credential is bound to a current residency: issuing checks the residency in the same transaction,
  and moving out (or being removed) deregisters the person's credentials in the same transaction as the move-out
  (see `repository_credentials.deregister_actions`);
- a staff credential's holder must be a staff account of this community that may work now (not disabled, inside
  its validity period; a sign-in lockout does not take the card). Checked at issue AND at every presentation: the
  identity capability sits below this one and cannot reach in to deregister the card when an account is disabled,
  expires or leaves the community, and an account can change between the issue's check and its write; so a staff
  card opens nothing while its holder may not work here (`HOLDER_NOT_CURRENT`), and opens again if they come back.

Elevator floors (004 6.1.1 e): a resident reaches their own floor and the community's public floors; security
staff reach every floor (`*`).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Protocol

from chalicelib.kernel.clock import iso, utcnow
from chalicelib.kernel.errors import Conflict, InvalidInput, NotFound, unknown_reference
from chalicelib.visitors.model import EntryLog, EntryRecord, GateDirectory, GateRef, HouseDirectory, new_entry_id

ACTIVE, LOST, DEREGISTERED = "active", "lost", "deregistered"
KINDS = ("card", "qr", "face", "app")
HOLDER_KINDS = ("resident", "staff")
SHARED_AREA = "shared"  # the community's shared doors (no building)
ALL_FLOORS = "*"
DEFAULT_PUBLIC_FLOORS = (1,)


@dataclass(frozen=True)
class Credential:
    credential_id: str
    community_id: str
    holder_kind: str
    holder_id: str  # person id (resident) or staff account id
    house_id: str | None
    kind: str
    reference: str  # card number, QR/app id, or the face library's template reference
    valid_until: datetime
    issued_by: str
    issued_at: datetime
    status: str = ACTIVE
    areas: tuple[str, ...] = ()  # building ids and/or "shared"
    doors: tuple[str, ...] = ()  # explicit door device ids
    floors: tuple[str, ...] = ()  # elevator floors ("3", "1", or "*")
    updated_at: datetime | None = None
    history: tuple[tuple[str, str, str], ...] = field(default_factory=tuple)  # (operation, at, by)

    def did(self, operation: str, now: datetime, by: str, **changes: Any) -> Credential:
        return replace(self, updated_at=now, history=(*self.history, (operation, iso(now), by)), **changes)

    def opens(self, door: GateRef) -> bool:
        if door.device_id in self.doors:
            return True
        area = door.building if door.building is not None else SHARED_AREA
        return area in self.areas

    def reaches(self, floor: int) -> bool:
        return ALL_FLOORS in self.floors or str(floor) in self.floors


@dataclass(frozen=True)
class StaffHolder:
    """What the access rules need of a staff account (the identity capability's)."""

    communities: frozenset[str]  # "*" = every community (a platform account)
    unavailable: str | None  # why the account may not work now (ACCOUNT_DISABLED, ACCOUNT_EXPIRED, ...), or None


def staff_holder_current(holder: StaffHolder | None, community_id: str) -> bool:
    """A staff credential holds while its holder is a staff account of this community that may work now. A
    sign-in lockout (too many wrong passwords) is about the password, not the person: it does not take the card."""
    if holder is None:
        return False
    if holder.unavailable not in (None, "ACCOUNT_LOCKED"):
        return False
    return community_id in holder.communities or "*" in holder.communities


class StaffDirectory(Protocol):
    def holder(self, account_id: str, now: datetime) -> StaffHolder | None:
        """The staff account with that id, or None (nobody, or not a staff account)."""
        ...


class CredentialRepository(Protocol):
    def issue(self, credential: Credential, residency: tuple[str, str, str] | None) -> None:
        """Store a new credential and claim its reference; with `residency` (community, house, person), only if
        that residency is current (checked in the same transaction)."""
        ...

    def get(self, community_id: str, credential_id: str) -> Credential | None: ...

    def by_reference(self, community_id: str, kind: str, reference: str) -> Credential | None: ...

    def replace(self, credential: Credential, expected_status: str, release_reference: bool = False) -> bool: ...


@dataclass(frozen=True)
class CredentialDecision:
    allowed: bool
    reason: str | None
    credential_id: str | None = None
    holder_id: str | None = None
    house_id: str | None = None


def new_credential_id() -> str:
    return "cr" + secrets.token_hex(8)


def _bad(field_name: str, code: str, message: str) -> InvalidInput:
    return InvalidInput(
        message, code="VALIDATION_FAILED", details=[{"field": field_name, "code": code, "message": message}]
    )


class BuildingDirectory(Protocol):
    def building_exists(self, community_id: str, building_id: str) -> bool: ...


@dataclass
class CredentialService:
    repo: CredentialRepository
    houses: HouseDirectory
    staff: StaffDirectory
    entries: EntryLog | None = None
    devices: GateDirectory | None = None
    now: Any = utcnow
    buildings: BuildingDirectory | None = None  # an area is one of the community's registry buildings or "shared"
    on_passage: Any = None  # `(entry) -> None` after a passage is recorded (`passage_listeners.passage_recorded`)

    def _check_areas(self, community_id: str, areas: tuple[str, ...]) -> None:
        if self.buildings is None:
            return
        for i, area in enumerate(areas):
            if area != SHARED_AREA and not self.buildings.building_exists(community_id, area):
                raise unknown_reference(f"areas.{i}", "building")

    def _check_doors(self, community_id: str, doors: tuple[str, ...]) -> None:
        if self.devices is None:
            return
        for i, door_id in enumerate(doors):
            door = self.devices.find(community_id, door_id)
            if door is None or door.device_type not in ("door_controller", "barrier_gate"):
                raise _bad(f"doors.{i}", "unknown_door", f"{door_id} is not a door of this community")

    def issue(
        self,
        community_id: str,
        *,
        holder_kind: str,
        holder_id: str,
        house_id: str | None,
        kind: str,
        reference: str,
        valid_until: datetime,
        issued_by: str,
        areas: tuple[str, ...] = (),
        doors: tuple[str, ...] = (),
        floors: tuple[str, ...] | None = None,
        security_staff: bool = False,
    ) -> Credential:
        now = self.now()
        if valid_until <= now:
            raise _bad("validUntil", "in_past", "validUntil must be in the future")
        if kind not in KINDS:
            raise _bad("kind", "enum", f"kind is one of {', '.join(KINDS)}")
        self._check_areas(community_id, areas)
        self._check_doors(community_id, doors)
        residency = None
        if holder_kind == "resident":
            if not house_id:
                raise _bad("houseId", "required", "a resident's credential names their house")
            house = self.houses.house(community_id, house_id)
            if house is None:
                raise NotFound(f"house {house_id} not found", code="HOUSE_NOT_FOUND")
            residency = (community_id, house_id, holder_id)
            if not areas and not doors:
                areas = tuple(a for a in (house.building_id, SHARED_AREA) if a)
            if floors is None:
                own = (str(house.floor),) if house.floor is not None else ()
                floors = (*own, *(str(f) for f in DEFAULT_PUBLIC_FLOORS))
        elif holder_kind == "staff":
            if not staff_holder_current(self.staff.holder(holder_id, now), community_id):
                raise Conflict(
                    "holderId is not a staff account of this community that may work now",
                    code="NOT_COMMUNITY_STAFF",
                    details=[{"field": "holderId", "code": "not_community_staff", "message": "no such staff here"}],
                )
            if floors is None:
                floors = (ALL_FLOORS,) if security_staff else tuple(str(f) for f in DEFAULT_PUBLIC_FLOORS)
        else:
            raise _bad("holderKind", "enum", f"holderKind is one of {', '.join(HOLDER_KINDS)}")
        credential = Credential(
            credential_id=new_credential_id(),
            community_id=community_id,
            holder_kind=holder_kind,
            holder_id=holder_id,
            house_id=house_id,
            kind=kind,
            reference=reference,
            valid_until=valid_until,
            issued_by=issued_by,
            issued_at=now,
            areas=tuple(dict.fromkeys(areas)),
            doors=tuple(dict.fromkeys(doors)),
            floors=tuple(dict.fromkeys(floors)),
        ).did("issue", now, issued_by)
        self.repo.issue(credential, residency)
        return credential

    def get(self, community_id: str, credential_id: str) -> Credential:
        found = self.repo.get(community_id, credential_id)
        if found is None:
            raise NotFound(f"credential {credential_id} not found", code="CREDENTIAL_NOT_FOUND")
        return found

    def _change(self, credential: Credential, changed: Credential, release: bool = False) -> Credential:
        if not self.repo.replace(changed, credential.status, release_reference=release):
            raise Conflict("the credential changed meanwhile; reload and retry", code="CREDENTIAL_CHANGED")
        return changed

    def authorise(
        self,
        community_id: str,
        credential_id: str,
        by: str,
        areas: tuple[str, ...],
        doors: tuple[str, ...],
        floors: tuple[str, ...],
    ) -> Credential:
        credential = self._live(community_id, credential_id)
        self._check_areas(community_id, areas)
        self._check_doors(community_id, doors)
        changed = credential.did("authorise", self.now(), by, areas=areas, doors=doors, floors=floors)
        return self._change(credential, changed)

    def report_loss(self, community_id: str, credential_id: str, by: str) -> Credential:
        credential = self.get(community_id, credential_id)
        if credential.status == LOST:
            return credential  # reported twice: nothing changes
        if credential.status != ACTIVE:
            raise Conflict(f"the credential is {credential.status}", code="CREDENTIAL_NOT_ACTIVE")
        return self._change(credential, credential.did("report_loss", self.now(), by, status=LOST))

    def cancel_loss(self, community_id: str, credential_id: str, by: str) -> Credential:
        credential = self.get(community_id, credential_id)
        if credential.status == ACTIVE:
            return credential
        if credential.status != LOST:
            raise Conflict(f"the credential is {credential.status}", code="CREDENTIAL_NOT_LOST")
        return self._change(credential, credential.did("cancel_loss", self.now(), by, status=ACTIVE))

    def deregister(self, community_id: str, credential_id: str, by: str) -> Credential:
        credential = self.get(community_id, credential_id)
        if credential.status == DEREGISTERED:
            return credential
        changed = credential.did("deregister", self.now(), by, status=DEREGISTERED)
        return self._change(credential, changed, release=True)

    def extend(self, community_id: str, credential_id: str, by: str, valid_until: datetime) -> Credential:
        credential = self._live(community_id, credential_id)
        if valid_until <= credential.valid_until:
            raise _bad("validUntil", "not_later", "an extension must end later than the current validity")
        return self._change(credential, credential.did("extend", self.now(), by, valid_until=valid_until))

    def _live(self, community_id: str, credential_id: str) -> Credential:
        credential = self.get(community_id, credential_id)
        if credential.status == DEREGISTERED:
            raise Conflict("the credential is deregistered", code="CREDENTIAL_NOT_ACTIVE")
        return credential

    def check(self, door: GateRef, kind: str, reference: str, floor: int | None = None) -> CredentialDecision:
        """A door or elevator presenting a card/QR/face/app reference."""
        credential = self.repo.by_reference(door.community_id, kind, reference)
        if credential is None:
            return CredentialDecision(False, "UNKNOWN_CREDENTIAL")
        ids = {
            "credential_id": credential.credential_id,
            "holder_id": credential.holder_id,
            "house_id": credential.house_id,
        }
        if credential.status == LOST:
            return CredentialDecision(False, "REPORTED_LOST", **ids)
        if credential.status != ACTIVE:
            return CredentialDecision(False, "DEREGISTERED", **ids)
        if self.now() >= credential.valid_until:
            return CredentialDecision(False, "EXPIRED", **ids)
        if door.device_type == "elevator":
            if floor is None or not credential.reaches(floor):
                return CredentialDecision(False, "FLOOR_NOT_ALLOWED", **ids)
        elif not credential.opens(door):
            return CredentialDecision(False, "DOOR_NOT_ALLOWED", **ids)
        if credential.holder_kind == "staff" and not staff_holder_current(
            self.staff.holder(credential.holder_id, self.now()), door.community_id
        ):
            return CredentialDecision(False, "HOLDER_NOT_CURRENT", **ids)
        if credential.holder_kind not in HOLDER_KINDS:
            return CredentialDecision(False, "HOLDER_NOT_CURRENT", **ids)  # deny by default
        return CredentialDecision(True, None, **ids)

    def present(
        self, door: GateRef, kind: str, reference: str, direction: str = "in", floor: int | None = None
    ) -> tuple[CredentialDecision, str | None]:
        """A credential presented at a door (recorded as a passage when it opens) or an elevator (floor check)."""
        decision = self.check(door, kind, reference, floor)
        if not decision.allowed or door.device_type == "elevator" or self.entries is None:
            return decision, None
        credential = self.repo.get(door.community_id, decision.credential_id or "")
        entry = EntryRecord(
            entry_id=new_entry_id(),
            community_id=door.community_id,
            gate_id=door.device_id,
            direction=direction,
            method=kind,
            subject_kind=credential.holder_kind if credential else "resident",
            subject_id=decision.holder_id or "",
            house_id=decision.house_id,
            at=self.now(),
            recorded_at=self.now(),
        )
        self.entries.record(entry)
        if self.on_passage is not None:
            self.on_passage(entry)
        return decision, entry.entry_id
