"""Request and response models of the warning routes."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from chalicelib.governance.service import RunResult, Warning
from chalicelib.governance.watchlist import WatchEntry
from chalicelib.kernel.clock import iso
from chalicelib.kernel.contracts import Contract, Time


class WarningQuery(Contract):
    status: Literal["open", "acknowledged", "resolved"] | None = None
    limit: int = Field(default=50, ge=1, le=200)


class NoteRequest(Contract):
    note: str = Field(min_length=1, max_length=500, description="what was found or done")


class WarningView(Contract):
    warningId: str
    kind: str
    subjectType: str
    subjectId: str
    subjectName: str = Field(description="the subject as people call it: a name, an address, a plate")
    detail: dict[str, Any]
    status: str
    raisedAt: str
    acknowledgedBy: str | None = None
    acknowledgedNote: str | None = None
    resolvedBy: str | None = None
    resolvedNote: str | None = None
    resolvedAt: str | None = None


class WarningList(Contract):
    items: list[WarningView]


class RunView(Contract):
    passages: int = Field(description="passages read (each once)")
    findings: int
    raised: int = Field(description="new warnings")
    alreadyOpen: int = Field(description="findings whose warning is still open (not raised again)")


class ThresholdsBody(Contract):
    awayDays: int = Field(default=183, ge=1, le=3650)
    inNotOutDays: int = Field(default=183, ge=1, le=3650)
    unregisteredEntries: int = Field(default=10, ge=1, le=10_000)
    leftDays: int = Field(default=90, ge=1, le=3650)
    gatheringPersons: int = Field(default=3, ge=2, le=1000)
    cloneSeconds: int = Field(default=120, ge=1, le=86_400)
    nightPassages: int = Field(default=10, ge=1, le=10_000)
    zombieDays: int = Field(default=30, ge=1, le=3650)
    frequentDailyPassages: int = Field(default=20, ge=1, le=10_000)
    vacancyEntries: int = Field(default=3, ge=1, le=10_000, description="entries for a vacant house in 30 days")
    groupRentalSubjects: int = Field(default=8, ge=2, le=10_000)


def warning_view(w: Warning, names: dict[tuple[str, str], str]) -> WarningView:
    return WarningView(
        warningId=w.warning_id,
        kind=w.kind,
        subjectType=w.subject_type,
        subjectId=w.subject_id,
        subjectName=names.get((w.subject_type, w.subject_id), w.subject_id),
        detail=dict(w.detail),
        status=w.status,
        raisedAt=iso(w.raised_at),
        acknowledgedBy=w.acknowledged_by,
        acknowledgedNote=w.acknowledged_note,
        resolvedBy=w.resolved_by,
        resolvedNote=w.resolved_note,
        resolvedAt=iso(w.resolved_at) if w.resolved_at else None,
    )


def run_view(r: RunResult) -> RunView:
    return RunView(passages=r.passages, findings=r.findings, raised=r.raised, alreadyOpen=r.already_open)


class WatchEntryIn(Contract):
    kind: Literal["credential", "person", "id_number", "plate"]
    value: str = Field(min_length=1, max_length=64, description="credential/person id, ID number or plate")
    label: str = Field(min_length=1, max_length=50, description="what the control centre reads; no ID number")
    reason: str = Field(min_length=1, max_length=200)
    until: Time | None = Field(default=None, description="the entry stops matching then")


class WatchRemoveIn(Contract):
    kind: Literal["credential", "person", "id_number", "plate"]
    key: str = Field(min_length=1, max_length=64)


class WatchEntryView(Contract):
    kind: str
    key: str = Field(description="the value, or for an ID number its keyed hash (the number is never stored)")
    label: str
    reason: str
    addedBy: str
    addedAt: str
    until: str | None = None


class WatchList(Contract):
    items: list[WatchEntryView]


def watch_view(e: WatchEntry) -> WatchEntryView:
    return WatchEntryView(
        kind=e.kind,
        key=e.key,
        label=e.label,
        reason=e.reason,
        addedBy=e.added_by,
        addedAt=iso(e.added_at),
        until=iso(e.expires_at) if e.expires_at else None,
    )
