"""Questionnaires through the routes against the local cloud: create, answer exactly once per household (two
members of one house: the second 409) or per person (each member answers), strict answers (400 with field details,
nothing stored), results with counts, the .xlsx export with Chinese headers."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
import requests

from tests.support.votes import Estate, add_member, call, estate, iso, now

QUESTIONS = [
    {"id": "q1", "kind": "single", "title": "您对保洁服务是否满意", "options": ["满意", "一般", "不满意"]},
    {"id": "q2", "kind": "multiple", "title": "希望增加的设施", "options": ["快递柜", "充电桩", "健身器材"]},
    {"id": "q3", "kind": "scale", "title": "总体评分", "low": 1, "high": 5},
    {"id": "q4", "kind": "text", "title": "其他建议", "required": False},
]
GOOD = {"q1": 0, "q2": [0, 1], "q3": 4, "q4": "希望增加夜间照明"}


@pytest.fixture
def place(cloud: Any) -> Estate:
    return estate(["90", "90"], ["a", "b"])


def create(client: Any, place: Estate, per: str) -> str:
    body = {
        "title": "2026年物业服务满意度调查",
        "per": per,
        "questions": QUESTIONS,
        "closesAt": iso(now() + timedelta(days=7)),
    }
    status, made = call(
        client, "POST", f"/v1/staff/communities/{place.community}/questionnaires", place.staff_token(), body
    )
    assert status == 201, made
    return str(made["questionnaireId"])


def answer_path(place: Estate, house: str, qid: str) -> str:
    return f"/v1/resident/communities/{place.community}/houses/{house}/questionnaires/{qid}/answer"


def test_one_answer_per_household_and_the_results_count_it(client: Any, place: Estate) -> None:
    qid = create(client, place, "household")
    house = place.houses[0]
    family, _ = add_member(place, house, "family")
    status, answered = call(client, "POST", answer_path(place, house, qid), place.owner_token(house), {"answers": GOOD})
    assert status == 201 and answered["answered"] is True
    token = place.resident_token(family, house, "family")
    status, body = call(client, "POST", answer_path(place, house, qid), token, {"answers": GOOD})
    assert status == 409 and body["error"]["code"] == "ANSWER_EXISTS"
    other = place.houses[1]
    answer = {"q1": 2, "q2": [1], "q3": 2}
    assert call(client, "POST", answer_path(place, other, qid), place.owner_token(other), {"answers": answer})[0] == 201
    status, shown = call(
        client, "GET", f"/v1/staff/communities/{place.community}/questionnaires/{qid}", place.staff_token("staff.guard")
    )
    assert status == 200 and shown["respondents"] == 2
    by_id = {r["questionId"]: r for r in shown["results"]}
    assert [c["count"] for c in by_id["q1"]["counts"]] == [1, 0, 1]
    assert [c["count"] for c in by_id["q2"]["counts"]] == [1, 2, 0]
    assert [c["count"] for c in by_id["q3"]["counts"]] == [0, 1, 0, 1, 0] and by_id["q3"]["total"] == 6
    assert by_id["q4"]["answered"] == 1 and by_id["q4"]["texts"] == ["希望增加夜间照明"]


def test_one_answer_per_person_lets_each_member_answer_once(client: Any, place: Estate) -> None:
    qid = create(client, place, "person")
    house = place.houses[0]
    family, _ = add_member(place, house, "family")
    for token in (place.owner_token(house), place.resident_token(family, house, "family")):
        assert call(client, "POST", answer_path(place, house, qid), token, {"answers": GOOD})[0] == 201
    status, _ = call(client, "POST", answer_path(place, house, qid), place.owner_token(house), {"answers": GOOD})
    assert status == 409


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({**GOOD, "q1": True}, "answers.q1"),
        ({**GOOD, "q1": "0"}, "answers.q1"),
        ({**GOOD, "q1": 3}, "answers.q1"),
        ({**GOOD, "q2": [1, 1]}, "answers.q2"),
        ({**GOOD, "q3": 6}, "answers.q3"),
        ({**GOOD, "q3": 4.0}, "answers.q3"),
        ({**GOOD, "q9": 1}, "answers.q9"),
        ({"q2": [0], "q3": 3}, "answers.q1"),
    ],
)
def test_a_bad_answer_is_400_and_stores_nothing(
    client: Any, place: Estate, answers: dict[str, Any], field: str
) -> None:
    qid = create(client, place, "household")
    house = place.houses[0]
    status, body = call(client, "POST", answer_path(place, house, qid), place.owner_token(house), {"answers": answers})
    assert status == 400 and field in {d["field"] for d in body["error"]["details"]}, body
    _, listed = call(
        client,
        "GET",
        f"/v1/resident/communities/{place.community}/houses/{house}/questionnaires",
        place.owner_token(house),
    )
    assert [q["answered"] for q in listed["items"]] == [False]


def test_a_questionnaire_needs_options_for_its_choices(client: Any, place: Estate) -> None:
    body = {
        "title": "t", "per": "household", "closesAt": iso(now() + timedelta(days=1)),
        "questions": [{"id": "q1", "kind": "single", "title": "x", "options": ["only one"]}],
    }  # fmt: skip
    status, answer = call(
        client, "POST", f"/v1/staff/communities/{place.community}/questionnaires", place.staff_token(), body
    )
    assert status == 400 and answer["error"]["code"] == "QUESTIONNAIRE_INVALID"


def test_the_answers_export_as_xlsx_with_chinese_headers(client: Any, place: Estate) -> None:
    from openpyxl import load_workbook

    qid = create(client, place, "household")
    house = place.houses[0]
    call(client, "POST", answer_path(place, house, qid), place.owner_token(house), {"answers": GOOD})
    status, link = call(
        client, "POST", f"/v1/staff/communities/{place.community}/questionnaires/{qid}/export", place.staff_token()
    )
    assert status == 200 and link["rows"] == 1
    sheet = load_workbook(io.BytesIO(requests.get(link["url"], timeout=10).content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("房屋编号", "答题时间", "您对保洁服务是否满意")
    assert rows[1][0] == house and rows[1][2] == "满意" and rows[1][3] == "快递柜、充电桩" and rows[1][4] == 4
