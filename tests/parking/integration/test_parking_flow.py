"""A car park end to end on the local cloud: plate events through the real topic rule's output into
`parking_plate_event`, the one decision, the barrier told by a device command, the fee, paying at the exit through
the payments capability (the local WeChat Pay through the real SDK, its notification through the API), the
payments capability telling parking on PaymentSettledQueue, the exit barrier opened once.

Bad input: a malformed plate event is refused with a reason and opens nothing; a replayed settlement opens nothing
twice; a car cannot leave twice on one payment."""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.support.ingestion import rule_output
from tests.support.payments import (
    deliver_through,
    make_resident,
    pay_fixture,  # noqa: F401  (the `pay` fixture)
    wechatpay_fixture,  # noqa: F401  (the `wechatpay` fixture)
)
from tests.support.visitors import add_gate, call

STAFF = "/v1/staff/communities/{c}/parking"
RESIDENT = "/v1/resident/communities/{c}/parking"


def token(community: str, role: str, subject: str = "u-1") -> str:
    from tests.support.identity import token_for

    return token_for({role}, {community}, subject=subject)


def payer_token(account_id: str) -> str:
    from tests.support.identity import token_for

    return token_for({"resident.unbound"}, set(), kind="resident", subject=account_id)


def plate_event(plate: Any, direction: str, confidence: Any = 0.96, **extra: Any) -> dict[str, Any]:
    return {
        "msgId": uuid.uuid4().hex,
        "ts": datetime.now(UTC).isoformat(),
        "event": "plate_recognized",
        "data": {"plate": plate, "plateColour": "blue", "direction": direction, "confidence": confidence, **extra},
    }


def decide(client: Any, community: str, device: str, event: dict[str, Any]) -> dict[str, Any]:
    output = rule_output(community, device, "events", event, rule="ParkingPlateEventRule")
    return dict(client.lambda_.invoke("parking_plate_event", output).payload)


def command(community: str, command_id: str) -> Any:
    from chalicelib.devices import find_command

    return find_command(community, command_id)


@pytest.fixture(name="park")
def park_fixture(client: Any) -> dict[str, Any]:
    community = "c" + uuid.uuid4().hex[:10]
    entry = add_gate(community, None, "barrier_gate", cert=False).device_id
    exit_ = add_gate(community, None, "barrier_gate", cert=False).device_id
    body = {
        "parkId": "p1",
        "name": "地面停车场",
        "capacity": 2,
        "tariff": {"freeMinutes": 15, "unitMinutes": 60, "dayRateFen": 300, "nightRateFen": 100},
        "barriers": [{"deviceId": entry, "direction": "in"}, {"deviceId": exit_, "direction": "out"}],
    }
    manager = token(community, "staff.manager")
    status, created = call(client, "POST", STAFF.format(c=community) + "/parks", manager, body)
    assert status == 201, created
    assert created["free"] == 2 and created["occupied"] == 0
    return {"community": community, "entry": entry, "exit": exit_}


def backdate(community: str, plate: str, minutes: int) -> None:
    from chalicelib.parking import wiring

    store = wiring.parking_store()
    stay = store.current_stay(community, plate)
    assert stay is not None
    assert store.replace_stay(replace(stay, entered_at=stay.entered_at - timedelta(minutes=minutes)), stay)


def settlements(cloud: Any) -> list[dict[str, Any]]:
    """What PaymentSettledQueue holds now, as the event source mapping would deliver it."""
    sqs = cloud.client("sqs")
    records: list[dict[str, Any]] = []
    while True:
        got = sqs.receive_message(QueueUrl=os.environ["PAYMENT_SETTLED_QUEUE_URL"], MaxNumberOfMessages=10)
        messages = got.get("Messages", [])
        if not messages:
            return records
        for m in messages:
            records.append({"messageId": m["MessageId"], "body": m["Body"]})
            sqs.delete_message(QueueUrl=os.environ["PAYMENT_SETTLED_QUEUE_URL"], ReceiptHandle=m["ReceiptHandle"])


