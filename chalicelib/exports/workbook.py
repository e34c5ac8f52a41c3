"""An .xlsx a manager opens in Excel: one sheet named for the export, the Chinese header row bold and frozen,
columns wide enough for their headers and values, money in yuan with two decimals, long numbers as text. Pure
Python (openpyxl)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from chalicelib.exports.model import Kind
from chalicelib.kernel.i18n import ZH, label


def workbook(kind: Kind, rows: Iterable[Sequence[Any]]) -> tuple[bytes, int]:
    """The file and how many data rows it holds."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook(write_only=False)
    sheet = book.active
    sheet.title = kind.title
    sheet.append(list(kind.columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    money = {kind.columns.index(c) for c in kind.money}
    vocab = {kind.columns.index(c): v for c, v in kind.vocab.items()}  # codes shown by their Chinese names
    widths = [max(10, 2 * len(c) + 2) for c in kind.columns]
    count = 0
    for row in rows:
        values = []
        for i, value in enumerate(row):
            if i in money and isinstance(value, int):
                value = round(value / 100, 2)
            elif isinstance(value, int) and len(str(value)) > 10:
                value = str(value)  # identifiers keep every digit
            if i in vocab and isinstance(value, str):
                value = label(vocab[i], value, ZH)
            widths[i] = min(60, max(widths[i], len(str(value or "")) + 2))
            values.append(value)
        sheet.append(values)
        count += 1
    for i, column in enumerate(money):
        _ = i
        for cell in sheet.iter_cols(min_col=column + 1, max_col=column + 1, min_row=2):
            for c in cell:
                c.number_format = "0.00"
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(1, i).column_letter].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), count
