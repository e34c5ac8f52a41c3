"""Publishing to devices: the IoT data plane in AWS, the local Mosquitto broker in the local cloud."""

from __future__ import annotations

import json
import os
import threading
from typing import Any, Protocol


class Publisher(Protocol):
    def publish(self, topic: str, payload: dict[str, Any], qos: int = 1) -> None: ...


class IotDataPublisher:
    """AWS IoT Core data plane (`iot-data` Publish). Endpoint from IOT_DATA_ENDPOINT (account-specific ATS host)."""

    def publish(self, topic: str, payload: dict[str, Any], qos: int = 1) -> None:
        from chalicelib.gateways.aws import client

        client("iot-data").publish(topic=topic, qos=qos, payload=json.dumps(payload).encode())

    def update_desired(self, thing_name: str, desired: dict[str, Any]) -> None:
        from chalicelib.gateways.aws import client

        body = json.dumps({"state": {"desired": desired}}).encode()
        client("iot-data").update_thing_shadow(thingName=thing_name, payload=body)


class MqttPublisher:
    """Local cloud: publish to Mosquitto over mTLS as the `cloud-commander` identity (one connection, reused)."""

    _lock = threading.Lock()
    _client: Any = None

    def _connect(self) -> Any:
        from iot.mqtt_client import connect_mtls

        with self._lock:
            if MqttPublisher._client is None:
                MqttPublisher._client = connect_mtls(
                    os.environ.get("MQTT_HOST", "127.0.0.1"),
                    int(os.environ["MQTT_PORT"]),
                    ca=os.environ["MQTT_CA"],
                    cert=os.environ["MQTT_COMMANDER_CERT"],
                    key=os.environ["MQTT_COMMANDER_KEY"],
                    client_id="cloud-commander",
                )
            return MqttPublisher._client

    def publish(self, topic: str, payload: dict[str, Any], qos: int = 1) -> None:
        from iot.mqtt_client import publish

        publish(self._connect(), topic, payload, qos=qos)

    @classmethod
    def close(cls) -> None:
        from iot.mqtt_client import disconnect

        with cls._lock:
            if cls._client is not None:
                disconnect(cls._client)
                cls._client = None


def publisher() -> Publisher:
    return MqttPublisher() if os.environ.get("IOT_PUBLISH_MODE") == "mqtt" else IotDataPublisher()
