"""Commands end to end on the `make up` stack: API -> Step Functions -> Mosquitto -> simulated device (mTLS, its own
certificate issued by the API) -> ack on its topic -> rules bridge -> ingestion -> workflow -> command done.
A silent device lets the workflow time out."""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from infra.localcloud.mosquitto import find_mosquitto
from iot.simulator.run import Behaviour, SimulatedDevice
from tests.e2e.device_support import provisioned_device, registry_building, staff_api, wait_for_command

pytestmark = pytest.mark.skipif(find_mosquitto() is None, reason="mosquitto binary not installed")

QUIET = Behaviour(telemetry_every=3600, heartbeat_every=3600, fault_probability=0, alarm_probability=0)


def simulate(
    stack: dict[str, Any], community: str, device: dict[str, Any], cert: Path, key: Path, behaviour: Behaviour
) -> SimulatedDevice:
    mqtt = stack["mqtt"]
    return SimulatedDevice(
        device["deviceId"],
        community,
        device["deviceType"],
        cert,
        key,
        mqtt["ca"],
        mqtt["host"],
        int(mqtt["port"]),
        behaviour,
    )


def door(building: str | None, unit: str) -> dict[str, Any]:
    """A door controller at a unit of a registry building, or (no building) at the community's north gate."""
    location = {"building": building, "unit": unit} if building else {"area": "north gate"}
    return {"deviceType": "door_controller", "name": f"{building or 'gate'} {unit} door", "location": location}


def test_acknowledged_command_is_done(stack: dict[str, Any], tmp_path: Path) -> None:
    community = "e2e-" + uuid.uuid4().hex[:8]
    api = staff_api(stack, community)
    device, cert, key = provisioned_device(api, tmp_path, door(None, "U1"))
    with simulate(stack, community, device, cert, key, QUIET) as sim:
        started = time.monotonic()
        status, command = api(
            "POST",
            f"/devices/{device['deviceId']}/commands",
            {"name": "open_door", "params": {"durationS": 5}, "ackTimeoutSeconds": 20},
        )
        assert status == 202, command
        done = wait_for_command(api, command["commandId"], {"done", "rejected", "failed", "timed_out"})
        elapsed = time.monotonic() - started
    assert done["status"] == "done", done
    assert done["ackStatus"] == "done"
    assert [h["status"] for h in done["history"]] == ["pending", "sent", "done"]
    assert [m["commandId"] for m in sim.received] == [command["commandId"]]
    assert sim.received[0]["params"] == {"durationS": 5}
    print(f"open_door round trip (API -> device ack -> done): {elapsed:.2f}s")


def test_silent_device_times_out(stack: dict[str, Any], tmp_path: Path) -> None:
    community = "e2e-" + uuid.uuid4().hex[:8]
    api = staff_api(stack, community)
    device, cert, key = provisioned_device(api, tmp_path, door(None, "U1"))
    silent = Behaviour(**{**QUIET.__dict__, "ack": "silent"})
    with simulate(stack, community, device, cert, key, silent) as sim:
        status, command = api(
            "POST", f"/devices/{device['deviceId']}/commands", {"name": "open_door", "ackTimeoutSeconds": 2}
        )
        assert status == 202, command
        final = wait_for_command(api, command["commandId"], {"done", "rejected", "failed", "timed_out"})
    assert final["status"] == "timed_out", final
    assert final["ackStatus"] is None
    assert [m["commandId"] for m in sim.received] == [command["commandId"]], "it was delivered, never answered"


def test_a_device_answering_done_then_failed_back_to_back_keeps_its_first_answer(
    stack: dict[str, Any], tmp_path: Path
) -> None:
    """The review's exchange: a device publishes `done` and `failed` for one command back to back (both QoS 1 PUBLISHes
    in flight at once). Whichever the cloud takes first settles the command; the status agrees with the recorded ack
    and the other answer is on the timeline as ignored."""
    from awscrt import mqtt5

    from iot.simulator import payloads
    from iot.topics import COMMANDS_ACK

    community = "e2e-" + uuid.uuid4().hex[:8]
    api = staff_api(stack, community)
    device, cert, key = provisioned_device(api, tmp_path, door(None, "U1"))
    outcomes = []
    silent = Behaviour(**{**QUIET.__dict__, "ack": "silent"})
    with simulate(stack, community, device, cert, key, silent) as sim:
        for _ in range(3):
            status, command = api(
                "POST", f"/devices/{device['deviceId']}/commands", {"name": "open_door", "ackTimeoutSeconds": 20}
            )
            assert status == 202, command
            deadline = time.monotonic() + 15
            while command["commandId"] not in [m.get("commandId") for m in sim.received]:
                assert time.monotonic() < deadline, "the command never reached the device"
                time.sleep(0.05)
            assert sim.client is not None
            futures = [
                sim.client.client.publish(
                    mqtt5.PublishPacket(
                        topic=sim.topic(COMMANDS_ACK),
                        payload=json.dumps(payloads.ack(command["commandId"], answer, answer)).encode(),
                        qos=mqtt5.QoS.AT_LEAST_ONCE,
                    )
                )
                for answer in ("done", "failed")
            ]
            for future in futures:
                future.result(10)
            final = wait_for_command(api, command["commandId"], {"done", "failed"})
            deadline = time.monotonic() + 10
            while not any(h["status"] == "ack_ignored" for h in final["history"]) and time.monotonic() < deadline:
                time.sleep(0.2)
                final = wait_for_command(api, command["commandId"], {"done", "failed"})
            assert final["status"] in ("done", "failed"), final
            assert final["ackStatus"] == final["status"] and final["ackDetail"] == final["status"], final
            loser = "failed" if final["status"] == "done" else "done"
            assert [h["status"] for h in final["history"]] == ["pending", "sent", final["status"], "ack_ignored"]
            assert final["history"][-1]["ackStatus"] == loser, final["history"]
            outcomes.append(final["status"])
    print(f"done then failed back to back, 3 rounds: final statuses {outcomes}")


def test_fire_unlock_reaches_every_door_of_the_building_and_its_shadow(stack: dict[str, Any], tmp_path: Path) -> None:
    community, building = registry_building(stack)
    api = staff_api(stack, community)
    sims = []
    try:
        for unit in ("U1", "U2"):
            device, cert, key = provisioned_device(api, tmp_path, door(building, unit))
            sims.append(simulate(stack, community, device, cert, key, QUIET).start())
        status, result = api(
            "POST", f"/buildings/{building}/unlock-doors", {"reason": "fire alarm", "ackTimeoutSeconds": 20}
        )
        assert status == 202, result
        assert len(result["commandIds"]) == 2
        finals = [
            wait_for_command(api, cid, {"done", "rejected", "failed", "timed_out"}) for cid in result["commandIds"]
        ]
        assert [f["status"] for f in finals] == ["done", "done"]
        deadline = time.monotonic() + 5
        while any(s.desired.get("mode") != "fire_release" for s in sims) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [s.desired.get("mode") for s in sims] == ["fire_release", "fire_release"]
    finally:
        for sim in sims:
            sim.stop()