def test_a_temporary_car_enters_pays_at_the_exit_and_the_barrier_opens_once(
    client: Any, cloud: Any, park: dict[str, Any], pay: Any
) -> None:
    c, plate = park["community"], "粤B7D890"
    settlements(cloud)  # whatever other tests left
    entered = decide(client, c, park["entry"], plate_event(plate, "in"))
    assert (entered["action"], entered["reason"]) == ("open", "TEMPORARY")
    opened = command(c, entered["commandId"])
    assert (opened.device_id, opened.name) == (park["entry"], "open_gate")
    assert opened.params == {"reason": "entry", "plate": plate}
    status, parks = call(client, "GET", STAFF.format(c=c) + "/parks", token(c, "staff.guard"))
    assert parks["items"][0]["occupied"] == 1 and parks["items"][0]["free"] == 1

    backdate(c, plate, 90)  # 90 minutes by day: two started hours
    at_exit = decide(client, c, park["exit"], plate_event(plate, "out"))
    assert (at_exit["action"], at_exit["reason"]) == ("charge", "FEE_DUE")
    assert at_exit["feeFen"] == _fee_now(c, plate)
    shown = command(c, at_exit["commandId"])
    assert shown.name == "show_message" and plate in shown.params["text"]

    payer = make_resident()
    status, quote = call(client, "GET", RESIDENT.format(c=c) + f"/fees?plate={plate}", payer_token(payer))
    assert status == 200 and quote["dueFen"] == at_exit["feeFen"] and quote["minutes"] >= 90, quote
    deliver_through(client, pay)
    status, paid = call(client, "POST", RESIDENT.format(c=c) + "/payments", payer_token(payer), {"plate": plate})
    assert status == 201, paid
    assert paid["order"]["amountFen"] == at_exit["feeFen"]
    assert paid["requestPayment"]["package"].startswith("prepay_id=")
    pay.pay(paid["order"]["orderId"])  # the driver confirms in WeChat: the notification goes through the API

    records = settlements(cloud)
    bodies = [json.loads(r["body"]) for r in records]
    assert bodies and all(b["reference"] == paid["stay"]["stayId"] and b["purpose"] == "parking" for b in bodies)
    answer = client.lambda_.invoke("parking_payment_settled", {"Records": records}).payload
    assert answer == {"batchItemFailures": []}

    from chalicelib.parking import wiring

    stay = wiring.parking_store().get_stay(c, paid["stay"]["stayId"])
    assert stay is not None
    assert stay.status == "left" and stay.exit_device == park["exit"] and stay.paid_fen == at_exit["feeFen"]
    status, parks = call(client, "GET", STAFF.format(c=c) + "/parks", token(c, "staff.guard"))
    assert parks["items"][0]["occupied"] == 0

    # the settlement again (a replayed notification's message, the workflow's second telling): nothing opens twice
    assert wiring.parking_service().settle(_settled(bodies[0])) == "duplicate"
    # the same car at the exit again: no stay, no open
    again = decide(client, c, park["exit"], plate_event(plate, "out"))
    assert (again["action"], again["reason"], again["commandId"]) == ("hold", "NO_ENTRY_RECORD", None)
    day = datetime.now(UTC) + timedelta(hours=8)
    status, revenue = call(client, "GET", STAFF.format(c=c) + f"/revenue/{day:%Y-%m-%d}", token(c, "staff.manager"))
    assert status == 200 and revenue["revenueFen"] == revenue["ledgerFen"] == at_exit["feeFen"], revenue
    assert revenue["notCounted"] == revenue["notInLedger"] == revenue["amountDiffers"] == []
    assert call(client, "GET", STAFF.format(c=c) + f"/revenue/{day:%Y-%m-%d}", token(c, "staff.guard"))[0] == 403
    status, passages = call(client, "GET", STAFF.format(c=c) + f"/passages?day={day:%Y-%m-%d}", token(c, "staff.guard"))
    assert status == 200 and [p["reason"] for p in passages["items"]] == ["NO_ENTRY_RECORD", "FEE_DUE", "TEMPORARY"]


