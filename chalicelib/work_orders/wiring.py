"""Builds the work-order service and the photo pipeline from their repository and adapters (once per container)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalicelib.kernel.wiring import built

if TYPE_CHECKING:
    from chalicelib.work_orders.adapters import S3Media, TicketDirectory
    from chalicelib.work_orders.media import PhotoPipeline, PhotoUploads
    from chalicelib.work_orders.model import Ticket
    from chalicelib.work_orders.service import WorkOrderService


@built
def media() -> S3Media:
    from chalicelib.work_orders.adapters import S3Media

    return S3Media()


@built
def directory() -> TicketDirectory:
    from chalicelib.work_orders.adapters import TicketDirectory

    return TicketDirectory()


def announce_ticket(ticket: Ticket) -> None:
    """The live work-order list's event: which ticket, its status and deadline; no names or phones on the socket
    (the console reads the ticket through the API)."""
    from chalicelib.kernel import live_feed

    if live_feed.enabled():
        due = ticket.resolution_due_at.isoformat()
        live_feed.announce(
            ticket.community_id,
            "work_order.changed",
            {"ticketId": ticket.ticket_id, "status": ticket.status, "resolutionDueAt": due},
        )


@built
def work_order_service() -> WorkOrderService:
    from chalicelib.identity import openid_of, staff_in_community
    from chalicelib.kernel.clock import utcnow
    from chalicelib.notifications import send
    from chalicelib.work_orders.adapters import RegistryPlaces, StepFunctionsSla, WorkOrderNotices
    from chalicelib.work_orders.repository import (
        AnnouncingTicketRepository,
        DynamoCategories,
        DynamoTechnicianProfiles,
    )
    from chalicelib.work_orders.service import WorkOrderService

    return WorkOrderService(
        repo=AnnouncingTicketRepository(announce_ticket),
        categories=DynamoCategories(),
        technicians=DynamoTechnicianProfiles(staff_in_community),
        notifier=WorkOrderNotices(send, openid_of),
        workflows=StepFunctionsSla(),
        now=utcnow,
        places=RegistryPlaces(),
    )


@built
def photo_uploads() -> PhotoUploads:
    from chalicelib.work_orders.adapters import UPLOAD_URL_SECONDS
    from chalicelib.work_orders.media import PhotoUploads

    return PhotoUploads(add_photo=work_order_service().add_photo, forms=media(), expires_in=UPLOAD_URL_SECONDS)


@built
def photo_pipeline() -> PhotoPipeline:
    from chalicelib.work_orders.adapters import process
    from chalicelib.work_orders.media import PhotoPipeline

    service = work_order_service()
    return PhotoPipeline(slots=service.repo, media=media(), process=process, settle=service.photo_processed)
