"""A barrier's offline decisions uploaded and reconciled, through the real topic rule's output into
`parking_offline_passages`: each passage recorded once (a replayed upload changes nothing), stays started and ended
at the passages' times, a car that left offline owing money listed with what it owed, decisions the cloud's rule
disagrees with flagged (a watch-listed car let in raises the alarm too), and every bad item rejected with its
reason while the others are applied."""

from __future__ import annotations

import json
import os
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.parking.integration.test_parking_flow import (
    STAFF,
    _vehicle,
    call,
    park_fixture,  # noqa: F401  (the `park` fixture)
    token,
)
from tests.support.ingestion import rule_output


def passage(plate: Any, direction: str, decision: str, at: datetime, **extra: Any) -> dict[str, Any]:
    return {
        "msgId": "op" + uuid.uuid4().hex[:12],
        "at": at.isoformat().replace("+00:00", "Z"),
        "plate": plate,
        "plateColour": "blue",
        "direction": direction,
        "confidence": 0.95,
        "decision": decision,
        **extra,
    }


def upload(client: Any, community: str, device: str, passages: list[dict[str, Any]]) -> dict[str, Any]:
    event = {
        "msgId": uuid.uuid4().hex,
        "ts": datetime.now(UTC).isoformat(),
        "event": "offline_passages",
        "data": {"passages": passages},
    }
    output = rule_output(community, device, "events", event, rule="ParkingOfflinePassagesRule")
    return dict(client.lambda_.invoke("parking_offline_passages", output).payload)


