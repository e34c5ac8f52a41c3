"""Load bench: N simulated devices, each with its own certificate, publish telemetry through the broker for a fixed
time (or a burst of M messages) while a door controller is commanded over the API; prints what was published,
stored, dead-lettered and lost, the throughput, the broker -> stored lag and the command round trip during the load.

    python bench/load.py                                   # starts its own stack (`python -m infra.localcloud up`)
    python bench/load.py --state .local/state.json         # against a running `make up`
    python bench/load.py --burst 5000                      # 5,000 messages as fast as the devices can publish
    python bench/load.py --root /path/to/other/checkout    # its own stack from another checkout (paired runs)

Devices are registered, activated and given certificates through the staff API (a token signed with the stack's
own key), in a fresh community, so the figures only count the bench's own messages. A message counts as stored
when its item is readable in the telemetry table (the 300 oldest unseen messages looked up by key with
BatchGetItem every 0.25 s: the lag figures have that resolution, and are upper bounds for messages stored out of
order); dead-lettered when the IoT dead-letter queue holds a rejection for it; lost when
neither holds after the drain time. The command figures: API request -> command `done` (round trip), and the
device's ack publish -> command `done` (ack applied), polled every 50 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


# --------------------------------------------------------------------------- the stack


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class OwnStack:
    """`python -m infra.localcloud up` as a subprocess (what `make up` runs), from `root`."""

    def __init__(self, root: Path):
        self.root = root
        self.workdir = Path(tempfile.mkdtemp(prefix="sc-load-"))
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> dict[str, Any]:
        port = _free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "TABLE_", "MQTT_", "JWT_"))}
        env["POWERTOOLS_LOG_LEVEL"] = "WARNING"
        self.log = open(self.workdir / "stack.log", "wb")  # noqa: SIM115 (closed in stop)
        python = self.root / ".venv" / "bin" / "python"
        self.process = subprocess.Popen(
            [
                str(python if python.exists() else sys.executable),
                "-m",
                "infra.localcloud",
                "up",
                "--port",
                str(port),
                "--workdir",
                str(self.workdir),
            ],
            cwd=self.root,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        state_path = self.workdir / "state.json"
        deadline = time.monotonic() + 180
        while not state_path.exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the stack did not start:\n" + (self.workdir / "stack.log").read_text()[-3000:])
            time.sleep(0.2)
        time.sleep(0.5)
        return dict(json.loads(state_path.read_text()))

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


def aws(state: dict[str, Any], service: str) -> Any:
    import boto3

    return boto3.client(
        service,
        endpoint_url=state["aws_endpoint"],
        region_name=state["region"],
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )


def staff_token(state: dict[str, Any], community: str) -> str:
    import jwt

    key = aws(state, "secretsmanager").get_secret_value(SecretId=state["environment"]["JWT_SECRET_ARN"])
    now = int(time.time())
    claims = {
        "iss": "smartcommunity",
        "aud": "smartcommunity-api",
        "sub": "load-bench",
        "typ": "access",
        "knd": "staff",
        "rol": ["staff.manager"],
        "cty": [community],
        "hh": [],
        "nam": "load bench",
        "iat": now,
        "exp": now + 3600,
        "jti": uuid.uuid4().hex,
    }
    return str(jwt.encode(claims, key["SecretString"], algorithm="HS256"))


@dataclass
class Api:
    base: str
    token: str

    def __call__(self, method: str, path: str, body: Any = None) -> tuple[int, dict[str, Any]]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        request.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read() or b"{}")


def provision(api: Api, folder: Path, device_type: str, index: int) -> tuple[str, Path, Path]:
    body = {"deviceType": device_type, "name": f"load {index}", "location": {"area": "load bench"}}
    status, device = api("POST", "/devices", body)
    assert status == 201, device
    status, device = api("PATCH", f"/devices/{device['deviceId']}", {"version": device["version"], "status": "active"})
    assert status == 200, device
    status, issued = api("POST", f"/devices/{device['deviceId']}/certificate")
    assert status == 201, issued
    cert, key = folder / f"{device['deviceId']}.pem", folder / f"{device['deviceId']}.key"
    cert.write_text(issued["certificatePem"])
    key.touch(mode=0o600)
    key.write_text(issued["privateKeyPem"])
    return str(device["deviceId"]), cert, key


# --------------------------------------------------------------------------- measuring


@dataclass
class Ledger:
    """What was published (msgId -> (pk, sk, publish time)) and when each was first seen stored."""

    published: dict[str, tuple[str, str, float]] = field(default_factory=dict)
    stored: dict[str, float] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    failed_publishes: int = 0

    def add(self, msg_id: str, pk: str, sk: str, at: float) -> None:
        with self.lock:
            self.published[msg_id] = (pk, sk, at)

    def pending(self, limit: int) -> list[tuple[str, str, str]]:
        with self.lock:
            out = []
            for msg_id, (pk, sk, _) in self.published.items():
                if msg_id not in self.stored:
                    out.append((msg_id, pk, sk))
                    if len(out) >= limit:
                        break
            return out


def check_stored(
    state: dict[str, Any], ledger: Ledger, stop: threading.Event, period: float = 0.25, oldest: int = 300
) -> None:
    """Every `period`, look up the `oldest` messages not yet seen stored (by key, BatchGetItem): the checker's own
    load on the local endpoint stays small and bounded however long the backlog grows."""
    ddb = aws(state, "dynamodb")
    table = state["environment"]["TABLE_TELEMETRY"]
    while not stop.is_set():
        started = time.time()
        pending = ledger.pending(oldest)
        by_key = {(pk, sk): msg_id for msg_id, pk, sk in pending}
        keys = list(by_key)
        for start in range(0, len(keys), 100):
            request: dict[str, Any] = {
                table: {
                    "Keys": [{"pk": {"S": pk}, "sk": {"S": sk}} for pk, sk in keys[start : start + 100]],
                    "ProjectionExpression": "pk, sk",
                }
            }
            while request:
                response = ddb.batch_get_item(RequestItems=request)
                seen = time.time()
                with ledger.lock:
                    for item in response.get("Responses", {}).get(table, []):
                        msg_id = by_key.get((item["pk"]["S"], item["sk"]["S"]))
                        if msg_id is not None:
                            ledger.stored.setdefault(msg_id, seen)
                request = response.get("UnprocessedKeys") or {}
        stop.wait(max(0.0, period - (time.time() - started)))


def dead_lettered(state: dict[str, Any], community: str) -> dict[str, str]:
    """msgId -> reason of the IoT dead-letter queue's rejections about `community` (taken off the queue)."""
    import base64

    sqs = aws(state, "sqs")
    url = state["environment"]["IOT_DLQ_URL"]
    found: dict[str, str] = {}
    empty = 0
    while empty < 2:
        got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1).get("Messages", [])
        empty = 0 if got else empty + 1
        for m in got:
            body = json.loads(m["Body"])
            if body.get("communityId") != community and str(body.get("topic", "")).split("/")[1:2] != [community]:
                continue
            payload = body.get("payload")
            if payload is None and body.get("base64OriginalPayload"):
                try:
                    payload = json.loads(base64.b64decode(body["base64OriginalPayload"]))
                except ValueError:
                    payload = None
            msg_id = payload.get("msgId") if isinstance(payload, dict) else None
            found[str(msg_id or m["MessageId"])] = str(body.get("reason") or body.get("failures"))
            sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
    return found


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]


