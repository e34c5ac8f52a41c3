"""The simulated device (iot/simulator/run.py) sends a heartbeat only after a whole heartbeat period without any other
message: telemetry is a sign of life too (the cloud updates presence from any accepted message)."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from iot.simulator import run
from iot.topics import HEARTBEAT


def test_heartbeat_due_only_after_a_silent_period() -> None:
    assert run.heartbeat_due(100.0, -float("inf"), 60)  # nothing sent yet: first contact
    assert not run.heartbeat_due(100.0, 50.0, 60)
    assert run.heartbeat_due(110.0, 50.0, 60)


def _device(behaviour: run.Behaviour, monkeypatch: pytest.MonkeyPatch) -> tuple[run.SimulatedDevice, list[str]]:
    sent: list[str] = []
    lock = threading.Lock()

    def publish(_client: Any, topic: str, _message: Any, qos: int = 1) -> None:
        with lock:
            sent.append(topic.rsplit("/", 1)[-1] if topic.endswith(HEARTBEAT) else topic)

    monkeypatch.setattr(run.mqtt_client, "publish", publish)
    device = run.SimulatedDevice("dev-1", "c-1", "smoke_detector", "cert", "key", "ca", behaviour=behaviour)
    device._client = object()  # type: ignore[assignment]
    return device, sent


def _run_for(device: run.SimulatedDevice, seconds: float) -> None:
    thread = threading.Thread(target=device._run, daemon=True)
    thread.start()
    time.sleep(seconds)
    device._stop.set()
    thread.join(timeout=5)


def test_a_device_reporting_telemetry_more_often_sends_one_heartbeat_only(monkeypatch: pytest.MonkeyPatch) -> None:
    behaviour = run.Behaviour(telemetry_every=0.05, heartbeat_every=0.3, fault_probability=0, alarm_probability=0)
    device, _sent = _device(behaviour, monkeypatch)
    _run_for(device, 1.2)
    assert device.counters.telemetry >= 5
    assert device.counters.heartbeats == 1, "only the first contact, before any telemetry"


def test_a_quiet_device_keeps_its_heartbeat_period(monkeypatch: pytest.MonkeyPatch) -> None:
    behaviour = run.Behaviour(telemetry_every=3600, heartbeat_every=0.2, fault_probability=0, alarm_probability=0)
    device, sent = _device(behaviour, monkeypatch)
    _run_for(device, 1.1)
    assert device.counters.heartbeats >= 4
    assert device.counters.telemetry <= 1
    assert sent.count(HEARTBEAT) == device.counters.heartbeats


def test_telemetry_due_with_the_heartbeat_goes_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    behaviour = run.Behaviour(telemetry_every=0.2, heartbeat_every=0.2, fault_probability=0, alarm_probability=0)
    device, _sent = _device(behaviour, monkeypatch)
    _run_for(device, 1.1)
    assert device.counters.telemetry >= 4
    assert device.counters.heartbeats <= 1, "a heartbeat only before the first telemetry"