def test_an_offline_barriers_upload_is_reconciled_once_with_bad_items_rejected(
    client: Any, cloud: Any, park: dict[str, Any]
) -> None:
    from chalicelib.parking import wiring
    from chalicelib.parking.tariff import Tariff, fee_fen

    c, entry, exit_ = park["community"], park["entry"], park["exit"]
    now = datetime.now(UTC)
    _vehicle(c, "沪C11111", parkingType="monthly")  # a registered space: the cloud lets it through free
    _vehicle(c, "晋A5K999", parkingType="none", keyClass="stolen")
    temporary = passage("川A30001", "in", "open", now - timedelta(hours=3), reason="manual")
    registered = passage("沪C11111", "in", "open", now - timedelta(hours=2), reason="whitelist")
    watched = passage("晋A5K999", "in", "open", now - timedelta(hours=1), reason="manual")
    refused = passage("沪C11111", "in", "refuse", now - timedelta(hours=2, minutes=5), reason="not_listed")
    bad = [
        passage("NOT-A-PLATE", "in", "open", now - timedelta(hours=1)),
        passage("川A30002", "in", "open", now + timedelta(hours=1)),
        passage("川A30003", "in", "wave", now - timedelta(hours=1)),
        passage("川A30004", "out", "open", now - timedelta(hours=1)),  # an exit read on the entry barrier
        {**temporary},  # its msgId again in the same upload
    ]
    items = [temporary, registered, watched, refused, *bad]
    answer = upload(client, c, entry, items)
    results = answer["results"]
    assert [r["msgId"] for r in results[:4]] == [i["msgId"] for i in items[:4]]
    assert [(r["result"], r.get("flag")) for r in results[:4]] == [
        ("recorded", None),
        ("recorded", None),
        ("recorded", "WATCH_LISTED_OPENED"),
        ("recorded", "REFUSED_ALLOWED"),
    ]
    assert [(r["result"], r["reason"]) for r in results[4:]] == [
        ("rejected", "INVALID_PLATE"),
        ("rejected", "IN_FUTURE"),
        ("rejected", "INVALID_FIELD"),
        ("rejected", "WRONG_DIRECTION"),
        ("rejected", "DUPLICATE_IN_BATCH"),
    ]
    store = wiring.parking_store()
    inside = {s.plate: s for s in store.stays_inside(c, "p1", 10)}
    assert set(inside) == {"川A30001", "沪C11111", "晋A5K999"}
    assert inside["川A30001"].kind == "temporary" and inside["沪C11111"].kind == "registered"
    assert abs((inside["川A30001"].entered_at - (now - timedelta(hours=3))).total_seconds()) < 1
    status, parks = call(client, "GET", STAFF.format(c=c) + "/parks", token(c, "staff.guard"))
    assert parks["items"][0]["occupied"] == 3  # the barrier let them in: occupancy follows (capacity 2 or not)

    # the watch-listed car let in offline: the alarm is raised as well
    sqs, found = cloud.client("sqs"), []
    for _ in range(5):
        got = sqs.receive_message(QueueUrl=os.environ["ALARM_EVENTS_QUEUE_URL"], MaxNumberOfMessages=10)
        found += [json.loads(m["Body"]) for m in got.get("Messages", [])]
    mine = [m for m in found if m.get("community_id") == c and m.get("event") == "watchlisted_plate"]
    assert mine and mine[0]["data"] == {"plate": "晋A5K999", "keyClass": "stolen"}

    # the exit barrier's upload: the temporary car left offline an hour ago, owing two started hours; a car the
    # cloud never saw enter left too
    left = passage("川A30001", "out", "open", now - timedelta(hours=1), reason="manual")
    stranger = passage("川A30009", "out", "open", now - timedelta(minutes=30), reason="manual")
    answer = upload(client, c, exit_, [stranger, left])
    owed = fee_fen(Tariff(free_minutes=15, unit_minutes=60), now - timedelta(hours=3), now - timedelta(hours=1))
    assert [(r["result"], r.get("flag"), r.get("unpaidFen")) for r in answer["results"]] == [
        ("recorded", "NO_ENTRY_RECORD", 0),
        ("recorded", None, owed),
    ]
    assert owed > 0
    assert store.current_stay(c, "川A30001") is None
    status, unpaid = call(client, "GET", STAFF.format(c=c) + "/unpaid-exits", token(c, "staff.guard"))
    assert status == 200, unpaid
    assert [(u["plate"], u["dueFen"], u["deviceId"]) for u in unpaid["items"]] == [("川A30001", owed, exit_)]
    status, flags = call(client, "GET", STAFF.format(c=c) + "/offline-discrepancies", token(c, "staff.technician"))
    assert status == 200
    assert sorted((f["plate"], f["flag"]) for f in flags["items"]) == [
        ("川A30009", "NO_ENTRY_RECORD"),
        ("晋A5K999", "WATCH_LISTED_OPENED"),
        ("沪C11111", "REFUSED_ALLOWED"),
    ]

    # the same uploads again (a retried publish): every passage is a duplicate, nothing moves
    again = upload(client, c, entry, items[:4])["results"] + upload(client, c, exit_, [stranger, left])["results"]
    assert [r["result"] for r in again] == ["duplicate"] * 6
    status, parks = call(client, "GET", STAFF.format(c=c) + "/parks", token(c, "staff.guard"))
    assert parks["items"][0]["occupied"] == 2
    assert len(call(client, "GET", STAFF.format(c=c) + "/unpaid-exits", token(c, "staff.guard"))[1]["items"]) == 1
    assert call(client, "GET", STAFF.format(c=c) + "/unpaid-exits", token("c-other", "staff.guard"))[0] == 403


def test_an_upload_that_cannot_be_read_is_refused_whole(client: Any, park: dict[str, Any]) -> None:
    c, entry = park["community"], park["entry"]
    output = rule_output(
        c,
        entry,
        "events",
        {"msgId": "m1", "event": "offline_passages", "data": {"passages": []}},
        rule="ParkingOfflinePassagesRule",
    )
    answer = dict(client.lambda_.invoke("parking_offline_passages", output).payload)
    assert (answer["action"], answer["reason"]) == ("reject", "INVALID_FIELD")
    output = {**output, "payload": "bm90IGpzb24="}  # "not json"
    answer = dict(client.lambda_.invoke("parking_offline_passages", output).payload)
    assert (answer["action"], answer["reason"]) == ("reject", "MALFORMED")


