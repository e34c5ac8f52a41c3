"""Reading and writing the registry's .xlsx files (001 7.3.7 c: Excel template download and import).

openpyxl is pure Python; it is imported inside the functions so routes that never touch a spreadsheet do not
pay for it at cold start. A file that is not an Office Open XML workbook is refused before any row is read.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from typing import Any

from chalicelib.kernel.errors import InvalidInput

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 5000
# Rows scanned, blank ones included: openpyxl yields every row up to the last one named, so one cell at row
# 1,000,000,000 would otherwise keep a Lambda busy until it times out.
MAX_SCANNED_ROWS = 2 * MAX_ROWS + 1


def _refuse(message: str, code: str = "NOT_A_SPREADSHEET") -> InvalidInput:
    return InvalidInput(message, code=code, details=[{"field": "body", "code": code.lower(), "message": message}])


def read_workbook(data: bytes, sheets: dict[str, Sequence[str]]) -> dict[str, list[tuple[int, dict[str, Any]]]]:
    """Rows of each named sheet as (spreadsheet row number, {column: value}); header row 1 names the columns.

    Unknown columns are refused (a typo would silently drop data); missing optional columns are fine but every
    sheet must exist and carry its required first column. Any failure to parse the file, wherever openpyxl
    meets it (it parses sheets lazily, while rows are iterated), is a 400 `NOT_A_SPREADSHEET`: XML that declares
    entities (billion laughs, external entities) is refused by defusedxml, never expanded.
    """
    if not data.startswith(b"PK") or not zipfile.is_zipfile(io.BytesIO(data)):
        raise _refuse("the file is not an .xlsx workbook")
    import openpyxl

    if not openpyxl.DEFUSEDXML:  # pragma: no cover - defusedxml is a runtime requirement
        raise RuntimeError("defusedxml must be installed for openpyxl to parse untrusted workbooks safely")
    try:
        return _read_sheets(openpyxl, data, sheets)
    except InvalidInput:
        raise
    except Exception as exc:  # openpyxl, zipfile, defusedxml and expat raise many kinds
        raise _refuse("the workbook cannot be read: it is damaged, not an .xlsx, or uses unsupported XML") from exc


def _read_sheets(
    openpyxl: Any, data: bytes, sheets: dict[str, Sequence[str]]
) -> dict[str, list[tuple[int, dict[str, Any]]]]:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    result: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    try:
        for name, columns in sheets.items():
            if name not in book.sheetnames:
                raise _refuse(f"sheet {name!r} is missing; download the template", "TEMPLATE_MISMATCH")
            sheet = book[name]
            # The <dimension> tag is the writer's claim, not the data: read every row that is there.
            sheet.reset_dimensions()
            rows = sheet.iter_rows(values_only=True)
            header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
            while header and not header[-1]:
                header.pop()
            unknown = [h for h in header if h not in columns]
            if unknown or not header:
                shown = [h[:40] for h in (unknown or header)][:10]
                raise _refuse(f"sheet {name!r}: unknown or missing columns {shown}", "TEMPLATE_MISMATCH")
            parsed: list[tuple[int, dict[str, Any]]] = []
            for number, row in enumerate(rows, start=2):
                if number > MAX_SCANNED_ROWS:
                    raise _refuse(
                        f"sheet {name!r} reaches past row {MAX_SCANNED_ROWS}; remove blank rows", "TOO_MANY_ROWS"
                    )
                values = {header[i]: _clean(v) for i, v in enumerate(row[: len(header)])}
                if all(v is None for v in values.values()):
                    continue
                parsed.append((number, values))
                if len(parsed) > MAX_ROWS:
                    raise _refuse(f"sheet {name!r} has more than {MAX_ROWS} rows; split the file", "TOO_MANY_ROWS")
            result[name] = parsed
    finally:
        book.close()
    return result


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def write_workbook(
    sheets: dict[str, tuple[Sequence[str], Sequence[Sequence[Any]]]], notes: list[str] | None = None
) -> bytes:
    """A workbook with one sheet per entry (header row + rows) and an optional read-me sheet first."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    first = book.active
    if notes:
        first.title = "ReadMe"
        for line in notes:
            first.append([line])
    else:
        book.remove(first)
    for name, (columns, rows) in sheets.items():
        sheet = book.create_sheet(name)
        sheet.append(list(columns))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            # Numbers that are identifiers (ID cards, phones) are written as text so Excel keeps every digit.
            sheet.append([str(v) if isinstance(v, int) and len(str(v)) > 10 else v for v in row])
        for i, column in enumerate(columns, start=1):
            sheet.column_dimensions[sheet.cell(1, i).column_letter].width = max(12, len(column) + 2)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
