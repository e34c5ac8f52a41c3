"""Per-account session cutoffs (chalicelib/kernel/security/sessions.py): one item in the identity table per account.

Kept apart from the identity repository: every authenticated request may read a cutoff, and that read should not import
the whole identity store (accounts, claims, refresh families) into the request's cold start.
"""

from __future__ import annotations

from datetime import datetime

from pynamodb.attributes import NumberAttribute

from chalicelib.kernel.tables import IdentityTable


def account_pk(account_id: str) -> str:
    return f"ACCT#{account_id}"


class SessionCutoffRecord(IdentityTable):
    not_before_ms = NumberAttribute()


class DynamoSessionCutoffs:
    def end_sessions(self, account_id: str, at: datetime) -> None:
        SessionCutoffRecord(pk=account_pk(account_id), sk="SESSIONS", not_before_ms=int(at.timestamp() * 1000)).save()

    def not_before_ms(self, account_id: str) -> int | None:
        try:
            record = SessionCutoffRecord.get(account_pk(account_id), "SESSIONS", consistent_read=True)
        except SessionCutoffRecord.DoesNotExist:
            return None
        return int(record.not_before_ms)
