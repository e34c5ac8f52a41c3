"""Device simulator: devices of every catalogue type over MQTT5 with mutual TLS (awsiotsdk), each with its own
certificate, sending normal readings, heartbeats, occasional faults and alarms on a schedule, and acknowledging
the commands they receive.

    python -m iot.simulator.run --state .local/state.json --duration 60          # the devices `make up` seeded
    python -m iot.simulator.run --api http://127.0.0.1:8000 --token T --community C \\
        --mqtt-port 8883 --ca .local/cloud/pki/ca.pem --duration 60            # any ledger, certificates via the API

In tests: `SimulatedDevice(device_id, community_id, device_type, cert, key, ca, host, port, behaviour).start()`,
then `.stop()`. `Behaviour(ack="silent")` never answers (exercises command timeouts), `ack="rejected"` refuses.
"""

from __future__ import annotations

import argparse
import collections
import json
import math
import queue
import random
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from iot import catalogue, mqtt_client
from iot.simulator import payloads
from iot.simulator.locker import LockerBehaviour
from iot.topics import COMMANDS, COMMANDS_ACK, EVENTS, HEARTBEAT, STAGES, TELEMETRY, ingest_topic, topic_for

ACK_CHOICES = ("done", "rejected", "failed", "silent")


@dataclass
class Behaviour:
    """How a simulated device behaves. Periods in seconds; probabilities are per tick (a telemetry period, or the
    heartbeat period of a type that reports telemetry on change only).

    `telemetry_every` None: the catalogue's rate of the type (`telemetry_seconds`); a type that reports on change
    sends telemetry when a command changed what it reports, never on a timer. A number: that period for every type
    (tests and demos that want traffic now)."""

    telemetry_every: float | None = None
    heartbeat_every: float | None = None  # None: the catalogue's heartbeat period, at most 60 s
    fault_probability: float = 0.02
    alarm_probability: float = 0.01
    ack: str = "done"  # done | rejected | failed | silent
    ack_delay: float = 0.0
    parcel_probability: float = 0.05  # a parcel locker: a courier's deposit per tick (with houses to deliver to)
    seed: int | None = None

    def __post_init__(self) -> None:
        if self.ack not in ACK_CHOICES:
            raise ValueError(f"ack must be one of {ACK_CHOICES}")


@dataclass
class Counters:
    telemetry: int = 0
    heartbeats: int = 0
    faults: int = 0
    alarms: int = 0
    commands: int = 0
    acks: int = 0
    parcels: int = 0  # a locker's deposits and pick-ups
    errors: list[str] = field(default_factory=list)


