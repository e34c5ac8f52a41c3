"""Questionnaires for staff: create, list, results with counts, the answers as an .xlsx."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.audit import audited
from chalicelib.kernel.clock import utcnow
from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.security.access import Access
from chalicelib.questionnaires import wiring
from chalicelib.questionnaires.contracts import (
    ExportLink,
    NewQuestionnaire,
    QuestionnairePage,
    QuestionnairesQuery,
    QuestionnaireView,
    ResultsView,
    to_questions,
    view_fields,
)

bp = Blueprint(__name__)

QUESTIONNAIRES = "/v1/staff/communities/{community_id}/questionnaires"
ONE = QUESTIONNAIRES + "/{questionnaire_id}"


@endpoint(
    bp,
    "POST",
    QUESTIONNAIRES,
    audience="staff",
    access=Access.community("questionnaire:manage"),
    request=NewQuestionnaire,
    status=201,
    response=QuestionnaireView,
    errors=(400, 403),
    summary="Create a questionnaire: choice, text and scale questions; one answer per household or per person",
)
def create_questionnaire(call: Call[NewQuestionnaire]) -> QuestionnaireView:
    b = call.body
    cid = call.path["community_id"]
    with audited(call, "questionnaire.create", "community", cid, {"per": b.per}) as detail:
        q = wiring.questionnaire_service().create(
            cid, call.who.subject, b.title, to_questions(b.questions), b.per, b.closesAt, utcnow()
        )
        detail["questionnaireId"] = q.questionnaire_id
    return QuestionnaireView(**view_fields(q))


@endpoint(
    bp,
    "GET",
    QUESTIONNAIRES,
    audience="staff",
    access=Access.community("questionnaire:read"),
    query=QuestionnairesQuery,
    response=QuestionnairePage,
    summary="The community's questionnaires, newest first",
)
def list_questionnaires(call: Call[Any]) -> QuestionnairePage:
    items, cursor = wiring.questionnaire_service().store.page(
        call.path["community_id"], call.query.limit, call.query.cursor
    )
    return QuestionnairePage(items=[QuestionnaireView(**view_fields(q)) for q in items], nextCursor=cursor)


@endpoint(
    bp,
    "GET",
    ONE,
    audience="staff",
    access=Access.community("questionnaire:read"),
    response=ResultsView,
    errors=(404,),
    summary="A questionnaire with its results: respondents, counts per option and scale value, the texts",
    operation_id="getQuestionnaireResults",
)
def questionnaire_results(call: Call[Any]) -> ResultsView:
    q, respondents, counted = wiring.questionnaire_service().results(
        call.path["community_id"], call.path["questionnaire_id"]
    )
    return ResultsView(**view_fields(q), respondents=respondents, results=counted)


@endpoint(
    bp,
    "POST",
    ONE + "/export",
    audience="staff",
    access=Access.community("questionnaire:read"),
    response=ExportLink,
    errors=(404,),
    summary="The answers as an .xlsx (Chinese headers, a row per respondent), a 5-minute link",
)
def export_questionnaire(call: Call[Any]) -> ExportLink:
    qid = call.path["questionnaire_id"]
    with audited(call, "questionnaire.export", "questionnaire", qid):
        url, rows = wiring.questionnaire_service().export(call.path["community_id"], qid)
    return ExportLink(url=url, rows=rows)
