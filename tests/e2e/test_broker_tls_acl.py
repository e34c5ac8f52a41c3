"""End-to-end: Mosquitto with mTLS and the authorisation generated from the IoT device policy.

Observed behaviour of Mosquitto 2.0.11 (Debian bookworm) that these tests pin down:

- An unauthorised QoS 1 PUBLISH is answered with PUBACK reason code 0x87 NOT_AUTHORIZED and dropped.
- A SUBSCRIBE outside the client's role is refused in the SUBACK, as AWS IoT Core does: 0x87 NOT_AUTHORIZED in
  MQTT 5, 0x80 (failure) in MQTT 3.1.1. (The ``acl_file`` of Mosquitto 2.0 never checks a subscription, ``FIXME -
  implement ACL subscription strings``: it granted ``#``, ``$SYS/#`` and other devices' command topics and only
  filtered the deliveries. The broker's authorisation is now the dynamic-security plugin, infra/localcloud/dynsec.py.)
- A certificate of the broker's CA whose thing has no role (no policy attached) may connect, and do nothing else.
- ``max_packet_size`` is advertised in the MQTT5 CONNACK, so the awscrt client refuses oversized packets
  locally (``AWS_ERROR_MQTT5_PACKET_VALIDATION``); a client that ignores it is disconnected by the broker.
"""

from __future__ import annotations

import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from awscrt import io, mqtt5

from infra.localcloud.mosquitto import MAX_PACKET_SIZE, MosquittoBroker, find_mosquitto
from infra.localcloud.pki import LocalCA
from iot import mqtt_client
from iot.mqtt_client import MqttClient, MqttConnectError
from iot.topics import COMMANDS, TELEMETRY, topic_for

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(find_mosquitto() is None, reason="mosquitto binary not installed"),
]

WAIT = 3.0
QUIET = 0.3
# MQTT 3.1.1 CONNECT: clean session, keep-alive 10 s, empty client id (the broker forces the CN).
CONNECT_311 = bytes([0x10, 12, 0, 4]) + b"MQTT" + bytes([4, 0x02, 0, 10, 0, 0])
PRIVILEGED = {"rules-bridge": [("read", "sc/#")], "cloud-commander": [("write", "sc/+/+/commands")]}


