"""A questionnaire's answers as an .xlsx: one row per respondent, a column per question (the chosen options by their
labels), the Chinese header row bold and frozen. Pure Python (openpyxl)."""

from __future__ import annotations

import io

from chalicelib.kernel.i18n import local_time
from chalicelib.questionnaires.model import Answer, Questionnaire


def answers_workbook(q: Questionnaire, answers: list[Answer]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "答卷"
    sheet.append(["房屋编号", "答题时间", *[x.title for x in q.questions]])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for a in sorted(answers, key=lambda a: a.at):
        row: list[str | int] = [a.house_id, local_time(a.at)]
        for x in q.questions:
            value = a.values.get(x.question_id)
            if value is None:
                row.append("")
            elif x.kind == "single":
                row.append(x.options[int(value)])
            elif x.kind == "multiple":
                row.append("、".join(x.options[int(i)] for i in value))
            else:
                row.append(value)
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
