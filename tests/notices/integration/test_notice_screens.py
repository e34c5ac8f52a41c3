"""Notices on information screens, through the devices capability's command path on the local cloud: publishing
sends `show_notice` to the target's screens (community-wide: every screen; buildings: the screens bound to them) as
device commands whose workflow publishes them and waits for the ack; the screens' acks arrive through the real topic
rule into `ingest_event`; staff see each screen's delivery (sent, acked, failed). A withdrawal or the expiry run
sends `clear_notice`. Duplicates (an ack again, a second publication, withdrawal or expiry run) change nothing."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.support.identity import token_for
from tests.support.ingestion import rule_output
from tests.support.registry import building_with_id
from tests.support.votes import Estate, call, estate, iso, now


def staff(place: Estate, subject: str) -> str:
    return token_for({"staff.manager"}, {place.community}, subject=subject)


def screen(community: str, name: str, building: str | None) -> str:
    from chalicelib.devices.model import Device, Location
    from chalicelib.devices.repository import DynamoDeviceLedger

    device_id = "display-" + uuid.uuid4().hex[:10]
    location = Location(building=building) if building else Location(area="北门广场")
    DynamoDeviceLedger().add(
        Device(device_id, community, "display", name, location, status="active", ingested_at=datetime.now(UTC))
    )
    return device_id


@pytest.fixture
def place(cloud: Any) -> dict[str, Any]:
    estate_ = estate(["90", "90"], ["a", "b"])
    building_with_id(estate_.community, "B2")
    c = estate_.community
    return {
        "estate": estate_,
        "b1": screen(c, "1栋大堂信息屏", "B1"),
        "b2": screen(c, "2栋大堂信息屏", "B2"),
        "gate": screen(c, "北门信息屏", None),
    }


def published(client: Any, place: Estate, **changes: Any) -> dict[str, Any]:
    body = {
        "title": "12月10日停水通知",
        "body": "因管网维修，12月10日9时至12时停水，请提前储水。" * 12,
        "contentType": "property",
        "pinned": True,
        "expiresAt": iso(now() + timedelta(days=3)),
        **changes,
    }
    base = f"/v1/staff/communities/{place.community}/notices"
    status, created = call(client, "POST", base, staff(place, "mgr-a"), body)
    assert status == 201, created
    nid = created["noticeId"]
    assert call(client, "POST", f"{base}/{nid}/approve", staff(place, "mgr-b"))[0] == 200
    status, done = call(client, "POST", f"{base}/{nid}/publish", staff(place, "mgr-a"))
    assert status == 200, done
    return done


def commands_of(community: str, device: str) -> list[Any]:
    from chalicelib.devices import wiring as devices_wiring

    found, _ = devices_wiring.command_history().history(community, device, 50, None)
    return list(found)


def wait_for(community: str, command_id: str, status: str, timeout: float = 20) -> None:
    from chalicelib.devices import find_command

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = find_command(community, command_id)
        if found is not None and found.status == status:
            return
        time.sleep(0.1)
    raise AssertionError(f"{command_id} never reached {status}: {find_command(community, command_id)}")


def ack(client: Any, community: str, device: str, command_id: str, status: str = "done") -> None:
    message = {"msgId": uuid.uuid4().hex, "ts": datetime.now(UTC).isoformat(), "commandId": command_id}
    client.lambda_.invoke("ingest_event", rule_output(community, device, "commands/ack", {**message, "status": status}))


def screens_of(client: Any, place: Estate, nid: str) -> dict[str, tuple[str, str | None]]:
    status, body = call(client, "GET", f"/v1/staff/communities/{place.community}/notices/{nid}", staff(place, "g"))
    assert status == 200, body
    return {s["deviceId"]: (s["state"], s["cleared"]) for s in body["screens"]}


def test_a_community_notice_reaches_every_screen_acks_recorded_and_withdrawal_clears(
    client: Any, place: dict[str, Any]
) -> None:
    est: Estate = place["estate"]
    c = est.community
    notice = published(client, est)
    nid = notice["noticeId"]
    screens = [place["b1"], place["b2"], place["gate"]]
    assert {s["deviceId"]: s["state"] for s in notice["screens"]} == dict.fromkeys(screens, "sent")
    assert {s["name"] for s in notice["screens"]} == {"1栋大堂信息屏", "2栋大堂信息屏", "北门信息屏"}
    shown = {}
    for device in screens:
        [command] = commands_of(c, device)
        assert command.name == "show_notice" and command.requested_by == "notices"
        assert command.params == {
            "noticeId": nid,
            "title": "12月10日停水通知",
            "excerpt": notice["body"][:200],
            "noticeType": "property",
            "pinned": True,
            "until": notice["expiresAt"],
        }
        shown[device] = command.command_id
        wait_for(c, command.command_id, "sent")

    ack(client, c, place["b1"], shown[place["b1"]])
    ack(client, c, place["b2"], shown[place["b2"]])
    ack(client, c, place["gate"], shown[place["gate"]], "failed")
    for device, status in ((place["b1"], "done"), (place["b2"], "done"), (place["gate"], "failed")):
        wait_for(c, shown[device], status)
    expected = {place["b1"]: ("acked", None), place["b2"]: ("acked", None), place["gate"]: ("failed", None)}
    assert screens_of(client, est, nid) == expected
    _, page = call(client, "GET", f"/v1/staff/communities/{c}/notices", staff(est, "g"))
    assert page["items"][0]["screens"] is None  # the list does not read every screen's command

    # duplicates change nothing: the ack again, the publication again
    ack(client, c, place["b1"], shown[place["b1"]])
    status, body = call(client, "POST", f"/v1/staff/communities/{c}/notices/{nid}/publish", staff(est, "mgr-a"))
    assert status == 409 and body["error"]["code"] == "NOTICE_STATE"
    assert screens_of(client, est, nid) == expected
    assert all(len(commands_of(c, d)) == 1 for d in screens)

    # withdrawn: residents no longer see it, each screen is told to clear it (the failed one too: it may show it)
    status, body = call(client, "POST", f"/v1/staff/communities/{c}/notices/{nid}/withdraw", staff(est, "mgr-a"))
    assert status == 200 and body["status"] == "withdrawn", body
    house = est.houses[0]
    _, listed = call(client, "GET", f"/v1/resident/communities/{c}/houses/{house}/notices", est.owner_token(house))
    assert listed["items"] == []
    for device in screens:
        clear = [k for k in commands_of(c, device) if k.name == "clear_notice"]
        assert [k.params for k in clear] == [{"noticeId": nid}]
        wait_for(c, clear[0].command_id, "sent")
        ack(client, c, device, clear[0].command_id)
        wait_for(c, clear[0].command_id, "done")
    assert {d: v[1] for d, v in screens_of(client, est, nid).items()} == dict.fromkeys(screens, "acked")

    # withdrawing again is refused; the expiry run later finds nothing to clear
    status, body = call(client, "POST", f"/v1/staff/communities/{c}/notices/{nid}/withdraw", staff(est, "mgr-a"))
    assert status == 409 and body["error"]["code"] == "NOTICE_STATE"
    from chalicelib.notices import wiring

    wiring.notice_service().clear_expired(datetime.now(UTC) + timedelta(days=4))
    assert all(len(commands_of(c, d)) == 2 for d in screens)


def test_a_building_notice_reaches_its_buildings_screens_and_the_expiry_run_clears_it(
    client: Any, place: dict[str, Any]
) -> None:
    from chalicelib.notices import wiring

    est: Estate = place["estate"]
    c = est.community
    notice = published(client, est, target="buildings", targetIds=["B1"], pinned=False)
    assert [s["deviceId"] for s in notice["screens"]] == [place["b1"]]
    assert commands_of(c, place["b2"]) == [] and commands_of(c, place["gate"]) == []
    [show] = commands_of(c, place["b1"])
    wait_for(c, show.command_id, "sent")

    # before the expiry the run leaves it alone; after it, the screen is told to clear it, exactly once
    service = wiring.notice_service()
    assert service.clear_expired(datetime.now(UTC)) == {"cleared": 0, "waiting": 0}
    later = datetime.now(UTC) + timedelta(days=4)
    assert service.clear_expired(later) == {"cleared": 1, "waiting": 0}
    assert service.clear_expired(later) == {"cleared": 0, "waiting": 0}
    clears = [k for k in commands_of(c, place["b1"]) if k.name == "clear_notice"]
    assert [k.params for k in clears] == [{"noticeId": notice["noticeId"]}]
    assert screens_of(client, est, notice["noticeId"]) == {place["b1"]: ("sent", "sent")}


def test_notices_for_some_houses_are_not_for_public_screens(client: Any, place: dict[str, Any]) -> None:
    est: Estate = place["estate"]
    notice = published(client, est, target="houses", targetIds=[est.houses[0]])
    assert notice["screens"] == []
    assert all(commands_of(est.community, place[k]) == [] for k in ("b1", "b2", "gate"))
