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

What other capabilities use is below (an equipment alarm opens a repair work order; notices' attachments go through
the media pipeline: the bucket, Pillow's re-encoding, the queue and function, their uploads' handler plugged in).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from chalicelib.work_orders.media import ImageRejected
from chalicelib.work_orders.model import Actor, Location, category_name
from chalicelib.work_orders.wiring import work_order_service

if TYPE_CHECKING:
    from collections.abc import Callable

    from chalicelib.work_orders.adapters import S3Media
    from chalicelib.work_orders.media import Derived, Outcome
    from chalicelib.work_orders.model import Category, Ticket

__all__ = [
    "Actor",
    "ImageRejected",
    "Location",
    "categories_of",
    "category_name",
    "media_store",
    "reencode_image",
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


def media_store() -> S3Media:
    """The media bucket: presigned POST forms, presigned GETs (5 minutes), head, read, write, delete."""
    from chalicelib.work_orders.wiring import media

    return media()


def reencode_image(data: bytes) -> Derived:
    """Pillow: decoded, checked (format, bombs, corruption), turned upright, metadata stripped, re-encoded as JPEG
    (a display size and a thumbnail). Raises `ImageRejected` (its `reason`) for anything else."""
    from chalicelib.work_orders.adapters import process

    return process(data)


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
