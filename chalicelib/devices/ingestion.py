"""Device message ingestion: validate, deduplicate, record, update presence, hand events to the alarm seam.

Input is what the topic rules deliver (infra/resources.yaml): the raw payload in base64 plus the topic, the topic's
community and thing name, the MQTT client id and IoT's receive time, read into an `InboundMessage` (messages.py).
The service takes a whole batch so that it can look devices up and write the time series in as few requests as
possible. What it records, the time-series and state items, is described in series.py.

Rules:
- A bad message (oversized, not JSON, outside the topic scheme, unknown or inactive device, wrong schema) never
  stops the batch: it goes to the dead-letter queue with its reason and is counted as processed.
- A retryable failure (a write or a hand-off that did not happen) is reported by message ref so that only those
  messages are delivered again (SQS partial-batch response, or a Lambda retry on the direct path).
- Idempotent on message id alone: the time-series key is `{kind}#{msgId}`, so any repeat of a msgId
  (a QoS 1 duplicate, or a device resending with a fresh `ts`) maps to the item already stored. Every kind takes
  the same path: repeats inside the batch share one entry, the batch's keys are read (BatchGetItem) and those
  already stored are duplicates (nothing written, nothing handed off again), the rest go out with BatchWriteItem.
- Events that raise an alarm are handed to the alarm seam before their item is written (as "back online" is): a
  failed hand-off retries the message with nothing written, so the retry hands it off; a write failing after a
  hand-off retries the message, which hands it off again. Both, and two deliveries racing in concurrent batches,
  are harmless: the alarm consumer deduplicates on (community, device, msgId) in the transaction that changes the
  alarm (the alarms capability). What is stored is therefore never an event whose alarm was not handed off.
- Every parser of the outside bytes is total (messages.py): any failure of decoding or validating one message,
  whatever the exception, rejects that message alone.
- Device clocks are bounded, and every item expires after its record's minimum retention (series.py).
- Presence: the device's state item is written sparsely (first contact, back online, or last-seen advanced by
  more than a third of the type's offline window), at most once per device per batch.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from chalicelib.devices.alarm_handoff import (
    OFFLINE_EVENT,
    ONLINE_EVENT,
    PRESENCE,
    AlarmCandidate,
    AlarmSink,
    readings_for_alarms,
)
from chalicelib.devices.messages import (
    COMMUNITY_MISMATCH,
    DEVICE_INACTIVE,
    DLQ_PAYLOAD_SAMPLE_BYTES,
    FOREIGN_COMMAND,
    INVALID_JSON,
    INVALID_MESSAGE,
    INVALID_SCHEMA,
    MAX_PAYLOAD_BYTES,
    OVERSIZED,
    UNKNOWN_COMMAND,
    UNKNOWN_DEVICE,
    UNKNOWN_EVENT,
    UNKNOWN_TOPIC,
    InboundMessage,
    Rejection,
    UnreadablePayload,
    decode_json,
)
from chalicelib.devices.series import (
    KIND_PREFIX,
    DeviceView,
    Presence,
    SeriesEntry,
    StateEntry,
    bounded_ts,
    expiry,
    presence_update,
    redacted,
)
from chalicelib.kernel.clock import iso, parse_iso
from iot import catalogue
from iot.topics import parse_topic

INACTIVE_STATUSES = frozenset({"disabled", "retired"})


class IngestionUnavailable(Exception):
    """A retryable failure on the direct path: Lambda retries the invocation (then dead-letters it)."""


@dataclass
class BatchResult:
    accepted: int = 0
    duplicates: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    retry_refs: set[str] = field(default_factory=set)
    submitted: list[AlarmCandidate] = field(default_factory=list)
    acks: dict[str, str] = field(default_factory=dict)


# --------------------------------------------------------------------------- ports


class DeviceDirectory(Protocol):
    def lookup(self, keys: set[tuple[str, str]]) -> dict[tuple[str, str], DeviceView]: ...

    def remember(self, community_id: str, device_id: str, presence: Presence) -> None: ...


class IngestionStore(Protocol):
    def write(self, entries: list[SeriesEntry], states: list[StateEntry]) -> set[str]:
        """Write items in batches; returns the refs of messages whose items could not be written."""
        ...

    def stored(self, entries: list[SeriesEntry]) -> set[tuple[str, str]]:
        """The (pk, sk) of those entries already stored (a repeated msgId); best effort, empty when unsure."""
        ...


class DeadLetters(Protocol):
    def send(self, rejections: list[Rejection]) -> set[str]:
        """Returns the refs that could not be dead-lettered (they are retried instead of being lost)."""
        ...


class CommandAcks(Protocol):
    def acknowledge(
        self, community_id: str, device_id: str, command_id: str, status: str, detail: str | None = None
    ) -> str: ...


class IngestionMetrics(Protocol):
    def count(self, name: str, value: int, reason: str | None = None) -> None: ...


class NoMetrics:
    def count(self, name: str, value: int, reason: str | None = None) -> None:
        pass


# --------------------------------------------------------------------------- the service


@dataclass
class _Accepted:
    message: InboundMessage
    view: DeviceView
    kind: str
    doc: dict[str, Any]


@dataclass
class IngestionService:
    devices: DeviceDirectory
    store: IngestionStore
    dead_letters: DeadLetters
    alarms: AlarmSink
    acks: CommandAcks
    metrics: IngestionMetrics = field(default_factory=NoMetrics)
    # (kind, value) -> the registry's keyed blind index (kernel.security.pii); None: personal fields are dropped
    pii_index: Callable[[str, str], str] | None = None

    def ingest(self, messages: list[InboundMessage | Rejection]) -> BatchResult:
        result = BatchResult()
        rejected: list[Rejection] = [m for m in messages if isinstance(m, Rejection)]
        decoded: list[tuple[InboundMessage, str, dict[str, Any]]] = []
        for message in messages:
            if isinstance(message, Rejection):
                continue
            try:
                outcome = self._decode(message)
            except Exception as exc:  # a message must never fail its batch, whatever it contains
                outcome = message.reject(INVALID_MESSAGE, f"unreadable message ({type(exc).__name__})")
            if isinstance(outcome, Rejection):
                rejected.append(outcome)
            else:
                decoded.append((message, *outcome))

        views = self.devices.lookup({(m.community_id, m.thing_name) for m, _, _ in decoded}) if decoded else {}
        checked: list[_Accepted] = []
        for message, kind, doc in decoded:
            try:
                outcome2 = self._check(message, kind, doc, views.get((message.community_id, message.thing_name)))
            except Exception as exc:
                outcome2 = message.reject(INVALID_MESSAGE, f"message failed validation ({type(exc).__name__})")
            if isinstance(outcome2, Rejection):
                rejected.append(outcome2)
            else:
                checked.append(outcome2)

        accepted = self._acknowledge(checked, rejected, result)  # idempotent: a repeated ack answers "duplicate"
        entries, duplicates = self._entries(accepted, rejected)
        entries, stored = self._unstored(entries)
        result.duplicates = duplicates + stored
        recorded = {ref for e in entries for ref in e.refs}
        accepted = [a for a in accepted if a.message.ref in recorded]
        states, online_entries = self._presence(accepted)
        # "Back online" is handed off before its state is written: if the write then fails, the retry hands it off
        # again (a harmless duplicate clear) instead of finding the device online and losing it.
        for entry in list(online_entries):
            try:
                self._hand_off(entry, result, raises=False, clears=(OFFLINE_EVENT,), source=PRESENCE)
            except Exception:
                result.retry_refs.update(entry.refs)
                online_entries.remove(entry)
                states = [s for s in states if (s.community_id, s.device_id) != (entry.community_id, entry.device_id)]
        # Events that raise an alarm, likewise: handed off first (all of the batch's together), written only once
        # their hand-off happened; one that was not is retried with nothing written (so it is not a duplicate then).
        raising = [
            (entry, candidate)
            for entry in entries
            if entry.kind == "events" and not set(entry.refs) & result.retry_refs
            if (candidate := self._raised(entry)) is not None
        ]
        for (entry, candidate), handed in zip(raising, self._submit_all([c for _, c in raising]), strict=True):
            if handed:
                result.submitted.append(candidate)
            else:
                result.retry_refs.update(entry.refs)
        batch = [e for e in entries if not set(e.refs) & result.retry_refs] + online_entries
        result.retry_refs |= self.store.write(batch, states)
        # Alarm evaluation: readings of devices with threshold / back-to-normal rules, one hand-off per
        # device per batch; a failed hand-off retries those messages (their items are overwritten, idempotent).
        readings = readings_for_alarms(entries, result.retry_refs)
        for (_, refs), handed in zip(readings, self._submit_all([c for c, _ in readings]), strict=True):
            if not handed:
                result.retry_refs.update(refs)
        for state in states:
            if not set(state.refs) & result.retry_refs:
                self.devices.remember(state.community_id, state.device_id, state.presence)

        if rejected:
            result.retry_refs |= self.dead_letters.send(rejected)
            counts: dict[str, int] = defaultdict(int)
            for rejection in rejected:
                counts[rejection.reason] += 1
            for reason, count in sorted(counts.items()):
                self.metrics.count("MessagesRejected", count, reason)
        result.rejected = rejected
        result.accepted = sum(1 for a in accepted if a.message.ref not in result.retry_refs)
        corrected = sum(1 for e in entries if e.ts_corrected)
        if corrected:
            self.metrics.count("DeviceClockCorrected", corrected)
        self.metrics.count("MessagesIngested", result.accepted)
        if result.duplicates:
            self.metrics.count("DuplicateMessages", result.duplicates)
        if online_entries:
            self.metrics.count("DevicesBackOnline", len(online_entries))
        return result

    # -- steps ----------------------------------------------------------------------------------------
    def _decode(self, m: InboundMessage) -> tuple[str, dict[str, Any]] | Rejection:
        if len(m.payload) > MAX_PAYLOAD_BYTES:
            return m.reject(
                OVERSIZED,
                f"{len(m.payload)} bytes > {MAX_PAYLOAD_BYTES}",
                payload=m.payload[:DLQ_PAYLOAD_SAMPLE_BYTES],
                payload_bytes=len(m.payload),
            )
        parts = parse_topic(m.topic)
        if parts is None or parts.community_id != m.community_id or parts.thing_name != m.thing_name:
            return m.reject(UNKNOWN_TOPIC, "the topic is not in the scheme sc/{community}/{thing}/{kind}", "topic")
        if parts.kind not in KIND_PREFIX:
            return m.reject(UNKNOWN_TOPIC, f"devices do not publish {parts.kind}", "topic")
        try:
            doc = decode_json(m.payload)
        except UnreadablePayload as exc:
            return m.reject(exc.reason, exc.detail)
        if not isinstance(doc, dict):
            return m.reject(INVALID_JSON, "payload is not a JSON object")
        return parts.kind, doc

    def _check(
        self, m: InboundMessage, kind: str, doc: dict[str, Any], view: DeviceView | None
    ) -> _Accepted | Rejection:
        if view is None:
            return m.reject(UNKNOWN_DEVICE, f"no device {m.thing_name} in community {m.community_id}")
        if view.facts.community_id != m.community_id:
            return m.reject(COMMUNITY_MISMATCH, f"{m.thing_name} belongs to another community")
        if view.facts.status in INACTIVE_STATUSES:
            return m.reject(DEVICE_INACTIVE, f"device is {view.facts.status}")
        try:
            catalogue.validate_message(view.facts.device_type, kind, doc)
        except catalogue.UnknownDeviceType:
            return m.reject(UNKNOWN_DEVICE, f"device type {view.facts.device_type} is not in the catalogue")
        except catalogue.InvalidMessage as exc:
            reason = UNKNOWN_EVENT if exc.reason == "unknown_event" else INVALID_SCHEMA
            return m.reject(reason, exc.reason, exc.path)
        return _Accepted(m, view, kind, doc)

    def _acknowledge(
        self, accepted: list[_Accepted], rejected: list[Rejection], result: BatchResult
    ) -> list[_Accepted]:
        kept: list[_Accepted] = []
        for a in accepted:
            if a.kind != "commands/ack":
                kept.append(a)
                continue
            m = a.message
            try:
                outcome = self.acks.acknowledge(
                    m.community_id, m.thing_name, a.doc["commandId"], a.doc["status"], a.doc.get("detail")
                )
            except Exception:
                result.retry_refs.add(m.ref)  # the workflow could not be told; deliver the ack again
                continue
            result.acks[a.doc["commandId"]] = outcome
            if outcome in ("unknown", "foreign"):
                reason = UNKNOWN_COMMAND if outcome == "unknown" else FOREIGN_COMMAND
                rejected.append(m.reject(reason, f"command {a.doc['commandId']} is {outcome}", "commandId"))
            else:
                kept.append(a)
        return [a for a in kept if a.message.ref not in result.retry_refs]

    def _entries(self, accepted: list[_Accepted], rejected: list[Rejection]) -> tuple[list[SeriesEntry], int]:
        by_key: dict[tuple[str, str], SeriesEntry] = {}
        duplicates = 0
        for a in accepted:
            m, facts = a.message, a.view.facts
            try:
                device_ts = parse_iso(a.doc["ts"])
                ts, corrected = bounded_ts(device_ts, m.received_at)
                body = {k: v for k, v in a.doc.items() if k not in ("msgId", "ts")}
                body = redacted(facts.device_type, a.kind, body, self.pii_index)  # no phone number stored as typed
                entry = SeriesEntry(
                    community_id=m.community_id,
                    device_id=m.thing_name,
                    device_type=facts.device_type,
                    kind=a.kind,
                    msg_id=a.doc["msgId"],
                    ts=iso(ts),
                    received_at=m.received_at,
                    body=body,
                    expires_at=expiry(facts.device_type, a.kind, m.received_at),
                    client_id=m.client_id,
                    refs=[m.ref],
                    device_ts=a.doc["ts"] if corrected else None,
                    ts_corrected=corrected,
                )
            except Exception as exc:
                rejected.append(m.reject(INVALID_MESSAGE, f"message could not be recorded ({type(exc).__name__})"))
                continue
            existing = by_key.get((entry.pk, entry.sk))
            if existing is not None:  # a QoS 1 duplicate inside the batch: one item, both refs
                existing.refs.append(m.ref)
                duplicates += 1
            else:
                by_key[(entry.pk, entry.sk)] = entry
        return list(by_key.values()), duplicates

    def _unstored(self, entries: list[SeriesEntry]) -> tuple[list[SeriesEntry], int]:
        """Drop entries whose msgId is already stored: a repeat writes nothing and hands nothing off again.

        The read is best effort (a failed read finds nothing): the write then overwrites the same key, and a repeated
        event's second hand-off is absorbed by the alarm consumer's deduplication."""
        stored = self.store.stored(entries) if entries else set()
        if not stored:
            return entries, 0
        kept = [e for e in entries if (e.pk, e.sk) not in stored]
        return kept, sum(len(e.refs) for e in entries if (e.pk, e.sk) in stored)

    def _presence(self, accepted: list[_Accepted]) -> tuple[list[StateEntry], list[SeriesEntry]]:
        latest: dict[tuple[str, str], tuple[datetime, DeviceView, list[str]]] = {}
        for a in accepted:
            key = (a.message.community_id, a.message.thing_name)
            seen, _, refs = latest.get(key, (a.message.received_at, a.view, []))
            refs.append(a.message.ref)
            latest[key] = (max(seen, a.message.received_at), a.view, refs)
        states: list[StateEntry] = []
        online: list[SeriesEntry] = []
        for (community_id, device_id), (seen, view, refs) in latest.items():
            device_type = view.facts.device_type
            write, came_online = presence_update(
                view.presence, seen, catalogue.get_type(device_type).offline_after_seconds
            )
            if not write:
                continue
            if view.presence is not None and view.presence.last_seen and view.presence.last_seen > seen:
                seen = view.presence.last_seen  # never move last-seen backwards
            states.append(
                StateEntry(
                    community_id,
                    device_id,
                    device_type,
                    Presence(True, seen, None),
                    first_contact=view.presence is None,
                    refs=tuple(refs),
                )
            )
            if came_online:
                assert view.presence is not None
                offline_since = view.presence.offline_since
                online.append(
                    SeriesEntry(
                        community_id=community_id,
                        device_id=device_id,
                        device_type=device_type,
                        kind="events",
                        msg_id=f"presence-online-{int(seen.timestamp() * 1000)}",
                        ts=iso(seen),
                        received_at=seen,
                        body={
                            "event": ONLINE_EVENT,
                            "data": {"offlineSince": iso(offline_since) if offline_since else None},
                        },
                        expires_at=expiry(device_type, "events", seen),
                        source=PRESENCE,
                        refs=list(refs),
                    )
                )
        return states, online

    def _raised(self, entry: SeriesEntry) -> AlarmCandidate | None:
        """The alarm candidate of an event the catalogue says raises one; None for any other event (recorded only)."""
        hint = catalogue.alarm_hint(entry.device_type, entry.body["event"])
        if hint is None or not hint.raises:
            return None
        return self._candidate(entry, raises=True, severity=hint.severity)

    def _submit_all(self, candidates: list[AlarmCandidate]) -> list[bool]:
        if not candidates:
            return []
        try:
            return self.alarms.submit_all(candidates)
        except Exception:  # a sink that raises after all: nothing is taken for handed over
            return [False] * len(candidates)

    def _hand_off(
        self,
        entry: SeriesEntry,
        result: BatchResult,
        *,
        raises: bool,
        severity: str | None = None,
        clears: tuple[str, ...] = (),
        source: str = "device",
    ) -> None:
        candidate = self._candidate(entry, raises=raises, severity=severity, clears=clears, source=source)
        self.alarms.submit(candidate)
        result.submitted.append(candidate)

    @staticmethod
    def _candidate(
        entry: SeriesEntry,
        *,
        raises: bool,
        severity: str | None = None,
        clears: tuple[str, ...] = (),
        source: str = "device",
    ) -> AlarmCandidate:
        return AlarmCandidate(
            community_id=entry.community_id,
            device_id=entry.device_id,
            device_type=entry.device_type,
            event=entry.body["event"],
            msg_id=entry.msg_id,
            occurred_at=entry.ts,
            received_at=iso(entry.received_at),
            raises=raises,
            severity=severity,
            clears=clears,
            data=dict(entry.body.get("data") or {}),
            source=source,
        )