def _logged(cloud: Any, text: str, timeout: float = 3.0) -> bool:
    """Mosquitto writes its log asynchronously: wait briefly for a line instead of racing it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in cloud.broker.log_path.read_text():
            return True
        time.sleep(0.05)
    return False


class Inbox:
    """Thread-safe collector for ``(topic, payload)`` messages delivered by awscrt callbacks."""

    def __init__(self) -> None:
        self._messages: list[tuple[str, bytes]] = []
        self._cond = threading.Condition()

    def __call__(self, topic: str, payload: bytes) -> None:
        with self._cond:
            self._messages.append((topic, payload))
            self._cond.notify_all()

    @property
    def messages(self) -> list[tuple[str, bytes]]:
        with self._cond:
            return list(self._messages)

    def topics(self) -> list[str]:
        return [topic for topic, _ in self.messages]

    def wait_for(self, topic: str, payload: bytes, timeout: float = WAIT) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: (topic, payload) in self._messages, timeout)

    def clear(self) -> None:
        with self._cond:
            self._messages.clear()


@dataclass
class Cloud:
    broker: MosquittoBroker
    ca: LocalCA
    clients: list[MqttClient]

    def connect(
        self,
        common_name: str,
        client_id: str | None = None,
        on_message: Callable[[str, bytes], None] | None = None,
        role: bool = True,
    ) -> MqttClient:
        """A client with a certificate for `common_name`; a thing gets its role from the device policy first
        (what issuing its certificate through the API does), unless `role` is False."""
        if role and common_name not in PRIVILEGED:
            self.broker.allow_thing(common_name)
        cert, key = self.ca.issue_client(common_name)
        client = mqtt_client.connect_mtls(
            self.broker.host,
            self.broker.port,
            self.ca.ca_path,
            cert,
            key,
            client_id or common_name,
            on_message=on_message,
            timeout=WAIT,
        )
        self.clients.append(client)
        return client


@pytest.fixture(scope="module")
def cloud(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cloud]:
    root = tmp_path_factory.mktemp("localcloud")
    ca = LocalCA(root / "ca")
    ca.ensure()
    with MosquittoBroker(root / "broker", ca, privileged=PRIVILEGED, die_with_parent=True) as broker:
        state = Cloud(broker=broker, ca=ca, clients=[])
        yield state
        for client in state.clients:
            mqtt_client.disconnect(client, timeout=WAIT)


@pytest.fixture(scope="module")
def bridge_inbox(cloud: Cloud) -> Inbox:
    inbox = Inbox()
    bridge = cloud.connect("rules-bridge", on_message=inbox)
    assert mqtt_client.subscribe(bridge, "sc/#") == mqtt5.SubackReasonCode.GRANTED_QOS_1
    return inbox


@pytest.fixture(scope="module")
def dev_a_inbox() -> Inbox:
    return Inbox()


@pytest.fixture(scope="module")
def dev_a(cloud: Cloud, dev_a_inbox: Inbox) -> MqttClient:
    return cloud.connect("dev-a", on_message=dev_a_inbox)


@pytest.fixture(scope="module")
def commander(cloud: Cloud) -> MqttClient:
    return cloud.connect("cloud-commander")


def test_broker_config_is_loopback_mtls(cloud: Cloud) -> None:
    conf = cloud.broker.conf_path.read_text()
    assert f"listener {cloud.broker.port} 127.0.0.1" in conf
    for line in (
        "require_certificate true",
        "use_identity_as_username true",
        "use_username_as_clientid true",
        "allow_anonymous false",
        "persistence false",
        f"max_packet_size {MAX_PACKET_SIZE}",
    ):
        assert line in conf.splitlines()
    assert cloud.broker.url == f"mqtts://127.0.0.1:{cloud.broker.port}"


def test_device_publish_on_own_topic_reaches_bridge(dev_a: MqttClient, bridge_inbox: Inbox) -> None:
    topic = topic_for("c1", "dev-a", TELEMETRY)
    code = mqtt_client.publish(dev_a, topic, {"temp": 21.5})
    assert code == mqtt5.PubackReasonCode.SUCCESS
    assert bridge_inbox.wait_for(topic, b'{"temp":21.5}')


def test_device_cannot_publish_as_other_device(dev_a: MqttClient, bridge_inbox: Inbox) -> None:
    foreign = topic_for("c1", "dev-b", TELEMETRY)
    assert mqtt_client.publish(dev_a, foreign, b"spoof") == mqtt5.PubackReasonCode.NOT_AUTHORIZED
    # Devices may not publish commands either, not even their own.
    own_commands = topic_for("c1", "dev-a", COMMANDS)
    assert mqtt_client.publish(dev_a, own_commands, b"spoof") == mqtt5.PubackReasonCode.NOT_AUTHORIZED
    # Fence: a later authorised message from the same client arrives after anything sent before it.
    fence = topic_for("c1", "dev-a", TELEMETRY)
    assert mqtt_client.publish(dev_a, fence, b"fence-1") == mqtt5.PubackReasonCode.SUCCESS
    assert bridge_inbox.wait_for(fence, b"fence-1")
    time.sleep(QUIET)
    assert foreign not in bridge_inbox.topics()
    assert own_commands not in bridge_inbox.topics()


def test_bridge_is_read_only(cloud: Cloud, bridge_inbox: Inbox) -> None:
    bridge = next(c for c in cloud.clients if c.client_id == "rules-bridge")
    code = mqtt_client.publish(bridge, topic_for("c1", "dev-a", COMMANDS), b"nope")
    assert code == mqtt5.PubackReasonCode.NOT_AUTHORIZED


def test_commands_reach_only_their_device(
    dev_a: MqttClient, dev_a_inbox: Inbox, commander: MqttClient, bridge_inbox: Inbox
) -> None:
    own = topic_for("c1", "dev-a", COMMANDS)
    other = topic_for("c1", "dev-b", COMMANDS)
    assert mqtt_client.subscribe(dev_a, own) == mqtt5.SubackReasonCode.GRANTED_QOS_1
    # Refused in the SUBACK, as AWS IoT does; and nothing on dev-b's topic is ever delivered to dev-a.
    assert mqtt_client.subscribe(dev_a, other) == mqtt5.SubackReasonCode.NOT_AUTHORIZED
    assert mqtt_client.subscribe(dev_a, "sc/#") == mqtt5.SubackReasonCode.NOT_AUTHORIZED

    dev_a_inbox.clear()
    accepted = (mqtt5.PubackReasonCode.SUCCESS, mqtt5.PubackReasonCode.NO_MATCHING_SUBSCRIBERS)
    assert mqtt_client.publish(commander, other, {"cmd": "open"}) in accepted
    assert mqtt_client.publish(commander, own, {"cmd": "reboot"}) in accepted
    assert dev_a_inbox.wait_for(own, b'{"cmd":"reboot"}')
    time.sleep(QUIET)
    assert other not in dev_a_inbox.topics()
    # Telemetry of dev-b seen via the sc/# subscription would be a leak as well.
    assert all(topic == own for topic in dev_a_inbox.topics())
    # The commander cannot write anything but commands.
    code = mqtt_client.publish(commander, topic_for("c1", "dev-a", TELEMETRY), b"x")
    assert code == mqtt5.PubackReasonCode.NOT_AUTHORIZED


def test_client_id_is_forced_to_certificate_cn(cloud: Cloud) -> None:
    victim = cloud.connect("dev-b")
    cloud.connect("dev-c", client_id="dev-b")  # would take over dev-b's session if the id were honoured
    time.sleep(QUIET)
    assert victim.is_connected
    assert _logged(cloud, "as dev-c (")


def _connect_raw_tls(ctx: io.ClientTlsContext, port: int) -> BaseException | None:
    """Connect an awscrt MQTT5 client with a custom TLS context; the failure, or None on success."""
    done, stopped = threading.Event(), threading.Event()
    outcome: list[BaseException | None] = []

    def on_success(_data: mqtt5.LifecycleConnectSuccessData) -> None:
        outcome.append(None)
        done.set()

    def on_failure(data: mqtt5.LifecycleConnectFailureData) -> None:
        outcome.append(data.exception or RuntimeError("connection failed"))
        done.set()

    options = mqtt5.ClientOptions(
        host_name="127.0.0.1",
        port=port,
        tls_ctx=ctx,
        connect_options=mqtt5.ConnectPacket(client_id="intruder"),
        on_lifecycle_event_connection_success_fn=on_success,
        on_lifecycle_event_connection_failure_fn=on_failure,
        on_lifecycle_event_stopped_fn=lambda _data: stopped.set(),
    )
    client = mqtt5.Client(options)
    client.start()
    assert done.wait(WAIT), "neither success nor failure reported"
    client.stop()
    stopped.wait(WAIT)
    return outcome[0]


def _tls_context(ca: Path, cert: Path | None = None, key: Path | None = None) -> io.ClientTlsContext:
    if cert is not None and key is not None:
        options = io.TlsContextOptions.create_client_with_mtls_from_path(str(cert), str(key))
    else:
        options = io.TlsContextOptions()
    options.override_default_trust_store_from_path(None, str(ca))
    return io.ClientTlsContext(options)


def test_client_without_certificate_is_refused(cloud: Cloud) -> None:
    # Control: the same raw client with a certificate from the broker's CA connects.
    cert, key = cloud.ca.issue_client("dev-control")
    assert _connect_raw_tls(_tls_context(cloud.ca.ca_path, cert, key), cloud.broker.port) is None
    assert _connect_raw_tls(_tls_context(cloud.ca.ca_path), cloud.broker.port) is not None
    assert _logged(cloud, "peer did not return a certificate")


def test_certificate_from_other_ca_is_refused(cloud: Cloud, tmp_path: Path) -> None:
    rogue = LocalCA(tmp_path / "rogue")
    cert, key = rogue.issue_client("dev-a")
    with pytest.raises(MqttConnectError):
        mqtt_client.connect_mtls(
            cloud.broker.host, cloud.broker.port, cloud.ca.ca_path, cert, key, "dev-a", timeout=WAIT
        )
    assert _logged(cloud, "certificate verify failed")


def test_plain_tcp_without_tls_is_refused(cloud: Cloud) -> None:
    with socket.create_connection((cloud.broker.host, cloud.broker.port), timeout=WAIT) as sock:
        sock.sendall(CONNECT_311)
        try:
            reply = sock.recv(4)
        except (ConnectionResetError, TimeoutError):
            reply = b""
    assert reply[:1] != b"\x20"  # never a CONNACK


def _remaining_length(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n % 128, n // 128
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def test_oversized_message_is_not_delivered(cloud: Cloud, dev_a: MqttClient, bridge_inbox: Inbox) -> None:
    topic = topic_for("c1", "dev-a", TELEMETRY)
    big = b"x" * (MAX_PACKET_SIZE + 1024)
    # The awscrt client learns the limit from CONNACK and refuses to send.
    with pytest.raises(Exception, match="PACKET_VALIDATION"):
        mqtt_client.publish(dev_a, topic, big)
    # A client ignoring the limit (MQTT 3.1.1, which has no way to learn it) is disconnected by the broker.
    cloud.broker.allow_thing("dev-big")
    cert, key = cloud.ca.issue_client("dev-big")
    raw_topic = topic_for("c1", "dev-big", TELEMETRY).encode()
    ctx = ssl.create_default_context(cafile=str(cloud.ca.ca_path))
    ctx.load_cert_chain(str(cert), str(key))
    with (
        socket.create_connection((cloud.broker.host, cloud.broker.port), timeout=WAIT) as raw,
        ctx.wrap_socket(raw, server_hostname="localhost") as tls,
    ):
        tls.sendall(CONNECT_311)
        assert tls.recv(4) == b"\x20\x02\x00\x00"  # CONNACK accepted
        body = len(raw_topic).to_bytes(2, "big") + raw_topic + big  # QoS 0: no packet id
        try:
            tls.sendall(b"\x30" + _remaining_length(len(body)) + body)
            closed = tls.recv(1) == b""
        except (ConnectionResetError, BrokenPipeError, ssl.SSLError):
            closed = True
    assert closed
    assert _logged(cloud, "Client dev-big disconnected due to oversize packet")
    # Just under the limit is fine; it also fences everything published before it.
    ok = b"y" * (MAX_PACKET_SIZE - 1024)
    assert mqtt_client.publish(dev_a, topic, ok) == mqtt5.PubackReasonCode.SUCCESS
    assert bridge_inbox.wait_for(topic, ok)
    time.sleep(QUIET)
    assert all(len(payload) < MAX_PACKET_SIZE for _, payload in bridge_inbox.messages)
    assert raw_topic.decode() not in bridge_inbox.topics()


def test_local_ca_files_and_idempotency(cloud: Cloud) -> None:
    cert, key = cloud.ca.issue_client("dev-a")
    assert (cert, key) == cloud.ca.issue_client("dev-a")
    before = cert.read_bytes()
    assert cloud.ca.issue_client("dev-a", force=False)[0].read_bytes() == before
    assert key.stat().st_mode & 0o777 == 0o600
    assert cloud.ca.key_path.stat().st_mode & 0o777 == 0o600
    cert_pem, key_pem = cloud.ca.issue_client_pem("dev-mem")
    assert cert_pem.startswith("-----BEGIN CERTIFICATE-----") and "PRIVATE KEY" in key_pem
    assert not cloud.ca.leaf_paths("client", "dev-mem")[0].exists()
    with pytest.raises(ValueError):
        cloud.ca.issue_client("bad/name")


# The review's device A asked for `#`, `$SYS/#` and device B's command topic and was granted all three.
REFUSED = [
    "#",
    "$SYS/#",
    "$SYS/broker/clients/connected",
    topic_for("c1", "dev-b", COMMANDS),
    "sc/#",
    "sc/+/+/commands",
    "sc/c1/+/commands",
    "+/+/dev-a/commands",
    "sc/c1/dev-a/#",
    "sc/c1/dev-a/commands/#",
    topic_for("c1", "dev-a", TELEMETRY),  # its own telemetry: publish only, as in the policy
    "$aws/things/dev-b/shadow/#",
    "$aws/things/+/shadow/update",
    "$CONTROL/dynamic-security/v1",
    "$CONTROL/dynamic-security/v1/response",
]
GRANTED = [
    topic_for("c1", "dev-a", COMMANDS),
    "sc/+/dev-a/commands",
    "$aws/things/dev-a/shadow/update",
    "$aws/things/dev-a/shadow/#",
]


def test_every_forbidden_subscription_is_refused_in_the_suback(cloud: Cloud) -> None:
    """Every filter outside a device's policy (wildcards over other devices, other devices' topics, broker and
    control topics, its own publish-only topics) gets 0x87 NOT_AUTHORIZED in the MQTT 5 SUBACK; its own
    command and shadow filters are granted."""
    device = cloud.connect("dev-sub")
    refused = [f.replace("dev-a", "dev-sub") for f in REFUSED]
    granted = [f.replace("dev-a", "dev-sub") for f in GRANTED]
    codes = {f: mqtt_client.subscribe(device, f) for f in refused + granted}
    assert {f: c for f, c in codes.items() if f in refused} == dict.fromkeys(
        refused, mqtt5.SubackReasonCode.NOT_AUTHORIZED
    )
    assert {f: c for f, c in codes.items() if f in granted} == dict.fromkeys(
        granted, mqtt5.SubackReasonCode.GRANTED_QOS_1
    )


def _subscribe_311(cloud: Cloud, common_name: str, filters: list[str]) -> bytes:
    """A raw MQTT 3.1.1 client (a third-party device): CONNECT, one SUBSCRIBE with every filter; the SUBACK's
    return codes, one per filter."""
    cert, key = cloud.ca.issue_client(common_name)
    ctx = ssl.create_default_context(cafile=str(cloud.ca.ca_path))
    ctx.load_cert_chain(str(cert), str(key))
    payload = b"".join(len(f.encode()).to_bytes(2, "big") + f.encode() + b"\x01" for f in filters)
    body = (7).to_bytes(2, "big") + payload  # packet id 7
    with (
        socket.create_connection((cloud.broker.host, cloud.broker.port), timeout=WAIT) as raw,
        ctx.wrap_socket(raw, server_hostname="localhost") as tls,
    ):
        tls.sendall(CONNECT_311)
        assert tls.recv(4) == b"\x20\x02\x00\x00"
        tls.sendall(b"\x82" + _remaining_length(len(body)) + body)
        header = tls.recv(2)
        assert header[0] == 0x90, header
        suback = b""
        while len(suback) < header[1]:
            suback += tls.recv(header[1] - len(suback))
        tls.sendall(bytes([0xE0, 0]))
    assert suback[:2] == (7).to_bytes(2, "big")
    return suback[2:]


def test_an_mqtt_311_device_gets_0x80_for_each_forbidden_filter_of_one_subscribe(cloud: Cloud) -> None:
    cloud.broker.allow_thing("dev-v311")
    refused = [f.replace("dev-a", "dev-v311") for f in REFUSED]
    granted = [f.replace("dev-a", "dev-v311") for f in GRANTED]
    mixed = [x for pair in zip(refused, granted + granted + granted + granted, strict=False) for x in pair]
    codes = _subscribe_311(cloud, "dev-v311", mixed)
    assert list(codes) == [0x80 if f in refused else 0x01 for f in mixed]


def test_a_certificate_whose_thing_has_no_role_may_do_nothing(cloud: Cloud, bridge_inbox: Inbox) -> None:
    """Deny by default: a valid certificate of the broker's CA for a thing no policy was attached to connects,
    and every publish and subscribe of it is refused, its own topics included."""
    stray = cloud.connect("dev-stray", role=False)
    own = topic_for("c1", "dev-stray", TELEMETRY)
    assert mqtt_client.publish(stray, own, b"x") == mqtt5.PubackReasonCode.NOT_AUTHORIZED
    assert mqtt_client.subscribe(stray, topic_for("c1", "dev-stray", COMMANDS)) == (
        mqtt5.SubackReasonCode.NOT_AUTHORIZED
    )
    time.sleep(QUIET)
    assert own not in bridge_inbox.topics()


def test_grants_are_answered_again_after_the_admin_connection_was_dropped(cloud: Cloud) -> None:
    """awscrt reconnects a dropped client by itself, with a clean session: the admin's subscription to the plugin's
    answers is gone then. The admin subscribes again before its next command (without that, every later grant went
    unanswered: "no answer from the dynamic-security plugin")."""
    from infra.localcloud.dynsec import TOOLS_USER

    cloud.broker.allow_thing("dev-rejoin-1")
    admin = cloud.broker._admin
    assert admin is not None and not admin._client.disconnected.is_set()
    cloud.broker.kick(TOOLS_USER)  # its session taken over: the broker closes its connection
    assert admin._client.disconnected.wait(WAIT)
    cloud.broker.allow_thing("dev-rejoin-2")  # answered (DynsecError otherwise)
    assert cloud.broker._admin is admin  # the same connection, reconnected
    device = cloud.connect("dev-rejoin-2")
    code = mqtt_client.publish(device, topic_for("c-1", "dev-rejoin-2", TELEMETRY), {"msgId": "m-1"})
    assert code in (mqtt5.PubackReasonCode.SUCCESS, mqtt5.PubackReasonCode.NO_MATCHING_SUBSCRIBERS)  # allowed


def test_a_process_has_one_tools_connection_per_broker(cloud: Cloud) -> None:
    """Two connections under one certificate name take each other's session over again and again: every user of
    `localcloud-tools` in a process (the broker wrapper, tests' own grants) shares one, until it is closed."""
    from infra.localcloud.dynsec import DynsecAdmin

    cloud.broker.allow_thing("dev-shared-1")
    first = DynsecAdmin.for_broker(cloud.broker.host, cloud.broker.port, cloud.ca)
    assert first is cloud.broker._admin
    first.close()
    second = DynsecAdmin.for_broker(cloud.broker.host, cloud.broker.port, cloud.ca)
    assert second is not first and not second.closed
    cloud.broker.allow_thing("dev-shared-2")  # the wrapper picks up the process's new one
    assert cloud.broker._admin is second
