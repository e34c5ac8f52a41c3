"""Ingestion benchmark: 10,000 mixed messages from 200 devices through the ingestion functions, in-process.

    python -m bench.ingestion [--messages 10000] [--devices 200]

Starts a local cloud (moto, no broker), registers the devices, builds each message as its topic rule delivers it
(the rule SQL from infra/ evaluated by iot/rule_sql.py) and feeds them the way the rules deliver them, each path in
arrival order in SQS batches of its event source mapping's BatchSize, read from the template: telemetry and
heartbeats (TelemetryQueue, 500) to `ingest_telemetry_batch`, events (EventsQueue, 10) to `ingest_events_batch`.
Both run through the Lambda registry exactly as deployed handlers would.

The baseline, in the same process against the same DynamoDB endpoint, validates each message the same way and
does one PutItem per message. Printed: messages per second, DynamoDB write requests per 1,000 messages (overall, and
per 1,000 messages of each path), read requests, items written per message. Targets: <= 45 write requests
per 1,000 messages (40 is BatchWriteItem's limit: 25 items a request), <= 1.01 items per message, at least 4x the
baseline's messages per second. Events are written with their batch's BatchWriteItem like telemetry (a repeated
msgId is found by the batch's BatchGetItem; an alarm is handed off before its item is written, and the alarm
consumer deduplicates a second hand-off), so a batch of 10 events costs one write request. The events mapping has no
batching window: batches are full here because the messages arrive as a burst; events trickling in one at a time
would each be an invocation of one (and a write request each, as before, at a rate where that costs nothing).
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import io
import json
import sys
import tempfile
import time
from pathlib import Path
from random import Random
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

MIX = (("telemetry", 0.85), ("heartbeat", 0.11), ("events", 0.04))
# The function each kind's topic rule delivers to (through its queue's event source mapping).
FUNCTIONS = {
    "telemetry": "ingest_telemetry_batch",
    "heartbeat": "ingest_telemetry_batch",
    "events": "ingest_events_batch",
}


def batch_sizes() -> dict[str, int]:
    """BatchSize of each function's SQS event source mapping in the generated template."""
    from infra.localcloud.template import camel, load_template

    sizes: dict[str, int] = {}
    for res in load_template()["Resources"].values():
        if res.get("Type") == "AWS::Lambda::EventSourceMapping":
            props = res["Properties"]
            for name in set(FUNCTIONS.values()):
                if props["FunctionName"] == {"Fn::GetAtt": [camel(name), "Arn"]}:
                    sizes[name] = int(props.get("BatchSize", 10))
    missing = set(FUNCTIONS.values()) - set(sizes)
    assert not missing, f"no event source mapping for {sorted(missing)} in the template"
    return sizes


def build_messages(devices: list[tuple[str, str, str]], count: int, rng: Random) -> list[tuple[str, dict[str, Any]]]:
    """(kind, rule output) in arrival order."""
    from infra.localcloud.rules_bridge import load_rules
    from infra.localcloud.template import load_template
    from iot.rule_sql import Message
    from iot.simulator import payloads
    from iot.topics import topic_for

    rules = load_rules(load_template())
    kinds = [k for k, _ in MIX]
    weights = [w for _, w in MIX]
    out: list[tuple[str, dict[str, Any]]] = []
    now_ms = int(time.time() * 1000)
    while len(out) < count:
        community, device, device_type = rng.choice(devices)
        kind = rng.choices(kinds, weights)[0]
        body: dict[str, Any] | None
        if kind == "telemetry":
            body = payloads.normal_telemetry(device_type, rng)
        elif kind == "heartbeat":
            body = payloads.heartbeat(rng)
        else:
            body = (payloads.alarm_event if rng.random() < 0.5 else payloads.fault_event)(device_type, rng)
        if body is None:
            continue
        message = Message(topic_for(community, device, kind), json.dumps(body).encode(), device, now_ms + len(out))
        [output] = [o for r in rules if (o := r.rule.evaluate(message)) is not None]
        out.append((kind, output))
    return out


def run_ingestion(cloud: Any, messages: list[tuple[str, dict[str, Any]]]) -> dict[str, float]:
    from chalicelib.devices import wiring

    service = wiring.ingestion_service()
    store = service.store
    sizes = batch_sizes()
    requests0, items0, reads0 = store.write_requests, store.items_written, getattr(store, "read_requests", 0)
    pending: dict[str, list[dict[str, Any]]] = {name: [] for name in sizes}
    failures = 0
    path_requests = dict.fromkeys(sizes, 0)
    path_messages = dict.fromkeys(sizes, 0)

    def flush(function: str) -> None:
        nonlocal failures
        batch = pending[function]
        if not batch:
            return
        before = store.write_requests
        event = {
            "Records": [
                {"messageId": f"m-{id(o)}-{i}", "receiptHandle": "r", "body": json.dumps(o)}
                for i, o in enumerate(batch)
            ]
        }
        payload, error = cloud.registry.invoke(function, event)
        assert error is None, payload
        failures += len(payload["batchItemFailures"])
        path_requests[function] += store.write_requests - before
        path_messages[function] += len(batch)
        batch.clear()

    started = time.perf_counter()
    for kind, output in messages:
        function = FUNCTIONS[kind]
        pending[function].append(output)
        if len(pending[function]) == sizes[function]:
            flush(function)
    for function in sizes:
        flush(function)
    elapsed = time.perf_counter() - started
    n = len(messages)
    assert failures == 0, f"{failures} retryable failures"
    return {
        "seconds": elapsed,
        "rate": n / elapsed,
        "requests_per_1000": (store.write_requests - requests0) * 1000 / n,
        "telemetry_per_1000": path_requests["ingest_telemetry_batch"]
        * 1000
        / max(1, path_messages["ingest_telemetry_batch"]),
        "events_per_1000": path_requests["ingest_events_batch"] * 1000 / max(1, path_messages["ingest_events_batch"]),
        "reads_per_1000": (getattr(store, "read_requests", 0) - reads0) * 1000 / n,
        "items_per_message": (store.items_written - items0) / n,
    }


