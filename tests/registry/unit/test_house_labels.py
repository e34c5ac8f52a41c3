"""How people name houses and buildings (`3栋2单元1201`), from the standard address code the registry keeps."""

from __future__ import annotations

import pytest

from chalicelib.kernel.errors import InvalidInput
from chalicelib.registry.addresses import building_label, house_code, house_label


@pytest.mark.parametrize(
    ("building", "unit", "floor", "room", "zh", "en"),
    [
        ("3", 2, 12, 1, "3栋2单元1201", "Building 3, unit 2, room 1201"),
        ("1", 1, 1, 1, "1栋1单元101", "Building 1, unit 1, room 101"),
        ("12A", 3, 105, 11, "12A栋3单元10511", "Building 12A, unit 3, room 10511"),
        ("7", 1, -2, 3, "7栋1单元B203", "Building 7, unit 1, room B203"),
    ],
)
def test_a_house_reads_building_unit_and_room(
    building: str, unit: int, floor: int, room: int, zh: str, en: str
) -> None:
    code = house_code("110105001001001", building, unit, floor, room)
    assert house_label(code) == zh
    assert house_label(code, "en") == en


def test_a_building_reads_its_number() -> None:
    assert building_label("0003") == "3栋"
    assert building_label("3", "en") == "Building 3"


def test_a_code_that_is_not_an_address_is_refused() -> None:
    with pytest.raises(InvalidInput):
        house_label("h123")
