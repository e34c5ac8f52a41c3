"""Request and response models of the questionnaire routes (staff and residents)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, StrictBool, StrictInt

from chalicelib.kernel.clock import iso
from chalicelib.kernel.contracts import Contract, Id, Page, PageQuery, Time
from chalicelib.questionnaires.model import Question, Questionnaire


class QuestionIn(Contract):
    id: Id
    kind: Literal["single", "multiple", "text", "scale"]
    title: str = Field(min_length=1, max_length=200)
    options: list[str] = Field(default_factory=list, max_length=20)
    low: StrictInt = Field(default=1, ge=0, le=10)
    high: StrictInt = Field(default=5, ge=1, le=20)
    required: StrictBool = True


class NewQuestionnaire(Contract):
    title: str = Field(min_length=1, max_length=80)
    per: Literal["household", "person"] = Field(description="one answer per household or per person")
    questions: list[QuestionIn] = Field(min_length=1, max_length=50)
    closesAt: Time


class AnswerRequest(Contract):
    answers: dict[str, Any] = Field(
        description="question id -> option index (single), option indexes (multiple), text, or integer (scale)"
    )


class QuestionOut(Contract):
    id: str
    kind: str
    title: str
    options: list[str]
    low: int
    high: int
    required: bool


class QuestionnaireView(Contract):
    questionnaireId: str
    title: str
    per: str
    closesAt: str
    createdAt: str
    questions: list[QuestionOut]


class ResidentQuestionnaireView(QuestionnaireView):
    answered: bool


class QuestionnairePage(Page):
    items: list[QuestionnaireView]


class ResidentQuestionnairePage(Page):
    items: list[ResidentQuestionnaireView]


class ResultsView(QuestionnaireView):
    respondents: int
    results: list[dict[str, Any]]


class ExportLink(Contract):
    url: str = Field(description="a presigned GET of the .xlsx, valid for 300 s")
    rows: int


class QuestionnairesQuery(PageQuery):
    pass


def to_questions(items: list[QuestionIn]) -> list[Question]:
    return [Question(q.id, q.kind, q.title, tuple(q.options), q.low, q.high, q.required) for q in items]


def view_fields(q: Questionnaire) -> dict[str, Any]:
    return {
        "questionnaireId": q.questionnaire_id,
        "title": q.title,
        "per": q.per,
        "closesAt": iso(q.closes_at),
        "createdAt": iso(q.created_at),
        "questions": [
            QuestionOut(
                id=x.question_id,
                kind=x.kind,
                title=x.title,
                options=list(x.options),
                low=x.low,
                high=x.high,
                required=x.required,
            )
            for x in q.questions
        ],
    }
