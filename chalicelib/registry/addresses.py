"""Standard address codes for buildings and houses (001 8.2.1.1.3 a, 7.1.1.4 b; 7.1.1.11 org codes).

Organisation codes follow the statistical division codes (GB/T 2260 plus the street and residents' committee
extensions), so the code itself is the materialised path of the six-level hierarchy:

    province  6 digits  "110000"           (significant prefix 2)
    city      6 digits  "110100"           (prefix 4)
    district  6 digits  "110105"           (prefix 6)
    street    9 digits  "110105001"        (prefix 9)
    community 12 digits "110105001001"     (prefix 12)
    compound  15 digits "110105001001001"  (community code + 3-digit compound number)

A child's code starts with its parent's significant prefix, so "everything under a district" is a prefix match.

House standard address code (this project's format, documented in mobile_contracts):

    {area code}-{building:4}-{unit:2}-{floor:3}{room:2}      e.g. "110105001001001-0003-01-01202"

`area code` is the compound code when the building stands in a compound, otherwise the community code; building
numbers are 1-4 characters [0-9A-Z] left-padded with "0"; unit 1-99; floor 1-199 (basement floors as -1..-9
are written "B01".."B09"); room 1-99 on that floor. A building's code is the first two parts ("...-0003").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from chalicelib.kernel.errors import InvalidInput

LEVELS: tuple[str, ...] = ("province", "city", "district", "street", "community", "compound")
_CODE_LENGTH = {"province": 6, "city": 6, "district": 6, "street": 9, "community": 12, "compound": 15}
_PREFIX_LENGTH = {"province": 2, "city": 4, "district": 6, "street": 9, "community": 12, "compound": 15}

_BUILDING = re.compile(r"^[0-9A-Z]{1,4}$")
HOUSE_CODE = re.compile(r"^(\d{12}|\d{15})-([0-9A-Z]{4})-(\d{2})-(B0[1-9]|\d{3})(\d{2})$")


def _invalid(field: str, message: str, code: str = "INVALID_CODE") -> InvalidInput:
    return InvalidInput(message, code=code, details=[{"field": field, "code": code.lower(), "message": message}])


def validate_org_code(level: str, code: str, parent_level: str | None, parent_code: str | None) -> None:
    """Check an org node's code against its level and its parent (the next level up)."""
    if level not in LEVELS:
        raise _invalid("level", f"level must be one of {', '.join(LEVELS)}", "INVALID_LEVEL")
    if not code.isdigit() or len(code) != _CODE_LENGTH[level]:
        raise _invalid("code", f"a {level} code has {_CODE_LENGTH[level]} digits")
    if level == "province" and not code.endswith("0000"):
        raise _invalid("code", "a province code ends in 0000")
    if level == "city" and (code.endswith("0000") or not code.endswith("00")):
        raise _invalid("code", "a city code ends in 00 (and not 0000)")
    if level == "district" and code.endswith("00"):
        raise _invalid("code", "a district code does not end in 00")
    index = LEVELS.index(level)
    if index == 0:
        if parent_code is not None:
            raise _invalid("parentCode", "a province has no parent", "INVALID_PARENT")
        return
    if parent_code is None or parent_level is None:
        raise _invalid("parentCode", f"a {level} needs a parent {LEVELS[index - 1]}", "INVALID_PARENT")
    if parent_level != LEVELS[index - 1]:
        raise _invalid(
            "parentCode", f"the parent of a {level} is a {LEVELS[index - 1]}, not a {parent_level}", "INVALID_PARENT"
        )
    prefix = parent_code[: _PREFIX_LENGTH[parent_level]]
    if not code.startswith(prefix) or code == parent_code:
        raise _invalid("code", f"a {level} code starts with its parent's prefix {prefix}")


def normalise_building_number(number: str) -> str:
    value = number.strip().upper()
    if not _BUILDING.match(value):
        raise _invalid("number", "building number is 1-4 characters 0-9/A-Z", "INVALID_BUILDING_NUMBER")
    return value.rjust(4, "0")


def building_code(area_code: str, number: str) -> str:
    return f"{area_code}-{normalise_building_number(number)}"


def _floor_part(floor: int) -> str:
    if 1 <= floor <= 199:
        return f"{floor:03d}"
    if -9 <= floor <= -1:
        return f"B0{-floor}"
    raise _invalid("floor", "floor is 1..199, or -1..-9 for basements", "INVALID_FLOOR")


@dataclass(frozen=True)
class HouseAddress:
    area_code: str
    building: str
    unit: int
    floor: int
    room: int

    @property
    def code(self) -> str:
        return house_code(self.area_code, self.building, self.unit, self.floor, self.room)


def house_code(area_code: str, building: str, unit: int, floor: int, room: int) -> str:
    if not (1 <= unit <= 99):
        raise _invalid("unit", "unit is 1..99", "INVALID_UNIT")
    if not (1 <= room <= 99):
        raise _invalid("room", "room is 1..99 (the number on its floor)", "INVALID_ROOM")
    return f"{building_code(area_code, building)}-{unit:02d}-{_floor_part(floor)}{room:02d}"


def parse_house_code(code: str) -> HouseAddress:
    match = HOUSE_CODE.match(code.strip().upper())
    if not match:
        raise _invalid("addressCode", "not a standard house address code (AREA-BBBB-UU-FFFRR)")
    area, building, unit, floor, room = match.groups()
    floor_no = -int(floor[1:]) if floor.startswith("B") else int(floor)
    address = HouseAddress(area, building, int(unit), floor_no, int(room))
    if address.unit == 0 or address.room == 0 or address.floor == 0:
        raise _invalid("addressCode", "unit, floor and room start at 1")
    return address


def building_label(number: str, locale: str | None = None) -> str:
    """How people name a building: `3栋` (`Building 3` in English); the number without its code padding."""
    from chalicelib.registry.labels import building_label as label

    return label({"number": number}, locale)


def house_label(code: str, locale: str | None = None) -> str:
    """How people name a house: `3栋2单元1201` (building 3, unit 2, floor 12, room 01; basement floors `B1`), in
    English `Building 3, unit 2, room 1201`. From its standard address code (the registry's record of it)."""
    from chalicelib.registry.labels import place_label

    address = parse_house_code(code)
    return place_label(address.building, address.unit, address.floor, address.room, locale)


def house_label_of(attrs: dict[str, Any], locale: str | None = None) -> str:
    """A house record's label: from its place fields, else from its standard address code, else its door number."""
    from chalicelib.registry.labels import house_label as from_fields

    if not (attrs.get("buildingCode") and attrs.get("unit") and attrs.get("floor") and attrs.get("room")):
        try:
            return house_label(str(attrs.get("addressCode") or ""), locale)
        except InvalidInput:
            pass
    return from_fields(attrs, locale)
