"""The patrol service: checkpoints, routes and plans; starting a round (by its plan's schedule or by hand); a guard's
scan of a checkpoint; the round workflow's steps (the next deadline, judging missed checkpoints, finishing the
round); the daily report.

A missed checkpoint and an unfinished round each raise an alarm of their own type to the control centre through the
alarm capability; a missed checkpoint read late clears its alarm. Every change of a round is a conditional write on
its version, so a scan racing the workflow's judgement is applied on the state the other left.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from chalicelib.kernel.clock import BEIJING_OFFSET
from chalicelib.kernel.errors import Conflict, Forbidden, InvalidInput, NotFound
from chalicelib.patrol.model import (
    ACTIVE,
    COMPLETED,
    INCOMPLETE,
    MISSED_TYPE,
    UNFINISHED_TYPE,
    Checkpoint,
    PatrolPorts,
    Plan,
    Round,
    Route,
    Stop,
    beijing_day,
    deadlines,
    metres,
    report,
    round_id_for,
)


def _invalid(field: str, message: str, code: str = "invalid") -> InvalidInput:
    return InvalidInput(message, code="VALIDATION_FAILED", details=[{"field": field, "code": code, "message": message}])


@dataclass
class PatrolService(PatrolPorts):
    # -- set-up ----------------------------------------------------------------------------------------------
    def add_checkpoint(self, cp: Checkpoint) -> Checkpoint:
        self.store.put_checkpoint(cp)  # Conflict when the id or the tag is taken
        return cp

    def add_route(self, route: Route) -> Route:
        ids = [leg.checkpoint_id for leg in route.legs]
        if len(set(ids)) != len(ids):
            raise _invalid("legs", "a checkpoint appears twice", "duplicate")
        known = self.store.checkpoints(route.community_id, ids)
        for i, cid in enumerate(ids):
            if cid not in known:
                raise NotFound(
                    f"no checkpoint {cid} in this community",
                    code="CHECKPOINT_NOT_FOUND",
                    details=[{"field": f"legs[{i}].checkpointId", "code": "not_found", "message": cid}],
                )
        self.store.put_route(route)
        return route

    def add_plan(self, plan: Plan) -> Plan:
        if self.store.get_route(plan.community_id, plan.route_id) is None:
            raise NotFound(
                "no such route",
                code="ROUTE_NOT_FOUND",
                details=[{"field": "routeId", "code": "not_found", "message": plan.route_id}],
            )
        for i, guard in enumerate(plan.guards):
            if not self.is_staff(plan.community_id, guard):
                raise NotFound(
                    "not staff of this community",
                    code="STAFF_NOT_FOUND",
                    details=[{"field": f"guards[{i}]", "code": "not_community_staff", "message": guard}],
                )
        self.store.put_plan(plan)
        return plan

    # -- rounds --------------------------------------------------------------------------------------------------
    def start_round(
        self,
        community_id: str,
        route_id: str,
        guards: tuple[str, ...],
        started_at: datetime,
        round_id: str,
        plan_id: str | None = None,
    ) -> Round:
        """A round of the route from `started_at`, with its workflow; a second start of the same id changes nothing."""
        existing = self.store.get_round(community_id, round_id)
        if existing is not None:
            return existing
        route = self.store.get_route(community_id, route_id)
        if route is None:
            raise NotFound("no such route", code="ROUTE_NOT_FOUND")
        cps = self.store.checkpoints(community_id, [leg.checkpoint_id for leg in route.legs])
        rnd = Round(
            community_id=community_id,
            round_id=round_id,
            route_id=route_id,
            route_name=route.name,
            plan_id=plan_id,
            guards=guards,
            started_at=started_at,
            stops=deadlines(route, cps, started_at),
        )
        if not self.store.add_round(rnd):
            return self.store.get_round(community_id, round_id) or rnd
        arn = self.workflows.start_round(rnd)  # named after the round: a retried start cannot start two
        current = self.store.get_round(community_id, round_id) or rnd
        if self.store.replace_round(replace(current, execution_arn=arn), current):
            return replace(current, execution_arn=arn, version=current.version + 1)
        return self.store.get_round(community_id, round_id) or rnd

    def start_due_rounds(self) -> list[str]:
        """The scheduler's minute: every plan with a time now (Beijing) starts its round (over midnight too: the
        round belongs to the Beijing date it starts on)."""
        now = self.now()
        local = (now + BEIJING_OFFSET).replace(second=0, microsecond=0)
        started = []
        for plan in self.store.plans_at(f"{local:%H:%M}"):
            round_id = round_id_for(plan.plan_id, local)
            rnd = self.start_round(
                plan.community_id, plan.route_id, plan.guards, local - BEIJING_OFFSET, round_id, plan.plan_id
            )
            started.append(rnd.round_id)
        return started

    def scan(
        self,
        community_id: str,
        round_id: str,
        tag_id: str,
        by: str,
        latitude: float,
        longitude: float,
        attach: Callable[[Stop], str] | None = None,
    ) -> tuple[Round, Stop]:
        """A guard's app read a checkpoint's tag: recorded once (a repeat answers the first read); read after its
        deadline it is late, and its missed-checkpoint alarm clears. `attach` (the scan's photo) is called once the
        read is known to be the checkpoint's first, before it is stored; it answers the photo's key."""
        photo: str | None = None
        for _attempt in range(5):
            rnd = self.store.get_round(community_id, round_id)
            if rnd is None:
                raise NotFound("no such round", code="ROUND_NOT_FOUND")
            if rnd.guards and by not in rnd.guards:
                raise Forbidden("this round is another guard's", code="NOT_ROUND_GUARD")
            index = next((i for i, s in enumerate(rnd.stops) if s.tag_id == tag_id), None)
            if index is None:
                raise NotFound(
                    "this tag is not a checkpoint of the round",
                    code="CHECKPOINT_NOT_IN_ROUND",
                    details=[{"field": "tagId", "code": "not_found", "message": tag_id}],
                )
            stop = rnd.stops[index]
            if stop.read_at is not None:
                return rnd, stop
            now = self.now()
            if attach is not None and photo is None:
                photo = attach(stop)
            read = replace(
                stop,
                read_at=now,
                read_by=by,
                distance_m=metres(latitude, longitude, stop.latitude, stop.longitude),
                photo_key=photo,
            )
            updated = rnd.with_stop(index, read)
            if self.store.replace_round(updated, rnd):
                if stop.missed:
                    self.alarms.clear_alarm(community_id, _originator(stop), MISSED_TYPE, "read late")
                return updated, read
        raise Conflict("the round kept changing; try again", code="ROUND_CHANGED")

    # -- the round workflow's steps --------------------------------------------------------------------------------
    def next_step(self, community_id: str, round_id: str) -> dict[str, Any]:
        """{"done": true} when every checkpoint is read, or the round's end has passed; else the next deadline to
        wait for (the next checkpoint's, or the round's end while a missed one may still be read late)."""
        rnd = self._round(community_id, round_id)
        if rnd.status != ACTIVE or all(s.read_at is not None for s in rnd.stops):
            return {"done": True}
        deadline = rnd.next_deadline()
        if deadline is None:  # every point judged, some unread: the round still has until its end to be read
            if self.now() >= rnd.ends_at:
                return {"done": True}
            deadline = rnd.ends_at
        return {"done": False, "waitUntil": deadline.strftime("%Y-%m-%dT%H:%M:%SZ")}

    def judge(self, community_id: str, round_id: str) -> dict[str, Any]:
        """Every checkpoint whose deadline has passed unread is missed: an alarm to the control centre each. Early
        (a Wait may end before its timestamp): judges nothing and says how many seconds are left."""
        for _attempt in range(5):
            rnd = self._round(community_id, round_id)
            now = self.now()
            deadline = rnd.next_deadline()
            if deadline is None or rnd.status != ACTIVE:
                return {"early": False, "waitSeconds": 0, "missed": 0}
            if deadline > now:
                return {"early": True, "waitSeconds": max(1, int((deadline - now).total_seconds()) + 1), "missed": 0}
            due = [i for i, s in enumerate(rnd.stops) if s.pending and s.deadline <= now]
            # the alarms first (each deduplicated by round and checkpoint), then the round: a failure in between
            # is retried by the workflow and raises nothing twice
            for i in due:
                stop = rnd.stops[i]
                self.alarms.raise_alarm(
                    community_id,
                    _originator(stop),
                    MISSED_TYPE,
                    f"巡更漏检：{rnd.route_name} {stop.name}",
                    {"roundId": round_id, "checkpointId": stop.checkpoint_id, "deadline": str(stop.deadline)},
                    f"{round_id}-{stop.checkpoint_id}",
                )
            updated = rnd
            for i in due:
                updated = updated.with_stop(i, replace(updated.stops[i], missed=True))
            if self.store.replace_round(updated, rnd):
                return {"early": False, "waitSeconds": 0, "missed": len(due)}
        raise Conflict("the round kept changing", code="ROUND_CHANGED")

    def finish(self, community_id: str, round_id: str) -> dict[str, Any]:
        """The last deadline passed: every checkpoint read -> completed; otherwise incomplete, and an unfinished
        round raises its own alarm."""
        raised = False
        for _attempt in range(5):
            rnd = self._round(community_id, round_id)
            if rnd.status != ACTIVE:
                return {"status": rnd.status}
            done = all(s.read_at is not None for s in rnd.stops)
            originator = f"patrol-route-{rnd.route_id}"
            if not done:  # the alarm first (deduplicated by round), then the round: a retry raises nothing twice
                unread = [s.name for s in rnd.stops if s.read_at is None]
                self.alarms.raise_alarm(
                    community_id,
                    originator,
                    UNFINISHED_TYPE,
                    f"巡更未完成：{rnd.route_name}（{len(unread)}个点未巡）",
                    {"roundId": round_id, "unread": unread},
                    round_id,
                )
                raised = True
            elif raised:  # the last point was read while this step ran
                self.alarms.clear_alarm(community_id, originator, UNFINISHED_TYPE, "read in the end")
            finished = replace(rnd, status=COMPLETED if done else INCOMPLETE, finished_at=self.now())
            if self.store.replace_round(finished, rnd):
                return {"status": finished.status}
        raise Conflict("the round kept changing", code="ROUND_CHANGED")

    def daily_report(self, community_id: str, day: str) -> dict[str, Any]:
        return report(self.store.rounds_of_day(community_id, day))

    def _round(self, community_id: str, round_id: str) -> Round:
        rnd = self.store.get_round(community_id, round_id)
        if rnd is None:
            raise NotFound("no such round", code="ROUND_NOT_FOUND")
        return rnd


def _originator(stop: Stop) -> str:
    return f"patrol-{stop.checkpoint_id}"


def day_window(day: str) -> tuple[datetime, datetime]:
    start = datetime.fromisoformat(day) - BEIJING_OFFSET
    return start, start + timedelta(days=1)


__all__ = ["PatrolService", "beijing_day", "day_window"]
