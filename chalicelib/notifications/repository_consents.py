"""Consent to WeChat subscribe messages in the notifications table (layout):

- consent  pk `CONSENT#{openid}` sk `KIND#{kind}`: one-time acceptances left, the long-term subscription
- report   pk `CONSENT#{openid}` sk `REPORT#{reportId}`: a report recorded (written in the same transaction as its
           grants, so a report sent again changes nothing)
"""

from __future__ import annotations

from datetime import datetime

from pynamodb.attributes import BooleanAttribute, NumberAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import TransactWriteError, UpdateError
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from chalicelib.kernel.dynamo import condition_failed, transaction_connection
from chalicelib.kernel.tables import NotificationTable
from chalicelib.notifications.consent import MAX_ONE_TIME, Consent, Grant


class ConsentRecord(NotificationTable):
    remaining = NumberAttribute(default=0)
    long_term = BooleanAttribute(default=False)
    updated_at = UTCDateTimeAttribute(null=True)


class ReportRecord(NotificationTable):
    at = UTCDateTimeAttribute()


def _pk(openid: str) -> str:
    return f"CONSENT#{openid}"


class DynamoConsents:
    """`consent.ConsentBook` on DynamoDB, and the reports of the mini-program."""

    def record(self, openid: str, report_id: str, grants: list[Grant], long_term: bool, at: datetime) -> bool:
        """The grants of one report, all or nothing; False when this report was recorded before."""
        try:
            with TransactWrite(connection=transaction_connection(ConsentRecord)) as tx:
                tx.save(
                    ReportRecord(_pk(openid), f"REPORT#{report_id}", at=at), condition=ReportRecord.pk.does_not_exist()
                )
                for grant in grants:
                    item = ConsentRecord(_pk(openid), f"KIND#{grant.kind}")
                    actions: list[Action]
                    if grant.accepted and long_term:
                        actions = [ConsentRecord.long_term.set(True), ConsentRecord.updated_at.set(at)]
                    elif grant.accepted:
                        actions = [ConsentRecord.remaining.add(1), ConsentRecord.updated_at.set(at)]
                    else:  # rejected, banned or filtered: whatever was granted is withdrawn
                        actions = [
                            ConsentRecord.remaining.set(0),
                            ConsentRecord.long_term.set(False),
                            ConsentRecord.updated_at.set(at),
                        ]
                    tx.update(item, actions=actions)
        except TransactWriteError as exc:
            reasons = [r.code for r in (exc.cancellation_reasons or []) if r is not None]
            if reasons and reasons[0] == "ConditionalCheckFailed":
                return False
            raise
        return True

    def of(self, openid: str) -> list[Consent]:
        return [
            Consent(r.sk.split("#", 1)[1], min(int(r.remaining or 0), MAX_ONE_TIME), bool(r.long_term))
            for r in ConsentRecord.query(_pk(openid), ConsentRecord.sk.startswith("KIND#"), consistent_read=True)
        ]

    def take(self, openid: str, kind: str) -> bool:
        item = ConsentRecord(_pk(openid), f"KIND#{kind}")
        try:
            found = ConsentRecord.get(_pk(openid), f"KIND#{kind}", consistent_read=True)
        except ConsentRecord.DoesNotExist:
            return False
        if found.long_term:
            return True
        try:
            item.update(actions=[ConsentRecord.remaining.add(-1)], condition=ConsentRecord.remaining > 0)
        except UpdateError as exc:
            if condition_failed(exc):
                return False
            raise
        return True

    def give_back(self, openid: str, kind: str) -> None:
        ConsentRecord(_pk(openid), f"KIND#{kind}").update(actions=[ConsentRecord.remaining.add(1)])
