"""Parking end to end on the `make up` stack: simulated barriers (their own certificates, mTLS, Mosquitto) send
plate events; the rules bridge hands each to `parking_plate_event`; the decision reaches the barrier as a device
command it acknowledges. A temporary car enters, a driver signed in through the (fake) WeChat login pays at the
exit through the payments capability (the local WeChat Pay pays 3 s later and notifies the API), the payments
capability tells parking on PaymentSettledQueue, and the exit barrier receives `open_gate` (reason `payment`)."""

from __future__ import annotations

import random
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

import pytest

from infra.localcloud.mosquitto import find_mosquitto
from iot.simulator.run import Behaviour, SimulatedDevice
from tests.e2e.device_support import provisioned_device, staff_api, wait_for_command
from tests.e2e.test_stack_up import http

pytestmark = pytest.mark.skipif(find_mosquitto() is None, reason="mosquitto binary not installed")

QUIET = Behaviour(telemetry_every=3600, heartbeat_every=3600, fault_probability=0, alarm_probability=0)


def barrier(stack: dict[str, Any], community: str, device_id: str, cert: Any, key: Any) -> SimulatedDevice:
    mqtt = stack["mqtt"]
    return SimulatedDevice(
        device_id, community, "barrier_gate", cert, key, mqtt["ca"], mqtt["host"], int(mqtt["port"]), QUIET
    )


def a_plate() -> str:
    return "川A" + "".join(random.choice("0123456789") for _ in range(5))


def wait_for_open(sim: SimulatedDevice, plate: str, reason: str | None = None, timeout: float = 90) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in sim.received:
            params = message.get("params") or {}
            wanted = reason is None or params.get("reason") == reason
            if message.get("name") == "open_gate" and params.get("plate") == plate and wanted:
                return message
        time.sleep(0.05)
    raise AssertionError(f"the barrier never opened for {plate}: {sim.received}")


def test_a_temporary_car_drives_in_pays_at_the_exit_and_the_barrier_opens(
    stack: dict[str, Any], tmp_path: Path
) -> None:
    community = "e2e-" + uuid.uuid4().hex[:8]
    manager = staff_api(stack, community)
    devices = []
    for name in ("入口道闸", "出口道闸"):
        body = {"deviceType": "barrier_gate", "name": name, "location": {"area": "停车场"}}
        devices.append(provisioned_device(manager, tmp_path, body))
    (entry, entry_cert, entry_key), (exit_, exit_cert, exit_key) = devices
    park = {
        "parkId": "p1",
        "name": "地面停车场",
        "capacity": 10,
        "tariff": {"freeMinutes": 0, "unitMinutes": 60, "dayRateFen": 300, "nightRateFen": 100},
        "barriers": [
            {"deviceId": entry["deviceId"], "direction": "in"},
            {"deviceId": exit_["deviceId"], "direction": "out"},
        ],
    }
    status, created = manager("POST", "/parking/parks", park)
    assert status == 201, created
    plate = a_plate()
    with (
        barrier(stack, community, entry["deviceId"], entry_cert, entry_key) as gate_in,
        barrier(stack, community, exit_["deviceId"], exit_cert, exit_key) as gate_out,
    ):
        assert gate_in.send_plate(plate, "in")
        opened = wait_for_open(gate_in, plate, "entry")
        done = wait_for_command(manager, opened["commandId"], {"done", "failed", "timed_out"})
        assert done["status"] == "done", done  # the barrier acknowledged
        status, parks = manager("GET", "/parking/parks")
        assert parks["items"][0]["occupied"] == 1, parks

        # No free minutes here, but a stay of no whole second is no stay yet (the fee rule counts whole seconds, and
        # `freeMinutes: 0` leaves a stay of 0 s free): the exit is read once the car owes its first hour, as the
        # driver's own quote says. Read before that, the car rightly leaves free (an `exit` opening).
        status, session = http("POST", stack["api"] + "/v1/public/resident/login", {"code": "driver-" + plate})
        assert status == 200, session
        driver = session["accessToken"]
        resident = f"{stack['api']}/v1/resident/communities/{community}/parking"
        deadline = time.monotonic() + 10
        while True:
            status, quote = http("GET", f"{resident}/fees?plate={quote_plus(plate)}", token=driver)
            assert status == 200, quote
            if quote["dueFen"] > 0 or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert quote["dueFen"] in (100, 300), quote
        assert gate_out.send_plate(plate, "out")
        deadline = time.monotonic() + 90
        while not any(m.get("name") == "show_message" for m in gate_out.received):
            assert time.monotonic() < deadline, f"the exit never showed the fee: {gate_out.received}"
            time.sleep(0.05)
        shown = next(m for m in gate_out.received if m.get("name") == "show_message")
        assert plate in shown["params"]["text"] and "元" in shown["params"]["text"]
        assert not any(m.get("name") == "open_gate" for m in gate_out.received), "unpaid: the exit stays closed"
        assert not any(m.get("name") == "open_gate" for m in gate_in.received[1:]), "the entry opened once"

        status, paid = http("POST", resident + "/payments", {"plate": plate}, driver)
        assert status == 201, paid
        assert paid["order"]["amountFen"] == quote["dueFen"]
        assert paid["requestPayment"]["package"].startswith("prepay_id=")

        opened = wait_for_open(gate_out, plate, "payment", timeout=40)  # WeChat Pay pays 3 s after ordering
        done = wait_for_command(manager, opened["commandId"], {"done", "failed", "timed_out"})
        assert done["status"] == "done", done
        status, quote = http("GET", f"{resident}/fees?plate={quote_plus(plate)}", token=driver)
        assert (status, quote["error"]["code"]) == (404, "STAY_NOT_FOUND"), "the car has left"
        status, parks = manager("GET", "/parking/parks")
        assert parks["items"][0]["occupied"] == 0, parks

        # the same car read again at the exit: it left on that payment, nothing opens
        opens = sum(m.get("name") == "open_gate" for m in gate_out.received)
        assert gate_out.send_plate(plate, "out")
        time.sleep(2)
        assert sum(m.get("name") == "open_gate" for m in gate_out.received) == opens


