"""Answers of the offline-decision routes: cars that left through a barrier deciding by itself while owing money,
and the barriers' own decisions the cloud's rule disagrees with (offline.py)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from chalicelib.kernel.clock import iso
from chalicelib.kernel.contracts import Contract
from chalicelib.parking.offline import Discrepancy, UnpaidExit


class OfflineListQuery(Contract):
    limit: int = Field(default=50, ge=1, le=200)


class UnpaidExitView(Contract):
    stayId: str
    parkId: str
    plate: str
    enteredAt: str
    leftAt: str = Field(description="When the barrier let the car out by itself (offline)")
    deviceId: str
    dueFen: int = Field(description="What the car owed when it left, by the one fee rule, less what it had paid")
    passageId: str
    settlement: SettlementView | None = Field(default=None, description="Set once staff settled it")


class SettlementView(Contract):
    outcome: Literal["collected", "waived"]
    amountFen: int = Field(description="What was collected afterwards (0 when waived)")
    note: str
    by: str = Field(description="The staff account that settled it")
    at: str


class SettleUnpaidRequest(Contract):
    outcome: Literal["collected", "waived"] = Field(
        description="collected: the money was paid afterwards (cash, a later payment); waived: written off"
    )
    amountFen: int = Field(
        ge=0, le=100_000_000, description="What was collected, 1 up to what the car owed; 0 if waived"
    )
    note: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class ResolveDiscrepancyRequest(Contract):
    note: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)] = Field(
        description="What staff found (a guard's account, a camera's misread, a fault)"
    )


class ResolutionView(Contract):
    note: str
    by: str
    at: str


class UnpaidExitList(Contract):
    items: list[UnpaidExitView]


class DiscrepancyView(Contract):
    passageId: str
    deviceId: str
    plate: str
    direction: Literal["in", "out"]
    decision: Literal["open", "refuse"] = Field(description="What the barrier decided by itself")
    at: str
    flag: Literal["WATCH_LISTED_OPENED", "NO_ENTRY_RECORD", "REFUSED_ALLOWED"] = Field(
        description="How the cloud's rule disagrees"
    )
    stayId: str | None
    resolution: ResolutionView | None = Field(default=None, description="Set once staff resolved it")


class DiscrepancyList(Contract):
    items: list[DiscrepancyView]


def unpaid_view(u: UnpaidExit) -> UnpaidExitView:
    return UnpaidExitView(
        stayId=u.stay_id,
        parkId=u.park_id,
        plate=u.plate,
        enteredAt=iso(u.entered_at),
        leftAt=iso(u.left_at),
        deviceId=u.device_id,
        dueFen=u.due_fen,
        passageId=u.passage_id,
        settlement=None
        if u.settled_outcome is None or u.settled_at is None
        else SettlementView(
            outcome=u.settled_outcome,  # type: ignore[arg-type]
            amountFen=u.settled_fen or 0,
            note=u.settled_note or "",
            by=u.settled_by or "",
            at=iso(u.settled_at),
        ),
    )


def discrepancy_view(d: Discrepancy) -> DiscrepancyView:
    return DiscrepancyView(
        passageId=d.passage_id,
        deviceId=d.device_id,
        plate=d.plate,
        direction=d.direction,  # type: ignore[arg-type]
        decision=d.decision,  # type: ignore[arg-type]
        at=iso(d.at),
        flag=d.flag,  # type: ignore[arg-type]
        stayId=d.stay_id,
        resolution=None
        if d.resolved_at is None
        else ResolutionView(note=d.resolved_note or "", by=d.resolved_by or "", at=iso(d.resolved_at)),
    )