def _fee_now(community: str, plate: str) -> int:
    """The one fee rule over the stay so far (the rate depends on the time of day the test runs)."""
    from chalicelib.parking import wiring
    from chalicelib.parking.tariff import Tariff, fee_fen

    stay = wiring.parking_store().current_stay(community, plate)
    assert stay is not None
    return fee_fen(Tariff(free_minutes=15, unit_minutes=60), stay.entered_at, datetime.now(UTC))


def test_a_car_paid_in_the_mini_program_has_its_minutes_to_leave(
    client: Any, cloud: Any, park: dict[str, Any], pay: Any
) -> None:
    c, plate = park["community"], "川A54321"
    settlements(cloud)
    decide(client, c, park["entry"], plate_event(plate, "in"))
    backdate(c, plate, 200)
    deliver_through(client, pay)
    payer = make_resident()
    status, paid = call(client, "POST", RESIDENT.format(c=c) + "/payments", payer_token(payer), {"plate": plate})
    assert status == 201, paid
    status, again = call(client, "POST", RESIDENT.format(c=c) + "/payments", payer_token(payer), {"plate": "川A00000"})
    assert status == 404 and again["error"]["code"] == "STAY_NOT_FOUND"
    pay.pay(paid["order"]["orderId"])
    client.lambda_.invoke("parking_payment_settled", {"Records": settlements(cloud)})
    status, quote = call(client, "GET", RESIDENT.format(c=c) + f"/fees?plate={plate}", payer_token(payer))
    assert quote["dueFen"] == 0 and quote["stay"]["status"] == "paid" and quote["stay"]["leaveBy"], quote
    status, nothing = call(client, "POST", RESIDENT.format(c=c) + "/payments", payer_token(payer), {"plate": plate})
    assert status == 409 and nothing["error"]["code"] == "NOTHING_TO_PAY"
    out = decide(client, c, park["exit"], plate_event(plate, "out"))
    assert (out["action"], out["reason"]) == ("open", "PAID")
    assert command(c, out["commandId"]).params == {"reason": "payment", "plate": plate}


def _settled(body: dict[str, Any]) -> Any:
    from chalicelib.parking.model import Settled

    return Settled(
        body["orderId"],
        body["communityId"],
        body["reference"],
        body["amountFen"],
        datetime.fromisoformat(body["paidAt"].replace("Z", "+00:00")),
    )


def test_a_car_within_its_free_minutes_leaves_without_paying(client: Any, park: dict[str, Any]) -> None:
    c, plate = park["community"], "京AD12345"  # a new-energy plate: 8 characters
    assert decide(client, c, park["entry"], plate_event(plate, "in"))["reason"] == "TEMPORARY"
    backdate(c, plate, 14)  # 14 minutes and the test's seconds: inside the 15 free minutes
    out = decide(client, c, park["exit"], plate_event(plate, "out"))
    assert (out["action"], out["reason"]) == ("open", "FREE")
    opened = command(c, out["commandId"])
    assert (opened.device_id, opened.name) == (park["exit"], "open_gate")
    assert opened.params == {"reason": "exit", "plate": plate}  # an exit's opening, never told as an entry's


def test_an_exit_read_in_the_second_the_car_entered_opens_the_exit_as_an_exit(client: Any, monkeypatch: Any) -> None:
    """No free minutes: a stay of no whole second still costs nothing, so a plate read at the exit in the second of
    the entry lets the car out free; the exit barrier is told `exit` (it was told `entry`, which read in the e2e logs
    as the entry's command reaching the exit barrier), and a later read at the exit finds no stay."""
    from chalicelib.kernel import clock

    c = "c" + uuid.uuid4().hex[:10]
    entry = add_gate(c, None, "barrier_gate", cert=False).device_id
    exit_ = add_gate(c, None, "barrier_gate", cert=False).device_id
    body = {
        "parkId": "p1",
        "name": "地面停车场",
        "capacity": 2,
        "tariff": {"freeMinutes": 0, "unitMinutes": 60, "dayRateFen": 300, "nightRateFen": 100},
        "barriers": [{"deviceId": entry, "direction": "in"}, {"deviceId": exit_, "direction": "out"}],
    }
    assert call(client, "POST", STAFF.format(c=c) + "/parks", token(c, "staff.manager"), body)[0] == 201
    plate, moment = "川A82920", datetime.now(UTC).replace(microsecond=100_000)
    monkeypatch.setattr(clock, "utcnow", lambda: moment)  # both reads in one second (the plate events' time)
    entered = decide(client, c, entry, plate_event(plate, "in"))
    monkeypatch.setattr(clock, "utcnow", lambda: moment.replace(microsecond=900_000))
    out = decide(client, c, exit_, plate_event(plate, "out"))
    assert (entered["action"], out["action"], out["reason"]) == ("open", "open", "FREE")
    entry_open, exit_open = command(c, entered["commandId"]), command(c, out["commandId"])
    assert (entry_open.device_id, entry_open.params) == (entry, {"reason": "entry", "plate": plate})
    assert (exit_open.device_id, exit_open.params) == (exit_, {"reason": "exit", "plate": plate})
    monkeypatch.undo()
    again = decide(client, c, exit_, plate_event(plate, "out"))
    assert (again["action"], again["reason"], again["commandId"]) == ("hold", "NO_ENTRY_RECORD", None)


