"""Consent to WeChat subscribe messages, on the local cloud and the local WeChat server: the mini-program reports
`wx.requestSubscribeMessage`'s answers (once per report), a one-time acceptance allows one message of its kind, a
long-term subscription allows each, a refusal withdraws it; a resident without consent gets no WeChat message (the
delivery says `skipped_no_consent`; the notice is in their feed), whatever the kind (notice, parcel, arrears...)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from tests.support.alarms import providers  # noqa: F401  (the `providers` fixture: local WeChat server)
from tests.support.identity import token_for
from tests.support.votes import Estate, call, estate, iso, now

CONSENTS = "/v1/resident/communities/{c}/notification-consents"


@pytest.fixture
def consent_required(providers: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:  # noqa: F811
    from chalicelib.kernel import wiring

    monkeypatch.setenv("NOTIFY_WECHAT_CONSENT", "required")
    wiring.reset()
    yield providers
    monkeypatch.setenv("NOTIFY_WECHAT_CONSENT", "off")
    wiring.reset()


def report(client: Any, place: Estate, house: str, results: dict[str, str], **more: Any) -> tuple[int, Any]:
    body = {"reportId": more.pop("report_id", uuid.uuid4().hex), "results": results, **more}
    return call(client, "POST", CONSENTS.format(c=place.community), place.owner_token(house), body)  # type: ignore[no-any-return]


def openid(place: Estate, house: str) -> str:
    from chalicelib.identity import openid_of

    found = openid_of(place.account_of_house[house])
    assert found
    return found


def notice(client: Any, place: Estate) -> str:
    staff = token_for({"staff.manager"}, {place.community}, subject="mgr-a")
    body = {
        "title": "停水通知",
        "body": "12月10日停水。",
        "contentType": "emergency",
        "expiresAt": iso(now() + timedelta(days=1)),
    }
    status, created = call(client, "POST", f"/v1/staff/communities/{place.community}/notices", staff, body)
    assert status == 201, created
    nid = created["noticeId"]
    status, done = call(client, "POST", f"/v1/staff/communities/{place.community}/notices/{nid}/publish", staff)
    assert status == 200, done
    return str(nid)


def statuses(place: Estate, subject: str) -> dict[str, str]:
    from chalicelib.notifications import deliveries

    found, _ = deliveries().page(place.community, subject, 50, None)
    return {d.address: d.status for d in found}


def test_one_time_consent_allows_one_message_and_others_are_skipped(client: Any, consent_required: Any) -> None:
    place = estate(["90", "90"], ["a", "b"], wechat=True)
    yes, no = place.houses
    status, body = report(client, place, yes, {"tmpl-notice": "accept"}, report_id="rep-00000001")
    assert status == 200 and body["recorded"] is True, body
    assert body["items"] == [
        {"kind": "notice", "kindLabel": body["items"][0]["kindLabel"], "remaining": 1, "longTerm": False}
    ]
    # the same report again (a retried request) changes nothing
    status, body = report(client, place, yes, {"tmpl-notice": "accept"}, report_id="rep-00000001")
    assert status == 200 and body["recorded"] is False and body["items"][0]["remaining"] == 1

    wechat = consent_required.wechat
    first = notice(client, place)
    assert statuses(place, f"notice:{first}") == {openid(place, yes): "sent", openid(place, no): "skipped_no_consent"}
    assert [m["to"] for m in wechat.received if m["to"] in (openid(place, yes), openid(place, no))] == [
        openid(place, yes)
    ]
    # the household without consent still has the notice in the app
    _, listed = call(
        client, "GET", f"/v1/resident/communities/{place.community}/houses/{no}/notices", place.owner_token(no)
    )
    assert [n["noticeId"] for n in listed["items"]] == [first]

    # the one-time consent is used up: the next notice is not sent by WeChat to anyone
    second = notice(client, place)
    assert set(statuses(place, f"notice:{second}").values()) == {"skipped_no_consent"}
    _, mine = call(client, "GET", CONSENTS.format(c=place.community), place.owner_token(yes))
    assert mine["items"][0]["remaining"] == 0


def test_long_term_consent_and_its_withdrawal_for_any_kind(client: Any, consent_required: Any) -> None:
    from chalicelib.notifications import compose, household_recipients, send

    place = estate(["90"], ["a"], wechat=True)
    [house] = place.houses
    status, body = report(client, place, house, {"tmpl-parcel": "accept"}, longTerm=True)
    assert status == 200 and body["items"][0]["longTerm"] is True

    def parcel(key: str) -> str:
        facts = {
            "title": "快递已存入快递柜",
            "place": "东门快递柜",
            "house": "1栋101",
            "reference": "123456",
            "code": "123456",
            "time": "2026年12月7日 14:51",
            "note": "A01号格口",
        }
        [message] = compose(
            "parcel",
            facts,
            community_id=place.community,
            subject=f"parcel:{key}",
            key="stored",
            recipients=household_recipients(place.community, house),
            link="pages/parcels/index",
        )
        [delivery] = send(message)
        return delivery.status

    assert [parcel("p1"), parcel("p2")] == ["sent", "sent"]
    status, body = report(client, place, house, {"tmpl-parcel": "reject"})
    assert body["items"][0] == {**body["items"][0], "remaining": 0, "longTerm": False}
    assert parcel("p3") == "skipped_no_consent"
    # a skipped delivery retried (a redelivered task) is still skipped, and sent once consent arrives
    assert parcel("p3") == "skipped_no_consent"
    report(client, place, house, {"tmpl-parcel": "accept"})
    assert parcel("p3") == "sent"
    assert parcel("p3") == "sent"  # sent once: the retry finds it delivered and takes no second consent


def test_reports_naming_unknown_templates_or_answers_are_refused(client: Any, consent_required: Any) -> None:
    place = estate(["90"], ["a"], wechat=True)
    [house] = place.houses
    status, body = report(client, place, house, {"tmpl-notice": "accept", "tmpl-nope": "accept"})
    assert status == 400 and body["error"]["code"] == "CONSENT_INVALID"
    assert [d["field"] for d in body["error"]["details"]] == ["results.tmpl-nope"]
    status, body = report(client, place, house, {"tmpl-notice": "maybe"})
    assert status == 400 and body["error"]["details"][0]["code"] == "unknown_answer"
    _, mine = call(client, "GET", CONSENTS.format(c=place.community), place.owner_token(house))
    assert mine["items"] == []  # nothing half-written
