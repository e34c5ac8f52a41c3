"""Pure registry rules: org codes, standard address codes, plates, credit codes, names, household rules, import
row validation."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from chalicelib.kernel.errors import Conflict, Forbidden, InvalidInput
from chalicelib.kernel.security.pii import id_card_check_char, normalise_phone, valid_id_card
from chalicelib.registry import addresses
from chalicelib.registry import import_rows as imports
from chalicelib.registry import model as households
from chalicelib.registry import model as registry

COMMUNITY = "110105001001"


def id_card(seq: int = 123) -> str:
    first17 = f"11010519900307{seq:03d}"
    return first17 + id_card_check_char(first17)


@pytest.mark.parametrize(
    ("level", "code", "parent_level", "parent"),
    [
        ("province", "110000", None, None),
        ("city", "110100", "province", "110000"),
        ("district", "110105", "city", "110100"),
        ("street", "110105001", "district", "110105"),
        ("community", COMMUNITY, "street", "110105001"),
        ("compound", f"{COMMUNITY}001", "community", COMMUNITY),
    ],
)
def test_six_level_codes_accepted(level: str, code: str, parent_level: str | None, parent: str | None) -> None:
    addresses.validate_org_code(level, code, parent_level, parent)


@pytest.mark.parametrize(
    ("level", "code", "parent_level", "parent", "error"),
    [
        ("province", "110100", None, None, "INVALID_CODE"),
        ("city", "120100", "province", "110000", "INVALID_CODE"),
        ("street", "110105001", "city", "110100", "INVALID_PARENT"),
        ("community", "11010500100", "street", "110105001", "INVALID_CODE"),
        ("compound", f"{COMMUNITY}001", None, None, "INVALID_PARENT"),
        ("village", "110105", None, None, "INVALID_LEVEL"),
    ],
)
def test_bad_codes_refused(level: str, code: str, parent_level: str | None, parent: str | None, error: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        addresses.validate_org_code(level, code, parent_level, parent)
    assert exc.value.code == error


def test_house_code_round_trip_and_limits() -> None:
    code = addresses.house_code(f"{COMMUNITY}001", "a3", 1, 12, 2)
    assert code == f"{COMMUNITY}001-00A3-01-01202"
    parsed = addresses.parse_house_code(code)
    assert (parsed.building, parsed.unit, parsed.floor, parsed.room) == ("00A3", 1, 12, 2)
    assert addresses.parse_house_code(addresses.house_code(COMMUNITY, "1", 1, -2, 5)).floor == -2
    for bad in [("12345", 1, 1, 1), ("1", 0, 1, 1), ("1", 1, 200, 1), ("1", 1, 1, 100), ("1", 1, 0, 1)]:
        with pytest.raises(InvalidInput):
            addresses.house_code(COMMUNITY, *bad)
    with pytest.raises(InvalidInput):
        addresses.parse_house_code("110105-1-1-1202")


def test_plates_names_credit_codes_tags() -> None:
    assert registry.validate_plate("京a·12345") == "京A12345"
    assert registry.validate_plate("粤B D12345") == "粤BD12345"  # new-energy, 8 characters
    assert registry.validate_plate("沪A1234学") == "沪A1234学"
    for bad in ("A12345", "京A123", "京AI2345"):
        with pytest.raises(InvalidInput):
            registry.validate_plate(bad)
    assert registry.normalise_name(" 张 三 ") == registry.normalise_name("张三")
    assert registry.normalise_name("Li Lei") == "lilei"
    assert registry.valid_credit_code("91350100M000100Y43")
    assert not registry.valid_credit_code("91350100M000100Y44")
    assert registry.validate_tags(["a", "a", " b "]) == ["a", "b"]
    with pytest.raises(InvalidInput):
        registry.check_key_person("key", None)
    with pytest.raises(InvalidInput):
        registry.check_key_person("permanent", "drug")


def test_household_rules() -> None:
    households.check_invite("owner", "tenant")
    with pytest.raises(Forbidden):
        households.check_invite("family", "tenant")
    with pytest.raises(InvalidInput):
        households.check_invite("owner", "owner")
    with pytest.raises(Conflict):
        households.check_removal("owner", "owner")
    with pytest.raises(InvalidInput):
        households.check_decision("pending", "rejected", " ")
    with pytest.raises(Conflict):
        households.check_decision("approved", "approved", None)
    assert households.Membership("c", "h", "tenant").role == "resident.tenant"


def plan(houses: list[dict], residents: list[dict]) -> imports.Plan:
    sheets = {
        imports.HOUSE_SHEET: list(enumerate(houses, start=2)),
        imports.RESIDENT_SHEET: list(enumerate(residents, start=2)),
    }
    return imports.plan_import(
        COMMUNITY,
        sheets,
        datetime(2024, 1, 1, tzinfo=UTC),
        valid_id_card=valid_id_card,
        normalise_phone=normalise_phone,
    )


HOUSE = {"buildingNumber": "1", "unit": 1, "floor": 2, "room": 3}


def test_import_rows_checked_one_by_one_and_across_the_file() -> None:
    p = plan(
        [HOUSE, HOUSE, {**HOUSE, "room": "x"}, {**HOUSE, "room": 4, "use": "castle"}],
        [
            {**HOUSE, "name": "A", "idNumber": id_card(1), "relation": "owner", "moveInDate": "2020-02-03"},
            {**HOUSE, "name": "B", "idNumber": id_card(1), "relation": "family"},
            {**HOUSE, "name": "C", "phone": "138 0013 8000", "relation": "owner"},
            {**HOUSE, "name": "D", "relation": "tenant"},
            {**HOUSE, "name": "E", "phone": "13800138001", "relation": "tenant", "populationType": "key"},
            {**HOUSE, "name": "F", "phone": "13800138002", "relation": "tenant", "tags": "a\uff0cb"},
        ],
    )
    assert [h.address_code for h in p.houses] == [f"{COMMUNITY}-0001-01-00203"]
    errors = {(e.sheet, e.row, e.column, e.code) for e in p.errors}
    assert errors == {
        ("Houses", 3, None, "duplicate_house"),
        ("Houses", 4, "room", "not_a_number"),
        ("Houses", 5, "use", "invalid_choice"),
        ("Residents", 3, "idNumber", "duplicate_person"),
        ("Residents", 4, "relation", "second_owner"),
        ("Residents", 5, "idNumber", "required"),
        ("Residents", 6, "keyCategory", "key_category"),
    }
    first, last = p.residents
    assert first.since == datetime(2020, 2, 3, tzinfo=UTC) and first.person["idNumber"] == id_card(1)
    assert last.person["tags"] == ["a", "b"] and last.person["phone"] == "13800138002"
    imports.drop_dependents(p, {first.address_code})
    assert p.residents == [] and len(p.errors) == 9
