"""Notices for residents: what targets the household (pinned first, unexpired), one notice, the read receipt."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.kernel.clock import utcnow
from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.security.access import Access
from chalicelib.notices import wiring
from chalicelib.notices.attachments import view
from chalicelib.notices.contracts import ResidentNoticeList, ResidentNoticeView, notice_fields

bp = Blueprint(__name__)

HOUSE_NOTICES = "/v1/resident/communities/{community_id}/houses/{house_id}/notices"


@endpoint(
    bp,
    "GET",
    HOUSE_NOTICES,
    audience="resident",
    access=Access.household("notice:self"),
    response=ResidentNoticeList,
    summary="The notices that target this household and have not expired: pinned first, then newest",
    operation_id="listHouseNotices",
)
def house_notices(call: Call[Any]) -> ResidentNoticeList:
    cid, hid = call.path["community_id"], call.path["house_id"]
    service = wiring.notice_service()
    items = [
        ResidentNoticeView(**notice_fields(n), read=service.store.read_by(cid, n.notice_id, hid))  # type: ignore[arg-type]
        for n in service.for_house(cid, hid, utcnow())
    ]
    return ResidentNoticeList(items=items)


@endpoint(
    bp,
    "GET",
    HOUSE_NOTICES + "/{notice_id}",
    audience="resident",
    access=Access.household("notice:self"),
    response=ResidentNoticeView,
    errors=(404,),
    summary="One notice that targets this household",
    operation_id="getHouseNotice",
)
def house_notice(call: Call[Any]) -> ResidentNoticeView:
    cid, hid, nid = call.path["community_id"], call.path["house_id"], call.path["notice_id"]
    service = wiring.notice_service()
    notice = service.one_for_house(cid, hid, nid, utcnow())
    shown = [view(a, service.uploads.view_url) for a in service.attachments(notice, ready_only=True)]
    return ResidentNoticeView(
        **notice_fields(notice),  # type: ignore[arg-type]
        read=service.store.read_by(cid, nid, hid),
        attachments=shown,  # type: ignore[arg-type]
    )


@endpoint(
    bp,
    "POST",
    HOUSE_NOTICES + "/{notice_id}/read",
    audience="resident",
    access=Access.household("notice:self"),
    status=204,
    errors=(404,),
    summary="The household's read receipt (once; reading again changes nothing)",
    operation_id="recordNoticeRead",
)
def record_notice_read(call: Call[Any]) -> None:
    cid, hid, nid = call.path["community_id"], call.path["house_id"], call.path["notice_id"]
    wiring.notice_service().read(cid, hid, nid, call.who.subject, utcnow())
