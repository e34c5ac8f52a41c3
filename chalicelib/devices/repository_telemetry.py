"""Writing device time series to the telemetry table (the ingestion), and the device state items it keeps fresh.

Item: pk `C#{c}#D#{d}`, sk `{K}#{msgId}` with K = T telemetry, E events (device and presence events),
H heartbeat, A command ack; `rk` = `{K}#{receivedAt}#{ts}#{msgId}` orders a device's telemetry and events on the
local index `by_received` (heartbeats and acks carry no `rk`, so they are not on it: series.ORDERED_KINDS). The key is
the msgId alone: a repeated msgId (QoS 1 duplicate or a resend with a fresh ts) is the
same item. Before a batch is written its keys are read (BatchGetItem, reads only) and those already stored are
skipped, so a repeat stores nothing new and has no side effects (every kind, events included: the domain hands an
event's alarm off before its item is written).
Short attribute names keep the high-rate items small (1 KB = 1 write unit). `expires_at` (TTL) = receive time +
the record's retention minimum; reads never rely on it (TTL is garbage collection).

Writes go out as BatchWriteItem requests of 25 items (time series and state items together), a few in parallel;
unprocessed items are retried with backoff and, if they still fail, reported back by message ref.

Reading a device's time series and latest state (the device views): the item model and the queries.

The items and their keys, shared by the ingestion (writes) and the device views (reads), are described in
series.py, apart from the ingestion service: a device view's request does not import the ingestion into its cold
start.
"""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pynamodb.attributes import JSONAttribute, TTLAttribute, UnicodeAttribute

from chalicelib.devices.repository_presence import DeviceStateRecord, community_item, state_item, state_key
from chalicelib.devices.series import KIND_PREFIX, ORDERED_KINDS, SeriesEntry, StateEntry, series_pk
from chalicelib.kernel import config
from chalicelib.kernel.clock import iso, utcnow
from chalicelib.kernel.tables import TelemetryTable

BATCH_ITEMS = 25  # BatchWriteItem's limit
WRITE_THREADS = 8


def series_item(entry: SeriesEntry) -> dict[str, Any]:
    """The low-level item (built by hand: this runs once per message; it matches `TimeSeriesRecord`)."""
    item: dict[str, Any] = {
        "pk": {"S": entry.pk},
        "sk": {"S": entry.sk},
        "k": {"S": entry.kind},
        "dt": {"S": entry.device_type},
        "ts": {"S": entry.ts},
        "rcv": {"S": iso(entry.received_at)},
        "b": {"S": json.dumps(entry.body, separators=(",", ":"), ensure_ascii=False)},
        "src": {"S": entry.source},
        "expires_at": {"N": str(int(entry.expires_at.timestamp()))},
    }
    if entry.kind in ORDERED_KINDS:  # on the local index by_received (heartbeats and acks are not: never read so)
        item["rk"] = {"S": entry.order_key}
    if entry.client_id:
        item["cid"] = {"S": entry.client_id}
    if entry.ts_corrected:
        item["tsc"] = {"S": entry.ts_corrected}
        item["dts"] = {"S": str(entry.device_ts)[:64]}
    return item


@dataclass(frozen=True)
class SeriesMessage:
    """A stored device message, as a telemetry-table stream image carries it (what other capabilities read)."""

    community_id: str
    device_id: str
    device_type: str
    kind: str  # telemetry | events | heartbeat | commands/ack
    document: dict[str, Any]  # as the device sent it: the stored body with its `ts` and `msgId`


_KINDS = {prefix: kind for kind, prefix in KIND_PREFIX.items()}


def message_from_image(image: Any) -> SeriesMessage | None:
    """The device message of a stream image of `series_item`, or None (a presence event, anything unreadable)."""
    try:
        if image["src"]["S"] != "mqtt":
            return None
        prefix, c, sep, device_id = image["pk"]["S"].split("#", 3)
        kind_prefix, msg_id = image["sk"]["S"].split("#", 1)
        if prefix != "C" or sep != "D" or kind_prefix not in _KINDS:
            return None
        body = json.loads(image["b"]["S"])
        if not isinstance(body, dict):
            return None
        document = {**body, "ts": image["ts"]["S"], "msgId": msg_id}
        return SeriesMessage(c, device_id, image["dt"]["S"], _KINDS[kind_prefix], document)
    except (KeyError, TypeError, ValueError, AttributeError, RecursionError):
        return None


