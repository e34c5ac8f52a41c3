"""Builds the questionnaire service from its store and adapters (once per container)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalicelib.kernel.wiring import built

if TYPE_CHECKING:
    from chalicelib.questionnaires.service import QuestionnaireService


@built
def questionnaire_service() -> QuestionnaireService:
    from chalicelib.questionnaires.adapters import ExportFiles
    from chalicelib.questionnaires.repository import DynamoQuestionnaires
    from chalicelib.questionnaires.service import QuestionnaireService

    return QuestionnaireService(store=DynamoQuestionnaires(), files=ExportFiles())
