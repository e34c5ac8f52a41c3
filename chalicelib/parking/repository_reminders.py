"""Monthly-pass reminder markers in the parking table: `C#{c}#MPREMIND#{pass}` / `{valid until}#{days}`, put once
(conditional), so each reminder of a pass's end date is sent once."""

from __future__ import annotations

from datetime import date

from pynamodb.exceptions import DeleteError, PutError

from chalicelib.kernel.dynamo import condition_failed
from chalicelib.kernel.tables import ParkingTable


class PassReminded(ParkingTable):
    pass


def _keys(community_id: str, pass_id: str, valid_until: date, days: int) -> tuple[str, str]:
    return f"C#{community_id}#MPREMIND#{pass_id}", f"{valid_until.isoformat()}#{days}"


class ReminderStorage:
    """Reminder markers: a part of `DynamoParkingStore`."""

    def claim_pass_reminder(self, community_id: str, pass_id: str, valid_until: date, days: int) -> bool:
        try:
            PassReminded(*_keys(community_id, pass_id, valid_until, days)).save(
                condition=PassReminded.pk.does_not_exist()
            )
            return True
        except PutError as exc:
            if condition_failed(exc):
                return False
            raise

    def release_pass_reminder(self, community_id: str, pass_id: str, valid_until: date, days: int) -> None:
        try:
            PassReminded(*_keys(community_id, pass_id, valid_until, days)).delete()
        except DeleteError:
            pass
