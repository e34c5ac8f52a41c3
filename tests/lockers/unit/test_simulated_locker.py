"""The simulated parcel locker (iot/simulator/run.py): armed by `set_pickup_code` with the code's keyed hash, it
opens (and reports the pick-up) for the right code only; a remote open reports an `app` pick-up."""

from __future__ import annotations

import json
from typing import Any

import pytest

from chalicelib.lockers.model import code_hash
from iot.simulator import run


def _locker(monkeypatch: pytest.MonkeyPatch) -> tuple[run.SimulatedDevice, list[tuple[str, Any]]]:
    sent: list[tuple[str, Any]] = []
    monkeypatch.setattr(run.mqtt_client, "publish", lambda _c, topic, message, qos=1: sent.append((topic, message)))
    device = run.SimulatedDevice("locker-1", "c-1", "parcel_locker", "cert", "key", "ca", houses=("h-1",))
    device._client = object()  # type: ignore[assignment]
    return device, sent


def _command(device: run.SimulatedDevice, name: str, params: dict[str, Any]) -> None:
    message = {"commandId": "cmd-" + name, "name": name, "params": params}
    device._handle(device.topic("commands"), json.dumps(message).encode())


def test_a_typed_code_opens_only_when_it_matches_the_armed_hash(monkeypatch: pytest.MonkeyPatch) -> None:
    device, sent = _locker(monkeypatch)
    assert device.send_parcel("h-1", "A05") == "A05"
    _command(
        device, "set_pickup_code", {"compartment": "A05", "parcelRef": "pc-1", "codeHash": code_hash("pc-1", "123456")}
    )
    assert not device.pick_up_with_code("A05", "123457")
    assert device.pick_up_with_code("A05", "123456")
    assert not device.pick_up_with_code("A05", "123456"), "once"
    events = [m for t, m in sent if t.endswith("/events")]
    assert [(e["event"], e["data"].get("method")) for e in events] == [
        ("parcel_stored", None),
        ("parcel_picked_up", "code"),
    ]
    assert events[0]["data"]["houseId"] == "h-1"


def test_a_remote_open_reports_an_app_pick_up(monkeypatch: pytest.MonkeyPatch) -> None:
    device, sent = _locker(monkeypatch)
    device.send_parcel("h-1", "A09")
    _command(device, "open_compartment", {"compartment": "A09", "reason": "pickup"})
    kinds = [(t.rsplit("/", 2)[-2:], m.get("event") or m.get("status")) for t, m in sent]
    assert kinds[-2:] == [
        (["commands", "ack"], "done"),
        (["locker-1", "events"], "parcel_picked_up"),
    ]
    assert "A09" not in device.compartments
