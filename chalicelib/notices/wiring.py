"""Builds the notice service from its store and adapters (once per container)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalicelib.kernel.wiring import built

if TYPE_CHECKING:
    from chalicelib.notices.attachments import AttachmentPipeline
    from chalicelib.notices.service import NoticeService


@built
def notice_service() -> NoticeService:
    from chalicelib.notices.adapters import BucketMedia, DeviceScreens, RegistryAudience, WechatAnnouncer
    from chalicelib.notices.repository import DynamoNotices
    from chalicelib.notices.service import NoticeService

    return NoticeService(
        store=DynamoNotices(),
        audience=RegistryAudience(),
        announcer=WechatAnnouncer(),
        screens=DeviceScreens(),
        uploads=BucketMedia(),
    )


@built
def attachment_pipeline() -> AttachmentPipeline:
    from chalicelib.notices.adapters import BucketMedia, reencode
    from chalicelib.notices.attachments import AttachmentPipeline
    from chalicelib.notices.repository import DynamoNotices

    return AttachmentPipeline(slots=DynamoNotices(), media=BucketMedia(), reencode=reencode)
