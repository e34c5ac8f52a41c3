"""How people name places: `3栋` for a building, `2单元` for a unit, `3栋2单元1201` for a house (building, unit,
then floor and room as written on the door). The one place these labels are made: views, exports and messages
show them beside the ids. Pure Python.
"""

from __future__ import annotations

from typing import Any


def building_number(attrs: dict[str, Any]) -> str:
    """The building's number as written on it ("0003" is stored, "3" is shown)."""
    number = str(attrs.get("number") or "")
    if not number and attrs.get("buildingCode"):
        number = str(attrs["buildingCode"]).rsplit("-", 1)[-1]
    return number.lstrip("0") or number or "?"


def building_label(attrs: dict[str, Any]) -> str:
    """`3栋`."""
    return f"{building_number(attrs)}栋"


def unit_label(number: int) -> str:
    """`2单元`."""
    return f"{int(number)}单元"


def room_label(floor: int, room: int) -> str:
    """`1201` (floor 12, room 1); basements `B101`."""
    floor, room = int(floor), int(room)
    return f"{floor}{room:02d}" if floor > 0 else f"B{-floor}{room:02d}"


def house_label(attrs: dict[str, Any]) -> str:
    """`3栋2单元1201`, from a house record's fields alone (its building code carries the building's number); a
    record without its place (imported before places were required) shows its door number or address code."""
    if not (attrs.get("buildingCode") and attrs.get("unit") and attrs.get("floor") and attrs.get("room")):
        return str(attrs.get("houseNumber") or attrs.get("addressCode") or "")
    building = building_label({"buildingCode": attrs.get("buildingCode", "")})
    return (
        f"{building}{unit_label(attrs.get('unit') or 0)}{room_label(attrs.get('floor') or 0, attrs.get('room') or 0)}"
    )
