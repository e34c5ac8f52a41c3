"""Request and response models of the warning routes."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from chalicelib.governance.service import RunResult, Warning
from chalicelib.kernel.clock import iso
from chalicelib.kernel.contracts import Contract


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
    frequentPerDay: int = Field(default=20, ge=1, le=10_000)
    emptyHousePassages: int = Field(default=3, ge=1, le=10_000)
    groupRentalSubjects: int = Field(default=8, ge=2, le=10_000)


def warning_view(w: Warning) -> WarningView:
    return WarningView(
        warningId=w.warning_id,
        kind=w.kind,
        subjectType=w.subject_type,
        subjectId=w.subject_id,
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
