"""The simulated information screen (iot/simulator/run.py): it acknowledges `show_notice` and `clear_notice`, keeps
what it shows by notice id, and its telemetry counts them."""

from __future__ import annotations

import json
from typing import Any

import pytest

from iot import catalogue
from iot.simulator import run


def test_a_screen_acks_shows_and_clears(monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[tuple[str, Any]] = []
    monkeypatch.setattr(run.mqtt_client, "publish", lambda _c, topic, message, qos=1: sent.append((topic, message)))
    device = run.SimulatedDevice("display-1", "c-1", "display", "cert", "key", "ca")
    device._client = object()  # type: ignore[assignment]
    show = {
        "noticeId": "nt-1",
        "title": "停水通知",
        "excerpt": "12月10日9时至12时停水",
        "noticeType": "property",
        "pinned": True,
        "until": "2026-12-10T04:00:00Z",
    }
    catalogue.validate_command("display", "show_notice", show)
    for command_id, name, params in (("cmd-1", "show_notice", show), ("cmd-2", "clear_notice", {"noticeId": "nt-1"})):
        message = {"commandId": command_id, "name": name, "params": params}
        device._handle(device.topic("commands"), json.dumps(message).encode())
        assert device.notices == ({"nt-1": show} if name == "show_notice" else {})
    acks = [(m["commandId"], m["status"]) for t, m in sent if t.endswith("/commands/ack")]
    assert acks == [("cmd-1", "done"), ("cmd-2", "done")]
    assert device.desired["showing"] == 0
