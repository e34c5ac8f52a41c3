"""Reading a device's time series and latest state (the device views): the item model and the queries.

Kept apart from the ingestion's writer (store/telemetry.py, where the items and their keys are described): a device
view's request should not import the ingestion domain into its cold start.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pynamodb.attributes import JSONAttribute, TTLAttribute, UnicodeAttribute

from chalicelib.domain.clock import iso
from chalicelib.domain.series import KIND_PREFIX, series_pk
from chalicelib.store.presence import DeviceStateRecord, device_pk
from chalicelib.store.tables import TelemetryTable


class TimeSeriesRecord(TelemetryTable):
    kind = UnicodeAttribute(attr_name="k")
    device_type = UnicodeAttribute(attr_name="dt")
    ts = UnicodeAttribute()
    received_at = UnicodeAttribute(attr_name="rcv")  # ISO-8601 UTC: the ingest time the standards ask for
    body = JSONAttribute(attr_name="b")
    client_id = UnicodeAttribute(attr_name="cid", null=True)
    source = UnicodeAttribute(attr_name="src")  # data source: mqtt | presence
    expires_at = TTLAttribute(null=True)
    device_ts = UnicodeAttribute(attr_name="dts", null=True)  # the device's own ts, when out of bounds
    ts_corrected = UnicodeAttribute(attr_name="tsc", null=True)  # why it was replaced by the receive time


@dataclass(frozen=True)
class SeriesPoint:
    kind: str
    ts: str
    received_at: str
    body: dict[str, Any]
    source: str


@dataclass(frozen=True)
class LatestState:
    """What the device API shows as a device's current state."""

    community_id: str
    device_id: str
    online: bool
    last_seen: str | None
    offline_since: str | None
    telemetry: SeriesPoint | None
    event: SeriesPoint | None

    def as_dict(self) -> dict[str, Any]:
        def point(p: SeriesPoint | None) -> dict[str, Any] | None:
            return None if p is None else {"ts": p.ts, "receivedAt": p.received_at, **p.body}

        return {
            "online": self.online,
            "lastSeen": self.last_seen,
            "offlineSince": self.offline_since,
            "telemetry": point(self.telemetry),
            "lastEvent": point(self.event),
        }


def _point(record: TimeSeriesRecord) -> SeriesPoint:
    return SeriesPoint(record.kind, record.ts, record.received_at, record.body or {}, record.source)


def newest(community_id: str, device_id: str, kind: str) -> SeriesPoint | None:
    """The item of one kind (telemetry, events, heartbeat, commands/ack) received last: one Query, Limit 1."""
    prefix = KIND_PREFIX[kind] + "#"
    for record in TimeSeriesRecord.by_received.query(
        series_pk(community_id, device_id), TimeSeriesRecord.rk.startswith(prefix), scan_index_forward=False, limit=1
    ):
        return _point(record)
    return None


def series(community_id: str, device_id: str, kind: str, limit: int = 50) -> list[SeriesPoint]:
    prefix = KIND_PREFIX[kind] + "#"
    query = TimeSeriesRecord.by_received.query(
        series_pk(community_id, device_id),
        TimeSeriesRecord.rk.startswith(prefix),
        scan_index_forward=False,
        limit=limit,
    )
    return [_point(r) for r in query]


def latest_state(community_id: str, device_id: str) -> LatestState | None:
    """Presence + latest readings + last event of a device; None when it never sent anything.

    Last-seen is the newer of the (sparsely written) state item and the newest reading's receive time.
    """
    try:
        state: DeviceStateRecord | None = DeviceStateRecord.get(device_pk(community_id, device_id), "STATE")
    except DeviceStateRecord.DoesNotExist:
        state = None
    telemetry = newest(community_id, device_id, "telemetry")
    event = newest(community_id, device_id, "events")
    if state is None and telemetry is None and event is None:
        return None
    seen = [iso(state.last_seen)] if state is not None and state.last_seen else []
    seen += [p.received_at for p in (telemetry, event) if p is not None and p.source == "mqtt"]
    online = bool(state.online) if state is not None else False
    offline_since = iso(state.offline_since) if state is not None and state.offline_since else None
    return LatestState(community_id, device_id, online, max(seen) if seen else None, offline_since, telemetry, event)
