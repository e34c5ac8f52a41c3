"""What gates use once or count, in the visitors table.

- sign-in nonce  pk `C#{c}#GATE#{device}#NONCE#{nonce}` sk `NONCE`: written once (a conditional put), so a signed
                 sign-in replayed inside its window finds it taken; TTL after the window (clean-up only: the window
                 itself refuses an older proof).
- keypad budget  pk `C#{c}#KEYPAD#{scope}#{gate or slot}` sk `W#{window start}`: the wrong passcodes of one window
                 (`keypad.py`); an attempt is an UpdateItem that adds 1 only while fewer than the limit are taken
                 (so concurrent guesses cannot overshoot), a right code gives its attempt back; TTL a day after the
                 window (clean-up only: the key names the window).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pynamodb.attributes import NumberAttribute, TTLAttribute
from pynamodb.exceptions import PutError, UpdateError

from chalicelib.kernel.clock import iso
from chalicelib.kernel.dynamo import condition_failed
from chalicelib.kernel.tables import VisitorTable


class GateNonceRecord(VisitorTable):
    expires_at = TTLAttribute()


class DynamoSignInNonces:
    """`gate_sessions.SignInNonces` on the visitors table."""

    def use_once(self, community_id: str, device_id: str, nonce: str, keep_until: datetime) -> bool:
        record = GateNonceRecord(
            f"C#{community_id}#GATE#{device_id}#NONCE#{nonce}", "NONCE", expires_at=keep_until + timedelta(hours=1)
        )
        try:
            record.save(condition=GateNonceRecord.pk.does_not_exist())
        except PutError as exc:
            if condition_failed(exc):
                return False
            raise
        return True


class KeypadBudgetRecord(VisitorTable):
    taken = NumberAttribute(default=0)
    expires_at = TTLAttribute()


def _budget(community_id: str, scope: str, subject: str, window: tuple[datetime, datetime]) -> KeypadBudgetRecord:
    return KeypadBudgetRecord(
        f"C#{community_id}#KEYPAD#{scope}#{subject}", f"W#{iso(window[0])}", expires_at=window[1] + timedelta(days=1)
    )


class DynamoAttemptCounters:
    """`keypad.AttemptCounters` on the visitors table."""

    def take(
        self, community_id: str, scope: str, subject: str, window: tuple[datetime, datetime], limit: int
    ) -> int | None:
        record = _budget(community_id, scope, subject, window)
        try:
            record.update(
                actions=[KeypadBudgetRecord.taken.add(1), KeypadBudgetRecord.expires_at.set(record.expires_at)],
                condition=KeypadBudgetRecord.taken.does_not_exist() | (KeypadBudgetRecord.taken < limit),
            )
        except UpdateError as exc:
            if condition_failed(exc):
                return None
            raise
        return int(record.taken)

    def give_back(self, community_id: str, scope: str, subject: str, window: tuple[datetime, datetime]) -> None:
        record = _budget(community_id, scope, subject, window)
        try:
            record.update(actions=[KeypadBudgetRecord.taken.add(-1)], condition=KeypadBudgetRecord.taken > 0)
        except UpdateError as exc:
            if not condition_failed(exc):
                raise
