"""Watch lists (001 8.2.1.1.1 e persons, 8.2.1.1.2 b vehicles): entries by access credential, person (face),
ID number (kept only as its blind index) or plate; a passage matching one raises an alarm to the control centre at
once. Pure: which keys a passage offers, and how an entry is keyed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from chalicelib.kernel.errors import InvalidInput

WATCH_KINDS: tuple[str, ...] = ("credential", "person", "id_number", "plate")
PLATE = re.compile(r"^[\u4e00-\u9fa5][A-Z][A-Z0-9]{4,6}$")


@dataclass(frozen=True)
class WatchEntry:
    community_id: str
    kind: str
    key: str  # the credential/person id, the plate, or the ID number's blind index (never the number itself)
    label: str  # what the control centre reads (张某某, 京A12345); no ID number
    reason: str
    added_by: str
    added_at: datetime
    expires_at: datetime | None = None


@dataclass(frozen=True)
class PassageKeys:
    """What one passage offers to match: its subject (credential or person id), the plate, the ID index of the
    person passing (from the registry), and where and when."""

    entry_id: str
    community_id: str
    gate_id: str
    direction: str
    at: datetime
    subject_id: str
    subject_kind: str
    plate: str | None
    id_index: str | None


def normalise_plate(plate: str) -> str:
    return plate.strip().upper().replace(" ", "").replace("·", "")


def checked_key(kind: str, value: str) -> str:
    """The stored key of an entry's value (ID numbers are indexed by the caller: the index needs the secret)."""
    if kind not in WATCH_KINDS:
        raise InvalidInput(
            "kind is credential, person, id_number or plate",
            code="VALIDATION_FAILED",
            details=[{"field": "kind", "code": "unknown_kind", "message": ", ".join(WATCH_KINDS)}],
        )
    if kind == "plate":
        plate = normalise_plate(value)
        if not PLATE.fullmatch(plate):
            raise InvalidInput(
                "not a plate",
                code="VALIDATION_FAILED",
                details=[{"field": "value", "code": "invalid_plate", "message": "京A12345"}],
            )
        return plate
    return value.strip()


def candidate_keys(p: PassageKeys) -> list[tuple[str, str]]:
    keys = [("credential", p.subject_id), ("person", p.subject_id)]
    if p.plate:
        keys.append(("plate", normalise_plate(p.plate)))
    if p.id_index:
        keys.append(("id_number", p.id_index))
    return [(k, v) for k, v in keys if v]


def active(entry: WatchEntry, at: datetime) -> bool:
    return entry.expires_at is None or at < entry.expires_at


class WatchStore(Protocol):
    def add(self, entry: WatchEntry) -> None: ...
    def remove(self, community_id: str, kind: str, key: str) -> bool: ...
    def entries(self, community_id: str) -> list[WatchEntry]: ...
    def lookup(self, community_id: str, keys: list[tuple[str, str]]) -> list[WatchEntry]: ...
