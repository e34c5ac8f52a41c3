"""Request and response models of the notice routes (staff and residents), and the views of a notice."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, StrictBool, StrictInt

from chalicelib.kernel.clock import iso
from chalicelib.kernel.contracts import Contract, Id, Page, PageQuery, Time
from chalicelib.kernel.i18n import label
from chalicelib.notices.model import Notice

ContentType = Literal[
    "government_notice", "property", "weather_environment", "government_affairs", "education", "emergency"
]


class NewNotice(Contract):
    title: str = Field(min_length=1, max_length=80)
    body: str = Field(min_length=1, max_length=8000)
    contentType: ContentType = Field(description="001 8.2.2.2 b")
    target: Literal["community", "buildings", "houses", "arrears"] = "community"
    targetIds: list[Id] = Field(default_factory=list, max_length=500, description="building or house ids")
    pinned: StrictBool = False
    expiresAt: Time


class NewAttachment(Contract):
    fileName: str = Field(min_length=1, max_length=120, description="as residents see it")
    contentType: Literal["image/jpeg", "image/png", "image/webp", "application/pdf"]
    size: StrictInt = Field(ge=1, le=12 * 1024 * 1024, description="bytes: an image <= 12 MiB, a PDF <= 10 MiB")


class AttachmentUpload(Contract):
    attachmentId: str
    url: str = Field(description="presigned POST: send `fields` and the file as `file`")
    fields: dict[str, str]
    expiresInSeconds: int


class AttachmentView(Contract):
    attachmentId: str
    fileName: str
    contentType: str
    status: Literal["pending", "ready", "rejected"]
    reason: str | None = Field(default=None, description="why it was refused (not_a_pdf, encrypted_pdf, ...)")
    size: int | None = None
    url: str | None = Field(default=None, description="a 5-minute presigned GET, once ready")


class NoticeView(Contract):
    noticeId: str
    title: str
    body: str
    contentType: str
    contentTypeLabel: str
    pinned: bool
    publishedAt: str | None = None
    expiresAt: str
    attachments: list[AttachmentView] = Field(default_factory=list)


class ScreenDeliveryView(Contract):
    deviceId: str
    name: str = Field(description="the screen's name in the device ledger")
    state: Literal["sent", "acked", "failed"] = Field(description="show_notice: sent, acknowledged, failed")
    stateLabel: str
    cleared: Literal["sent", "acked", "failed"] | None = Field(
        default=None, description="clear_notice (after a withdrawal or the expiry), once sent"
    )


class StaffNoticeView(NoticeView):
    status: str
    target: str
    targetIds: list[str]
    createdBy: str
    approvedBy: str | None = None
    publishedBy: str | None = None
    approvalSkipped: bool
    audience: int = Field(description="households the notice was published to")
    readBy: int = Field(description="households with a read receipt")
    readRate: float = Field(description="percent of the audience that read it")
    told: int | None = Field(default=None, description="WeChat messages sent when it was published")
    screens: list[ScreenDeliveryView] | None = Field(
        default=None, description="information screens it was sent to, each one's delivery (one notice's view only)"
    )


class StaffNoticePage(Page):
    items: list[StaffNoticeView]


class ResidentNoticeView(NoticeView):
    read: bool


class ResidentNoticeList(Contract):
    items: list[ResidentNoticeView]


class NoticesQuery(PageQuery):
    pass


def notice_fields(n: Notice) -> dict[str, object]:
    return {
        "noticeId": n.notice_id,
        "title": n.title,
        "body": n.body,
        "contentType": n.content_type,
        "contentTypeLabel": label("notice.type", n.content_type),
        "pinned": n.pinned,
        "publishedAt": iso(n.published_at) if n.published_at else None,
        "expiresAt": iso(n.expires_at),
    }
