"""Parcel lockers end to end on the `make up` stack: the seeded locker (its own certificate, mTLS, Mosquitto) holds
the seeded parcel for the demo resident's house; a simulated courier deposits another; the rules bridge copies the
event to LockersEventsQueue and `lockers_events` makes the parcel; the resident sees it, opens its compartment
from the mini-program (a device command the locker acknowledges), the locker reports the pick-up and the parcel
is closed."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

from infra.localcloud.mosquitto import find_mosquitto
from iot.simulator.run import Behaviour, SimulatedDevice
from tests.e2e.device_support import stack_token
from tests.e2e.test_stack_up import http

pytestmark = pytest.mark.skipif(find_mosquitto() is None, reason="mosquitto binary not installed")

QUIET = Behaviour(
    telemetry_every=3600, heartbeat_every=3600, fault_probability=0, alarm_probability=0, parcel_probability=0
)


def until(found: Callable[[], Any], what: str, timeout: float = 30) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = found()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"never: {what}")


def test_a_deposit_reaches_the_household_and_a_remote_open_collects_it(stack: dict[str, Any]) -> None:
    seeded = stack["demo"]["lockers"]
    community, locker_id, house = seeded["communityId"], seeded["lockerId"], seeded["houses"][0]
    [locker] = [d for d in stack["demo"]["devices"]["devices"] if d["deviceId"] == locker_id]
    token = stack_token(stack, community, "resident.owner", kind="resident", households=[house])
    base = f"{stack['api']}/v1/resident/communities/{community}/houses/{house}/parcels"

    def listed() -> list[dict[str, Any]]:
        status, body = http("GET", base, token=token)
        assert status == 200, body
        return list(body["items"])

    assert [p["parcelId"] for p in listed() if p["compartment"] == "A01"] == [seeded["demoParcel"]]
    mqtt = stack["mqtt"]
    with SimulatedDevice(
        locker_id,
        community,
        "parcel_locker",
        locker["cert"],
        locker["key"],
        mqtt["ca"],
        mqtt["host"],
        int(mqtt["port"]),
        QUIET,
        houses=(house,),
    ) as sim:
        assert sim.send_parcel(house, "A07") == "A07"
        parcel = until(
            lambda: next((p for p in listed() if p["compartment"] == "A07" and p["status"] == "waiting"), None),
            "the deposit reached the household's list",
        )
        status, opened = http("POST", f"{base}/{parcel['parcelId']}/open", {}, token)
        assert status == 202, opened
        until(lambda: any(m.get("name") == "open_compartment" for m in sim.received), "the locker got the open command")
        closed = until(
            lambda: next(
                (p for p in listed() if p["parcelId"] == parcel["parcelId"] and p["status"] == "collected"), None
            ),
            "the pick-up closed the parcel",
        )
        assert closed["method"] == "app" and closed["openStatus"] == "done", closed
