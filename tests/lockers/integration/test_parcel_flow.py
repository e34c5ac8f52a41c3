"""Parcels end to end on the local cloud: a locker's deposit event through the real topic rule's output
(LockersEventRule) and an SQS batch into `lockers_events`, the parcel made and its pick-up code sent to the household
by WeChat (the local WeChat server), the household listing its parcels, opening the compartment remotely (a device
command), the pick-up event closing the parcel; reminders for parcels left too long; bookings.

Bad input: malformed events, a house of another community, a device that is no locker are refused with a reason
and change nothing; a delivered-again event changes nothing."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.support.alarms import providers  # noqa: F401  (the `providers` fixture: local WeChat server)
from tests.support.ingestion import register, rule_output, sqs_event
from tests.support.registry import add_member, call, make_house, make_person, new_community

HOUSE = "/v1/resident/communities/{c}/houses/{h}"


def _bind(client: Any, community: str, house_id: str) -> tuple[str, str]:
    """An owner of the house bound to an account with a WeChat openid: (account id, openid)."""
    from chalicelib.identity.model import ResidentAccount
    from chalicelib.identity.repository import DynamoResidentAccounts
    from chalicelib.kernel.clock import utcnow
    from chalicelib.registry import wiring as registry_wiring

    person, _ = make_person(client, community)
    status, body = add_member(client, community, house_id, person["personId"], "owner")
    assert status in (200, 201), body
    openid = "o" + uuid.uuid4().hex[:27]
    account = DynamoResidentAccounts().add(
        ResidentAccount(account_id=uuid.uuid4().hex, openid=openid, created_at=utcnow())
    )
    assert account is not None
    repo = registry_wiring.registry_service().repo
    member = repo.residency(community, house_id, person["personId"])
    assert member is not None
    repo.bind(member, account.account_id, utcnow())
    return account.account_id, openid


def resident(community: str, house_id: str, account_id: str) -> str:
    from tests.support.identity import token_for

    return token_for({"resident.owner"}, {community}, kind="resident", households={house_id}, subject=account_id)


def envelope(event: str, msg_id: str | None = None, **data: Any) -> dict[str, Any]:
    return {"msgId": msg_id or uuid.uuid4().hex, "ts": datetime.now(UTC).isoformat(), "event": event, "data": data}


def deliver(client: Any, community: str, device: str, *events: Any, ids: list[str] | None = None) -> list[Any]:
    outputs = [rule_output(community, device, "events", e, rule="LockersEventRule") for e in events]
    batch, _ = sqs_event(outputs, ids)
    payload = dict(client.lambda_.invoke("lockers_events", batch).payload)
    assert payload["batchItemFailures"] == []
    return list(payload["outcomes"])


def wait_for_status(community: str, command_id: str, status: str, timeout: float = 15) -> None:
    from chalicelib.devices import find_command

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = find_command(community, command_id)
        if found is not None and found.status == status:
            return
        time.sleep(0.1)
    raise AssertionError(f"{command_id} never reached {status}: {find_command(community, command_id)}")


def parcels(client: Any, community: str, house_id: str, token: str) -> list[dict[str, Any]]:
    status, body = call(client, "GET", HOUSE.format(c=community, h=house_id) + "/parcels", token)
    assert status == 200, body
    return list(body["items"])


@pytest.fixture(name="home")
def home_fixture(client: Any, providers: Any) -> dict[str, Any]:  # noqa: F811
    community = new_community(client)
    house = make_house(client, community)["houseId"]
    account, openid = _bind(client, community, house)
    locker = register(community, "parcel_locker")
    return {
        "community": community,
        "house": house,
        "openid": openid,
        "token": resident(community, house, account),
        "locker": locker,
        "wechat": providers.wechat,
    }


def test_deposit_tells_the_code_listing_opening_and_pick_up(client: Any, home: dict[str, Any]) -> None:
    from chalicelib.devices import find_command
    from chalicelib.lockers import wiring
    from chalicelib.lockers.model import code_matches

    c, h, locker = home["community"], home["house"], home["locker"]
    stored = envelope("parcel_stored", compartment="A12", parcelId="SF1234567890", houseId=h, size="M")
    [outcome] = deliver(client, c, locker, stored)
    assert outcome["action"] == "stored", outcome
    parcel_id = outcome["parcelId"]

    sent = [m for m in home["wechat"].received if m["to"] == home["openid"]]
    assert len(sent) == 1, "one WeChat message with the pick-up code"
    code = sent[0]["values"]["character_string3"]
    assert len(code) == 6 and code.isdigit()
    assert sent[0]["values"]["thing5"] == "A12号格口"
    parcel = wiring.parcel_store().get(c, h, parcel_id)
    assert parcel is not None and code_matches(parcel, code) and code not in parcel.code_hash

    # the locker is armed with the code's keyed hash (never the code): it checks a typed code against it
    from chalicelib.devices import wiring as devices_wiring

    commands, _ = devices_wiring.command_history().history(c, locker, 10, None)
    [armed] = [k for k in commands if k.name == "set_pickup_code"]
    assert armed.params == {"compartment": "A12", "parcelRef": parcel_id, "codeHash": parcel.code_hash}

    listed = parcels(client, c, h, home["token"])
    assert [(p["parcelId"], p["status"], p["compartment"], p["trackingNumber"]) for p in listed] == [
        (parcel_id, "waiting", "A12", "SF1234567890")
    ]
    assert code not in str(listed), "the code is never answered"

    # the same event delivered again (MQTT QoS 1, SQS): nothing new, no second message
    [again] = deliver(client, c, locker, stored)
    assert again == {"action": "duplicate", "reason": "", "parcelId": parcel_id}
    assert len(parcels(client, c, h, home["token"])) == 1
    assert len([m for m in home["wechat"].received if m["to"] == home["openid"]]) == 1

    # open remotely: a device command to the locker for that compartment, acknowledged by the locker
    path = HOUSE.format(c=c, h=h) + f"/parcels/{parcel_id}/open"
    status, opened = call(client, "POST", path, home["token"], {})
    assert status == 202, opened
    command_id = opened["commandId"]
    assert opened["parcel"]["openCommandId"] == command_id and opened["parcel"]["openStatus"] == "pending"
    command = find_command(c, command_id)
    assert command is not None and command.device_id == locker and command.name == "open_compartment"
    assert command.params == {"compartment": "A12", "reason": "pickup"}
    wait_for_status(c, command_id, "sent")
    ack = {"msgId": uuid.uuid4().hex, "ts": datetime.now(UTC).isoformat(), "commandId": command_id, "status": "done"}
    client.lambda_.invoke("ingest_event", rule_output(c, locker, "commands/ack", ack))
    wait_for_status(c, command_id, "done")
    [shown] = parcels(client, c, h, home["token"])
    assert (shown["openCommandId"], shown["openStatus"], shown["status"]) == (command_id, "done", "waiting")

    # picked up: the parcel is closed, the compartment free; again changes nothing
    picked = envelope("parcel_picked_up", compartment="A12", method="app")
    assert deliver(client, c, locker, picked)[0]["action"] == "collected"
    assert deliver(client, c, locker, picked)[0]["action"] == "duplicate"
    [closed] = parcels(client, c, h, home["token"])
    assert closed["status"] == "collected" and closed["method"] == "app" and closed["collectedAt"]
    status, body = call(client, "POST", path, home["token"], {})
    assert status == 409 and body["error"]["code"] == "PARCEL_COLLECTED", body
    status, body = call(client, "POST", HOUSE.format(c=c, h=h) + "/parcels/pc-nope/open", home["token"], {})
    assert status == 404 and body["error"]["code"] == "PARCEL_NOT_FOUND", body


def test_bad_events_are_refused_with_their_reason(client: Any, home: dict[str, Any]) -> None:
    c, h, locker = home["community"], home["house"], home["locker"]
    other = new_community(client)
    foreign = make_house(client, other)["houseId"]
    barrier = register(c, "barrier_gate")
    outcomes = deliver(
        client,
        c,
        locker,
        envelope("parcel_stored", compartment="B1", houseId=foreign),  # a house of another community
        envelope("parcel_stored", compartment="B2", houseId="h/../x"),
        envelope("parcel_stored", compartment="", houseId=h),
        envelope("parcel_stored", compartment="B3", houseId=h, size="XXL"),
        envelope("parcel_picked_up", compartment="B4", method="kick"),
        {"msgId": "m 1", "event": "parcel_stored", "data": {"compartment": "B5", "houseId": h}},
    )
    assert [(o["action"], o["reason"]) for o in outcomes] == [
        ("rejected", "HOUSE_NOT_FOUND"),
        ("rejected", "INVALID_FIELD"),
        ("rejected", "INVALID_FIELD"),
        ("rejected", "INVALID_FIELD"),
        ("rejected", "INVALID_FIELD"),
        ("rejected", "INVALID_FIELD"),
    ]
    [not_a_locker] = deliver(client, c, barrier, envelope("parcel_stored", compartment="B6", houseId=h))
    assert not_a_locker["reason"] == "NOT_A_LOCKER"
    batch, _ = sqs_event([{"communityId": c, "thingName": locker, "payload": "not base64!"}])
    refused = client.lambda_.invoke("lockers_events", batch).payload
    assert refused["outcomes"][0]["reason"] == "MALFORMED"
    # a pick-up of an empty compartment closes nothing
    [empty] = deliver(client, c, locker, envelope("parcel_picked_up", compartment="Z9", method="code"))
    assert empty["action"] == "duplicate"
    assert parcels(client, c, h, home["token"]) == []
    assert [m for m in home["wechat"].received if m["to"] == home["openid"]] == []


def test_the_rule_routes_only_parcel_events() -> None:
    from infra.localcloud.rules_bridge import load_rules
    from infra.localcloud.template import load_template
    from iot.rule_sql import Message
    from iot.topics import topic_for

    [rule] = [r for r in load_rules(load_template()) if r.logical_id == "LockersEventRule"]
    topic = topic_for("c-1", "d-1", "events")

    def routed(event: str) -> bool:
        body = envelope(event, compartment="A1")
        import json

        return (
            rule.rule.evaluate(Message(topic=topic, payload=json.dumps(body).encode(), client_id="d-1", timestamp_ms=0))
            is not None
        )

    assert routed("parcel_stored") and routed("parcel_picked_up")
    assert not routed("forced_open") and not routed("door_fault")


def test_parcels_left_too_long_are_reminded_once_a_day(client: Any, home: dict[str, Any]) -> None:
    from chalicelib.lockers import wiring
    from chalicelib.lockers.model import WAITING, Parcel, code_hash

    c, h, locker = home["community"], home["house"], home["locker"]
    old = Parcel(
        parcel_id="pc-" + uuid.uuid4().hex[:12],
        community_id=c,
        house_id=h,
        device_id=locker,
        compartment="C3",
        tracking=None,
        size="S",
        status=WAITING,
        stored_at=datetime.now(UTC) - timedelta(hours=49),
        code_hash=code_hash("x", "123456"),
    )
    fresh = Parcel(**{**old.__dict__, "parcel_id": "pc-" + uuid.uuid4().hex[:12], "stored_at": datetime.now(UTC)})
    assert wiring.parcel_store().store(old) and wiring.parcel_store().store(fresh)

    def run() -> dict[str, Any]:
        event = client.events.generate_cw_event(
            source="aws.events", detail_type="Scheduled Event", detail={}, resources=[]
        )
        return dict(client.lambda_.invoke("lockers_remind", event).payload)

    first = run()
    assert first["sent"] >= 1, first
    run()  # the same Beijing day: nothing new
    reminded = wiring.parcel_store().get(c, h, old.parcel_id)
    assert reminded is not None and reminded.reminders == 1
    untouched = wiring.parcel_store().get(c, h, fresh.parcel_id)
    assert untouched is not None and untouched.reminders == 0
    sent = [m for m in home["wechat"].received if m["to"] == home["openid"]]
    assert len(sent) == 1 and sent[0]["values"]["thing1"] == "快递滞留提醒"
    assert sent[0]["values"]["character_string3"] == "C3", "a reminder names the compartment (the code is not kept)"


def test_bookings_are_recorded_for_the_operator(client: Any, home: dict[str, Any]) -> None:
    c, h = home["community"], home["house"]
    path = HOUSE.format(c=c, h=h) + "/parcel-bookings"
    status, body = call(client, "POST", path, home["token"], {"size": "M", "destinationCity": "上海", "note": "易碎"})
    assert status == 201, body
    status, bad = call(client, "POST", path, home["token"], {"size": "XXL", "destinationCity": ""})
    assert status == 400, bad
    fields = {d["field"] for d in bad["error"]["details"]}
    assert {"size", "destinationCity"} <= fields, bad
    from tests.support.identity import token_for

    staff = token_for({"staff.manager"}, {c})
    status, listed = call(client, "GET", f"/v1/staff/communities/{c}/parcel-bookings", staff)
    assert status == 200, listed
    assert [(b["bookingId"], b["destinationCity"], b["houseId"]) for b in listed["items"]] == [
        (body["bookingId"], "上海", h)
    ]


def test_a_community_sets_its_own_reminder_limit(client: Any, home: dict[str, Any]) -> None:
    from chalicelib.lockers import wiring
    from chalicelib.lockers.model import WAITING, Parcel, code_hash
    from tests.support.identity import token_for

    c, h = home["community"], home["house"]
    path = f"/v1/staff/communities/{c}/parcel-settings"
    manager, guard = token_for({"staff.manager"}, {c}), token_for({"staff.guard"}, {c})
    assert call(client, "GET", path, guard) == (200, {"reminderHours": 48})
    for bad in ("24", 0, 721, 24.5, True, None):
        status, body = call(client, "PUT", path, manager, {"reminderHours": bad})
        assert status == 400 and body["error"]["details"][0]["field"] == "reminderHours", (bad, body)
    assert call(client, "PUT", path, guard, {"reminderHours": 24})[0] == 403
    assert call(client, "PUT", path, manager, {"reminderHours": 24}) == (200, {"reminderHours": 24})
    assert call(client, "GET", path, guard) == (200, {"reminderHours": 24})

    parcel = Parcel(
        parcel_id="pc-" + uuid.uuid4().hex[:12],
        community_id=c,
        house_id=h,
        device_id=home["locker"],
        compartment="D4",
        tracking=None,
        size=None,
        status=WAITING,
        stored_at=datetime.now(UTC) - timedelta(hours=25),
        code_hash=code_hash("x", "654321"),
    )
    assert wiring.parcel_store().store(parcel)
    event = client.events.generate_cw_event(source="aws.events", detail_type="Scheduled Event", detail={}, resources=[])
    client.lambda_.invoke("lockers_remind", event)
    reminded = wiring.parcel_store().get(c, h, parcel.parcel_id)
    assert reminded is not None and reminded.reminders == 1, "25 hours is past this community's 24"


def test_a_reused_compartment_clears_the_parcel_that_was_in_it(client: Any, home: dict[str, Any]) -> None:
    c, h, locker = home["community"], home["house"], home["locker"]
    [first] = deliver(client, c, locker, envelope("parcel_stored", compartment="E1", houseId=h))
    [second] = deliver(client, c, locker, envelope("parcel_stored", compartment="E1", houseId=h))
    assert first["action"] == second["action"] == "stored"
    shown = {p["parcelId"]: p for p in parcels(client, c, h, home["token"])}
    assert (shown[first["parcelId"]]["status"], shown[first["parcelId"]]["method"]) == ("collected", "cleared")
    assert shown[second["parcelId"]]["status"] == "waiting"
    [picked] = deliver(client, c, locker, envelope("parcel_picked_up", compartment="E1", method="code"))
    assert picked == {"action": "collected", "reason": "", "parcelId": second["parcelId"]}
