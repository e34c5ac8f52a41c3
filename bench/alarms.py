"""Alarm benchmark: a device's alarm message published to the broker -> its first notification recorded by the
(local) push provider, through the whole local cloud: Mosquitto (mTLS) -> rules bridge -> EventsQueue ->
ingest_events_batch (queue mapping) -> AlarmEventsQueue -> alarm_events consumer (queue mapping) -> alarm + Step
Functions execution (moto) -> linkage and notify task -> Aliyun push client (signed) -> local push server.

    python -m bench.alarms [--devices 50] [--alarms 200]

Each round publishes one fire alarm from every device (one every `--interval` seconds, or all at once with 0),
waits for every first push, then sends the devices' normal readings (which clear the alarms through the telemetry
path) so the next round raises new alarms.
Printed: median and p95 latency, throughput, and the machine's load average (other work on the machine slows it).
Target: p95 <= 2 s. Printed, not asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from random import Random
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--devices", type=int, default=50)
    parser.add_argument("--alarms", type=int, default=200)
    parser.add_argument(
        "--interval", type=float, default=0.5, help="seconds between two alarms (0 = every device of a round at once)"
    )
    args = parser.parse_args(argv)
    # Nobody acknowledges in a benchmark: keep escalations (extra notifications) out of the measured window.
    os.environ["ALARM_ACK_TIMEOUT_SECONDS"] = "3600"
    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "ERROR")
    os.environ.setdefault("POWERTOOLS_METRICS_NAMESPACE", "SmartCommunityBench")

    from infra.localcloud.cloud import LocalCloud
    from infra.localcloud.notify_providers import LocalProviders

    cloud = LocalCloud(Path(tempfile.mkdtemp(prefix="sc-bench-alarms-")), broker=True).start()
    providers = LocalProviders().start()
    cloud._export(providers.environment())
    clients: list[Any] = []
    try:
        from chalicelib.alarms import wiring as alarms_wiring
        from chalicelib.devices.repository import DeviceRecord, device_pk, devices_pk, list_sk
        from chalicelib.identity import wiring as identity_wiring
        from chalicelib.kernel import wiring as kernel_wiring
        from chalicelib.kernel.clock import utcnow
        from iot import mqtt_client
        from iot.simulator import payloads
        from iot.topics import topic_for

        kernel_wiring.reset()
        community = "c-bench-" + uuid.uuid4().hex[:6]
        guard = identity_wiring.identity_service().create_staff(
            username="bench-guard-" + uuid.uuid4().hex[:6],
            name="Bench guard",
            password="Bench-Guard-2024!",
            roles=frozenset({"staff.guard"}),
            communities=frozenset({community}),
            phone=None,
            valid_from=None,
            valid_until=None,
            idle_timeout_minutes=30,
            max_failed_logins=5,
            created_by="bench",
        )
        alarms_wiring.duty_roster().add(
            community, guard.account_id, "*", [1, 2, 3, 4, 5, 6, 7], "00:00", "23:59", "bench"
        )
        devices = []
        for i in range(args.devices):
            device_id = f"smoke-bench-{i:03d}-{uuid.uuid4().hex[:4]}"
            building = f"B{i % 5}"
            DeviceRecord(
                device_pk(community, device_id),
                "DEVICE",
                gsi1pk=devices_pk(community),
                gsi1sk=list_sk("smoke_detector", building, device_id),
                device_id=device_id,
                community_id=community,
                device_type="smoke_detector",
                name=device_id,
                status="active",
                location={"building": building},
                building=building,
                ingested_at=utcnow(),
            ).save()
            cloud.broker.allow_thing(device_id)  # its role from the device policy, as the API's issuing gives it
            cert, key = cloud.ca.issue_client(device_id)
            clients.append(
                mqtt_client.connect_mtls("127.0.0.1", cloud.broker.port, cloud.ca.ca_path, cert, key, device_id)
            )
            devices.append(device_id)

        rng = Random(10)
        # warm-up (not counted): the first alarm pays for imports and client creation in every function
        warm = payloads.alarm_event("smoke_detector", rng) or {}
        warm["event"], warm["data"] = "fire_alarm", {}
        seen = len(providers.push.received)
        mqtt_client.publish(clients[0], topic_for(community, devices[0], "events"), warm)
        deadline = time.monotonic() + 60
        while len(providers.push.received) == seen and time.monotonic() < deadline:
            time.sleep(0.05)
        normal = payloads.normal_telemetry("smoke_detector", rng)
        normal["metrics"]["state"] = "normal"
        mqtt_client.publish(clients[0], topic_for(community, devices[0], "telemetry"), normal)
        while (
            alarms_wiring.alarm_service().repo.device_state(community, devices[0]).active
            and time.monotonic() < deadline
        ):
            time.sleep(0.1)
        latencies: list[float] = []
        to_alarm: list[float] = []
        to_push: list[float] = []
        rounds = max(1, args.alarms // len(devices))
        started = time.monotonic()
        for round_no in range(rounds):
            published: dict[str, float] = {}
            seen_before = len(providers.push.received)
            for device_id, client in zip(devices, clients, strict=True):
                alarm = payloads.alarm_event("smoke_detector", rng)
                assert alarm is not None
                alarm["event"], alarm["data"] = "fire_alarm", {}
                published[device_id] = time.time()
                mqtt_client.publish(client, topic_for(community, device_id, "events"), alarm)
                if args.interval:
                    time.sleep(args.interval)
            deadline = time.monotonic() + 120
            first: dict[str, float] = {}
            while len(first) < len(devices) and time.monotonic() < deadline:
                for r in providers.push.received[seen_before:]:
                    body = r["params"].get("Body", "")
                    for device_id in devices:
                        if device_id in body and device_id not in first and r["at"] >= published[device_id]:
                            first[device_id] = r["at"]
                time.sleep(0.05)
            latencies += [first[d] - published[d] for d in first]
            repo = alarms_wiring.alarm_service().repo
            for device_id in first:  # split: publish -> alarm recorded (consumer) and alarm recorded -> push (workflow)
                alarm_id = repo.device_state(community, device_id).active.get("fire_alarm")
                alarm = repo.get(community, alarm_id) if alarm_id else None
                if alarm is not None:
                    recorded = alarm.created_at.timestamp()
                    to_alarm.append(recorded - published[device_id])
                    to_push.append(first[device_id] - recorded)
            missing = len(devices) - len(first)
            print(f"round {round_no + 1}/{rounds}: {len(first)} alarms notified, {missing} missing", flush=True)
            if round_no == rounds - 1:
                break
            for device_id, client in zip(devices, clients, strict=True):  # back to normal: clears the alarms
                reading = payloads.normal_telemetry("smoke_detector", rng)
                reading["metrics"]["state"] = "normal"
                mqtt_client.publish(client, topic_for(community, device_id, "telemetry"), reading)
            repo = alarms_wiring.alarm_service().repo
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and any(repo.device_state(community, d).active for d in devices):
                time.sleep(0.2)
        elapsed = time.monotonic() - started
        load1, load5, load15 = os.getloadavg()
        print()
        print(f"alarms notified           {len(latencies)} of {rounds * len(devices)} from {len(devices)} devices")
        pacing = f"one alarm every {args.interval} s" if args.interval else "burst: a whole round at once"
        print(f"pacing                    {pacing}")
        if latencies:
            print(f"publish -> first push p50 {statistics.median(latencies):.3f} s")
            print(f"publish -> first push p95 {percentile(latencies, 0.95):.3f} s   (target <= 2 s)")
            print(f"publish -> first push max {max(latencies):.3f} s")
        if to_alarm:
            print(
                f"  of which publish -> alarm recorded p50 {statistics.median(to_alarm):.3f} s, "
                f"p95 {percentile(to_alarm, 0.95):.3f} s (broker, rules bridge, ingestion, queue, consumer)"
            )
            print(
                f"  and alarm recorded -> first push   p50 {statistics.median(to_push):.3f} s, "
                f"p95 {percentile(to_push, 0.95):.3f} s (Step Functions start, notify task, push provider)"
            )
        print(f"wall time                 {elapsed:.1f} s (incl. clearing between rounds)")
        print(f"load average (1/5/15 min) {load1:.2f} / {load5:.2f} / {load15:.2f} on {os.cpu_count()} CPUs")
    finally:
        from iot import mqtt_client as mc

        for client in clients:
            mc.disconnect(client)
        providers.stop()
        cloud.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