class SimulatedDevice(LockerBehaviour):
    """One device: its own certificate and MQTT session, a schedule thread, a command inbox."""

    def __init__(
        self,
        device_id: str,
        community_id: str,
        device_type: str,
        cert: str | Path,
        key: str | Path,
        ca: str | Path,
        host: str = "127.0.0.1",
        port: int = 8883,
        behaviour: Behaviour | None = None,
        houses: tuple[str, ...] = (),
        stage: str = "local",
    ) -> None:
        self.device_id = device_id
        self.stage = stage  # names the Basic Ingest rules telemetry and heartbeats go to (iot.topics.ingest_topic)
        self.community_id = community_id
        self.device_type = device_type
        self.cert, self.key, self.ca = str(cert), str(key), str(ca)
        self.host, self.port = host, port
        self.behaviour = behaviour or Behaviour()
        self.rng = random.Random(self.behaviour.seed)
        self.counters = Counters()
        self.received: list[dict[str, Any]] = []  # commands as received, in order
        self.received_at: list[float] = []  # time.monotonic() of each, when it left the broker's hands
        self.desired: dict[str, Any] = {}  # state set by commands / the shadow, reflected in telemetry
        self.houses = houses  # a parcel locker delivers to these houses of the community
        self.compartments: dict[str, str] = {}  # a parcel locker's occupied compartments -> the house
        self.codes: dict[str, tuple[str, str]] = {}  # compartment -> (parcelRef, codeHash) from set_pickup_code
        self.notices: dict[str, dict[str, Any]] = {}  # an information screen's notices on show, by notice id
        self._inbox: queue.Queue[tuple[str, bytes]] = queue.Queue()
        self._arrived: dict[str, collections.deque[float]] = collections.defaultdict(collections.deque)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._client: mqtt_client.MqttClient | None = None
        described = catalogue.get_type(device_type)
        heartbeat = described.heartbeat_seconds
        self._heartbeat_every = self.behaviour.heartbeat_every or min(heartbeat, 60)
        # A period of its own (the behaviour's, else the catalogue's), or None: telemetry on change only.
        self._telemetry_every: float | None = (
            self.behaviour.telemetry_every
            if self.behaviour.telemetry_every is not None
            else described.telemetry_seconds
        )
        self._changed = False  # an on-change device: a command changed what it reports since its last telemetry
        self._last_publish = -math.inf  # monotonic time of the last message that reached the broker

    # -- lifecycle ---------------------------------------------------------------------------------------------
    def start(self) -> SimulatedDevice:
        self._client = mqtt_client.connect_mtls(
            self.host, self.port, self.ca, self.cert, self.key, self.device_id, on_message=self._on_message
        )
        mqtt_client.subscribe(self._client, self.topic(COMMANDS))
        for suffix in ("update", "update/delta"):
            mqtt_client.subscribe(self._client, f"$aws/things/{self.device_id}/shadow/{suffix}")
        self._thread = threading.Thread(target=self._run, name=f"sim-{self.device_id}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._inbox.put(("", b""))  # wakes the schedule thread at once
        if self._thread is not None:
            self._thread.join(timeout=5)
        if self._client is not None:
            mqtt_client.disconnect(self._client)
            self._client = None

    def __enter__(self) -> SimulatedDevice:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def connected(self) -> bool:
        return self._client is not None and self._client.is_connected

    @property
    def client(self) -> mqtt_client.MqttClient | None:
        return self._client

    def topic(self, kind: str) -> str:
        return topic_for(self.community_id, self.device_id, kind)

    # -- messages ----------------------------------------------------------------------------------------------
    def _on_message(self, topic: str, payload: bytes) -> None:
        # Runs on an awscrt event-loop thread: never publish (and wait for a PUBACK) here.
        self._arrived[topic].append(time.monotonic())
        self._inbox.put((topic, payload))

    def _publish(self, kind: str, message: dict[str, Any]) -> bool:
        if self._client is None:
            return False
        try:
            topic = ingest_topic(self.stage, self.community_id, self.device_id, kind)  # Basic Ingest where it can
            mqtt_client.publish(self._client, topic, message, qos=0 if kind == HEARTBEAT else 1)
            self._last_publish = time.monotonic()
            return True
        except Exception as exc:  # a dropped connection: awscrt reconnects by itself; count and go on
            self.counters.errors.append(f"{kind}: {exc}")
            return False

    def send_telemetry(self) -> None:
        message = payloads.normal_telemetry(self.device_type, self.rng)
        metrics = message["metrics"]
        metrics.update({k: v for k, v in self.desired.items() if k in metrics})
        if self._publish(TELEMETRY, message):
            self.counters.telemetry += 1

    def send_heartbeat(self) -> None:
        if self._publish(HEARTBEAT, payloads.heartbeat(self.rng)):
            self.counters.heartbeats += 1

    def send_fault(self) -> None:
        message = payloads.fault_event(self.device_type, self.rng)
        if message is not None and self._publish(EVENTS, message):
            self.counters.faults += 1

    def send_alarm(self) -> None:
        message = payloads.alarm_event(self.device_type, self.rng)
        if message is not None and self._publish(EVENTS, message):
            self.counters.alarms += 1

    def send_plate(self, plate: str, direction: str, colour: str = "blue", confidence: float = 0.96) -> bool:
        """A barrier's camera reads a car's plate (the cloud decides and answers with a command)."""
        return self._publish(EVENTS, payloads.plate_event(plate, direction, colour, confidence))

    def send_offline_passages(self, passages: list[dict[str, Any]]) -> bool:
        """A barrier back online uploads the passages it decided by itself from its shadow whitelist while the cloud
        could not be reached (`payloads.offline_passage` builds each; the same list again is a replay)."""
        return self._publish(EVENTS, payloads.offline_passages(passages))

    def offline_decision(self, plate: str, direction: str, at: Any = None) -> dict[str, Any]:
        """What this barrier decides by itself for a plate: open when the plate is on the whitelist its shadow holds
        (`set_whitelist`), else refuse; the passage to upload later."""
        from datetime import UTC, datetime

        listed = plate in (self.desired.get("whitelist") or [])
        decision, reason = ("open", "whitelist") if listed else ("refuse", "not_listed")
        return payloads.offline_passage(plate, direction, decision, at or datetime.now(UTC), reason)

    def _handle(self, topic: str, payload: bytes) -> None:
        try:
            message = json.loads(payload)
        except ValueError:
            self.counters.errors.append(f"not JSON on {topic}")
            return
        if topic == self.topic(COMMANDS):
            self._command(message)
        elif topic.startswith(f"$aws/things/{self.device_id}/shadow/"):
            state = message.get("state") or {}
            # `update` carries {"desired": {...}}; AWS's `update/delta` carries the delta itself.
            desired = state.get("desired") if topic.endswith("/update") else state
            if isinstance(desired, dict) and desired:
                self.desired.update(desired)

    def _command(self, message: dict[str, Any]) -> None:
        arrived = self._arrived[self.topic(COMMANDS)]
        self.received_at.append(arrived.popleft() if arrived else time.monotonic())
        self.received.append(message)
        self.counters.commands += 1
        command_id, name = message.get("commandId"), message.get("name")
        if not isinstance(command_id, str) or self.behaviour.ack == "silent":
            return
        if self.behaviour.ack_delay:
            time.sleep(self.behaviour.ack_delay)
        status = self.behaviour.ack
        detail = None
        if status == "done":
            self._changed = True
            params = message.get("params") or {}
            if isinstance(name, str) and name.startswith("set_") and isinstance(params, dict):
                self.desired.update(params)
            elif name == "close_valve":
                self.desired["valve"] = "closed"
            elif name == "open_gate":  # a barrier lifts its arm (and its telemetry says so)
                self.desired["gate"] = "open"
            elif name == "close_gate":
                self.desired["gate"] = "closed"
            elif name in ("show_notice", "clear_notice") and isinstance(params, dict):
                # an information screen: what it shows, by notice id (its telemetry counts them)
                if name == "show_notice":
                    self.notices[str(params.get("noticeId"))] = dict(params)
                else:
                    self.notices.pop(str(params.get("noticeId")), None)
                self.desired["showing"] = len(self.notices)
        else:
            detail = f"simulated {status}"
        if self._publish(COMMANDS_ACK, payloads.ack(command_id, status, detail)):
            self.counters.acks += 1
        if status == "done" and isinstance(name, str):
            self.locker_command(name, message.get("params"))

    # -- schedule ----------------------------------------------------------------------------------------------
    def _run(self) -> None:
        b = self.behaviour
        now = time.monotonic()
        periodic = self._telemetry_every is not None
        tick = self._telemetry_every if self._telemetry_every is not None else self._heartbeat_every
        next_telemetry = now + self.rng.uniform(0, min(tick, 2.0))  # spread a fleet's first sends
        next_heartbeat = now
        while not self._stop.is_set():
            timeout = max(0.0, min(next_telemetry, next_heartbeat) - time.monotonic())
            try:
                topic, payload = self._inbox.get(timeout=timeout)
                if topic:
                    self._handle(topic, payload)
                if not periodic and self._changed:  # on change: what it reports changed, say so now
                    self._changed = False
                    self.send_telemetry()
                continue
            except queue.Empty:
                pass
            now = time.monotonic()
            if now >= next_telemetry:  # first: a heartbeat due at the same moment is then not needed
                if periodic:
                    self.send_telemetry()
                roll = self.rng.random()
                if roll < b.alarm_probability:
                    self.send_alarm()
                elif roll < b.alarm_probability + b.fault_probability:
                    self.send_fault()
                elif self.houses and roll < b.alarm_probability + b.fault_probability + b.parcel_probability:
                    self.send_parcel(self.rng.choice(self.houses))
                next_telemetry = now + tick
            if now >= next_heartbeat:
                if heartbeat_due(now, self._last_publish, self._heartbeat_every):
                    self.send_heartbeat()
                next_heartbeat = max(now, self._last_publish) + self._heartbeat_every


def heartbeat_due(now: float, last_publish: float, every: float) -> bool:
    """A heartbeat only when nothing else was published for a whole heartbeat period: the cloud takes any accepted
    message as a sign of life (presence), so a device reporting telemetry at least as often sends no heartbeats, and
    pays for no second message (IoT messaging, rule, SQS request and time-series write each)."""
    return now - last_publish >= every


# -- fleets ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeviceCredentials:
    device_id: str
    device_type: str
    cert: str
    key: str
    houses: tuple[str, ...] = ()  # a parcel locker: the houses its simulated couriers deliver to


def from_state_file(path: Path) -> tuple[str, dict[str, Any], list[DeviceCredentials]]:
    """(community, mqtt {host, port, ca}, devices) from the state file `make up` writes."""
    state = json.loads(path.read_text())
    seeded = (state.get("demo") or {}).get("devices") or {}
    lockers = (state.get("demo") or {}).get("lockers") or {}
    houses = tuple(str(h) for h in lockers.get("houses") or ())
    devices = [
        DeviceCredentials(
            d["deviceId"],
            d["deviceType"],
            d["cert"],
            d["key"],
            houses if d["deviceId"] == lockers.get("lockerId") else (),
        )
        for d in seeded.get("devices", [])
        if d.get("cert")
    ]
    return seeded.get("communityId", ""), state["mqtt"], devices


def _api(method: str, url: str, token: str, body: Any = None) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(url, data=json.dumps(body).encode() if body is not None else None, method=method)
    request.add_header("Content-Type", "application/json")
    request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def from_api(api: str, token: str, community: str, folder: Path) -> list[DeviceCredentials]:
    """Every commandable device of the community, each given a fresh certificate through the API
    (issue, or rotate when it already has one). Keys are written to `folder` (0600)."""
    devices: list[DeviceCredentials] = []
    cursor: str | None = None
    base = f"{api}/v1/staff/communities/{community}/devices"
    while True:
        url = f"{base}?limit=100" + (f"&cursor={cursor}" if cursor else "")
        status, page = _api("GET", url, token)
        if status != 200:
            raise RuntimeError(f"listing devices failed: {status} {page}")
        for device in page["items"]:
            if device["status"] not in ("registered", "active", "maintenance"):
                continue
            device_id = device["deviceId"]
            status, issued = _api("POST", f"{base}/{device_id}/certificate", token)
            if status == 409:
                status, issued = _api("POST", f"{base}/{device_id}/certificate/rotate", token)
            if status != 201:
                raise RuntimeError(f"certificate for {device_id} failed: {status} {issued}")
            cert, key = folder / f"{device_id}.pem", folder / f"{device_id}.key"
            cert.write_text(issued["certificatePem"])
            key.touch(mode=0o600)
            key.write_text(issued["privateKeyPem"])
            devices.append(DeviceCredentials(device_id, device["deviceType"], str(cert), str(key)))
        cursor = page.get("nextCursor")
        if not cursor:
            return devices


def run_fleet(
    community: str,
    devices: list[DeviceCredentials],
    host: str,
    port: int,
    ca: str,
    duration: float,
    behaviour: Behaviour,
    stage: str = "local",
) -> list[SimulatedDevice]:
    fleet: list[SimulatedDevice] = []
    try:
        for index, creds in enumerate(devices):
            seeded = Behaviour(**{**behaviour.__dict__, "seed": (behaviour.seed or 0) + index})
            fleet.append(
                SimulatedDevice(
                    creds.device_id,
                    community,
                    creds.device_type,
                    creds.cert,
                    creds.key,
                    ca,
                    host,
                    port,
                    seeded,
                    houses=creds.houses,
                    stage=stage,
                ).start()
            )
        print(f"{len(fleet)} devices connected to mqtts://{host}:{port}; running {duration:.0f}s", flush=True)
        started = time.monotonic()
        tty = sys.stdout.isatty()
        while (left := duration - (time.monotonic() - started)) > 0:
            time.sleep(min(left, 1.0 if tty else 5.0))
            line = progress(fleet, time.monotonic() - started, duration)
            print(("\r" + line) if tty else line, end="" if tty else "\n", flush=True)
        if tty:
            print(flush=True)
    finally:
        for device in fleet:
            device.stop()
    return fleet


def totals_of(fleet: list[SimulatedDevice]) -> Counters:
    totals = Counters()
    for device in fleet:
        for name in ("telemetry", "heartbeats", "faults", "alarms", "commands", "acks", "parcels"):
            setattr(totals, name, getattr(totals, name) + getattr(device.counters, name))
        totals.errors.extend(device.counters.errors)
    return totals


def progress(fleet: list[SimulatedDevice], elapsed: float, duration: float) -> str:
    """One progress line: time, devices connected, messages sent by kind, commands received and acked."""
    t = totals_of(fleet)
    connected = sum(1 for d in fleet if d.connected)
    sent = t.telemetry + t.heartbeats + t.faults + t.alarms + t.acks + t.parcels
    return (
        f"[{elapsed:5.0f}/{duration:.0f}s] {connected}/{len(fleet)} connected · {sent:,} sent "
        f"(telemetry {t.telemetry:,}, heartbeats {t.heartbeats:,}, events {t.faults + t.alarms + t.parcels:,}) · "
        f"commands {t.commands:,}, acks {t.acks:,}" + (f" · errors {len(t.errors)}" if t.errors else "")
    )


def summary(fleet: list[SimulatedDevice], duration: float) -> str:
    t = totals_of(fleet)
    sent = t.telemetry + t.heartbeats + t.faults + t.alarms + t.acks + t.parcels
    lines = [
        f"simulated {len(fleet)} devices of {len({d.device_type for d in fleet})} types for {duration:.0f} s",
        f"  sent        {sent:>8,}   ({sent / max(duration, 1e-9):,.1f} msgs/s)",
        f"  telemetry   {t.telemetry:>8,}",
        f"  heartbeats  {t.heartbeats:>8,}",
        f"  faults      {t.faults:>8,}",
        f"  alarms      {t.alarms:>8,}",
        f"  commands    {t.commands:>8,}   received from the cloud",
        f"  acks        {t.acks:>8,}",
        f"  parcels     {t.parcels:>8,}   deposits and pick-ups",
        f"  errors      {len(t.errors):>8,}" + (f"   first: {t.errors[0]}" if t.errors else ""),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m iot.simulator.run", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--state", type=Path, help="state file written by `make up` (seeded devices)")
    parser.add_argument("--api", help="API base URL (with --token and --community: certificates via the API)")
    parser.add_argument("--token", help="staff access token with device:provision")
    parser.add_argument("--community")
    parser.add_argument("--mqtt-host", default="127.0.0.1")
    parser.add_argument("--mqtt-port", type=int)
    parser.add_argument("--ca", help="CA certificate the broker's certificate chains to")
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument(
        "--telemetry-every",
        type=float,
        default=None,
        help="telemetry period in s for every type (default: each type's catalogue rate, or on change only)",
    )
    parser.add_argument("--fault-probability", type=float, default=0.02)
    parser.add_argument("--alarm-probability", type=float, default=0.01)
    parser.add_argument("--ack", choices=ACK_CHOICES, default="done")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print the summary as one JSON line")
    parser.add_argument(
        "--stage", choices=STAGES, default="local", help="the stack's stage: names the Basic Ingest rules"
    )
    args = parser.parse_args(argv)

    behaviour = Behaviour(
        telemetry_every=args.telemetry_every,
        fault_probability=args.fault_probability,
        alarm_probability=args.alarm_probability,
        ack=args.ack,
        seed=args.seed,
    )
    if args.api:
        if not (args.token and args.community and args.mqtt_port and args.ca):
            parser.error("--api needs --token, --community, --mqtt-port and --ca")
        folder = Path(tempfile.mkdtemp(prefix="sim-certs-"))
        devices = from_api(args.api.rstrip("/"), args.token, args.community, folder)
        community, host, port, ca = args.community, args.mqtt_host, args.mqtt_port, args.ca
    else:
        state_path = args.state or Path(".local/state.json")
        community, mqtt, devices = from_state_file(state_path)
        host, port, ca = mqtt.get("host", "127.0.0.1"), int(mqtt["port"]), mqtt["ca"]
    if not devices:
        print("no devices with certificates to simulate", file=sys.stderr)
        return 1
    fleet = run_fleet(community, devices, host, port, ca, args.duration, behaviour, args.stage)
    if args.json:
        totals = totals_of(fleet)
        counts = {k: v for k, v in totals.__dict__.items() if k != "errors"}
        doc = {"devices": len(fleet), "types": len({d.device_type for d in fleet}), **counts}
        print(json.dumps({**doc, "errors": len(totals.errors)}), flush=True)
    else:
        print(summary(fleet, args.duration), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
