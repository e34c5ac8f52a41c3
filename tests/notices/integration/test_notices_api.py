"""Notices through the routes against the local cloud: draft -> approval by a second staff member -> published to a
target -> listed to the households it targets (pinned first) -> read receipts once per household -> the read rate;
an emergency notice skips the approval and the audit says so; expiry; bad input; WeChat to bound residents."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.support.identity import token_for
from tests.support.votes import Estate, call, estate, iso, now


@pytest.fixture
def place(cloud: Any) -> Estate:
    return estate(["90", "90", "90"], ["a", "b", "c"], wechat=True)


def staff(place: Estate, subject: str) -> str:
    return token_for({"staff.manager"}, {place.community}, subject=subject)


def draft(client: Any, place: Estate, **changes: Any) -> dict[str, Any]:
    body = {
        "title": "12月10日停水通知",
        "body": "因管网维修，12月10日9时至12时停水，请提前储水。",
        "contentType": "property",
        "expiresAt": iso(now() + timedelta(days=3)),
        **changes,
    }
    status, created = call(
        client, "POST", f"/v1/staff/communities/{place.community}/notices", staff(place, "mgr-a"), body
    )
    assert status == 201, created
    return created


def notices_path(place: Estate, house: str) -> str:
    return f"/v1/resident/communities/{place.community}/houses/{house}/notices"


def test_draft_approve_publish_read_and_the_read_rate(client: Any, place: Estate) -> None:
    from chalicelib.notifications import deliveries

    notice = draft(client, place)
    nid = notice["noticeId"]
    assert notice["status"] == "draft" and notice["contentTypeLabel"] == "物业信息"
    base = f"/v1/staff/communities/{place.community}/notices/{nid}"
    # not before an approval, and never by its author
    status, body = call(client, "POST", base + "/publish", staff(place, "mgr-a"))
    assert status == 409 and body["error"]["code"] == "NOTICE_NEEDS_APPROVAL"
    status, body = call(client, "POST", base + "/approve", staff(place, "mgr-a"))
    assert status == 403 and body["error"]["code"] == "NOTICE_SELF_APPROVAL"
    # residents see nothing yet
    house = place.houses[0]
    _, listed = call(client, "GET", notices_path(place, house), place.owner_token(house))
    assert listed["items"] == []
    status, body = call(client, "POST", base + "/approve", staff(place, "mgr-b"))
    assert status == 200 and body["approvedBy"] == "mgr-b"
    status, published = call(client, "POST", base + "/publish", staff(place, "mgr-a"))
    assert status == 200 and published["status"] == "published" and published["audience"] == 3
    assert published["told"] == 3  # the three owners' bound accounts, by WeChat
    found, _ = deliveries().page(place.community, f"notice:{nid}", 50, None)
    assert len(found) == 3 and {d.channel for d in found} == {"wechat"}

    _, listed = call(client, "GET", notices_path(place, house), place.owner_token(house))
    assert [n["noticeId"] for n in listed["items"]] == [nid] and listed["items"][0]["read"] is False
    for _ in range(2):  # reading twice counts once
        status, _ = call(client, "POST", f"{notices_path(place, house)}/{nid}/read", place.owner_token(house))
        assert status == 204
    _, shown = call(client, "GET", f"{notices_path(place, house)}/{nid}", place.owner_token(house))
    assert shown["read"] is True
    status, staff_view = call(client, "GET", base, staff(place, "guard-1"))
    assert status == 200 and staff_view["readBy"] == 1 and staff_view["readRate"] == pytest.approx(33.3)


def test_a_notice_for_some_houses_reaches_only_them_and_pinned_comes_first(client: Any, place: Estate) -> None:
    first, second = place.houses[0], place.houses[1]
    everyone = draft(client, place, title="社区通知")
    targeted = draft(client, place, title="1单元电梯检修", target="houses", targetIds=[first], pinned=True)
    for n in (everyone, targeted):
        base = f"/v1/staff/communities/{place.community}/notices/{n['noticeId']}"
        assert call(client, "POST", base + "/approve", staff(place, "mgr-b"))[0] == 200
        assert call(client, "POST", base + "/publish", staff(place, "mgr-a"))[0] == 200
    _, mine = call(client, "GET", notices_path(place, first), place.owner_token(first))
    assert [n["title"] for n in mine["items"]] == ["1单元电梯检修", "社区通知"]
    _, theirs = call(client, "GET", notices_path(place, second), place.owner_token(second))
    assert [n["title"] for n in theirs["items"]] == ["社区通知"]
    status, body = call(
        client, "GET", f"{notices_path(place, second)}/{targeted['noticeId']}", place.owner_token(second)
    )
    assert status == 404 and body["error"]["code"] == "NOTICE_NOT_FOUND"
    status, _ = call(
        client, "POST", f"{notices_path(place, second)}/{targeted['noticeId']}/read", place.owner_token(second)
    )
    assert status == 404


def test_an_emergency_notice_skips_the_approval_and_the_audit_says_so(client: Any, place: Estate) -> None:
    from chalicelib.audit import repository as audit_store

    notice = draft(client, place, title="燃气泄漏紧急通知", contentType="emergency")
    base = f"/v1/staff/communities/{place.community}/notices/{notice['noticeId']}"
    status, published = call(client, "POST", base + "/publish", staff(place, "mgr-a"))
    assert status == 200 and published["approvalSkipped"] is True and published["approvedBy"] is None
    entries, _ = audit_store.query(
        place.community,
        now() - timedelta(minutes=5),
        now() + timedelta(seconds=1),
        target=("notice", notice["noticeId"]),
    )
    mine = [e for e in entries if e.operation == "notice.publish"]
    assert mine and "approvalSkipped" in mine[0].detail


def test_an_expired_notice_is_no_longer_listed(client: Any, place: Estate) -> None:
    from chalicelib.notices import wiring

    notice = draft(client, place, expiresAt=iso(now() + timedelta(seconds=2)))
    base = f"/v1/staff/communities/{place.community}/notices/{notice['noticeId']}"
    call(client, "POST", base + "/approve", staff(place, "mgr-b"))
    call(client, "POST", base + "/publish", staff(place, "mgr-a"))
    house = place.houses[0]
    assert len(wiring.notice_service().for_house(place.community, house, now())) == 1
    assert wiring.notice_service().for_house(place.community, house, now() + timedelta(seconds=3)) == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"contentType": "gossip"}, "contentType"),
        ({"target": "houses", "targetIds": []}, "targetIds"),
        ({"target": "houses", "targetIds": ["hnowhere"]}, "targetIds"),
        ({"target": "buildings", "targetIds": ["B9"]}, "targetIds"),
        ({"pinned": "yes"}, "pinned"),
        ({"expiresAt": "2020-01-01T00:00:00Z"}, "expiresAt"),
    ],
)
def test_a_bad_notice_is_400_and_nothing_is_stored(
    client: Any, place: Estate, changes: dict[str, Any], field: str
) -> None:
    body = {
        "title": "t",
        "body": "b",
        "contentType": "property",
        "expiresAt": iso(now() + timedelta(days=1)),
        **changes,
    }
    status, answer = call(
        client, "POST", f"/v1/staff/communities/{place.community}/notices", staff(place, "mgr-a"), body
    )
    assert status == 400 and field in {d["field"] for d in answer["error"]["details"]}, answer
    _, listed = call(client, "GET", f"/v1/staff/communities/{place.community}/notices", staff(place, "mgr-a"))
    assert listed["items"] == []


def test_a_notice_for_the_households_in_arrears_reaches_only_them(client: Any, place: Estate) -> None:
    from tests.support.payments import bills_for, make_house

    unbilled = make_house(place.community, "B1", area=None)  # an area fee bills nobody without an area
    bills_for(place.community)
    notice = draft(client, place, title="物业费催缴通知", target="arrears")
    base = f"/v1/staff/communities/{place.community}/notices/{notice['noticeId']}"
    assert call(client, "POST", base + "/approve", staff(place, "mgr-b"))[0] == 200
    status, published = call(client, "POST", base + "/publish", staff(place, "mgr-a"))
    assert status == 200 and published["audience"] == 3
    house = place.houses[0]
    _, listed = call(client, "GET", notices_path(place, house), place.owner_token(house))
    assert [n["title"] for n in listed["items"]] == ["物业费催缴通知"]
    token = token_for({"resident.owner"}, {place.community}, kind="resident", households={unbilled}, subject="x")
    _, theirs = call(client, "GET", notices_path(place, unbilled), token)
    assert theirs["items"] == []