# --------------------------------------------------------------------------- devices


class Publisher:
    """One device: its own certificate and MQTT session; publishes telemetry (QoS 1, waits for PUBACK)."""

    def __init__(
        self,
        device_id: str,
        community: str,
        cert: Path,
        key: Path,
        mqtt: dict[str, Any],
        ledger: Ledger,
        legacy_keys: bool = False,
    ):
        from iot import mqtt_client

        self.device_id, self.community, self.ledger = device_id, community, ledger
        self.legacy_keys = legacy_keys
        self.client = mqtt_client.connect_mtls(mqtt["host"], int(mqtt["port"]), mqtt["ca"], cert, key, device_id)
        self.sent = 0

    def run(self, until: float, interval: float, budget: list[int], budget_lock: threading.Lock) -> None:
        from random import Random

        from iot import mqtt_client
        from iot.simulator import payloads
        from iot.topics import TELEMETRY, topic_for

        rng = Random(self.device_id)
        topic = topic_for(self.community, self.device_id, TELEMETRY)
        pk = f"C#{self.community}#D#{self.device_id}"
        next_at = time.monotonic()
        while time.monotonic() < until:
            if budget:
                with budget_lock:
                    if budget[0] <= 0:
                        return
                    budget[0] -= 1
            message = payloads.normal_telemetry("water_meter", rng)
            assert message is not None
            published_at = time.time()
            try:
                mqtt_client.publish(self.client, topic, message, qos=1)
            except Exception:
                with self.ledger.lock:
                    self.ledger.failed_publishes += 1
                continue
            sk = f"T#{message['ts']}#{message['msgId']}" if self.legacy_keys else f"T#{message['msgId']}"
            self.ledger.add(message["msgId"], pk, sk, published_at)
            self.sent += 1
            if interval:
                next_at += interval
                delay = next_at - time.monotonic()
                if delay > 0:
                    time.sleep(delay)

    def close(self) -> None:
        from iot import mqtt_client

        mqtt_client.disconnect(self.client)


