"""Bulk import/export of houses and residents as .xlsx: template, strict all-or-nothing, partial, export."""

from __future__ import annotations

import io
import json
from typing import Any

from tests.support.registry import call, fake_id_card, fake_phone, headers, make_house, manager, new_community, token

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(file: dict[str, Any]) -> bytes:
    """The file behind an export's link (a presigned GET; no base64 inside JSON)."""
    import requests

    assert "contentBase64" not in file and file["expiresInSeconds"] == 300
    answer = requests.get(file["url"], timeout=10)
    assert answer.status_code == 200, answer.text
    return answer.content


def workbook(houses: list[list[Any]], residents: list[list[Any]]) -> bytes:
    from chalicelib.registry import import_rows as imports
    from chalicelib.registry.spreadsheets import write_workbook

    return write_workbook(
        {
            imports.HOUSE_SHEET: (imports.HOUSE_COLUMNS, houses),
            imports.RESIDENT_SHEET: (imports.RESIDENT_COLUMNS, residents),
        }
    )


def upload(
    client: Any, cid: str, data: bytes, query: str = "", content_type: str = XLSX, tok: str | None = None
) -> tuple[int, Any]:
    response = client.http.post(
        f"/v1/staff/communities/{cid}/imports{query}", headers=headers(tok or manager(cid), content_type), body=data
    )
    return response.status_code, json.loads(response.body)


def resident_row(room: int, name: str, relation: str = "owner", **over: Any) -> list[Any]:
    row = {
        "compoundCode": None,
        "buildingNumber": "7",
        "unit": 1,
        "floor": 3,
        "room": room,
        "name": name,
        "gender": "female",
        "idType": "resident_id_card",
        "idNumber": fake_id_card(),
        "phone": fake_phone(),
        "relation": relation,
        "relationToOwner": None,
        "populationType": "permanent",
        "keyCategory": None,
        "moveInDate": "2021-06-01",
        "tags": "elderly,disabled",
    }
    row.update(over)
    return list(row.values())


def setup(client: Any) -> tuple[str, str]:
    cid = new_community(client)
    status, building = call(client, "POST", f"/v1/staff/communities/{cid}/buildings", manager(cid), {"number": "7"})
    assert status == 201
    return cid, building["buildingId"]


def houses_of(client: Any, cid: str) -> list[str]:
    return [
        h["addressCode"] for h in call(client, "GET", f"/v1/staff/communities/{cid}/houses", manager(cid))[1]["items"]
    ]


def test_template_is_a_workbook_with_both_sheets(client: Any) -> None:
    from openpyxl import load_workbook

    cid = new_community(client)
    status, file = call(client, "GET", f"/v1/staff/communities/{cid}/imports/template", manager(cid))
    assert status == 200 and file["contentType"] == XLSX
    book = load_workbook(io.BytesIO(download(file)))
    assert book.sheetnames == ["ReadMe", "Houses", "Residents"]
    assert [c.value for c in book["Residents"][1]][:6] == [
        "compoundCode",
        "buildingNumber",
        "unit",
        "floor",
        "room",
        "name",
    ]
    assert call(client, "GET", f"/v1/staff/communities/{cid}/imports/template", token({"staff.guard"}, {cid}))[0] == 403


