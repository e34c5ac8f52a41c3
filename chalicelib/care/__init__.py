"""Care and the safe home (001 8.3.1.7 home-based elderly care; 000 10.2.2 health data; 000 7.2.1 d long absence):
the care register (people in need of care, their consent, guardians in order of contact, care level, sealed health
data), the guardians' view, care alerts (signs of need, one open per person and kind, resolved by a visit record),
and the guardians-first ladder of the alarms raised in their homes.

- rules and use cases: `model.py` (profile, consent, guardian, last seen, care alert, visit, ports), `signs.py`
  (signs of need, plausibility of wearable readings), `service.py` (`CareService`)
- storage: `repository.py`; table: `care` (`kernel/tables.py: CareTable`)
- HTTP: `routes_staff.py` (the register, health data for a care role, alerts and visits), `routes_guardian.py` (the
  people I guard, their status and alerts, acknowledging from the phone), `contracts.py`
- schedules: `tasks.py` (one signs-of-need run: hourly for the fast signs, daily for the slow ones); the device
  feed (`feed.py`: wearables, door contacts, the house's water and electricity meters by their rising totals)
- adapters: `adapters.py` (people and devices, the care alert's notices to guardians and care workers, the visit as
  a `care_visit` work order); wiring: `wiring.py`
- gates: a resident's passage (the visitors capability's access record) is a sign of life for a person in care
  (`plug_into_visitors`: an in-process listener called after the passage is recorded; see `passage_seen`)
- alarms: a home alarm tells the household and the first guardians first, then the next guardians, then the staff
  on duty, the manager and the community admin (`chalicelib.alarms.use_guardians`, plugged in by
  `plug_into_alarms`). Tests: `tests/care/`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.care.wiring import care_service

if TYPE_CHECKING:
    from chalicelib.notifications import Recipient

__all__ = ["care_service", "guardian_recipients", "plug_into_alarms", "plug_into_visitors"]


def guardian_recipients(community_id: str, house_id: str) -> list[Recipient]:
    """The guardians of the house's cared-for residents as recipients, in their order of contact: a first guardian
    (order 1 of someone's) with the role `guardian`, the others `guardian_next` (the alarm ladder tells those one
    wait later, `alarms.guardians`)."""
    from dataclasses import replace

    from chalicelib.alarms import FIRST_GUARDIAN, NEXT_GUARDIAN
    from chalicelib.care.adapters import guardian_recipient

    found = []
    for g in care_service().guardians_of_house(community_id, house_id):
        recipient = guardian_recipient(g.account_id, g.kind, g.name)
        if recipient is not None:
            found.append(replace(recipient, role=FIRST_GUARDIAN if g.order == 1 else NEXT_GUARDIAN))
    return found


def plug_into_alarms() -> None:
    """Alarms in a home with guardians tell the household and the guardians first (called once by app.py)."""
    from chalicelib.alarms import use_guardians

    use_guardians(guardian_recipients)


def passage_seen(entry: Any) -> None:
    """A resident's passage through a gate (the visitors capability's `EntryRecord`, just recorded): the person's
    "last seen" activity when they are in the care register (one GetItem for anyone else, nothing written)."""
    if getattr(entry, "subject_kind", None) != "resident" or getattr(entry, "flag", None):
        return
    care_service().passage(entry.community_id, entry.subject_id, entry.at)


def plug_into_visitors() -> None:
    """Residents' passages through the gates are signs of life of the people in care (called once by app.py)."""
    from chalicelib.visitors import use_passage_listener

    use_passage_listener(passage_seen)
