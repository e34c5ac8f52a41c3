"""Builds the work-order service and the photo pipeline from their repository and adapters (once per container)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalicelib.kernel.wiring import built

if TYPE_CHECKING:
    from chalicelib.work_orders.adapters import S3Media, TicketDirectory
    from chalicelib.work_orders.media import PhotoPipeline, PhotoUploads
    from chalicelib.work_orders.service import WorkOrderService


@built
def media() -> S3Media:
    from chalicelib.work_orders.adapters import S3Media

    return S3Media()


@built
def directory() -> TicketDirectory:
    from chalicelib.work_orders.adapters import TicketDirectory

    return TicketDirectory()


@built
def work_order_service() -> WorkOrderService:
    from chalicelib.identity import openid_of, staff_in_community
    from chalicelib.kernel.clock import utcnow
    from chalicelib.notifications import send
    from chalicelib.work_orders.adapters import RegistryPlaces, StepFunctionsSla, WorkOrderNotices
    from chalicelib.work_orders.repository import DynamoCategories, DynamoTechnicianProfiles, DynamoTicketRepository
    from chalicelib.work_orders.service import WorkOrderService

    return WorkOrderService(
        repo=DynamoTicketRepository(),
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