@pytest.mark.parametrize(
    ("plate", "confidence", "reason"),
    [
        ("ABC", 0.9, "INVALID_PLATE"),
        ("川A1234", 0.9, "INVALID_PLATE"),  # 6 characters
        ("川A12345678", 0.9, "INVALID_PLATE"),
        (12345, 0.9, "INVALID_PLATE"),
        ("川A12345", True, "INVALID_FIELD"),
        ("川A12345", "0.9", "INVALID_FIELD"),
        ("川A12345", 1.5, "INVALID_FIELD"),
    ],
)
def test_a_malformed_plate_event_is_refused_with_a_reason_and_opens_nothing(
    client: Any, park: dict[str, Any], plate: Any, confidence: Any, reason: str
) -> None:
    c = park["community"]
    answer = decide(client, c, park["entry"], plate_event(plate, "in", confidence))
    assert answer["action"] == "reject" and answer["reason"] == reason
    from chalicelib.parking import wiring

    assert wiring.parking_store().stays_inside(c, "p1", 10) == []


def test_a_replayed_plate_event_is_decided_once(client: Any, park: dict[str, Any]) -> None:
    c, event = park["community"], plate_event("川A12345", "in")
    first = decide(client, c, park["entry"], event)
    second = decide(client, c, park["entry"], event)
    assert first["reason"] == "TEMPORARY" and second["reason"] == "DUPLICATE" and second["commandId"] is None


def test_a_watch_listed_car_is_refused_and_raises_an_alarm(client: Any, cloud: Any, park: dict[str, Any]) -> None:
    c, plate = park["community"], "晋A5K321"
    _vehicle(c, plate, parkingType="none", keyClass="stolen")
    answer = decide(client, c, park["entry"], plate_event(plate, "in"))
    assert (answer["action"], answer["reason"], answer["commandId"]) == ("refuse", "WATCH_LISTED", None)
    sqs = cloud.client("sqs")
    found = []
    for _ in range(5):
        got = sqs.receive_message(QueueUrl=os.environ["ALARM_EVENTS_QUEUE_URL"], MaxNumberOfMessages=10)
        found += [json.loads(m["Body"]) for m in got.get("Messages", [])]
    mine = [m for m in found if m.get("community_id") == c]
    assert mine and mine[0]["event"] == "watchlisted_plate"
    assert mine[0]["data"] == {"plate": plate, "keyClass": "stolen"}


def test_a_monthly_car_comes_and_goes_free(client: Any, park: dict[str, Any]) -> None:
    c, plate = park["community"], "沪C9Z876"
    _vehicle(c, plate, parkingType="monthly")
    assert decide(client, c, park["entry"], plate_event(plate, "in"))["reason"] == "REGISTERED"
    backdate(c, plate, 600)
    out = decide(client, c, park["exit"], plate_event(plate, "out"))
    assert (out["action"], out["reason"]) == ("open", "REGISTERED")


