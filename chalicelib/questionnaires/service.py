"""Questionnaires, the use cases: create, answer once (per household or per person), results, the .xlsx export."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Protocol

from chalicelib.kernel.errors import Conflict, InvalidInput, NotFound
from chalicelib.questionnaires.model import Answer, Question, Questionnaire, check_answer, check_questions, results


class QuestionnaireStore(Protocol):
    def create(self, q: Questionnaire) -> None: ...
    def get(self, community_id: str, questionnaire_id: str) -> Questionnaire | None: ...
    def page(self, community_id: str, limit: int, cursor: str | None) -> tuple[list[Questionnaire], str | None]: ...
    def answer(self, community_id: str, questionnaire_id: str, answer: Answer) -> bool: ...
    def answered(self, community_id: str, questionnaire_id: str, respondent: str) -> bool: ...
    def answers(self, community_id: str, questionnaire_id: str) -> list[Answer]: ...


class Files(Protocol):
    def publish(self, key: str, data: bytes, file_name: str) -> str: ...


def respondent(q: Questionnaire, house_id: str, account_id: str) -> str:
    return f"H#{house_id}" if q.per == "household" else f"P#{account_id}"


class QuestionnaireService:
    def __init__(self, store: QuestionnaireStore, files: Files):
        self.store, self.files = store, files

    def create(
        self, community_id: str, by: str, title: str, questions: list[Question], per: str, closes_at: datetime,
        now: datetime,
    ) -> Questionnaire:  # fmt: skip
        check_questions(questions)
        if closes_at <= now:
            raise InvalidInput(
                "the questionnaire closes in the past",
                code="QUESTIONNAIRE_INVALID",
                details=[{"field": "closesAt", "code": "too_soon", "message": "in the future"}],
            )
        q = Questionnaire(community_id, "qn-" + uuid.uuid4().hex[:16], title, questions, per, closes_at, by, now)
        self.store.create(q)
        return q

    def get(self, community_id: str, questionnaire_id: str) -> Questionnaire:
        q = self.store.get(community_id, questionnaire_id)
        if q is None:
            raise NotFound(f"questionnaire {questionnaire_id} not found", code="QUESTIONNAIRE_NOT_FOUND")
        return q

    def answer(
        self, community_id: str, questionnaire_id: str, house_id: str, account_id: str, values: dict[str, Any],
        now: datetime,
    ) -> Answer:  # fmt: skip
        q = self.get(community_id, questionnaire_id)
        q.check_open(now)
        clean = check_answer(q, values)
        answer = Answer(respondent(q, house_id, account_id), house_id, account_id, clean, now)
        if not self.store.answer(community_id, questionnaire_id, answer):
            who = "household" if q.per == "household" else "person"
            raise Conflict(f"this {who} has already answered", code="ANSWER_EXISTS")
        return answer

    def results(self, community_id: str, questionnaire_id: str) -> tuple[Questionnaire, int, list[dict[str, Any]]]:
        q = self.get(community_id, questionnaire_id)
        answers = self.store.answers(community_id, questionnaire_id)
        return q, len(answers), results(q, answers)

    def export(self, community_id: str, questionnaire_id: str) -> tuple[str, int]:
        """Every answer as a row of an .xlsx (Chinese headers), as a 5-minute link."""
        from chalicelib.questionnaires.workbook import answers_workbook

        q = self.get(community_id, questionnaire_id)
        answers = self.store.answers(community_id, questionnaire_id)
        data = answers_workbook(q, answers)
        key = f"exports/{community_id}/questionnaires/{questionnaire_id}-{uuid.uuid4().hex[:8]}.xlsx"
        return self.files.publish(key, data, f"{q.title}.xlsx"), len(answers)
