"""Presence sweep: devices that miss their heartbeat window become offline, with an event.

Runs every minute. Per community, the store answers "online devices whose stored last-seen is older than the
shortest offline window of any type" from the community's presence partition (one Query, no Scan, no index to keep
in step with every last-seen write); each is then checked against its own type's
window (`iot.catalogue`: offline after `offline_after_missed` x `heartbeat_seconds`). Going offline is a
conditional write on the last-seen the sweep read, so a message that arrived meanwhile wins. Coming back online is
detected by ingestion (chalicelib/devices/ingestion.py) when the next message arrives.

Ingestion writes last-seen sparsely (when it advanced by more than a third of the window), so the stored value
lags the truth by less than two thirds of the window: a device that keeps to its heartbeat is never swept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from chalicelib.devices.alarm_handoff import OFFLINE_EVENT, OFFLINE_SEVERITY, PRESENCE, AlarmCandidate, AlarmSink
from chalicelib.devices.ingestion import IngestionMetrics, NoMetrics
from chalicelib.devices.series import SeriesEntry, StateEntry, expiry
from chalicelib.kernel.clock import iso
from iot import catalogue


@dataclass(frozen=True)
class OnlineDevice:
    community_id: str
    device_id: str
    device_type: str
    last_seen: datetime


class PresenceStore(Protocol):
    def communities(self) -> list[str]: ...

    def online_silent_since(self, community_id: str, cutoff: datetime) -> list[OnlineDevice]:
        """Online devices of a community whose stored last-seen is before `cutoff`."""
        ...

    def mark_offline(self, device: OnlineDevice, at: datetime) -> bool:
        """Conditional on the stored last-seen still being `device.last_seen`; False when it moved."""
        ...

    def restore_online(self, device: OnlineDevice) -> None:
        """Undo `mark_offline` (the hand-off failed; the next sweep tries again)."""
        ...

    def record(self, entries: list[SeriesEntry], states: list[StateEntry]) -> set[str]: ...


@dataclass
class SweepResult:
    checked: int = 0
    offline: list[OnlineDevice] = field(default_factory=list)
    failed: list[OnlineDevice] = field(default_factory=list)


def shortest_offline_window() -> int:
    return min(t.offline_after_seconds for t in catalogue.device_types().values())


@dataclass
class PresenceSweep:
    store: PresenceStore
    alarms: AlarmSink
    metrics: IngestionMetrics = field(default_factory=NoMetrics)

    def sweep(self, now: datetime) -> SweepResult:
        result = SweepResult()
        cutoff = now - timedelta(seconds=shortest_offline_window())
        for community_id in self.store.communities():
            for device in self.store.online_silent_since(community_id, cutoff):
                result.checked += 1
                window = catalogue.get_type(device.device_type).offline_after_seconds
                if now - device.last_seen < timedelta(seconds=window):
                    continue
                if not self.store.mark_offline(device, now):
                    continue  # a message arrived meanwhile
                if self._announce(device, now, window):
                    result.offline.append(device)
                else:
                    result.failed.append(device)
        if result.offline:
            self.metrics.count("DevicesOffline", len(result.offline))
        return result

    def _announce(self, device: OnlineDevice, now: datetime, window: int) -> bool:
        msg_id = f"presence-offline-{int(now.timestamp() * 1000)}"
        data = {"lastSeen": iso(device.last_seen), "offlineAfterSeconds": window}
        try:
            self.alarms.submit(
                AlarmCandidate(
                    community_id=device.community_id,
                    device_id=device.device_id,
                    device_type=device.device_type,
                    event=OFFLINE_EVENT,
                    msg_id=msg_id,
                    occurred_at=iso(now),
                    received_at=iso(now),
                    raises=True,
                    severity=OFFLINE_SEVERITY,
                    data=data,
                    source=PRESENCE,
                )
            )
        except Exception:
            self.store.restore_online(device)
            return False
        entry = SeriesEntry(
            community_id=device.community_id,
            device_id=device.device_id,
            device_type=device.device_type,
            kind="events",
            msg_id=msg_id,
            ts=iso(now),
            received_at=now,
            body={"event": OFFLINE_EVENT, "data": data},
            expires_at=expiry(device.device_type, "events", now),
            source=PRESENCE,
            refs=[msg_id],
        )
        self.store.record([entry], [])  # the event record is best effort; the state item already says offline
        return True
