"""How people name places: `3栋` for a building, `2单元` for a unit, `3栋2单元1201` for a house (building, unit,
then floor and room as written on the door); in English `Building 3`, `unit 2`, `Building 3, unit 2, room 1201`.
The one place these labels are made: views, exports and messages show them beside the ids. Pure Python; the
language is the request's (kernel.i18n) unless one is given.
"""

from __future__ import annotations

from typing import Any

from chalicelib.kernel.i18n import EN, current_locale


def _english(locale: str | None) -> bool:
    return (locale or current_locale.get()) == EN


def building_number(attrs: dict[str, Any]) -> str:
    """The building's number as written on it ("0003" is stored, "3" is shown)."""
    number = str(attrs.get("number") or "").strip().upper()
    if not number and attrs.get("buildingCode"):
        number = str(attrs["buildingCode"]).rsplit("-", 1)[-1]
    return number.lstrip("0") or number or "?"


def building_label(attrs: dict[str, Any], locale: str | None = None) -> str:
    """`3栋` (`Building 3`)."""
    number = building_number(attrs)
    return f"Building {number}" if _english(locale) else f"{number}栋"


def unit_label(number: int, locale: str | None = None) -> str:
    """`2单元` (`unit 2`)."""
    return f"unit {int(number)}" if _english(locale) else f"{int(number)}单元"


def room_label(floor: int, room: int) -> str:
    """`1201` (floor 12, room 1); basements `B101`."""
    floor, room = int(floor), int(room)
    return f"{floor}{room:02d}" if floor > 0 else f"B{-floor}{room:02d}"


def place_label(building: str, unit: int, floor: int, room: int, locale: str | None = None) -> str:
    """`3栋2单元1201` from the building's number and the unit, floor and room."""
    number = str(building).strip().upper().lstrip("0") or "0"
    door = room_label(floor, room)
    if _english(locale):
        return f"Building {number}, unit {int(unit)}, room {door}"
    return f"{number}栋{int(unit)}单元{door}"


def house_label(attrs: dict[str, Any], locale: str | None = None) -> str:
    """`3栋2单元1201`, from a house record's fields alone (its building code carries the building's number); a
    record without its place (imported before places were required) shows its door number or address code
    (`registry.addresses.house_label_of` reads the place from a standard address code first)."""
    if not (attrs.get("buildingCode") and attrs.get("unit") and attrs.get("floor") and attrs.get("room")):
        return str(attrs.get("houseNumber") or attrs.get("addressCode") or "")
    number = building_number({"buildingCode": attrs.get("buildingCode", "")})
    return place_label(number, int(attrs["unit"]), int(attrs["floor"]), int(attrs["room"]), locale)
