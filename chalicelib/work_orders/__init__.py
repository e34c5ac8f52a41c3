"""Work orders (001 8.2.2.3, 8.3.1.11-12; 002 7.3; 004 6.1.2 i, 6.2.1): repairs (报事报修), complaints and
suggestions (投诉建议) from report to rating, with SLA deadlines, escalation, and photos.

- rules and use cases: `model.py` (tickets, photos, categories, states and the actions they allow, the ports),
  `service.py` (the ticket lifecycle, assignment, SLA, categories and technicians), `ticket_statistics.py` (the
  managers' statistics), `media.py` (upload slots, the photo pipeline's rules, object names)
- storage: `repository.py` (tickets, photos, categories, technician profiles); table: `workorders`
  (`kernel/tables.py: WorkOrderTable`)
- workflow: stepfunctions/work_order.asl.json (waits for the response and resolution deadlines, escalates)
- media: the `MediaBucket` (presigned POST up, presigned GET down) notifies `MediaUploadsQueue`, consumed by
  `tasks.process_media_upload` (Pillow: checks, upright, EXIF stripped, display size and thumbnail)
- HTTP: `routes_resident.py`, `routes_staff.py`, `contracts.py`; Lambda entry points: `tasks.py`;
  adapters: `adapters.py` (S3, Pillow, Step Functions, notices); wiring: `wiring.py`. Tests: `tests/work_orders/`.

What other capabilities use is below (an equipment alarm opens a repair work order; the care register opens a
`care_visit` when a care alert is acknowledged and records the visit on it: `open_care_visit`, `record_care_visit`).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from chalicelib.work_orders.model import Actor, Location, category_name
from chalicelib.work_orders.wiring import work_order_service

if TYPE_CHECKING:
    from chalicelib.work_orders.model import Category, Ticket

__all__ = [
    "Actor",
    "Location",
    "categories_of",
    "category_name",
    "open_care_visit",
    "record_care_visit",
    "tickets_between",
    "work_order_service",
]


def tickets_between(community_id: str, since: datetime, until: datetime, cap: int = 5000) -> list[Ticket]:
    """The community's work orders created in [since, until] (at most `cap`)."""
    return work_order_service().repo.all_in_range(community_id, since, until, cap)


def categories_of(community_id: str) -> list[Category]:
    return work_order_service().category_list(community_id)


def open_care_visit(community_id: str, *, ticket_id: str, house_id: str, description: str, reporter: str) -> Ticket:
    """A care visit (`care_visit`) to a house of the community, once per `ticket_id` (a repeat returns it)."""
    from chalicelib.work_orders import care_visits

    return care_visits.open_care_visit(
        work_order_service(),
        community_id,
        ticket_id=ticket_id,
        house_id=house_id,
        description=description,
        reporter=reporter,
    )


def record_care_visit(
    community_id: str, ticket_id: str, actor: Actor, *, visited_at: datetime, outcome: str, note: str
) -> Ticket:
    """The visit recorded on its care visit work order, which is closed (a repeat changes nothing)."""
    from chalicelib.work_orders import care_visits

    return care_visits.record_care_visit(
        work_order_service(), community_id, ticket_id, actor, visited_at=visited_at, outcome=outcome, note=note
    )