class DynamoIngestionStore:
    """Counts its requests and items (the ingestion benchmark prints them)."""

    def __init__(self, threads: int = WRITE_THREADS):
        self.threads = threads
        self._lock = threading.Lock()
        self._executor: ThreadPoolExecutor | None = None
        self.write_requests = 0
        self.items_written = 0
        self.read_requests = 0

    def _count(self, requests: int, items: int) -> None:
        with self._lock:
            self.write_requests += requests
            self.items_written += items

    def write(self, entries: list[SeriesEntry], states: list[StateEntry]) -> set[str]:
        telemetry, devices = config.table_name("telemetry"), config.table_name("devices")
        now = utcnow()
        requests: list[tuple[str, dict[str, Any], tuple[str, ...]]] = [
            (telemetry, series_item(e), tuple(e.refs)) for e in entries
        ]
        communities: set[str] = set()
        for state in states:
            requests.append((devices, state_item(state, now), state.refs))
            if state.first_contact and state.community_id not in communities:  # one key once per request
                communities.add(state.community_id)
                requests.append((devices, community_item(state.community_id), ()))
        chunks = [requests[i : i + BATCH_ITEMS] for i in range(0, len(requests), BATCH_ITEMS)]
        failed: set[str] = set()
        if len(chunks) <= 1 or self.threads <= 1:
            for chunk in chunks:
                failed |= self._write_chunk(chunk)
        else:
            for part in self._pool().map(self._write_chunk, chunks):
                failed |= part
        return failed

    def _pool(self) -> ThreadPoolExecutor:
        # One pool per container: starting threads for every batch costs more than the writes it parallelises.
        with self._lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(max_workers=self.threads, thread_name_prefix="ddb-write")
            return self._executor

    def _write_chunk(self, chunk: list[tuple[str, dict[str, Any], tuple[str, ...]]]) -> set[str]:
        from chalicelib.kernel.aws import client

        refs_by_key = {(table, item["pk"]["S"], item["sk"]["S"]): refs for table, item, refs in chunk}
        pending: dict[str, list[dict[str, Any]]] = {}
        for table, item, _ in chunk:
            pending.setdefault(table, []).append({"PutRequest": {"Item": item}})
        for attempt in range(5):
            try:
                response = client("dynamodb").batch_write_item(RequestItems=pending)
            except Exception as exc:
                from chalicelib.kernel.observability import logger

                logger.warning("BatchWriteItem failed", extra={"error": str(exc), "attempt": attempt})
                code = getattr(exc, "response", {}).get("Error", {}).get("Code", "")
                if attempt == 4 or code == "ValidationException":  # retrying a bad request cannot help
                    break
                time.sleep(0.05 * 2**attempt)
                continue
            unprocessed = response.get("UnprocessedItems") or {}
            sent = sum(len(v) for v in pending.values())
            left = sum(len(v) for v in unprocessed.values())
            self._count(1, sent - left)
            pending = unprocessed
            if not pending:
                return set()
            time.sleep(0.05 * 2**attempt)
        failed: set[str] = set()
        for table, requests in pending.items():
            for request in requests:
                item = request["PutRequest"]["Item"]
                failed.update(refs_by_key.get((table, item["pk"]["S"], item["sk"]["S"]), ()))
        return failed

    def stored(self, entries: list[SeriesEntry]) -> set[tuple[str, str]]:
        """Keys already in the table (BatchGetItem, 100 keys a request, in parallel). A failed read returns what
        it has: the write that follows then overwrites the same key (still one item per msgId)."""
        keys = list({(e.pk, e.sk) for e in entries})
        chunks = [keys[i : i + 100] for i in range(0, len(keys), 100)]
        found: set[tuple[str, str]] = set()
        if len(chunks) <= 1 or self.threads <= 1:
            parts = [self._stored_chunk(c) for c in chunks]
        else:
            parts = list(self._pool().map(self._stored_chunk, chunks))
        for part in parts:
            found |= part
        return found

    def _stored_chunk(self, keys: list[tuple[str, str]]) -> set[tuple[str, str]]:
        from chalicelib.kernel.aws import client

        table = config.table_name("telemetry")
        request: dict[str, Any] = {
            table: {"Keys": [{"pk": {"S": pk}, "sk": {"S": sk}} for pk, sk in keys], "ProjectionExpression": "pk, sk"}
        }
        found: set[tuple[str, str]] = set()
        for attempt in range(4):
            try:
                response = client("dynamodb").batch_get_item(RequestItems=request)
            except Exception:
                return found
            with self._lock:
                self.read_requests += 1
            found.update((i["pk"]["S"], i["sk"]["S"]) for i in response.get("Responses", {}).get(table, []))
            request = response.get("UnprocessedKeys") or {}
            if not request:
                break
            time.sleep(0.05 * 2**attempt)
        return found


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


def _ordered_prefix(kind: str) -> str:
    if kind not in ORDERED_KINDS:
        raise ValueError(f"{kind} items are not on the by_received index (only {', '.join(ORDERED_KINDS)})")
    return KIND_PREFIX[kind] + "#"


def newest(community_id: str, device_id: str, kind: str) -> SeriesPoint | None:
    """The item of one kind (telemetry, events, heartbeat, commands/ack) received last: one Query, Limit 1."""
    prefix = _ordered_prefix(kind)
    for record in TimeSeriesRecord.by_received.query(
        series_pk(community_id, device_id), TimeSeriesRecord.rk.startswith(prefix), scan_index_forward=False, limit=1
    ):
        return _point(record)
    return None


def series(community_id: str, device_id: str, kind: str, limit: int = 50) -> list[SeriesPoint]:
    prefix = _ordered_prefix(kind)
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
        state: DeviceStateRecord | None = DeviceStateRecord.get(*state_key(community_id, device_id))
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


def received_between(
    community_id: str, device_id: str, kind: str, since: datetime, until: datetime
) -> list[SeriesPoint]:
    """A device's items of one kind received in [since, until), oldest first (one Query, paged)."""
    prefix = _ordered_prefix(kind)
    query = TimeSeriesRecord.by_received.query(
        series_pk(community_id, device_id),
        TimeSeriesRecord.rk.between(prefix + iso(since), prefix + iso(until)),
        scan_index_forward=True,
    )
    return [_point(r) for r in query if r.received_at < iso(until)]
