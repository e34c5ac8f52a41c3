"""Certificate revocation really locks a device out of the local broker, as AWS IoT does: its live session is closed
and it cannot reconnect; a rotated-out certificate stops working while the new one connects."""

from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from infra.localcloud.mosquitto import find_mosquitto
from iot import mqtt_client
from iot.mqtt_client import MqttConnectError
from iot.topics import TELEMETRY, topic_for
from tests.e2e.device_support import provisioned_device, staff_api

pytestmark = pytest.mark.skipif(find_mosquitto() is None, reason="mosquitto binary not installed")


def connect(stack: dict[str, Any], device_id: str, cert: Path, key: Path) -> mqtt_client.MqttClient:
    mqtt = stack["mqtt"]
    return mqtt_client.connect_mtls(mqtt["host"], int(mqtt["port"]), mqtt["ca"], cert, key, device_id, timeout=5)


def sensor() -> dict[str, Any]:
    return {"deviceType": "water_leak_sensor", "name": "Pump room leak", "location": {"area": "pump room"}}


def test_revoked_certificate_is_disconnected_and_cannot_reconnect(stack: dict[str, Any], tmp_path: Path) -> None:
    community = "e2e-" + uuid.uuid4().hex[:8]
    api = staff_api(stack, community)
    device, cert, key = provisioned_device(api, tmp_path, sensor())
    live = connect(stack, device["deviceId"], cert, key)
    try:
        topic = topic_for(community, device["deviceId"], TELEMETRY)
        assert mqtt_client.publish(live, topic, {"ok": True}) is not None  # connected and authorised

        started = time.monotonic()
        status, revoked = api("POST", f"/devices/{device['deviceId']}/certificate/revoke", {"reason": "stolen"})
        assert status == 200 and revoked["status"] == "REVOKED", revoked
        assert live.disconnected.wait(5), "the live session was not closed"
        print(f"revoke -> disconnected in {time.monotonic() - started:.2f}s")
        with pytest.raises(MqttConnectError):
            connect(stack, device["deviceId"], cert, key)
    finally:
        mqtt_client.disconnect(live)


def test_rotation_retires_the_old_certificate_only(stack: dict[str, Any], tmp_path: Path) -> None:
    community = "e2e-" + uuid.uuid4().hex[:8]
    api = staff_api(stack, community)
    device, old_cert, old_key = provisioned_device(api, tmp_path, sensor())
    status, rotated = api("POST", f"/devices/{device['deviceId']}/certificate/rotate")
    assert status == 201, rotated
    new_cert, new_key = tmp_path / "new.pem", tmp_path / "new.key"
    new_cert.write_text(rotated["certificatePem"])
    new_key.touch(mode=0o600)
    new_key.write_text(rotated["privateKeyPem"])
    with pytest.raises(MqttConnectError):
        connect(stack, device["deviceId"], old_cert, old_key)
    client = connect(stack, device["deviceId"], new_cert, new_key)
    mqtt_client.disconnect(client)