def test_the_seeded_car_park_lets_a_car_in_and_out_within_its_free_minutes(
    stack: dict[str, Any], tmp_path: Path
) -> None:
    seeded = stack["demo"]["parking"]
    community, entry, exit_ = seeded["communityId"], seeded["entry"], seeded["exit"]
    plate = a_plate()
    with (
        barrier(stack, community, entry["deviceId"], entry["cert"], entry["key"]) as gate_in,
        barrier(stack, community, exit_["deviceId"], exit_["cert"], exit_["key"]) as gate_out,
    ):
        assert gate_in.send_plate(plate, "in")
        wait_for_open(gate_in, plate, "entry")
        assert gate_out.send_plate(plate, "out")
        wait_for_open(gate_out, plate)


def test_barriers_back_online_upload_their_offline_decisions_and_staff_see_the_unpaid_exit(
    stack: dict[str, Any], tmp_path: Path
) -> None:
    """Both barriers decided by themselves while the cloud was unreachable (a guard let a car in by hand, the exit
    let it out an hour later); back online, each uploads its passages over MQTT (`offline_passages`): the stay is
    started and ended at those times, the unpaid exit is listed with what the car owed; the same upload again (a
    retried publish) changes nothing."""
    from datetime import UTC, datetime, timedelta

    from iot.simulator import payloads

    community = "e2e-" + uuid.uuid4().hex[:8]
    manager = staff_api(stack, community)
    devices = []
    for name in ("入口道闸", "出口道闸"):
        body = {"deviceType": "barrier_gate", "name": name, "location": {"area": "停车场"}}
        devices.append(provisioned_device(manager, tmp_path, body))
    (entry, entry_cert, entry_key), (exit_, exit_cert, exit_key) = devices
    park = {
        "parkId": "p1",
        "name": "地面停车场",
        "capacity": 10,
        "tariff": {"freeMinutes": 15, "unitMinutes": 60, "dayRateFen": 300, "nightRateFen": 100},
        "barriers": [
            {"deviceId": entry["deviceId"], "direction": "in"},
            {"deviceId": exit_["deviceId"], "direction": "out"},
        ],
    }
    status, created = manager("POST", "/parking/parks", park)
    assert status == 201, created
    plate, now = a_plate(), datetime.now(UTC)
    came = payloads.offline_passage(plate, "in", "open", now - timedelta(hours=2), "manual")
    went = payloads.offline_passage(plate, "out", "open", now - timedelta(hours=1), "manual")
    with (
        barrier(stack, community, entry["deviceId"], entry_cert, entry_key) as gate_in,
        barrier(stack, community, exit_["deviceId"], exit_cert, exit_key) as gate_out,
    ):
        assert gate_in.send_offline_passages([came])
        deadline = time.monotonic() + 60
        while manager("GET", "/parking/parks")[1]["items"][0]["occupied"] != 1:
            assert time.monotonic() < deadline, "the offline entry never started a stay"
            time.sleep(0.2)
        assert gate_out.send_offline_passages([went])
        deadline = time.monotonic() + 60
        while not (unpaid := manager("GET", "/parking/unpaid-exits")[1]["items"]):
            assert time.monotonic() < deadline, "the offline exit never showed as unpaid"
            time.sleep(0.2)
        assert [(u["plate"], u["deviceId"]) for u in unpaid] == [(plate, exit_["deviceId"])]
        assert unpaid[0]["dueFen"] in (100, 300), unpaid  # one hour past the free minutes, by night or by day
        assert manager("GET", "/parking/parks")[1]["items"][0]["occupied"] == 0
        # the same uploads again: nothing moves
        assert gate_in.send_offline_passages([came]) and gate_out.send_offline_passages([went])
        time.sleep(3)
        assert manager("GET", "/parking/parks")[1]["items"][0]["occupied"] == 0
        assert manager("GET", "/parking/unpaid-exits")[1]["items"] == unpaid


def test_the_demo_patrol_route_is_seeded(stack: dict[str, Any]) -> None:
    seeded = stack["demo"]["patrol"]
    guard = staff_api(stack, seeded["communityId"], "staff.guard")
    status, points = guard("GET", "/patrol/checkpoints")
    assert status == 200 and sorted(p["tagId"] for p in points["items"]) == sorted(seeded["tags"]), points
