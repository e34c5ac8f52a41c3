"""Registry and household use cases on in-memory adapters (no local cloud): the entity invariants, atomic
changes, optimistic versions, the null rule at the domain, and the binding / invitation oracles."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from chalicelib.kernel.errors import Conflict, Forbidden, InvalidInput, NotFound, TooManyRequests
from chalicelib.kernel.security.pii import id_card_check_char
from chalicelib.registry.households import ACCOUNT_FAILURES, SOURCE_FAILURES, HouseholdService
from chalicelib.registry.service import RegistryService
from tests.fakes.registry_memory import MemoryLimiter, MemoryRegistry, PlainPersonalData

CID, OTHER = "110105001001", "110105001002"
NOW = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)


def id_card(seq: int) -> str:
    first17 = f"11010519900307{seq:03d}"
    return first17 + id_card_check_char(first17)


@pytest.fixture
def repo() -> MemoryRegistry:
    return MemoryRegistry()


@pytest.fixture
def svc(repo: MemoryRegistry) -> RegistryService:
    service = RegistryService(repo, PlainPersonalData(), now=lambda: NOW)
    for level, code, parent in (
        ("province", "110000", None),
        ("city", "110100", "110000"),
        ("district", "110105", "110100"),
        ("street", "110105001", "110105"),
        ("community", CID, "110105001"),
        ("community", OTHER, "110105001"),
    ):
        fields = {"code": code, "level": level, "name": f"{level} {code}"}
        service.create_org_unit({**fields, "parentCode": parent} if parent else fields, "admin")
    return service


@pytest.fixture
def households(svc: RegistryService) -> HouseholdService:
    return HouseholdService(svc, MemoryLimiter(), now=lambda: NOW)


def house(svc: RegistryService, cid: str = CID, room: int = 1) -> Any:
    found = svc.buildings(cid, 10, None)[0]
    building = found[0] if found else svc.register_building(cid, {"number": "1"}, "manual", "staff")
    return svc.register_house(cid, {"buildingId": building.id, "unit": 1, "floor": 1, "room": room}, "manual", "s")


def person(svc: RegistryService, name: str, seq: int, phone: str, cid: str = CID) -> Any:
    fields = {"name": name, "idNumber": id_card(seq), "phone": phone}
    return svc.register_person(cid, fields, "manual", "staff")


def test_house_address_code_is_unique_and_a_refused_change_writes_nothing(svc: RegistryService, repo: Any) -> None:
    first = house(svc)
    assert first.attrs["addressCode"] == f"{CID}-0001-01-00101" and first.version == 1
    before = (dict(repo.records), dict(repo.claims))
    with pytest.raises(Conflict) as caught:
        house(svc)
    assert caught.value.code == "HOUSE_EXISTS"
    assert (repo.records, repo.claims) == before


def test_one_person_per_id_number_and_the_id_is_checked(svc: RegistryService) -> None:
    person(svc, "张三", 1, "13800000001")
    with pytest.raises(Conflict) as caught:
        person(svc, "李四", 1, "13800000002")
    assert caught.value.code == "PERSON_EXISTS"
    with pytest.raises(InvalidInput) as bad:
        svc.register_person(CID, {"name": "x", "idNumber": "110105199003070010"}, "manual", "s")
    assert bad.value.code == "INVALID_ID_NUMBER"


def test_one_current_owner_per_house_and_history_after_move_out(svc: RegistryService) -> None:
    h = house(svc)
    a, b = person(svc, "甲", 1, "13800000001"), person(svc, "乙", 2, "13800000002")
    svc.add_resident(CID, h.id, a.id, "owner", None, None, "manual", "s")
    with pytest.raises(Conflict) as caught:
        svc.add_resident(CID, h.id, b.id, "owner", None, None, "manual", "s")
    assert caught.value.code == "OWNER_EXISTS"
    ended = svc.move_out(CID, h.id, a.id, None, "sold")
    assert ended.status == "ended" and ended.end_reason == "sold"
    svc.add_resident(CID, h.id, b.id, "owner", None, None, "manual", "s")  # the house has a new owner
    assert [r.person_id for r in svc.residents(CID, h.id, True, 10, None)[0]] == [a.id]
    with pytest.raises(NotFound):
        svc.move_out(CID, h.id, a.id, None, "sold")


def test_update_is_versioned_clears_optional_fields_and_never_removes_required_ones(svc: RegistryService) -> None:
    h = house(svc)
    updated = svc.update(CID, "house", h.id, 1, {"areaSqm": 80.5, "houseNumber": "1-1-101"})
    assert updated.version == 2 and updated.attrs["areaSqm"] == 80.5
    with pytest.raises(Conflict) as stale:
        svc.update(CID, "house", h.id, 1, {"areaSqm": 81.0})
    assert stale.value.code == "STALE_VERSION"
    cleared = svc.update(CID, "house", h.id, 2, {"houseNumber": None})
    assert "houseNumber" not in cleared.attrs
    for field in ("occupancy", "use", "addressCode"):
        with pytest.raises(InvalidInput) as refused:
            svc.update(CID, "house", h.id, 3, {field: None})
        assert refused.value.details[0]["field"] == field
    for value in (float("inf"), float("-inf"), float("nan")):
        with pytest.raises(InvalidInput):
            svc.update(CID, "house", h.id, 3, {"areaSqm": value})
    assert svc.get(CID, "house", h.id).version == 3


def test_person_rules_hold_on_update(svc: RegistryService) -> None:
    p = person(svc, "张三", 1, "13800000001")
    with pytest.raises(InvalidInput) as caught:
        svc.update(CID, "person", p.id, 1, {"populationType": "key"})
    assert caught.value.code == "KEY_CATEGORY_REQUIRED"
    moved = svc.update(CID, "person", p.id, 1, {"phone": None, "name": "张叁"})
    assert "phoneIndex" not in (moved.sealed or {}) and moved.name == "张叁"
    with pytest.raises(InvalidInput):
        svc.update(CID, "person", p.id, 2, {"gender": None})


def test_a_vehicle_cannot_point_at_another_communitys_house_or_owner(svc: RegistryService) -> None:
    foreign_house, foreign_owner = house(svc, OTHER), person(svc, "外", 9, "13800000009", OTHER)
    answers = []
    for field, value in (("houseId", foreign_house.id), ("houseId", "h-nowhere"), ("ownerPersonId", foreign_owner.id)):
        with pytest.raises(NotFound) as caught:
            svc.register_vehicle(CID, {"plate": "京A12345", field: value}, "manual", "s")
        answers.append((caught.value.code, caught.value.details[0]["field"], caught.value.message))
    assert answers[0] == answers[1]  # a foreign id answers exactly like an unknown one
    assert answers[0][:2] == ("HOUSE_NOT_FOUND", "houseId") and answers[2][:2] == ("PERSON_NOT_FOUND", "ownerPersonId")


def _bind(households: HouseholdService, h: Any, account: str, phone: str, source: str = "1.2.3.4") -> Any:
    return households.bind(
        CID, account, source, house_id=h.id, address_code=None, name="王小明", phone=phone, id_number=None
    )


def test_binding_answers_never_confirm_a_strangers_data(svc: RegistryService, households: HouseholdService) -> None:
    h = house(svc)
    owner = person(svc, "王小明", 1, "13800000001")
    svc.add_resident(CID, h.id, owner.id, "owner", None, None, "manual", "s")
    residency, _ = _bind(households, h, "acct-owner", "13800000001")
    assert residency.account_id == "acct-owner"
    with pytest.raises(Conflict) as again:
        _bind(households, h, "acct-owner", "13800000001")
    assert again.value.code == "ALREADY_BOUND"  # about the caller's own binding
    answers = []
    for phone in ("13800000001", "13899999999"):  # right data of a record bound elsewhere, and wrong data
        with pytest.raises(NotFound) as caught:
            _bind(households, h, "acct-stranger", phone)
        answers.append((type(caught.value), caught.value.code, caught.value.message, caught.value.details))
    assert answers[0] == answers[1]


def test_binding_is_limited_per_account_and_per_source(svc: RegistryService, households: HouseholdService) -> None:
    h = house(svc)
    owner = person(svc, "王小明", 1, "13800000001")
    svc.add_resident(CID, h.id, owner.id, "owner", None, None, "manual", "s")
    for i in range(ACCOUNT_FAILURES):
        with pytest.raises(NotFound):
            _bind(households, h, "acct-a", f"1390000{i:04d}", source=f"10.0.0.{i}")
    with pytest.raises(TooManyRequests):
        _bind(households, h, "acct-a", "13800000001", source="10.9.9.9")  # even the right phone: limited
    for i in range(SOURCE_FAILURES):
        with pytest.raises((NotFound, TooManyRequests)):
            _bind(households, h, f"acct-{i}", "13911111111", source="10.1.1.1")
    with pytest.raises(TooManyRequests):
        _bind(households, h, "acct-fresh", "13800000001", source="10.1.1.1")
    residency, _ = _bind(households, h, "acct-fresh", "13800000001", source="10.2.2.2")
    assert residency.account_id == "acct-fresh"


def test_an_invitation_attaches_a_registered_person_only_when_name_and_phone_match(
    svc: RegistryService, households: HouseholdService, repo: MemoryRegistry
) -> None:
    h = house(svc)
    owner = person(svc, "户主", 1, "13800000001")
    svc.add_resident(CID, h.id, owner.id, "owner", None, None, "manual", "s")
    _bind_owner = households.bind(
        CID, "acct-owner", "ip", house_id=h.id, address_code=None, name="户主", phone="13800000001", id_number=None
    )
    stranger = person(svc, "陌生人", 2, "13800000002")
    invite = {"name": "随便", "phone": "13700000000", "idNumber": id_card(2), "relation": "family"}
    invite["dataSource"] = "self_registration"
    with pytest.raises(Conflict) as caught:
        households.invite(CID, h.id, "acct-owner", "ip", invite)
    assert caught.value.code == "PERSON_DETAILS_MISMATCH"
    assert stranger.name not in caught.value.message and not caught.value.details
    assert (CID, h.id, stranger.id) not in repo.current
    matched = households.invite(CID, h.id, "acct-owner", "ip", {**invite, "name": "陌生人", "phone": "13800000002"})
    assert matched.person_id == stranger.id and matched.person_name == "陌生人"
    with pytest.raises(Forbidden):
        households.invite(CID, h.id, "acct-nobody", "ip", invite)
    assert _bind_owner


def test_invitation_mismatches_count_towards_the_limit(svc: RegistryService, households: HouseholdService) -> None:
    h = house(svc)
    owner = person(svc, "户主", 1, "13800000001")
    svc.add_resident(CID, h.id, owner.id, "owner", None, None, "manual", "s")
    households.bind(
        CID, "acct-owner", "ip", house_id=h.id, address_code=None, name="户主", phone="13800000001", id_number=None
    )
    for seq in range(2, 2 + ACCOUNT_FAILURES):
        person(svc, f"人{seq}", seq, f"138000000{seq:02d}")
        guess = {"name": "猜", "phone": "13700000000", "idNumber": id_card(seq), "relation": "family"}
        with pytest.raises(Conflict):
            households.invite(CID, h.id, "acct-owner", "ip", {**guess, "dataSource": "self_registration"})
    with pytest.raises(TooManyRequests):
        new = {"name": "新人", "phone": "13700000001", "relation": "tenant", "dataSource": "self_registration"}
        households.invite(CID, h.id, "acct-owner", "ip", new)


def test_an_application_with_a_registered_id_number_attaches_only_on_matching_details(
    svc: RegistryService, households: HouseholdService, repo: MemoryRegistry
) -> None:
    h = house(svc)
    stranger = person(svc, "陌生人", 2, "13800000002")
    form = {"name": "冒名", "phone": "13700000000", "idNumber": id_card(2), "relation": "tenant"}
    application = households.apply(CID, "acct-x", form, h.id, None)
    with pytest.raises(Conflict) as caught:
        households.decide(CID, application.id, "approved", None, None, "manager")
    assert caught.value.code == "PERSON_DETAILS_MISMATCH"
    assert not repo.current and repo.get(CID, "application", application.id).attrs["status"] == "pending"
    honest = households.apply(CID, "acct-y", {**form, "name": "陌生人", "phone": "13800000002"}, h.id, None)
    _, person_id = households.decide(CID, honest.id, "approved", None, None, "manager")
    assert person_id == stranger.id


def test_views_read_records_written_before_the_null_rule() -> None:
    from chalicelib.registry.contracts import person_view, vehicle_view
    from chalicelib.registry.model import Record

    broken = Record("person", "p1", CID, {"name": "x", "gender": None, "tags": None, "status": None}, NOW)
    assert person_view(broken).gender == "unknown"
    car = Record("vehicle", "v1", CID, {"kind": "motor", "plate": "京A12345", "parkingType": None}, NOW)
    assert vehicle_view(car).parkingType == "temporary"
