"""Device shadows: the desired state of devices that keep state (catalogue `keeps_state`).

In AWS the shadow service keeps the document (`iot-data` UpdateThingShadow) and sends the device the delta. The
local Mosquitto broker has no shadow service, so the local cloud publishes the same update document on
`$aws/things/{thing}/shadow/update`, the topic a device (and the simulator) listens on.

`ShadowMirroringPublisher` wraps the command publisher: when the command workflow publishes a state-setting command
to a stateful device, the shadow's desired state is updated first, at the moment the command is really sent (a
scheduled command changes the shadow when it fires, not when it is requested).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, Protocol

from chalicelib.domain.device_commands import desired_state


class ShadowUpdater(Protocol):
    def update_desired(self, thing_name: str, desired: dict[str, Any]) -> None: ...


class MqttShadow:
    def update_desired(self, thing_name: str, desired: dict[str, Any]) -> None:
        from chalicelib.gateways.iot_publisher import MqttPublisher

        MqttPublisher().publish(f"$aws/things/{thing_name}/shadow/update", {"state": {"desired": desired}}, qos=1)


def shadows() -> ShadowUpdater:
    from chalicelib.gateways.iot_publisher import IotDataPublisher

    return MqttShadow() if os.environ.get("IOT_PUBLISH_MODE") == "mqtt" else IotDataPublisher()


class ShadowMirroringPublisher:
    def __init__(self, inner: Any, shadow: ShadowUpdater, device_type_of: Callable[[str, str], str | None]):
        self.inner = inner
        self.shadow = shadow
        self.device_type_of = device_type_of

    def publish(self, topic: str, payload: dict[str, Any], qos: int = 1) -> None:
        from iot import catalogue
        from iot.topics import COMMANDS, parse_topic

        parts = parse_topic(topic)
        if parts is not None and parts.kind == COMMANDS and isinstance(payload.get("name"), str):
            desired = desired_state(payload["name"], payload.get("params") or {})
            if desired is not None:
                device_type = self.device_type_of(parts.community_id, parts.thing_name)
                if device_type is not None and catalogue.get_type(device_type).keeps_state:
                    self._mirror(parts.thing_name, desired)
        self.inner.publish(topic, payload, qos=qos)

    def _mirror(self, thing_name: str, desired: dict[str, Any]) -> None:
        """Best effort: the command itself is what must reach the device (a door must open even when the shadow
        service is unavailable); a failed shadow update is logged and counted for an alarm."""
        try:
            self.shadow.update_desired(thing_name, desired)
        except Exception:
            from aws_lambda_powertools.metrics import MetricUnit

            from chalicelib.observability import logger, metrics

            logger.exception("shadow update failed", extra={"thing": thing_name})
            metrics.add_metric(name="ShadowUpdateFailed", unit=MetricUnit.Count, value=1)