def test_an_exit_uploaded_before_its_entry_ends_the_stay_when_the_entry_comes(
    client: Any, park: dict[str, Any]
) -> None:
    """The exit barrier reconnected first: its passage has no entry yet (NO_ENTRY_RECORD, listed); when the entry
    barrier's upload arrives, the stay starts and ends at their times, the car's fee is an unpaid exit, the
    discrepancy is resolved and the car park is not left counting a car that is gone."""
    from chalicelib.parking import wiring
    from chalicelib.parking.tariff import Tariff, fee_fen

    c, entry, exit_ = park["community"], park["entry"], park["exit"]
    now = datetime.now(UTC)
    came = passage("川A40001", "in", "open", now - timedelta(hours=4), reason="manual")
    went = passage("川A40001", "out", "open", now - timedelta(hours=1), reason="manual")
    first = upload(client, c, exit_, [went])["results"]
    assert [(r["result"], r["flag"]) for r in first] == [("recorded", "NO_ENTRY_RECORD")]
    second = upload(client, c, entry, [came])["results"]
    owed = fee_fen(Tariff(free_minutes=15, unit_minutes=60), now - timedelta(hours=4), now - timedelta(hours=1))
    assert [(r["result"], r["flag"], r["unpaidFen"]) for r in second] == [("recorded", None, owed)]
    assert wiring.parking_store().current_stay(c, "川A40001") is None
    status, parks = call(client, "GET", STAFF.format(c=c) + "/parks", token(c, "staff.guard"))
    assert status == 200 and parks["items"][0]["occupied"] == 0
    unpaid = call(client, "GET", STAFF.format(c=c) + "/unpaid-exits", token(c, "staff.guard"))[1]["items"]
    assert [(u["plate"], u["dueFen"], u["deviceId"]) for u in unpaid] == [("川A40001", owed, exit_)]
    flags = call(client, "GET", STAFF.format(c=c) + "/offline-discrepancies", token(c, "staff.guard"))[1]["items"]
    assert flags == []


