"""Where an alarm's time goes, stage by stage, in the local cloud (used by bench/alarms.py).

The functions run in the bench's process (in both layouts: moto on a thread, or in its own process as `make up`
runs it, which forwards invocations back here), so wrapping their handlers in the function registry sees every
invocation without touching the app. Timestamps per alarm, keyed by the device that raised it:

- published          the bench's publish call (wall clock)
- rule received      `receivedAt` of the EventsQueue message: the topic rule's `timestamp()` (the bridge's clock)
- events queued      EventsQueue `SentTimestamp` (the rule's SQS action done)
- ingestion invoked  `ingest_events_batch` starts with the batch holding it
- alarm queued       AlarmEventsQueue `SentTimestamp` (the ingestion's hand-off)
- consumer invoked   `alarm_events` starts with the batch holding it
- alarm recorded     the alarm's `created_at` (the consumer's clock, just before its transaction)
- workflow started   the execution's `startDate` (DescribeExecution)
- workflow notify    `alarm_workflow_task` starts its level-0 `notify_and_wait` task (NotifyOnDuty)
- first push         the local push provider records the first push naming the alarm (`ExtParameters.subject`)

`CallCounter` counts the AWS calls the app makes in the bench's process (every function, the bridge's pollers), by
operation or, with `--call-sites`, by the code that made them.

Each stage is the time from the one before it; the first push's own path is printed, and the workflow's steps beside
it (they are on that path only when the workflow sends the first notification).
"""

from __future__ import annotations

import json
import statistics
import threading
import time
from collections.abc import Callable
from typing import Any

STAGES = (
    ("broker", "published", "rule received", "Mosquitto -> rules bridge (rule engine)"),
    ("rule", "rule received", "events queued", "topic rule SQL + SQS action (SendMessageBatch)"),
    ("events queue", "events queued", "ingestion invoked", "EventsQueue -> ingest_events_batch (mapping poll)"),
    ("ingestion", "ingestion invoked", "alarm queued", "ingest_events_batch until its hand-off"),
    ("alarm queue", "alarm queued", "consumer invoked", "AlarmEventsQueue -> alarm_events (mapping poll)"),
    ("consumer", "consumer invoked", "alarm recorded", "alarm_events: rules, dedupe, place, until the alarm"),
)
TO_PUSH = ("notifier", "alarm recorded", "first push", "alarm recorded -> first push recorded")
WORKFLOW = (
    ("workflow start", "alarm recorded", "workflow started", "StartExecution (Step Functions)"),
    ("workflow notify", "workflow started", "workflow notify", "execution start -> NotifyOnDuty task invoked"),
)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


class CallCounter:
    """Every AWS call the app's code makes in the bench's process (boto3 clients and PynamoDB both go through
    botocore's `BaseClient._make_api_call`): count and time per service and operation, to see what a burst's alarm
    costs the (local) endpoint. Installed once; `reset` between rounds."""

    def __init__(self, sites: bool = False) -> None:
        self.calls: dict[tuple[str, str], list[float]] = {}
        self.sites = sites  # also count each call by the app's code that made it (slower: walks the stack)
        self._lock = threading.Lock()

    def reset(self) -> None:
        with self._lock:
            self.calls.clear()

    def install(self) -> None:
        from botocore.client import BaseClient

        real = BaseClient._make_api_call
        counter = self

        def counted(client: Any, operation: str, params: Any) -> Any:
            started = time.monotonic()
            try:
                return real(client, operation, params)
            finally:
                spent = time.monotonic() - started
                key = (client.meta.service_model.service_name, operation)
                if counter.sites:
                    key = (key[0], f"{operation} <- {_site()}")
                with counter._lock:
                    counter.calls.setdefault(key, []).append(spent)

        BaseClient._make_api_call = counted  # type: ignore[method-assign]

    def lines(self, alarms: int) -> list[str]:
        with self._lock:
            calls = sorted(self.calls.items(), key=lambda kv: -len(kv[1]))
        per = max(1, alarms)
        out = [f"AWS calls by the app per alarm (all functions, {alarms} alarms; mean / p95 latency):"]
        for (service, op), spans in calls:
            name = f"{service} {op}"
            out.append(
                f"  {name:<36} {len(spans) / per:5.2f}  {statistics.mean(spans) * 1000:6.0f} ms"
                f"  {percentile(spans, 0.95) * 1000:6.0f} ms"
            )
        return out


