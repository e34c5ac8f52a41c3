"""Questionnaires: questions (single choice, multiple choice, text, scale), one answer per household or per person as
the author chooses (exactly once: the store's conditional put), results with counts. Pure Python."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from chalicelib.kernel.errors import Conflict, InvalidInput

KINDS: tuple[str, ...] = ("single", "multiple", "text", "scale")
PER: tuple[str, ...] = ("household", "person")
TEXT_MAX = 500


@dataclass(frozen=True)
class Question:
    question_id: str
    kind: str
    title: str
    options: tuple[str, ...] = ()  # single / multiple: the choices' labels, answered by index
    low: int = 1  # scale
    high: int = 5
    required: bool = True


@dataclass
class Questionnaire:
    community_id: str
    questionnaire_id: str
    title: str
    questions: list[Question]
    per: str
    closes_at: datetime
    created_by: str
    created_at: datetime

    def check_open(self, now: datetime) -> None:
        if now >= self.closes_at:
            raise Conflict("the questionnaire has closed", code="QUESTIONNAIRE_CLOSED")


@dataclass
class Answer:
    respondent: str  # `H#{house}` or `P#{account}`
    house_id: str
    account_id: str
    values: dict[str, Any]
    at: datetime = field(default_factory=datetime.now)


def _problem(problems: list[dict[str, str]], code: str, where: str, message: str) -> None:
    problems.append({"field": where, "code": code, "message": message})


def check_questions(questions: list[Question]) -> None:
    problems: list[dict[str, str]] = []
    ids = [q.question_id for q in questions]
    if len(set(ids)) != len(ids):
        _problem(problems, "duplicate", "questions", "question ids are unique")
    for i, q in enumerate(questions):
        where = f"questions[{i}]"
        if q.kind in ("single", "multiple") and len(q.options) < 2:
            _problem(problems, "too_few", f"{where}.options", "at least 2 options")
        if q.kind == "scale" and not (q.low < q.high and q.high - q.low <= 10):
            _problem(problems, "out_of_range", f"{where}.high", "low < high, at most 10 apart")
    if problems:
        raise InvalidInput("the questionnaire is not valid", code="QUESTIONNAIRE_INVALID", details=problems)


def check_answer(questionnaire: Questionnaire, values: dict[str, Any]) -> dict[str, Any]:
    """The answers as stored: every key a question, every value of the question's kind (strict: no `true` for 1,
    no "3" for 3); every required question answered."""
    problems: list[dict[str, str]] = []
    by_id = {q.question_id: q for q in questionnaire.questions}
    for key in values:
        if key not in by_id:
            _problem(problems, "unknown", f"answers.{key}", "not a question of this questionnaire")
    clean: dict[str, Any] = {}
    for q in questionnaire.questions:
        where = f"answers.{q.question_id}"
        if q.question_id not in values or values[q.question_id] in (None, "", []):
            if q.required:
                _problem(problems, "required", where, "this question needs an answer")
            continue
        value = values[q.question_id]
        if q.kind == "single":
            if type(value) is not int or not 0 <= value < len(q.options):
                _problem(problems, "out_of_range", where, f"an option index 0..{len(q.options) - 1}")
                continue
        elif q.kind == "multiple":
            if (
                not isinstance(value, list)
                or any(type(v) is not int or not 0 <= v < len(q.options) for v in value)
                or len(set(value)) != len(value)
            ):
                _problem(problems, "out_of_range", where, f"distinct option indexes 0..{len(q.options) - 1}")
                continue
            value = sorted(value)
        elif q.kind == "text":
            if not isinstance(value, str) or len(value.strip()) > TEXT_MAX:
                _problem(problems, "too_long", where, f"text of at most {TEXT_MAX} characters")
                continue
            value = value.strip()
        elif type(value) is not int or not q.low <= value <= q.high:
            _problem(problems, "out_of_range", where, f"an integer {q.low}..{q.high}")
            continue
        clean[q.question_id] = value
    if problems:
        raise InvalidInput("the answers are not valid", code="ANSWER_INVALID", details=problems)
    return clean


def results(questionnaire: Questionnaire, answers: list[Answer]) -> list[dict[str, Any]]:
    """Per question: how many answered it and the count per option (choices), per value (scale), or the texts."""
    out: list[dict[str, Any]] = []
    for q in questionnaire.questions:
        given = [a.values[q.question_id] for a in answers if q.question_id in a.values]
        entry: dict[str, Any] = {"questionId": q.question_id, "title": q.title, "kind": q.kind, "answered": len(given)}
        if q.kind in ("single", "multiple"):
            counts: Counter[int] = Counter()
            for v in given:
                counts.update(v if isinstance(v, list) else [v])
            entry["counts"] = [{"option": label, "count": counts[i]} for i, label in enumerate(q.options)]
        elif q.kind == "scale":
            counts = Counter(given)
            entry["counts"] = [{"option": str(v), "count": counts[v]} for v in range(q.low, q.high + 1)]
            entry["total"] = sum(given)
        else:
            entry["texts"] = [str(v) for v in given][:200]
        out.append(entry)
    return out
