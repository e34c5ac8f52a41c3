"""The questionnaires table (`kernel/tables.py: QuestionnaireTable`): the only code that knows its keys.

- questionnaire pk `C#{c}#Q#{q}` sk `Q`; gsi1 `C#{c}#QUESTIONNAIRES` / `{created_at}#{q}` (newest first)
- answer        pk `C#{c}#Q#{q}` sk `A#H#{house}` (one per household) or `A#P#{account}` (one per person): written
                once by a conditional put, so two answers at once store one
"""

from __future__ import annotations

import json

from pynamodb.attributes import UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import PutError

from chalicelib.kernel.clock import iso
from chalicelib.kernel.dynamo import condition_failed
from chalicelib.kernel.pagination import decode_cursor, encode_cursor
from chalicelib.kernel.tables import QuestionnaireTable
from chalicelib.questionnaires.model import Answer, Question, Questionnaire


def q_pk(community_id: str, questionnaire_id: str) -> str:
    return f"C#{community_id}#Q#{questionnaire_id}"


class QuestionnaireRecord(QuestionnaireTable):
    title = UnicodeAttribute()
    questions = UnicodeAttribute()  # JSON
    per = UnicodeAttribute()
    closes_at = UTCDateTimeAttribute()
    created_by = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()


class AnswerRecord(QuestionnaireTable):
    house_id = UnicodeAttribute()
    account_id = UnicodeAttribute()
    answers = UnicodeAttribute()  # JSON
    at = UTCDateTimeAttribute()


def _questionnaire(r: QuestionnaireRecord) -> Questionnaire:
    community_id, qid = r.pk[2:].split("#Q#", 1)
    questions = [
        Question(q["id"], q["kind"], q["title"], tuple(q.get("options", ())), q.get("low", 1), q.get("high", 5),
                 q.get("required", True))
        for q in json.loads(r.questions)
    ]  # fmt: skip
    return Questionnaire(community_id, qid, r.title, questions, r.per, r.closes_at, r.created_by, r.created_at)


class DynamoQuestionnaires:
    def create(self, q: Questionnaire) -> None:
        questions = [
            {"id": x.question_id, "kind": x.kind, "title": x.title, "options": list(x.options), "low": x.low,
             "high": x.high, "required": x.required}
            for x in q.questions
        ]  # fmt: skip
        QuestionnaireRecord(
            q_pk(q.community_id, q.questionnaire_id),
            "Q",
            gsi1pk=f"C#{q.community_id}#QUESTIONNAIRES",
            gsi1sk=f"{iso(q.created_at)}#{q.questionnaire_id}",
            title=q.title,
            questions=json.dumps(questions, ensure_ascii=False),
            per=q.per,
            closes_at=q.closes_at,
            created_by=q.created_by,
            created_at=q.created_at,
        ).save(condition=QuestionnaireRecord.pk.does_not_exist())

    def get(self, community_id: str, questionnaire_id: str) -> Questionnaire | None:
        try:
            return _questionnaire(QuestionnaireRecord.get(q_pk(community_id, questionnaire_id), "Q"))
        except QuestionnaireRecord.DoesNotExist:
            return None

    def page(self, community_id: str, limit: int, cursor: str | None) -> tuple[list[Questionnaire], str | None]:
        query = QuestionnaireRecord.gsi1.query(
            f"C#{community_id}#QUESTIONNAIRES", scan_index_forward=False, limit=limit,
            last_evaluated_key=decode_cursor(cursor),
        )  # fmt: skip
        return [_questionnaire(r) for r in query], encode_cursor(query.last_evaluated_key)

    def answer(self, community_id: str, questionnaire_id: str, answer: Answer) -> bool:
        """Store the respondent's answer once: False when they already answered (nothing is written)."""
        try:
            AnswerRecord(
                q_pk(community_id, questionnaire_id),
                f"A#{answer.respondent}",
                house_id=answer.house_id,
                account_id=answer.account_id,
                answers=json.dumps(answer.values, ensure_ascii=False),
                at=answer.at,
            ).save(condition=AnswerRecord.pk.does_not_exist())
        except PutError as exc:
            if condition_failed(exc):
                return False
            raise
        return True

    def answered(self, community_id: str, questionnaire_id: str, respondent: str) -> bool:
        try:
            AnswerRecord.get(q_pk(community_id, questionnaire_id), f"A#{respondent}")
        except AnswerRecord.DoesNotExist:
            return False
        return True

    def answers(self, community_id: str, questionnaire_id: str) -> list[Answer]:
        query = AnswerRecord.query(q_pk(community_id, questionnaire_id), AnswerRecord.sk.startswith("A#"))
        return [Answer(r.sk[2:], r.house_id, r.account_id, json.loads(r.answers), r.at) for r in query]