def test_strict_import_writes_everything_then_exports_it(client: Any) -> None:
    cid, _ = setup(client)
    data = workbook(
        [
            ["", "7", 1, 3, 1, "7-1-301", 88, "residential", "self_occupied"],
            ["", "7", 1, 3, 2, "7-1-302", None, None, "rented"],
        ],
        rows := [
            resident_row(1, "周一"),
            resident_row(1, "周二", "family", relationToOwner="spouse"),
            resident_row(2, "吴三", "tenant"),
        ],
    )
    status, report = upload(client, cid, data)
    assert status == 200, report
    assert report["houses"] == {"received": 2, "valid": 2, "imported": 2}
    assert report["residents"]["imported"] == 3 and report["errors"] == [] and report["committed"] is True
    assert houses_of(client, cid) == [f"{cid}-0007-01-00301", f"{cid}-0007-01-00302"]
    people = call(client, "GET", f"/v1/staff/communities/{cid}/people?name=周", manager(cid))[1]["items"]
    assert {p["name"] for p in people} == {"周一", "周二"} and all(p["dataSource"] == "import" for p in people)
    assert people[0]["tags"] == ["elderly", "disabled"]
    # export: masked by default, full with people:reveal; a masked export cannot leak the numbers
    status, file = call(client, "GET", f"/v1/staff/communities/{cid}/exports/houses-residents", manager(cid))
    assert status == 200 and (file["houses"], file["residents"]) == (2, 3)
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(download(file)))["Residents"]
    id_numbers = [row[8] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert all("*" in n for n in id_numbers)
    status, full = call(client, "GET", f"/v1/staff/communities/{cid}/exports/houses-residents?full=true", manager(cid))
    assert status == 200
    sheet = load_workbook(io.BytesIO(download(full)))["Residents"]
    assert {row[8] for row in sheet.iter_rows(min_row=2, values_only=True)} == {r[8] for r in rows}
    # importing the same file again: every row collides with stored data, nothing changes
    status, err = upload(client, cid, data)
    assert status == 400 and err["error"]["code"] == "IMPORT_ROWS_INVALID"
    assert {d["code"] for d in err["error"]["details"]} == {"house_exists", "person_exists"}


def test_strict_import_with_broken_rows_writes_nothing_and_reports_each_row(client: Any) -> None:
    cid, _ = setup(client)
    good = resident_row(1, "郑一")
    bad_id = resident_row(1, "郑二", "family", idNumber="110105199003070000")
    second_owner = resident_row(1, "郑三", "owner")
    nowhere = resident_row(9, "郑四", "tenant")
    data = workbook(
        [
            ["", "7", 1, 3, 1, None, None, None, None],
            ["", "8", 1, 3, 1, None, None, None, None],
            ["", "7", 1, 300, 1, None, None, None, None],
        ],
        [good, bad_id, second_owner, nowhere],
    )
    status, err = upload(client, cid, data)
    assert status == 400 and err["error"]["code"] == "IMPORT_ROWS_INVALID"
    found = {(d["field"], d["code"]) for d in err["error"]["details"]}
    assert ("Houses[3].buildingNumber", "building_not_found") in found  # building 8 is not registered
    assert ("Houses[4].floor", "out_of_range") in found
    assert ("Residents[3].idNumber", "invalid_id_number") in found
    assert ("Residents[4].relation", "second_owner") in found
    assert ("Residents[5]", "house_not_found") in found
    assert houses_of(client, cid) == []
    assert call(client, "GET", f"/v1/staff/communities/{cid}/people", manager(cid))[1]["items"] == []
    # a dry run of a good file reports and writes nothing either
    status, report = upload(client, cid, workbook([["", "7", 1, 3, 1, None, None, None, None]], [good]), "?dryRun=true")
    assert status == 200 and report["houses"]["valid"] == 1 and report["houses"]["imported"] == 0
    assert houses_of(client, cid) == []


def test_partial_mode_imports_the_valid_rows(client: Any) -> None:
    cid, building_id = setup(client)
    existing = make_house(client, cid, building_id=building_id, unit=2, floor=1, room=1)
    data = workbook(
        [["", "7", 1, 3, 1, None, None, None, None], ["", "9", 1, 3, 1, None, None, None, None]],
        [
            resident_row(1, "冯一"),
            resident_row(1, "冯二", "family", buildingNumber="9"),
            resident_row(1, "冯三", "owner", unit=2, floor=1),
        ],
    )
    status, report = upload(client, cid, data, "?mode=partial")
    assert status == 200, report
    assert report["houses"]["imported"] == 1 and report["residents"]["imported"] == 2
    assert [(e["sheet"], e["row"], e["code"]) for e in report["errors"]] == [
        ("Houses", 3, "building_not_found"),
        ("Residents", 3, "house_not_found"),
    ]
    members = call(client, "GET", f"/v1/staff/communities/{cid}/houses/{existing['houseId']}/members", manager(cid))[1][
        "items"
    ]
    assert [m["name"] for m in members] == ["冯三"]


def test_files_that_are_not_spreadsheets_are_refused(client: Any) -> None:
    cid, _ = setup(client)
    status, err = upload(client, cid, b"name,phone\nx,1\n")
    assert status == 400 and err["error"]["code"] == "NOT_A_SPREADSHEET"
    status, err = upload(client, cid, b"PK\x03\x04 broken zip")
    assert status == 400 and err["error"]["code"] == "NOT_A_SPREADSHEET"
    status, err = upload(client, cid, workbook([], []), content_type="text/csv")
    assert status == 415
    from chalicelib.registry.spreadsheets import write_workbook

    status, err = upload(client, cid, write_workbook({"Houses": (["buildingNo"], [])}))
    assert status == 400 and err["error"]["code"] == "TEMPLATE_MISMATCH"
    assert upload(client, cid, workbook([], []), tok=token({"staff.guard"}, {cid}))[0] == 403


def test_a_batch_that_fails_at_write_time_rolls_back_earlier_batches(client: Any, monkeypatch: Any) -> None:
    """Someone registers the same ID number between validation and write: the houses batch already written is
    deleted again and the answer is 409; the registry is as before."""
    from chalicelib.registry.imports import ImportService

    cid, _ = setup(client)
    taken = fake_id_card()
    assert (
        call(client, "POST", f"/v1/staff/communities/{cid}/people", manager(cid), {"name": "先来", "idNumber": taken})[
            0
        ]
        == 201
    )
    original = ImportService._check_stored

    def blind_to_the_race(self: Any, community_id: str, plan: Any) -> Any:
        residents = list(plan.residents)
        result = original(self, community_id, plan)
        plan.residents, plan.errors = residents, []  # as if the person arrived after the check
        return result

    monkeypatch.setattr(ImportService, "_check_stored", blind_to_the_race)
    data = workbook([["", "7", 1, 3, 1, None, None, None, None]], [resident_row(1, "后到", idNumber=taken)])
    status, err = upload(client, cid, data)
    assert status == 409 and err["error"]["code"] == "IMPORT_CONFLICT"
    assert houses_of(client, cid) == []
    from chalicelib.registry import repository_items as store

    assert store.lock_target(cid, "ADDR", f"{cid}-0007-01-00301") is None


def test_hostile_workbooks_are_a_400_and_rows_past_the_declared_dimension_count(client: Any) -> None:
    """Entity declarations (billion laughs, external entities) are refused, never expanded; a sheet whose
    <dimension> claims one cell is read to its last row."""
    import re

    from tests.registry.unit.test_spreadsheet_parsing import EXTERNAL, LAUGHS, _rewrite, _sheet_member

    cid, _ = setup(client)
    data = workbook([["", "7", 1, floor, 1, None, None, None, None] for floor in range(1, 41)], [])
    sheet = _sheet_member(data, "Houses")
    for prolog in (LAUGHS, EXTERNAL):
        hostile = _rewrite(data, {sheet: lambda text, p=prolog: p + re.sub(r"^<\?xml[^>]*\?>", "", text)})
        status, err = upload(client, cid, hostile)
        assert status == 400 and err["error"]["code"] == "NOT_A_SPREADSHEET", err
        assert not re.search(r"[A-Z]\w+(Error|Exception|Forbidden)\b", err["error"]["message"])
    lying = _rewrite(data, {sheet: lambda t: re.sub(r'<dimension ref="[^"]+"', '<dimension ref="A1:A1"', t)})
    status, report = upload(client, cid, lying, "?dryRun=true")
    assert status == 200, report
    assert report["houses"] == {"received": 40, "valid": 40, "imported": 0}
    assert houses_of(client, cid) == []
