"""Small blocking helpers around the awsiotsdk / awscrt MQTT5 client with mutual TLS.

Shared by the e2e tests, the device simulator and the rules bridge. Works against both the local
Mosquitto stand-in (``infra.localcloud.mosquitto``) and AWS IoT Core.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from awscrt import mqtt5
from awsiot import mqtt5_client_builder

MessageHandler = Callable[[str, bytes], None]
"""Called with ``(topic, payload)`` for every received PUBLISH, on an awscrt event-loop thread."""


class MqttConnectError(ConnectionError):
    """The client could not connect (TLS refused, CONNACK failure or timeout)."""

    def __init__(self, message: str, reason_code: mqtt5.ConnectReasonCode | None = None) -> None:
        super().__init__(message)
        self.reason_code = reason_code


@dataclass
class MqttClient:
    """A connected awscrt MQTT5 client plus the lifecycle state the helpers wait on.

    ``disconnected`` is set on each connection loss and stays set (awscrt reconnects by itself, with a clean session)
    until the owner clears it: ``DynsecAdmin`` does when it subscribes again.
    """

    client: mqtt5.Client
    client_id: str
    connected: threading.Event = field(default_factory=threading.Event)
    stopped: threading.Event = field(default_factory=threading.Event)
    disconnected: threading.Event = field(default_factory=threading.Event)
    failure: BaseException | None = None
    connack: mqtt5.ConnackPacket | None = None
    negotiated: mqtt5.NegotiatedSettings | None = None

    @property
    def is_connected(self) -> bool:
        return self.connected.is_set() and not self.disconnected.is_set() and not self.stopped.is_set()


def _encode(payload: bytes | str | dict[str, Any]) -> bytes:
    if isinstance(payload, bytes):
        return payload
    if isinstance(payload, str):
        return payload.encode("utf-8")
    return json.dumps(payload, separators=(",", ":"), sort_keys=True).encode("utf-8")


def connect_mtls(
    host: str,
    port: int,
    ca: str | Path,
    cert: str | Path,
    key: str | Path,
    client_id: str,
    on_message: MessageHandler | None = None,
    timeout: float = 5.0,
    keep_alive_secs: int = 30,
) -> MqttClient:
    """Connect with a client certificate and wait for CONNACK; raises :class:`MqttConnectError`."""
    holder: dict[str, MqttClient] = {}
    connected, stopped, settled = (threading.Event(), threading.Event(), threading.Event())
    disconnected = threading.Event()
    failure: list[mqtt5.LifecycleConnectFailureData] = []

    def on_success(data: mqtt5.LifecycleConnectSuccessData) -> None:
        if "client" in holder:
            holder["client"].connack = data.connack_packet
            holder["client"].negotiated = data.negotiated_settings
        connected.set()
        settled.set()

    def on_failure(data: mqtt5.LifecycleConnectFailureData) -> None:
        failure.append(data)
        settled.set()

    def on_disconnection(_data: mqtt5.LifecycleDisconnectData) -> None:
        disconnected.set()

    def on_publish(data: mqtt5.PublishReceivedData) -> None:
        if on_message is not None:
            packet = data.publish_packet
            on_message(packet.topic, bytes(packet.payload or b""))

    client = mqtt5_client_builder.mtls_from_path(
        endpoint=host,
        port=port,
        cert_filepath=str(cert),
        pri_key_filepath=str(key),
        ca_filepath=str(ca),
        client_id=client_id,
        keep_alive_interval_sec=keep_alive_secs,
        enable_metrics_collection=False,
        on_publish_received=on_publish,
        on_lifecycle_connection_success=on_success,
        on_lifecycle_connection_failure=on_failure,
        on_lifecycle_disconnection=on_disconnection,
        on_lifecycle_stopped=lambda _data: stopped.set(),
    )
    wrapper = MqttClient(
        client=client, client_id=client_id, connected=connected, stopped=stopped, disconnected=disconnected
    )
    holder["client"] = wrapper
    client.start()
    settled.wait(timeout)
    if connected.is_set():
        return wrapper
    client.stop()
    stopped.wait(timeout)
    if failure:
        data = failure[0]
        code = data.connack_packet.reason_code if data.connack_packet else None
        wrapper.failure = data.exception
        raise MqttConnectError(f"connect to {host}:{port} as {client_id!r} failed: {data.exception}", code)
    raise MqttConnectError(f"connect to {host}:{port} as {client_id!r} timed out after {timeout}s")


def publish(
    client: MqttClient,
    topic: str,
    payload: bytes | str | dict[str, Any],
    qos: int = 1,
    timeout: float = 5.0,
    retain: bool = False,
) -> mqtt5.PubackReasonCode | None:
    """Publish and wait for completion; returns the PUBACK reason code (``None`` for QoS 0).

    Raises the awscrt error when the client rejects the packet (e.g. larger than the broker's
    maximum packet size) and ``TimeoutError`` when no PUBACK arrives in time.
    """
    packet = mqtt5.PublishPacket(topic=topic, payload=_encode(payload), qos=mqtt5.QoS(qos), retain=retain)
    future = client.client.publish(packet)
    try:
        result: mqtt5.PublishCompletionData = future.result(timeout)
    except TimeoutError:
        future.cancel()
        raise
    return result.puback.reason_code if result.puback is not None else None


def subscribe(client: MqttClient, topic_filter: str, qos: int = 1, timeout: float = 5.0) -> mqtt5.SubackReasonCode:
    """Subscribe to one filter and return its SUBACK reason code (``GRANTED_QOS_*`` on success)."""
    packet = mqtt5.SubscribePacket(subscriptions=[mqtt5.Subscription(topic_filter, mqtt5.QoS(qos))])
    suback: mqtt5.SubackPacket = client.client.subscribe(packet).result(timeout)
    return suback.reason_codes[0]


def unsubscribe(client: MqttClient, topic_filter: str, timeout: float = 5.0) -> None:
    client.client.unsubscribe(mqtt5.UnsubscribePacket(topic_filters=[topic_filter])).result(timeout)


def is_granted(code: mqtt5.SubackReasonCode) -> bool:
    return int(code) < 0x80


def disconnect(client: MqttClient, timeout: float = 5.0) -> None:
    """Send DISCONNECT, stop the client and wait until it has stopped."""
    if client.stopped.is_set():
        return
    client.client.stop(mqtt5.DisconnectPacket())
    client.stopped.wait(timeout)
