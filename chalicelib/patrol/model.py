"""What patrol is made of (000 7.2.12; 003 patrol): checkpoints (a QR or NFC tag id with a location), routes (ordered
checkpoints, the time allowed for each leg), plans (a route at set Beijing times with its guards, over midnight
too), rounds (one walk of a route: each checkpoint's deadline, its read or its miss), and the pure rules: deadlines,
the round's next deadline, which checkpoints are missed, the daily report.

The use cases are in `service.py`; a round's workflow is stepfunctions/patrol_round.asl.json.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, Protocol

from chalicelib.kernel.clock import BEIJING_OFFSET

ACTIVE, COMPLETED, INCOMPLETE = "active", "completed", "incomplete"
MISSED_TYPE = "patrol_checkpoint_missed"  # alarm types of their own (kernel/i18n labels)
UNFINISHED_TYPE = "patrol_round_unfinished"
FAR_METRES = 200  # a read this far from its checkpoint is recorded as far


@dataclass(frozen=True)
class Checkpoint:
    community_id: str
    checkpoint_id: str
    name: str
    tag_id: str
    latitude: float
    longitude: float
    building: str | None = None


@dataclass(frozen=True)
class Leg:
    checkpoint_id: str
    allowed_seconds: int  # from the previous checkpoint (or the round's start) to this one


@dataclass(frozen=True)
class Route:
    community_id: str
    route_id: str
    name: str
    legs: tuple[Leg, ...]


@dataclass(frozen=True)
class Plan:
    community_id: str
    plan_id: str
    route_id: str
    times: tuple[str, ...]  # HH:MM, Beijing
    guards: tuple[str, ...]


@dataclass(frozen=True)
class Stop:
    """One checkpoint of a round."""

    checkpoint_id: str
    name: str
    tag_id: str
    latitude: float
    longitude: float
    deadline: datetime
    read_at: datetime | None = None
    read_by: str | None = None
    distance_m: int | None = None
    missed: bool = False
    alarm_id: str | None = None
    photo_key: str | None = None  # the re-encoded checkpoint photo (photos.py), when the scan carried one

    @property
    def pending(self) -> bool:
        return self.read_at is None and not self.missed


@dataclass(frozen=True)
class Round:
    community_id: str
    round_id: str
    route_id: str
    route_name: str
    plan_id: str | None
    guards: tuple[str, ...]
    started_at: datetime
    stops: tuple[Stop, ...]
    status: str = ACTIVE
    finished_at: datetime | None = None
    execution_arn: str | None = None
    version: int = 0

    @property
    def ends_at(self) -> datetime:
        return max(s.deadline for s in self.stops)

    def next_deadline(self) -> datetime | None:
        pending = [s.deadline for s in self.stops if s.pending]
        return min(pending) if pending else None

    def with_stop(self, index: int, stop: Stop) -> Round:
        stops = list(self.stops)
        stops[index] = stop
        return replace(self, stops=tuple(stops))


def deadlines(route: Route, checkpoints: dict[str, Checkpoint], started_at: datetime) -> tuple[Stop, ...]:
    """Each checkpoint's deadline: the round's start plus the allowed time of every leg up to it."""
    at, stops = started_at, []
    for leg in route.legs:
        at += timedelta(seconds=leg.allowed_seconds)
        cp = checkpoints[leg.checkpoint_id]
        stops.append(Stop(cp.checkpoint_id, cp.name, cp.tag_id, cp.latitude, cp.longitude, at))
    return tuple(stops)


def metres(lat1: float, lon1: float, lat2: float, lon2: float) -> int:
    """Great-circle distance (haversine), whole metres."""
    r = 6_371_000.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return round(2 * r * math.asin(math.sqrt(a)))


def round_id_for(plan_id: str, beijing_start: datetime) -> str:
    """A plan's round at one Beijing date and time: the same id however often the scheduler asks (idempotent)."""
    return f"{plan_id}-{beijing_start:%Y%m%d%H%M}"


def beijing_day(moment: datetime) -> str:
    return (moment + BEIJING_OFFSET).strftime("%Y-%m-%d")


def report(rounds: list[Round]) -> dict[str, Any]:
    """A day's patrol: per round its checkpoints read (on time, late, far), missed, and its outcome; totals."""
    lines: list[dict[str, Any]] = []
    for r in sorted(rounds, key=lambda x: x.started_at):
        read = [s for s in r.stops if s.read_at is not None]
        lines.append(
            {
                "roundId": r.round_id,
                "routeName": r.route_name,
                "startedAt": r.started_at,
                "status": r.status,
                "guards": list(r.guards),
                "checkpoints": len(r.stops),
                "read": len(read),
                "late": sum(1 for s in read if s.read_at and s.read_at > s.deadline),
                "missed": sum(1 for s in r.stops if s.missed and s.read_at is None),
                "far": sum(1 for s in read if (s.distance_m or 0) > FAR_METRES),
                "photos": [(s.checkpoint_id, s.name, s.photo_key) for s in read if s.photo_key],
            }
        )
    total = {k: sum(int(str(line[k])) for line in lines) for k in ("checkpoints", "read", "late", "missed", "far")}
    return {"rounds": lines, "totals": {**total, "rounds": len(lines)}}


class PatrolStore(Protocol):
    def put_checkpoint(self, cp: Checkpoint) -> None: ...

    def checkpoints(self, community_id: str, ids: list[str]) -> dict[str, Checkpoint]: ...

    def list_checkpoints(self, community_id: str) -> list[Checkpoint]: ...

    def put_route(self, route: Route) -> None: ...

    def get_route(self, community_id: str, route_id: str) -> Route | None: ...

    def put_plan(self, plan: Plan) -> None: ...

    def plans_at(self, hhmm: str) -> list[Plan]: ...

    def add_round(self, rnd: Round) -> bool:
        """False when the round exists already (a retried start)."""
        ...

    def get_round(self, community_id: str, round_id: str) -> Round | None: ...

    def replace_round(self, rnd: Round, previous: Round) -> bool: ...

    def rounds_of_day(self, community_id: str, day: str) -> list[Round]: ...


class RoundWorkflows(Protocol):
    def start_round(self, rnd: Round) -> str: ...


class PatrolAlarms(Protocol):
    def raise_alarm(
        self, community_id: str, originator: str, alarm_type: str, title: str, data: dict[str, Any], dedupe: str
    ) -> str: ...

    def clear_alarm(self, community_id: str, originator: str, alarm_type: str, reason: str) -> None: ...


@dataclass
class PatrolPorts:
    store: PatrolStore
    workflows: RoundWorkflows
    alarms: PatrolAlarms
    is_staff: Callable[[str, str], bool]  # (community id, account id)
    now: Callable[[], datetime]
    extra: dict[str, Any] = field(default_factory=dict)