def test_a_manager_settles_an_unpaid_exit_and_resolves_a_discrepancy_once_with_a_note(
    client: Any, park: dict[str, Any]
) -> None:
    c, entry, exit_ = park["community"], park["entry"], park["exit"]
    now = datetime.now(UTC)
    plate, other = f"川A{uuid.uuid4().int % 10**5:05d}", f"川B{uuid.uuid4().int % 10**5:05d}"
    upload(client, c, entry, [passage(plate, "in", "open", now - timedelta(hours=4), reason="manual")])
    upload(client, c, entry, [passage(other, "in", "open", now - timedelta(hours=3), reason="manual")])
    stranger = passage(
        f"川C{uuid.uuid4().int % 10**5:05d}", "out", "open", now - timedelta(minutes=20), reason="manual"
    )
    upload(
        client,
        c,
        exit_,
        [
            passage(plate, "out", "open", now - timedelta(hours=1), reason="manual"),
            passage(other, "out", "open", now - timedelta(hours=1), reason="manual"),
            stranger,
        ],
    )
    manager, guard = token(c, "staff.manager", subject="mgr-1"), token(c, "staff.guard")
    unpaid = {u["plate"]: u for u in call(client, "GET", STAFF.format(c=c) + "/unpaid-exits", guard)[1]["items"]}
    due, stay = unpaid[plate]["dueFen"], unpaid[plate]["stayId"]
    assert due > 0 and unpaid[plate]["settlement"] is None
    settle = STAFF.format(c=c) + f"/unpaid-exits/{stay}/settlement"

    # bad amounts and outcomes: refused with the field, nothing written
    for body, field in (
        ({"outcome": "collected", "amountFen": due + 1, "note": "现金"}, "amountFen"),
        ({"outcome": "collected", "amountFen": 0, "note": "现金"}, "amountFen"),
        ({"outcome": "waived", "amountFen": 100, "note": "老人"}, "amountFen"),
        ({"outcome": "collected", "amountFen": "100", "note": "现金"}, "amountFen"),
        ({"outcome": "collected", "amountFen": True, "note": "现金"}, "amountFen"),
        ({"outcome": "collected", "amountFen": 100, "note": "  "}, "note"),
        ({"outcome": "forgiven", "amountFen": 0, "note": "x"}, "outcome"),
    ):
        status, refused = call(client, "POST", settle, manager, body)
        assert status == 400, (body, refused)
        assert field in json.dumps(refused["error"].get("details", [])) or field in refused["error"]["message"], refused
    assert call(client, "POST", settle, guard, {"outcome": "waived", "amountFen": 0, "note": "x"})[0] == 403
    assert (
        call(
            client,
            "POST",
            settle,
            token("c-other", "staff.manager"),
            {"outcome": "waived", "amountFen": 0, "note": "x"},
        )[0]
        == 403
    )
    missing = STAFF.format(c=c) + "/unpaid-exits/S-nothing/settlement"
    status, none = call(client, "POST", missing, manager, {"outcome": "waived", "amountFen": 0, "note": "x"})
    assert status == 404 and none["error"]["code"] == "UNPAID_EXIT_NOT_FOUND"

    status, settled = call(
        client, "POST", settle, manager, {"outcome": "collected", "amountFen": due, "note": "车主补缴现金"}
    )
    assert status == 201, settled
    assert settled["settlement"]["outcome"] == "collected" and settled["settlement"]["amountFen"] == due
    assert settled["settlement"]["by"] == "mgr-1" and settled["settlement"]["note"] == "车主补缴现金"
    # a double tap or a second manager: refused, the first settlement stands
    status, again = call(client, "POST", settle, manager, {"outcome": "waived", "amountFen": 0, "note": "免收"})
    assert status == 409 and again["error"]["code"] == "ALREADY_SETTLED"
    left = [u["plate"] for u in call(client, "GET", STAFF.format(c=c) + "/unpaid-exits", guard)[1]["items"]]
    assert plate not in left and other in left
    other_stay = unpaid[other]["stayId"]
    waive = STAFF.format(c=c) + f"/unpaid-exits/{other_stay}/settlement"
    status, waived = call(
        client, "POST", waive, manager, {"outcome": "waived", "amountFen": 0, "note": "设备故障，免收"}
    )
    assert status == 201 and waived["settlement"]["outcome"] == "waived" and waived["settlement"]["amountFen"] == 0

    # the discrepancy (a car let out with no entry record): resolved once with what was found
    flags = call(client, "GET", STAFF.format(c=c) + "/offline-discrepancies", guard)[1]["items"]
    [flag] = [f for f in flags if f["plate"] == stranger["plate"]]
    resolve = STAFF.format(c=c) + f"/offline-discrepancies/{flag['passageId']}/resolution"
    assert call(client, "POST", resolve, manager, {"note": ""})[0] == 400
    assert call(client, "POST", resolve, guard, {"note": "x"})[0] == 403
    status, resolved = call(client, "POST", resolve, manager, {"note": "访客车辆，入口摄像头未识别"})
    assert status == 201, resolved
    assert resolved["resolution"]["note"] == "访客车辆，入口摄像头未识别" and resolved["resolution"]["by"] == "mgr-1"
    status, again = call(client, "POST", resolve, manager, {"note": "again"})
    assert status == 409 and again["error"]["code"] == "ALREADY_RESOLVED"
    flags = call(client, "GET", STAFF.format(c=c) + "/offline-discrepancies", guard)[1]["items"]
    assert stranger["plate"] not in [f["plate"] for f in flags]
    status, none = call(
        client, "POST", STAFF.format(c=c) + "/offline-discrepancies/nope/resolution", manager, {"note": "x"}
    )
    assert status == 404 and none["error"]["code"] == "DISCREPANCY_NOT_FOUND"