def timed_door(*args: Any) -> Any:
    """The simulator's door controller, noting when it publishes each ack (to time ack -> applied)."""
    from iot.simulator.run import SimulatedDevice
    from iot.topics import COMMANDS_ACK

    class TimedDoor(SimulatedDevice):
        acked_at: dict[str, float] = {}

        def _publish(self, kind: str, message: dict[str, Any]) -> bool:
            ok = super()._publish(kind, message)
            if kind == COMMANDS_ACK and ok:
                self.acked_at[str(message.get("commandId"))] = time.time()
            return ok

    return TimedDoor(*args)


def command_loop(
    api: Api, door: str, stop: threading.Event, every: float, out: list[dict[str, float]], acked_at: dict[str, float]
) -> None:
    while not stop.is_set():
        started = time.time()
        status, command = api(
            "POST", f"/devices/{door}/commands", {"name": "open_door", "params": {}, "ackTimeoutSeconds": 20}
        )
        if status != 202:
            out.append({"error": float(status)})
        else:
            while True:
                status, current = api("GET", f"/commands/{command['commandId']}")
                if current.get("status") not in ("pending", "sent") or time.time() - started > 30:
                    finished = time.time()
                    result = {"round_trip": finished - started, "done": float(current.get("status") == "done")}
                    if command["commandId"] in acked_at:
                        result["ack_applied"] = finished - acked_at[command["commandId"]]
                    out.append(result)
                    break
                time.sleep(0.05)
        stop.wait(every)


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--state", type=Path, help="state file of a running `make up` (default: start a stack)")
    parser.add_argument("--root", type=Path, default=ROOT, help="checkout to start the stack from")
    parser.add_argument("--devices", type=int, default=40)
    parser.add_argument("--rate", type=float, default=400.0, help="offered telemetry messages per second, in all")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of publishing")
    parser.add_argument("--burst", type=int, default=0, help="instead: publish this many messages at full speed")
    parser.add_argument("--command-every", type=float, default=1.0)
    parser.add_argument("--drain", type=float, default=90.0, help="seconds to wait for the last messages")
    parser.add_argument(
        "--legacy-keys", action="store_true", help="items keyed T#{ts}#{msgId} (the layout before receive-order keys)"
    )
    args = parser.parse_args(argv)

    import logging

    logging.disable(logging.WARNING)
    stack = None if args.state else OwnStack(args.root.resolve())
    state = json.loads(args.state.read_text()) if args.state else stack.start()  # type: ignore[union-attr]
    publishers: list[Publisher] = []
    try:
        from iot.simulator.run import Behaviour

        community = "load-" + uuid.uuid4().hex[:8]
        api = Api(f"{state['api']}/v1/staff/communities/{community}", staff_token(state, community))
        folder = Path(tempfile.mkdtemp(prefix="sc-load-certs-"))
        ledger = Ledger()
        print(f"provisioning {args.devices} devices + 1 door controller through the API ...", flush=True)
        creds = [provision(api, folder, "water_meter", i) for i in range(args.devices)]
        door, door_cert, door_key = provision(api, folder, "door_controller", args.devices)
        mqtt = state["mqtt"]
        publishers = [Publisher(d, community, c, k, mqtt, ledger, args.legacy_keys) for d, c, k in creds]
        quiet = Behaviour(telemetry_every=3600, heartbeat_every=3600, fault_probability=0, alarm_probability=0)
        door_sim = timed_door(
            door, community, "door_controller", door_cert, door_key, mqtt["ca"], mqtt["host"], int(mqtt["port"]), quiet
        ).start()
        time.sleep(1.0)

        stop_checker, stop_commands = threading.Event(), threading.Event()
        checker = threading.Thread(target=check_stored, args=(state, ledger, stop_checker), daemon=True)
        commands: list[dict[str, float]] = []
        commander = threading.Thread(
            target=command_loop,
            args=(api, door, stop_commands, args.command_every, commands, door_sim.acked_at),
            daemon=True,
        )
        load = os.getloadavg()
        checker.start()
        commander.start()
        budget = [args.burst] if args.burst else []
        budget_lock = threading.Lock()
        interval = 0.0 if args.burst else len(publishers) / args.rate
        started = time.time()
        until = time.monotonic() + (3600 if args.burst else args.duration)
        threads = [
            threading.Thread(target=p.run, args=(until, interval, budget, budget_lock), daemon=True) for p in publishers
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        published_for = time.time() - started
        deadline = time.monotonic() + args.drain
        while time.monotonic() < deadline and len(ledger.stored) < len(ledger.published):
            time.sleep(0.5)
        stop_commands.set()
        commander.join(timeout=35)
        stop_checker.set()
        checker.join(timeout=10)
        letters = dead_lettered(state, community)
        door_sim.stop()
    finally:
        for p in publishers:
            try:
                p.close()
            except Exception:
                pass
        if stack is not None:
            stack.stop()

    published = len(ledger.published)
    stored = sum(1 for m in ledger.published if m in ledger.stored)
    dead = sum(1 for m in ledger.published if m in letters and m not in ledger.stored)
    lost = published - stored - dead
    lags = [ledger.stored[m] - at for m, (_, _, at) in ledger.published.items() if m in ledger.stored]
    last_stored = max(ledger.stored.values()) if ledger.stored else started
    rtts = [c["round_trip"] for c in commands if "round_trip" in c]
    applied = [c["ack_applied"] for c in commands if "ack_applied" in c]
    done = sum(1 for c in commands if c.get("done"))
    print()
    mode = f"burst of {args.burst}" if args.burst else f"{args.rate:.0f} msgs/s offered for {args.duration:.0f} s"
    print(
        f"load bench: {len(publishers)} devices (own certificates, QoS 1), {mode}; load average at start "
        f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, at end {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    print(
        f"  published        {published:>8}   in {published_for:.1f} s = {published / published_for:.0f} msgs/s "
        f"(publish failures {ledger.failed_publishes})"
    )
    print(f"  stored           {stored:>8}")
    print(f"  dead-lettered    {dead:>8}")
    print(f"  lost             {lost:>8}")
    print(
        f"  throughput       {stored / max(1e-9, last_stored - started):>8.0f} msgs/s broker -> stored "
        f"(first publish to last stored, {last_stored - started:.1f} s)"
    )
    print(
        f"  lag p50/p95/p99  {percentile(lags, 50):.2f} / {percentile(lags, 95):.2f} / {percentile(lags, 99):.2f} s"
        f"   (max {max(lags) if lags else float('nan'):.2f} s)"
    )
    print(
        f"  commands         {len(commands)} sent during the load, {done} done; round trip p50/p95 "
        f"{percentile(rtts, 50):.2f} / {percentile(rtts, 95):.2f} s (max {max(rtts) if rtts else float('nan'):.2f})"
    )
    print(
        f"  ack -> applied   p50/p95 {percentile(applied, 50):.2f} / {percentile(applied, 95):.2f} s "
        f"(max {max(applied) if applied else float('nan'):.2f} s; device's ack publish -> command done)"
    )
    return 0 if lost == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
