"""Notices for staff: draft, approve (a second staff member), publish (an emergency notice may skip the approval:
the audit says so), list and read with the read rate."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.audit import audited
from chalicelib.kernel.clock import utcnow
from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.i18n import label
from chalicelib.kernel.security.access import Access
from chalicelib.notices import wiring
from chalicelib.notices.attachments import UPLOAD_SECONDS, view
from chalicelib.notices.contracts import (
    AttachmentUpload,
    NewAttachment,
    NewNotice,
    NoticesQuery,
    ScreenDeliveryView,
    StaffNoticePage,
    StaffNoticeView,
    notice_fields,
)
from chalicelib.notices.model import Notice

bp = Blueprint(__name__)

NOTICES = "/v1/staff/communities/{community_id}/notices"
ONE = NOTICES + "/{notice_id}"


def staff_view(notice: Notice, told: int | None = None, screens: bool = True) -> StaffNoticeView:
    service = wiring.notice_service()
    rate = service.read_rate(notice)
    shown = (
        [
            ScreenDeliveryView(
                deviceId=v.device_id,
                name=v.name,
                state=v.state,  # type: ignore[arg-type]
                stateLabel=label("notice.screen", v.state),
                cleared=v.cleared,  # type: ignore[arg-type]
            )
            for v in service.screen_views(notice)
        ]
        if screens
        else None
    )
    attached = [view(a, service.uploads.view_url) for a in service.attachments(notice)] if screens else []
    return StaffNoticeView(
        **notice_fields(notice),  # type: ignore[arg-type]
        status=notice.status,
        target=notice.target,
        targetIds=notice.target_ids,
        createdBy=notice.created_by,
        approvedBy=notice.approved_by,
        publishedBy=notice.published_by,
        approvalSkipped=notice.approval_skipped,
        audience=rate.audience,
        readBy=rate.read,
        readRate=rate.percent,
        told=told,
        screens=shown,
        attachments=attached,  # type: ignore[arg-type]
    )


@endpoint(
    bp,
    "POST",
    NOTICES,
    audience="staff",
    access=Access.community("notice:write"),
    request=NewNotice,
    status=201,
    response=StaffNoticeView,
    errors=(400, 403),
    summary="Draft a notice (001 8.2.2.2): its content type, target, expiry; published after a second approval",
)
def create_notice(call: Call[NewNotice]) -> StaffNoticeView:
    b = call.body
    cid = call.path["community_id"]
    with audited(call, "notice.draft", "community", cid, {"contentType": b.contentType, "target": b.target}) as d:
        notice = wiring.notice_service().draft(
            cid, call.who.subject, title=b.title, body=b.body, content_type=b.contentType, target=b.target,
            target_ids=list(b.targetIds), pinned=b.pinned, expires_at=b.expiresAt, now=utcnow(),
        )  # fmt: skip
        d["noticeId"] = notice.notice_id
    return staff_view(notice)


@endpoint(
    bp,
    "POST",
    ONE + "/approve",
    audience="staff",
    access=Access.community("notice:approve"),
    response=StaffNoticeView,
    errors=(403, 404, 409),
    summary="Approve a drafted notice (a second staff member, never its author)",
)
def approve_notice(call: Call[Any]) -> StaffNoticeView:
    cid, nid = call.path["community_id"], call.path["notice_id"]
    with audited(call, "notice.approve", "notice", nid):
        notice = wiring.notice_service().approve(cid, nid, call.who.subject, utcnow())
    return staff_view(notice)


@endpoint(
    bp,
    "POST",
    ONE + "/publish",
    audience="staff",
    access=Access.community("notice:write"),
    response=StaffNoticeView,
    errors=(404, 409),
    summary="Publish an approved notice (an emergency one may skip the approval) and tell its households by WeChat",
)
def publish_notice(call: Call[Any]) -> StaffNoticeView:
    cid, nid = call.path["community_id"], call.path["notice_id"]
    with audited(call, "notice.publish", "notice", nid) as detail:
        notice, told = wiring.notice_service().publish(cid, nid, call.who.subject, utcnow())
        detail.update(audience=notice.audience_size, told=told)
        if notice.approval_skipped:
            detail["approvalSkipped"] = "emergency notice published without a second approval"
    return staff_view(notice, told)


@endpoint(
    bp,
    "POST",
    ONE + "/attachments",
    audience="staff",
    access=Access.community("notice:write"),
    request=NewAttachment,
    status=201,
    response=AttachmentUpload,
    errors=(400, 404, 409),
    summary="Attach an image or a PDF to a notice not yet published: a presigned POST for one key, type and size; "
    "the media function checks it (images re-encoded, PDFs checked by their bytes) before residents see it",
)
def open_attachment(call: Call[NewAttachment]) -> AttachmentUpload:
    b, cid, nid = call.body, call.path["community_id"], call.path["notice_id"]
    with audited(call, "notice.attach", "notice", nid, {"contentType": b.contentType, "size": b.size}) as d:
        attachment, form = wiring.notice_service().open_attachment(
            cid, nid, b.fileName, b.contentType, b.size, utcnow()
        )
        d["attachmentId"] = attachment.attachment_id
    fields = form.get("fields")
    return AttachmentUpload(
        attachmentId=attachment.attachment_id,
        url=str(form["url"]),
        fields={str(k): str(v) for k, v in fields.items()} if isinstance(fields, dict) else {},
        expiresInSeconds=UPLOAD_SECONDS,
    )


@endpoint(
    bp,
    "POST",
    ONE + "/withdraw",
    audience="staff",
    access=Access.community("notice:write"),
    response=StaffNoticeView,
    errors=(404, 409),
    summary="Withdraw a published notice: residents no longer see it and its information screens clear it",
)
def withdraw_notice(call: Call[Any]) -> StaffNoticeView:
    cid, nid = call.path["community_id"], call.path["notice_id"]
    with audited(call, "notice.withdraw", "notice", nid):
        notice = wiring.notice_service().withdraw(cid, nid, call.who.subject, utcnow())
    return staff_view(notice)


@endpoint(
    bp,
    "GET",
    NOTICES,
    audience="staff",
    access=Access.community("notice:read"),
    query=NoticesQuery,
    response=StaffNoticePage,
    summary="The community's notices, newest first, with each one's read rate",
)
def list_notices(call: Call[Any]) -> StaffNoticePage:
    service = wiring.notice_service()
    items, cursor = service.store.page(call.path["community_id"], call.query.limit, call.query.cursor)
    return StaffNoticePage(items=[staff_view(n, screens=False) for n in items], nextCursor=cursor)


@endpoint(
    bp,
    "GET",
    ONE,
    audience="staff",
    access=Access.community("notice:read"),
    response=StaffNoticeView,
    errors=(404,),
    summary="One notice with its audience, read rate and each information screen's delivery (sent, acked, failed)",
)
def get_notice(call: Call[Any]) -> StaffNoticeView:
    return staff_view(wiring.notice_service().get(call.path["community_id"], call.path["notice_id"]))
