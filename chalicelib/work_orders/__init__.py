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
`care_visit` when a care alert is acknowledged and records the visit on it: `open_care_visit`, `record_care_visit`;
patrol's checkpoint photos and notices' attachments go through the same media bucket and image re-encoding:
`media_store`, `process_image`; notices' uploads are handed over by the media function: `use_upload_handler`).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from chalicelib.work_orders.media import CONTENT_TYPES as PHOTO_TYPES
from chalicelib.work_orders.media import FORMAT_TYPES as PHOTO_FORMATS
from chalicelib.work_orders.media import MAX_UPLOAD_BYTES as MAX_PHOTO_BYTES
from chalicelib.work_orders.media import ImageRejected
from chalicelib.work_orders.model import Actor, Location, category_name
from chalicelib.work_orders.wiring import work_order_service

if TYPE_CHECKING:
    from collections.abc import Callable

    from chalicelib.work_orders.adapters import S3Media
    from chalicelib.work_orders.media import Derived, Outcome
    from chalicelib.work_orders.model import Category, Ticket

__all__ = [
    "MAX_PHOTO_BYTES",
    "PHOTO_FORMATS",
    "PHOTO_TYPES",
    "Actor",
    "ImageRejected",
    "Location",
    "categories_of",
    "category_name",
    "media_store",
    "open_care_visit",
    "process_image",
    "record_care_visit",
    "tickets_between",
    "upload_outcome",
    "use_upload_handler",
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


def process_image(data: bytes) -> Derived:
    """Pillow's checks and re-encoding of an uploaded photo (upright, EXIF stripped, display size and thumbnail as
    JPEG): a `media.Derived`; raises `media.ImageRejected` (its `reason`) for anything that is not an acceptable
    image (`media.CONTENT_TYPES`, at most `media.MAX_UPLOAD_BYTES`)."""
    from chalicelib.work_orders.adapters import process

    return process(data)


def media_store() -> S3Media:
    """The media bucket: presigned POST forms, presigned GETs (5 minutes), head, read, write, delete."""
    from chalicelib.work_orders.wiring import media

    return media()


def use_upload_handler(owner: str, handler: Callable[[str], Outcome]) -> None:
    """Uploads under `uploads/{owner}/` are handed to `handler` by the media function (plugged in app.py)."""
    from chalicelib.work_orders.media import use_upload_handler as plug

    plug(owner, handler)


def upload_outcome(
    key: str, status: str, reason: str | None, community_id: str | None, owner_id: str | None, item_id: str | None
) -> Outcome:
    """What a plugged upload handler answers the media function (logged; refused and rejected ones audited)."""
    from chalicelib.work_orders.media import Outcome

    return Outcome(key, status, reason, community_id, owner_id, item_id)
