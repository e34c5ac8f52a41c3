"""Notices and owners' votes on the `make up` stack over real HTTP. A manager drafts a notice, the second manager
approves it, it is published to the community; the demo resident lists and reads it and the manager sees the read
rate. Then the demo resident (bound as the owner of the demo house)
finds the seeded demo vote and casts it, changes it (the demo vote allows it); a manager opens a vote closing in a
minute, the resident casts it, the deadline workflow (moto's Step Functions engine, its timed Wait) closes it, and the
resident sees the published result with both denominators and thresholds and a digest that recomputes from the
published list."""

from __future__ import annotations

import hashlib
import json
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.e2e.test_stack_up import http
from tests.e2e.test_work_orders_e2e import resident_session, staff_token


def test_resident_reads_a_notice_votes_and_sees_the_sealed_result(stack: dict[str, Any]) -> None:
    api = stack["api"]
    resident, community, house = resident_session(stack)
    manager, second = staff_token(stack, "manager"), staff_token(stack, "second manager")
    expires = (datetime.now(UTC) + timedelta(days=2)).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    body = {"title": "业主大会表决通知", "body": "请各位业主在小程序中参与续聘物业的表决。", "contentType": "property",
            "pinned": True, "expiresAt": expires}  # fmt: skip
    status, notice = http("POST", f"{api}/v1/staff/communities/{community}/notices", body, manager)
    assert status == 201, notice
    staff_notice = f"{api}/v1/staff/communities/{community}/notices/{notice['noticeId']}"
    status, approved = http("POST", staff_notice + "/approve", {}, second)
    assert status == 200, approved
    status, published = http("POST", staff_notice + "/publish", {}, manager)
    assert status == 200 and published["status"] == "published" and published["audience"] >= 1, published
    notices = f"{api}/v1/resident/communities/{community}/houses/{house}/notices"
    status, listed = http("GET", notices, token=resident)
    assert status == 200 and listed["items"][0]["noticeId"] == notice["noticeId"], listed
    assert listed["items"][0]["read"] is False and listed["items"][0]["contentTypeLabel"] == "物业信息"
    status, _ = http("POST", f"{notices}/{notice['noticeId']}/read", {}, resident)
    assert status == 204
    status, rate = http("GET", staff_notice, token=manager)
    assert rate["readBy"] == 1 and rate["readRate"] > 0

    votes = f"{api}/v1/resident/communities/{community}/houses/{house}/votes"
    status, listed = http("GET", votes, token=resident)
    assert status == 200, listed
    demo = next(v for v in listed["items"] if v["voteId"] == stack["demo"]["votes"]["vote_id"])
    assert demo["status"] == "open" and demo["matterLabel"] == "选聘和解聘物业服务企业" and demo["allowChange"]
    status, cast = http("POST", f"{votes}/{demo['voteId']}/ballot", {"choice": "agree"}, resident)
    assert status == 201 or cast["error"]["code"] == "BALLOT_EXISTS", cast
    status, changed = http("PUT", f"{votes}/{demo['voteId']}/ballot", {"choice": "abstain"}, resident)
    assert status == 200 and changed["choice"] == "abstain", changed

    closes = (datetime.now(UTC) + timedelta(seconds=62)).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    body = {"title": "在2栋南侧利用共有部分设置快递柜", "matter": "change_common_use", "closesAt": closes}
    status, opened = http("POST", f"{api}/v1/staff/communities/{community}/votes", body, manager)
    assert status == 201, opened
    vote = opened["voteId"]
    status, cast = http("POST", f"{votes}/{vote}/ballot", {"choice": "agree"}, resident)
    assert status == 201 and cast["choice"] == "agree", cast
    status, again = http("POST", f"{votes}/{vote}/ballot", {"choice": "against"}, resident)
    assert status == 409 and again["error"]["code"] == "BALLOT_EXISTS"

    deadline = time.monotonic() + 150
    shown: dict[str, Any] = {}
    while time.monotonic() < deadline:
        status, shown = http("GET", f"{votes}/{vote}", token=resident)
        if shown.get("status") == "closed":
            break
        time.sleep(2)
    assert shown.get("status") == "closed", shown
    result = shown["result"]
    assert result["totalOwners"] == opened["totalOwners"] and result["totalArea"] == opened["totalArea"]
    assert result["participationThreshold"] == "2/3" and result["approvalThreshold"] == "3/4"
    assert result["votedOwners"] == 1 and result["agreeOwners"] == 1
    assert result["outcome"] == "no_quorum" and result["outcomeLabel"] == "参与不足"
    assert shown["myBallot"]["choice"] == "agree"

    status, published = http("GET", f"{votes}/{vote}/published-ballots", token=resident)
    assert status == 200 and [b["unit"] for b in published["ballots"]] == [house]
    lines = sorted(
        json.dumps(
            {k: v for k, v in b.items() if v is not None}, sort_keys=True, separators=(",", ":"), ensure_ascii=False
        )
        for b in published["ballots"]
    )
    assert hashlib.sha256("\n".join(lines).encode()).hexdigest() == published["digest"] == result["digest"]
    # after the deadline nothing more is accepted
    status, late = http("PUT", f"{votes}/{vote}/ballot", {"choice": "against"}, resident)
    assert status == 409 and late["error"]["code"] == "VOTE_CLOSED"