def run_baseline(messages: list[tuple[str, dict[str, Any]]], types: dict[tuple[str, str], str]) -> dict[str, float]:
    """The naive function: decode, validate, one PutItem per message (device types known up front, for free)."""
    from chalicelib.kernel import config
    from chalicelib.kernel.aws import client
    from chalicelib.kernel.clock import iso, parse_iso
    from iot import catalogue

    ddb = client("dynamodb")
    table = config.table_name("telemetry")
    started = time.perf_counter()
    requests = 0
    for kind, output in messages:
        doc = json.loads(base64.b64decode(output["payload"]))
        device_type = types[(output["communityId"], output["thingName"])]
        catalogue.validate_message(device_type, kind, doc)
        body = {k: v for k, v in doc.items() if k not in ("msgId", "ts")}
        ddb.put_item(
            TableName=table,
            Item={
                "pk": {"S": f"B#{output['communityId']}#D#{output['thingName']}"},
                "sk": {"S": f"{kind}#{iso(parse_iso(doc['ts']))}#{doc['msgId']}"},
                "b": {"S": json.dumps(body)},
                "k": {"S": kind},
            },
        )
        requests += 1
    elapsed = time.perf_counter() - started
    n = len(messages)
    return {
        "seconds": elapsed,
        "rate": n / elapsed,
        "requests_per_1000": requests * 1000 / n,
        "telemetry_per_1000": 1000.0,
        "events_per_1000": 1000.0,
        "reads_per_1000": 0.0,
        "items_per_message": requests / n,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--devices", type=int, default=200)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)

    import logging
    import os

    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "ERROR")
    logging.disable(logging.WARNING)

    from infra.localcloud.cloud import LocalCloud

    cloud = LocalCloud(Path(tempfile.mkdtemp(prefix="sc-bench-")), broker=False).start()
    try:
        from chalicelib.devices.repository import DeviceRecord, device_pk
        from chalicelib.kernel.clock import utcnow
        from iot.simulator.payloads import simulated_types

        rng = Random(args.seed)
        types = list(simulated_types())
        devices: list[tuple[str, str, str]] = []
        with DeviceRecord.batch_write() as batch:
            for i in range(args.devices):
                community, device_type = f"bench-c{i % 4}", types[i % len(types)]
                device = f"{device_type.replace('_', '-')}-{i:012x}"
                devices.append((community, device, device_type))
                batch.save(
                    DeviceRecord(
                        device_pk(community, device),
                        "DEVICE",
                        device_id=device,
                        community_id=community,
                        device_type=device_type,
                        name=device,
                        status="active",
                        ingested_at=utcnow(),
                    )
                )
        messages = build_messages(devices, args.messages, rng)
        by_kind = {k: sum(1 for kind, _ in messages if kind == k) for k, _ in MIX}
        # Warm both paths (imports, schema compilation, connections) on throw-away messages.
        warm = build_messages(devices, 300, Random(args.seed + 1))
        with contextlib.redirect_stdout(io.StringIO()):
            run_ingestion(cloud, warm)
            run_baseline(warm, {(c, d): t for c, d, t in devices})

        # Powertools writes EMF metrics to stdout once per invocation; keep them out of the figures' way.
        with contextlib.redirect_stdout(io.StringIO()):
            ingestion = run_ingestion(cloud, messages)
            baseline = run_baseline(messages, {(c, d): t for c, d, t in devices})
    finally:
        cloud.stop()

    speedup = ingestion["rate"] / baseline["rate"]
    sizes = batch_sizes()
    print(
        f"ingestion benchmark: {len(messages)} messages from {len(devices)} devices "
        f"({', '.join(f'{k} {v}' for k, v in by_kind.items())}); telemetry+heartbeat in SQS batches of "
        f"{sizes['ingest_telemetry_batch']}, events in SQS batches of {sizes['ingest_events_batch']}"
    )
    print(
        f"{'':<28}{'msgs/s':>10}{'writes/1000':>14}{'telemetry path':>16}{'events path':>13}{'reads/1000':>12}"
        f"{'items/msg':>11}{'seconds':>9}"
    )
    for name, r in (("batched ingestion", ingestion), ("baseline (PutItem each)", baseline)):
        print(
            f"{name:<28}{r['rate']:>10.0f}{r['requests_per_1000']:>14.1f}{r['telemetry_per_1000']:>16.1f}"
            f"{r['events_per_1000']:>13.1f}{r['reads_per_1000']:>12.1f}{r['items_per_message']:>11.3f}"
            f"{r['seconds']:>9.2f}"
        )
    print("(write requests per 1,000 messages: all, and per 1,000 messages of each path)")
    import os as _os

    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in _os.getloadavg())}")
    checks = {
        "write requests per 1,000 messages <= 45 (all messages)": ingestion["requests_per_1000"] <= 45,
        "write requests per 1,000 messages <= 45 (telemetry path)": ingestion["telemetry_per_1000"] <= 45,
        "items per message <= 1.01": ingestion["items_per_message"] <= 1.01,
        "messages per second >= 4x baseline": speedup >= 4,
    }
    print(f"speed-up: {speedup:.1f}x")
    for name, ok in checks.items():
        print(f"  [{'ok' if ok else 'MISSED'}] {name}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
