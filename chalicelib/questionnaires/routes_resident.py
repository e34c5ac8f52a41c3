"""Questionnaires for residents: the community's questionnaires (answered or not), one, and the answer (once per
household or per person, as the author chose)."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.kernel.clock import utcnow
from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.security.access import Access
from chalicelib.questionnaires import wiring
from chalicelib.questionnaires.contracts import (
    AnswerRequest,
    QuestionnairesQuery,
    ResidentQuestionnairePage,
    ResidentQuestionnaireView,
    view_fields,
)
from chalicelib.questionnaires.model import Questionnaire
from chalicelib.questionnaires.service import respondent

bp = Blueprint(__name__)

HOUSE_QUESTIONNAIRES = "/v1/resident/communities/{community_id}/houses/{house_id}/questionnaires"


def _view(q: Questionnaire, house_id: str, account_id: str) -> ResidentQuestionnaireView:
    answered = wiring.questionnaire_service().store.answered(
        q.community_id, q.questionnaire_id, respondent(q, house_id, account_id)
    )
    return ResidentQuestionnaireView(**view_fields(q), answered=answered)


@endpoint(
    bp,
    "GET",
    HOUSE_QUESTIONNAIRES,
    audience="resident",
    access=Access.household("questionnaire:answer"),
    query=QuestionnairesQuery,
    response=ResidentQuestionnairePage,
    summary="The community's questionnaires, newest first, each saying whether this household (or person) answered",
    operation_id="listHouseQuestionnaires",
)
def house_questionnaires(call: Call[Any]) -> ResidentQuestionnairePage:
    cid, hid = call.path["community_id"], call.path["house_id"]
    items, cursor = wiring.questionnaire_service().store.page(cid, call.query.limit, call.query.cursor)
    return ResidentQuestionnairePage(items=[_view(q, hid, call.who.subject) for q in items], nextCursor=cursor)


@endpoint(
    bp,
    "POST",
    HOUSE_QUESTIONNAIRES + "/{questionnaire_id}/answer",
    audience="resident",
    access=Access.household("questionnaire:answer"),
    request=AnswerRequest,
    status=201,
    response=ResidentQuestionnaireView,
    errors=(400, 404, 409),
    summary="Answer a questionnaire (exactly once per household or per person)",
    operation_id="sendQuestionnaireAnswer",
)
def answer_questionnaire(call: Call[AnswerRequest]) -> ResidentQuestionnaireView:
    cid, hid, qid = call.path["community_id"], call.path["house_id"], call.path["questionnaire_id"]
    service = wiring.questionnaire_service()
    service.answer(cid, qid, hid, call.who.subject, call.body.answers, utcnow())
    return _view(service.get(cid, qid), hid, call.who.subject)
