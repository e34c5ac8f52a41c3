"""Registry rules: the community's basic-information entities (001 7.1.1.1-7.1.1.11, 003 7.3.5).

Entities and their clauses (field lists live in the API contracts, named in camelCase):
- organisation hierarchy node, 7.1.1.11 / 7.3.6 (code rules in `domain.addresses`);
- building, 7.1.1.3; unit (单元) of a building; house, 7.1.1.4 b;
- person, 7.1.1.2 (population type permanent|floating|key, key-person category, tags) and 7.1.1.4 c-d;
- household membership (residency with move-in/move-out), 7.1.1.4 a/d (see `domain.households`);
- motor and non-motor vehicle, 7.1.1.6-7.1.1.7; legal-entity unit / organisation in the compound, 7.1.1.5.
Every record carries its ingest time and data source (cross-cutting rule of 7.1.1).
"""

from __future__ import annotations

import re
import unicodedata

from chalicelib.domain.errors import InvalidInput

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


def _bad(field: str, message: str, code: str) -> InvalidInput:
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
        raise _bad("plate", f"{plate!r} is not a valid {kind.replace('_', '-')} plate number", "INVALID_PLATE")
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
            raise _bad("tags", "a tag is 1-32 characters", "INVALID_TAG")
        if value not in seen:
            seen.append(value)
    if len(seen) > 20:
        raise _bad("tags", "at most 20 tags", "TOO_MANY_TAGS")
    return seen


def check_key_person(population_type: str, key_category: str | None) -> None:
    """7.1.1.2 c: a key person has a key-person category; others do not."""
    if population_type == "key" and not key_category:
        raise _bad("keyCategory", "a key person needs a keyCategory", "KEY_CATEGORY_REQUIRED")
    if population_type != "key" and key_category:
        raise _bad("keyCategory", "only key persons have a keyCategory", "KEY_CATEGORY_NOT_ALLOWED")