def test_a_guard_approves_a_held_car_and_releases_one_without_entry_record(client: Any) -> None:
    c = "c" + uuid.uuid4().hex[:10]
    entry = add_gate(c, None, "barrier_gate", cert=False).device_id
    exit_ = add_gate(c, None, "barrier_gate", cert=False).device_id
    body = {
        "parkId": "p1",
        "name": "地下车库",
        "capacity": 10,
        "tariff": {},
        "barriers": [{"deviceId": entry, "direction": "in"}, {"deviceId": exit_, "direction": "out"}],
        "guardApproval": True,
    }
    assert call(client, "POST", STAFF.format(c=c) + "/parks", token(c, "staff.manager"), body)[0] == 201
    held = decide(client, c, entry, plate_event("川A12345", "in"))
    assert (held["action"], held["reason"], held["commandId"]) == ("hold", "AWAITING_GUARD", None)
    path = STAFF.format(c=c) + f"/stays/{held['stayId']}/approve"
    assert call(client, "POST", path, token(c, "staff.technician"))[0] == 403
    status, approved = call(client, "POST", path, token(c, "staff.guard", "guard-1"))
    assert status == 200 and approved["stay"]["status"] == "parked", approved
    assert command(c, approved["commandId"]).params == {"reason": "manual", "plate": "川A12345"}
    assert call(client, "POST", path, token(c, "staff.guard"))[1]["error"]["code"] == "STAY_NOT_HELD"

    release = {"deviceId": exit_, "plate": "川B99999", "kind": "lost_ticket", "reason": "车主丢失入场记录，已核实"}
    status, released = call(client, "POST", STAFF.format(c=c) + "/releases", token(c, "staff.guard"), release)
    assert status == 201 and released["stay"]["releaseKind"] == "lost_ticket", released
    assert released["stay"]["releaseReason"] == release["reason"] and released["stay"]["status"] == "left"
    bad = {**release, "plate": "NOT-A-PLATE"}
    status, refused = call(client, "POST", STAFF.format(c=c) + "/releases", token(c, "staff.guard"), bad)
    assert status == 400 and refused["error"]["code"] == "INVALID_PLATE"


def test_a_car_park_names_only_barriers_of_its_own_community(client: Any) -> None:
    c, other = "c" + uuid.uuid4().hex[:10], "c" + uuid.uuid4().hex[:10]
    foreign = add_gate(other, None, "barrier_gate", cert=False).device_id
    door = add_gate(c, None, "door_controller", cert=False).device_id
    for device in (foreign, door):
        barriers = [{"deviceId": device, "direction": "in"}]
        body = {"parkId": "p1", "name": "x", "capacity": 1, "tariff": {}, "barriers": barriers}
        status, answer = call(client, "POST", STAFF.format(c=c) + "/parks", token(c, "staff.manager"), body)
        assert status == 404 and answer["error"]["code"] == "BARRIER_NOT_FOUND", answer
    body = {"parkId": "p1", "name": "x", "capacity": True, "tariff": {}, "barriers": []}
    assert call(client, "POST", STAFF.format(c=c) + "/parks", token(c, "staff.manager"), body)[0] == 400


def _vehicle(community: str, plate: str, **attrs: Any) -> None:
    from chalicelib.registry import wiring as registry_wiring
    from chalicelib.registry.model import Change, Record

    record = Record(
        kind="vehicle",
        id="v-" + uuid.uuid4().hex[:10],
        community_id=community,
        attrs={"kind": "motor", "plate": plate, **attrs},
        ingested_at=datetime.now(UTC),
    )
    registry_wiring.registry_service().repo.commit(Change().create(record))


def test_a_plate_on_the_communitys_watch_list_is_refused_though_the_registry_does_not_know_it(
    client: Any, park: dict[str, Any]
) -> None:
    from chalicelib.governance import add_watch_entry

    c, plate = park["community"], "晋B7W654"
    add_watch_entry(c, "plate", plate, plate, "套牌嫌疑", "police-1", None)
    answer = decide(client, c, park["entry"], plate_event(plate, "in"))
    assert (answer["action"], answer["reason"], answer["commandId"]) == ("refuse", "WATCH_LISTED", None)
    other = decide(client, c, park["entry"], plate_event("晋B7W655", "in"))  # one character off: a temporary car
    assert (other["action"], other["reason"]) == ("open", "TEMPORARY")