def _site() -> str:
    """The innermost frames of the app's own code (chalicelib, not its repositories' base) that led to a call."""
    import sys

    frame: Any = sys._getframe(2)
    names: list[str] = []
    while frame is not None and len(names) < 3:
        path = frame.f_code.co_filename
        if "/chalicelib/" in path or "/infra/localcloud/" in path:
            names.append(f"{path.rsplit('/', 2)[-2]}/{path.rsplit('/', 1)[-1][:-3]}.{frame.f_code.co_name}")
        frame = frame.f_back
    return " < ".join(names) or "?"


class StageClock:
    """Records, per device, when each stage's function saw its alarm."""

    def __init__(self) -> None:
        self.times: dict[str, dict[str, float]] = {}
        self.alarm_device: dict[str, str] = {}
        self._lock = threading.Lock()

    def reset(self) -> None:
        with self._lock:
            self.times.clear()
            self.alarm_device.clear()

    def mark(self, device_id: str, stage: str, at: float, first: bool = True) -> None:
        with self._lock:
            stages = self.times.setdefault(device_id, {})
            if not first or stage not in stages:
                stages[stage] = at

    def instrument(self, registry: Any) -> None:
        """Wrap the three functions on the alarm's path in the local function registry."""
        wrap: dict[str, Callable[[Any, float], None]] = {
            "ingest_events_batch": self._ingestion,
            "alarm_events": self._consumer,
            "alarm_workflow_task": self._workflow_task,
        }
        for name, seen in wrap.items():
            handler = registry.handlers[name]

            def wrapped(event: Any, context: Any, _h: Any = handler, _seen: Any = seen) -> Any:
                try:
                    _seen(event, time.time())
                except Exception:  # the clock must never change what the function does
                    pass
                return _h(event, context)

            registry.handlers[name] = wrapped

    def _ingestion(self, event: Any, now: float) -> None:
        for record in event.get("Records", []):
            body = json.loads(record["body"])
            device = str(body.get("thingName"))
            self.mark(device, "rule received", float(body["receivedAt"]) / 1000)
            self.mark(device, "events queued", float(record["attributes"]["SentTimestamp"]) / 1000)
            self.mark(device, "ingestion invoked", now)

    def _consumer(self, event: Any, now: float) -> None:
        for record in event.get("Records", []):
            body = json.loads(record["body"])
            if body.get("event") == "telemetry":
                continue
            device = str(body.get("device_id"))
            self.mark(device, "alarm queued", float(record["attributes"]["SentTimestamp"]) / 1000)
            self.mark(device, "consumer invoked", now)

    def _workflow_task(self, event: Any, now: float) -> None:
        alarm = event.get("alarm") or {}
        if event.get("task") in ("notify", "notify_and_wait") and int(alarm.get("level", 0)) == 0:
            with self._lock:
                device = self.alarm_device.get(str(alarm.get("alarmId")))
            if device:
                self.mark(device, "workflow notify", now)
            else:
                with self._lock:
                    self.times.setdefault("alarm:" + str(alarm.get("alarmId")), {})["workflow notify"] = now

    def alarm_of(self, alarm_id: str, device_id: str) -> None:
        """Once the alarm's device is known: moves a workflow mark recorded under the alarm's id to its device."""
        with self._lock:
            self.alarm_device[alarm_id] = device_id
            early = self.times.pop("alarm:" + alarm_id, None)
        if early:
            for stage, at in early.items():
                self.mark(device_id, stage, at)


def summary(clock: StageClock, devices: list[str]) -> list[str]:
    """The printed lines: each stage's p50 / p95 / max, in path order."""
    lines = []

    def row(label: str, start: str, end: str, what: str) -> None:
        spans = [t[end] - t[start] for d in devices if (t := clock.times.get(d)) and start in t and end in t]
        if not spans:
            return
        lines.append(
            f"  {label:<16} p50 {statistics.median(spans) * 1000:7.0f} ms  p95 {percentile(spans, 0.95) * 1000:7.0f} ms"
            f"  max {max(spans) * 1000:7.0f} ms  {what}"
        )

    lines.append("per stage (each from the one before; n = alarms with both marks):")
    for stage in STAGES:
        row(*stage)
    pushed_first = sum(
        1
        for d in devices
        if (t := clock.times.get(d)) and "first push" in t and t["first push"] < t.get("workflow notify", float("inf"))
    )
    row(*TO_PUSH)
    lines.append(
        f"  first pushes sent before the workflow's notify task started: {pushed_first} of {len(devices)}"
        " (sent by the consumer)"
    )
    lines.append("the alarm workflow beside it:")
    for stage in WORKFLOW:
        row(*stage)
    row("notify -> push", "workflow notify", "first push", "NotifyOnDuty invoked -> first push (when it sent it)")
    return lines
