"""The seam between ingestion and alarm evaluation.

Ingestion decides nothing about alarms: it records every device event, and hands each first delivery of an event
that the catalogue says raises an alarm (or that clears one, such as a device coming back online) to an
`AlarmSink`. The alarm evaluation (the alarms capability) consumes what the sink delivers; in AWS that is the
`AlarmEventsQueue` (chalicelib/devices/adapters_ingestion.py).

Delivery is at least once (SQS standard queues, Lambda retries): the consumer deduplicates on
`(community_id, device_id, msg_id)`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from chalicelib.devices.series import SeriesEntry

DEVICE, PRESENCE = "device", "presence"
# Presence events produced by the cloud itself, not by the device.
OFFLINE_EVENT, ONLINE_EVENT = "device_offline", "device_online"
OFFLINE_SEVERITY = "minor"


@dataclass(frozen=True)
class AlarmCandidate:
    """One event that may open or clear an alarm. Times are UTC ISO-8601 strings."""

    community_id: str
    device_id: str
    device_type: str
    event: str
    msg_id: str
    occurred_at: str  # the device's timestamp (or the sweep's, for presence)
    received_at: str  # when the cloud received it
    raises: bool  # the catalogue hint: True opens (or refreshes) an alarm
    severity: str | None = None  # the catalogue's hint; the alarm evaluation has the last word
    clears: tuple[str, ...] = ()  # events whose open alarms this one clears (device_online clears device_offline)
    data: dict[str, Any] = field(default_factory=dict)
    source: str = DEVICE  # device | presence

    def as_message(self) -> dict[str, Any]:
        body = asdict(self)
        body["clears"] = list(self.clears)
        return body


class AlarmSink(Protocol):
    def submit(self, candidate: AlarmCandidate) -> None:
        """Hand one candidate to the alarm evaluation; raises when it could not be handed over."""
        ...

    def submit_all(self, candidates: list[AlarmCandidate]) -> list[bool]:
        """Hand several over in as few requests as possible; whether each was handed over (never raises: a failed
        request leaves its candidates not handed over)."""
        ...


class CollectingAlarmSink:
    """An in-memory sink (unit tests, benchmarks)."""

    def __init__(self) -> None:
        self.submitted: list[AlarmCandidate] = []

    def submit(self, candidate: AlarmCandidate) -> None:
        self.submitted.append(candidate)

    def submit_all(self, candidates: list[AlarmCandidate]) -> list[bool]:
        self.submitted.extend(candidates)
        return [True] * len(candidates)


# ---- telemetry for the alarm evaluator ---------------------------------------------------------------------------
TELEMETRY_EVENT = "telemetry"


def readings_for_alarms(entries: list[SeriesEntry], failed_refs: set[str]) -> list[tuple[AlarmCandidate, list[str]]]:
    """Telemetry of device types with threshold or back-to-normal rules, one candidate per device per batch
    (every reading in order, so a short breach inside a batch is still seen), for the alarm evaluator.
    `entries` are ingestion's series entries; those whose write failed (`failed_refs`) are retried anyway."""
    from iot.catalogue import alarm_watched_types

    watched = alarm_watched_types()
    by_device: dict[tuple[str, str], list[SeriesEntry]] = {}
    for entry in entries:
        if entry.kind != "telemetry" or entry.device_type not in watched or set(entry.refs) & failed_refs:
            continue
        by_device.setdefault((entry.community_id, entry.device_id), []).append(entry)
    out: list[tuple[AlarmCandidate, list[str]]] = []
    for (community_id, device_id), group in by_device.items():
        group.sort(key=lambda e: e.ts)
        first, last = group[0], group[-1]
        readings = [{"ts": e.ts, "metrics": dict(e.body.get("metrics") or {})} for e in group]
        candidate = AlarmCandidate(
            community_id=community_id,
            device_id=device_id,
            device_type=first.device_type,
            event=TELEMETRY_EVENT,
            msg_id=f"t-{first.msg_id}-{last.msg_id}-{len(group)}",
            occurred_at=last.ts,
            received_at=last.ts,
            raises=False,
            data={"readings": readings},
        )
        out.append((candidate, [ref for e in group for ref in e.refs]))
    return out
