"""Warning use cases: the run (rules over one pass of the passages and the registry snapshot; each finding raised
at most once while open), staff acknowledging and resolving with a note, and the community's thresholds."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Protocol

from chalicelib.governance.model import Finding, Passage, Snapshot, Thresholds, evaluate
from chalicelib.kernel.clock import BEIJING_OFFSET
from chalicelib.kernel.errors import Conflict, NotFound

HISTORY_DAYS = 400  # the entry log keeps passages this long (visitors: >= 180 days, 001 6.2.1.4 c)
METER_HISTORY_DAYS = 28  # the days of use a meter's median is taken over (at least the threshold's minimum)
METER_MAX_DAYS = 180  # meter telemetry is kept 190 days


@dataclass(frozen=True)
class Warning:
    warning_id: str
    community_id: str
    kind: str
    subject_type: str
    subject_id: str
    detail: dict[str, object]
    raised_at: datetime
    status: str = "open"  # open | acknowledged | resolved
    acknowledged_by: str | None = None
    acknowledged_note: str | None = None
    resolved_by: str | None = None
    resolved_note: str | None = None
    resolved_at: datetime | None = None
    version: int = 0


@dataclass(frozen=True)
class RunResult:
    passages: int
    findings: int
    raised: int
    already_open: int


class WarningStore(Protocol):
    def raise_once(self, warning: Warning) -> bool: ...
    def get(self, community_id: str, warning_id: str) -> Warning | None: ...
    def update(self, warning: Warning, release: bool) -> bool: ...
    def find(self, community_id: str, status: str | None, limit: int) -> list[Warning]: ...
    def thresholds(self, community_id: str) -> Thresholds: ...
    def set_thresholds(self, community_id: str, thresholds: Thresholds) -> None: ...
    def communities(self) -> list[str]: ...


class Sources(Protocol):
    def passages(self, community_id: str, since: datetime, until: datetime) -> Iterable[Passage]: ...
    def snapshot(self, community_id: str) -> Snapshot: ...
    def meter_days(self, community_id: str, first_day: date, last_day: date) -> dict[tuple[str, str], list[float]]:
        """(house, utility) -> use per Beijing day, oldest first, ending with `last_day` (houses whose last day is
        unknown are left out)."""
        ...


class Counted:
    """Counts the passages as the run reads them (each one once)."""

    def __init__(self, items: Iterable[Passage]):
        self.items = items
        self.count = 0

    def __iter__(self):  # type: ignore[no-untyped-def]
        for item in self.items:
            self.count += 1
            yield item


class WarningService:
    def __init__(self, store: WarningStore, sources: Sources, now: Callable[[], datetime], new_id: Callable[[], str]):
        self.store = store
        self.sources = sources
        self.now = now
        self.new_id = new_id

    def run(self, community_id: str) -> RunResult:
        now = self.now()
        t = self.store.thresholds(community_id)
        # A person out for 200 days is seen only by reading back past 200 days: read what the entry log keeps
        # (>= 400 days), and at least twice the longest threshold.
        horizon = max(HISTORY_DAYS, 2 * max(t.away_days, t.in_not_out_days, t.left_days, t.zombie_days))
        passages = Counted(self.sources.passages(community_id, now - timedelta(days=horizon), now))
        snapshot = self.sources.snapshot(community_id)
        # Meters: the days of use up to yesterday (Beijing), the last whole day; the run at 02:00 judges it.
        last_day = (now + BEIJING_OFFSET).date() - timedelta(days=1)
        first_day = last_day - timedelta(days=min(METER_MAX_DAYS, max(METER_HISTORY_DAYS, t.meter_min_days)))
        meters = self.sources.meter_days(community_id, first_day, last_day)
        snapshot = replace(snapshot, meter_days={**snapshot.meter_days, **meters})
        found = evaluate(passages, snapshot, now, t)
        raised = sum(1 for f in found if self.store.raise_once(self._warning(community_id, f, now)))
        return RunResult(passages.count, len(found), raised, len(found) - raised)

    def _warning(self, community_id: str, f: Finding, now: datetime) -> Warning:
        return Warning(self.new_id(), community_id, f.kind, f.subject_type, f.subject_id, dict(f.detail), now)

    def get(self, community_id: str, warning_id: str) -> Warning:
        warning = self.store.get(community_id, warning_id)
        if warning is None:
            raise NotFound("no such warning", code="WARNING_NOT_FOUND")
        return warning

    def acknowledge(self, community_id: str, warning_id: str, by: str, note: str) -> Warning:
        warning = self.get(community_id, warning_id)
        if warning.status != "open":
            raise Conflict("only an open warning is acknowledged", code="WARNING_NOT_OPEN")
        done = replace(warning, status="acknowledged", acknowledged_by=by, acknowledged_note=note)
        if not self.store.update(done, release=False):
            raise Conflict("the warning changed meanwhile", code="WARNING_CONFLICT")
        return self.get(community_id, warning_id)

    def resolve(self, community_id: str, warning_id: str, by: str, note: str) -> Warning:
        """Resolved warnings free their slot: the same anomaly found again raises a new warning."""
        warning = self.get(community_id, warning_id)
        if warning.status == "resolved":
            raise Conflict("the warning is already resolved", code="WARNING_RESOLVED")
        done = replace(warning, status="resolved", resolved_by=by, resolved_note=note, resolved_at=self.now())
        if not self.store.update(done, release=True):
            raise Conflict("the warning changed meanwhile", code="WARNING_CONFLICT")
        return self.get(community_id, warning_id)
