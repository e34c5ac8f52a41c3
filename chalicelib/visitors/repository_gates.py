"""What gates use once, in the visitors table.

- sign-in nonce  pk `C#{c}#GATE#{device}#NONCE#{nonce}` sk `NONCE`: written once (a conditional put), so a signed
                 sign-in replayed inside its window finds it taken; TTL after the window (clean-up only: the window
                 itself refuses an older proof).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pynamodb.attributes import TTLAttribute
from pynamodb.exceptions import PutError

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
            if exc.cause_response_code == "ConditionalCheckFailedException":
                return False
            raise
        return True
