"""Answers of the offline-decision routes: cars that left through a barrier deciding by itself while owing money,
and the barriers' own decisions the cloud's rule disagrees with (offline.py)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

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
    )
