"""The workbook parser refuses hostile XML (entities are never expanded) and reads every row whatever the sheet's
<dimension> tag claims. No local cloud: the parser is pure."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from chalicelib.kernel.errors import InvalidInput
from chalicelib.registry import import_rows as imports
from chalicelib.registry.spreadsheets import read_workbook, write_workbook

SHEETS = {imports.HOUSE_SHEET: imports.HOUSE_COLUMNS, imports.RESIDENT_SHEET: imports.RESIDENT_COLUMNS}
LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + "]>"
)
EXTERNAL = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def _book(houses: list[list[object]]) -> bytes:
    return write_workbook(
        {
            imports.HOUSE_SHEET: (imports.HOUSE_COLUMNS, houses),
            imports.RESIDENT_SHEET: (imports.RESIDENT_COLUMNS, []),
        }
    )


def _rewrite(data: bytes, change: dict[str, object]) -> bytes:
    """Copy the zip, replacing the named members' text through a function or by a literal."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename in change:
                replacement = change[info.filename]
                text = replacement(body.decode()) if callable(replacement) else str(replacement)
                body = text.encode()
            target.writestr(info.filename, body)
    return out.getvalue()


def _sheet_member(data: bytes, name: str) -> str:
    """The zip path of a sheet by name (workbook.xml order = sheetN order for openpyxl-written files)."""
    workbook = zipfile.ZipFile(io.BytesIO(data)).read("xl/workbook.xml").decode()
    names = re.findall(r'<sheet [^>]*name="([^"]+)"', workbook)
    return f"xl/worksheets/sheet{names.index(name) + 1}.xml"


def test_openpyxl_parses_through_defusedxml() -> None:
    import openpyxl
    from openpyxl.xml import functions

    assert openpyxl.DEFUSEDXML is True
    assert functions.iterparse.__module__.startswith("defusedxml")


@pytest.mark.parametrize("prolog", [LAUGHS, EXTERNAL], ids=["billion-laughs", "external-entity"])
@pytest.mark.parametrize("target", ["sheet", "styles", "relationships", "workbook", "content-types"])
def test_entity_declarations_are_refused_wherever_they_are(prolog: str, target: str) -> None:
    data = _book([["", "1", 1, 1, 1, "1-1-101", None, None, None]])
    member = {
        "sheet": _sheet_member(data, imports.HOUSE_SHEET),
        "styles": "xl/styles.xml",
        "relationships": "xl/_rels/workbook.xml.rels",
        "workbook": "xl/workbook.xml",
        "content-types": "[Content_Types].xml",
    }[target]
    entity = "&lol9;" if prolog is LAUGHS else "&xxe;"

    def poison(text: str) -> str:
        body = re.sub(r"^<\?xml[^>]*\?>", "", text)
        if target == "sheet":
            body = body.replace("<v>1</v>", f"<v>1{entity}</v>", 1) if "<v>1</v>" in body else body
        return prolog + body

    with pytest.raises(InvalidInput) as caught:
        read_workbook(_rewrite(data, {member: poison}), SHEETS)
    assert caught.value.code == "NOT_A_SPREADSHEET"
    assert "Error" not in caught.value.message and "Forbidden" not in caught.value.message


def test_rows_beyond_the_declared_dimension_are_read() -> None:
    rows = [["", "1", 1, floor, 1, None, None, None, None] for floor in range(1, 31)]
    data = _book(rows)
    member = _sheet_member(data, imports.HOUSE_SHEET)
    lying = _rewrite(data, {member: lambda t: re.sub(r'<dimension ref="[^"]+"', '<dimension ref="A1:A1"', t)})
    assert '<dimension ref="A1:A1"' in zipfile.ZipFile(io.BytesIO(lying)).read(member).decode()
    assert len(read_workbook(lying, SHEETS)[imports.HOUSE_SHEET]) == 30


@pytest.mark.parametrize(
    "data",
    [b"PK\x03\x04" + b"\x00" * 100, b"not a zip", _rewrite(_book([]), {"xl/workbook.xml": "<broken"})],
    ids=["truncated-zip", "not-zip", "broken-xml"],
)
def test_damaged_files_are_a_400_without_exception_names(data: bytes) -> None:
    with pytest.raises(InvalidInput) as caught:
        read_workbook(data, SHEETS)
    assert caught.value.code == "NOT_A_SPREADSHEET"
    assert not re.search(r"[A-Z][a-z]+(Error|Exception|Forbidden)\b", caught.value.message)


def test_a_cell_far_down_the_sheet_is_refused_without_scanning_to_it() -> None:
    data = _book([["", "1", 1, 1, 1, None, None, None, None]])
    member = _sheet_member(data, imports.HOUSE_SHEET)

    def far(text: str) -> str:
        return text.replace(
            "</sheetData>", '<row r="999999999"><c r="A999999999" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
        )

    with pytest.raises(InvalidInput) as caught:
        read_workbook(_rewrite(data, {member: far}), SHEETS)
    assert caught.value.code == "TOO_MANY_ROWS"


def test_a_row_that_breaks_a_rule_in_an_unexpected_way_is_rejected_alone() -> None:
    from datetime import UTC, datetime

    from chalicelib.kernel.security.pii import normalise_phone, valid_id_card

    class Weird:
        def __str__(self) -> str:
            raise RuntimeError("no text")

    sheets = {
        imports.HOUSE_SHEET: [
            (2, {"buildingNumber": Weird(), "unit": 1, "floor": 1, "room": 1}),
            (3, {"buildingNumber": "1", "unit": 1, "floor": 1, "room": 2}),
        ]
    }
    plan = imports.plan_import(
        "110105001001", sheets, datetime.now(UTC), valid_id_card=valid_id_card, normalise_phone=normalise_phone
    )
    assert [(e.row, e.code) for e in plan.errors] == [(2, "unreadable_row")]
    assert [h.row for h in plan.houses] == [3]
