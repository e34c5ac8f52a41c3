"""Patrol in the patrol table (every read is a GetItem, a BatchGetItem or a Query).

Layout:
- checkpoint  pk `C#{c}#CP#{id}` sk `CP`; gsi1 `C#{c}#CPS` / id; its tag `C#{c}#TAG#{tag}` / `TAG` (one checkpoint per
              tag, written in the same transaction)
- route       pk `C#{c}#ROUTE#{id}` sk `ROUTE` (legs in order)
- plan        pk `C#{c}#PLAN#{id}` sk `PLAN`; one item per time `C#{c}#PLAN#{id}` / `AT#{HH:MM}` with gsi1
              `PATROL#AT#{HH:MM}` / `{c}#{id}` (the scheduler's minute is one Query)
- round       pk `C#{c}#ROUND#{id}` sk `ROUND` (version); gsi1 `C#{c}#ROUNDS#{Beijing day}` / `{started}#{id}`
"""

from __future__ import annotations

from datetime import datetime

from pynamodb.attributes import JSONAttribute, NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute, VersionAttribute
from pynamodb.exceptions import PutError, TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib.kernel.clock import iso
from chalicelib.kernel.dynamo import transaction_connection, write_refused
from chalicelib.kernel.errors import Conflict
from chalicelib.kernel.tables import PatrolTable
from chalicelib.patrol.model import Checkpoint, Leg, Plan, Round, Route, Stop, beijing_day


class CheckpointItem(PatrolTable):
    checkpoint_id = UnicodeAttribute()
    community_id = UnicodeAttribute()
    name = UnicodeAttribute()
    tag_id = UnicodeAttribute()
    latitude = NumberAttribute()
    longitude = NumberAttribute()
    building = UnicodeAttribute(null=True)


class TagItem(PatrolTable):
    checkpoint_id = UnicodeAttribute()


class RouteItem(PatrolTable):
    route_id = UnicodeAttribute()
    community_id = UnicodeAttribute()
    name = UnicodeAttribute()
    legs = JSONAttribute()


class PlanItem(PatrolTable):
    plan_id = UnicodeAttribute()
    community_id = UnicodeAttribute()
    route_id = UnicodeAttribute()
    times = JSONAttribute()
    guards = JSONAttribute()


class RoundItem(PatrolTable):
    round_id = UnicodeAttribute()
    community_id = UnicodeAttribute()
    route_id = UnicodeAttribute()
    route_name = UnicodeAttribute()
    plan_id = UnicodeAttribute(null=True)
    guards = JSONAttribute()
    started_at = UTCDateTimeAttribute()
    stops = JSONAttribute()
    status = UnicodeAttribute()
    finished_at = UTCDateTimeAttribute(null=True)
    execution_arn = UnicodeAttribute(null=True)
    version = VersionAttribute()


def _cp(i: CheckpointItem) -> Checkpoint:
    return Checkpoint(
        i.community_id, i.checkpoint_id, i.name, i.tag_id, float(i.latitude), float(i.longitude), i.building
    )


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


def _stop_doc(s: Stop) -> dict[str, object]:
    return {
        "checkpointId": s.checkpoint_id,
        "name": s.name,
        "tagId": s.tag_id,
        "latitude": s.latitude,
        "longitude": s.longitude,
        "deadline": iso(s.deadline),
        "readAt": iso(s.read_at) if s.read_at else None,
        "readBy": s.read_by,
        "distanceM": s.distance_m,
        "missed": s.missed,
        "photoKey": s.photo_key,
    }


def _stop(d: dict[str, object]) -> Stop:
    deadline = _when(str(d["deadline"]))
    assert deadline is not None
    distance = d.get("distanceM")
    return Stop(
        checkpoint_id=str(d["checkpointId"]),
        name=str(d["name"]),
        tag_id=str(d["tagId"]),
        latitude=float(str(d["latitude"])),
        longitude=float(str(d["longitude"])),
        deadline=deadline,
        read_at=_when(str(d["readAt"])) if d.get("readAt") else None,
        read_by=str(d["readBy"]) if d.get("readBy") else None,
        distance_m=int(str(distance)) if distance is not None else None,
        missed=bool(d.get("missed")),
        photo_key=str(d["photoKey"]) if d.get("photoKey") else None,
    )


def _round_item(r: Round) -> RoundItem:
    item = RoundItem(
        f"C#{r.community_id}#ROUND#{r.round_id}",
        "ROUND",
        gsi1pk=f"C#{r.community_id}#ROUNDS#{beijing_day(r.started_at)}",
        gsi1sk=f"{iso(r.started_at)}#{r.round_id}",
        round_id=r.round_id,
        community_id=r.community_id,
        route_id=r.route_id,
        route_name=r.route_name,
        plan_id=r.plan_id,
        guards=list(r.guards),
        started_at=r.started_at,
        stops=[_stop_doc(s) for s in r.stops],
        status=r.status,
        finished_at=r.finished_at,
        execution_arn=r.execution_arn,
    )
    if r.version:
        item.version = r.version
    return item


def _round(i: RoundItem) -> Round:
    return Round(
        community_id=i.community_id,
        round_id=i.round_id,
        route_id=i.route_id,
        route_name=i.route_name,
        plan_id=i.plan_id,
        guards=tuple(i.guards or ()),
        started_at=i.started_at,
        stops=tuple(_stop(d) for d in i.stops),
        status=i.status,
        finished_at=i.finished_at,
        execution_arn=i.execution_arn,
        version=int(i.version or 0),
    )


class DynamoPatrolStore:
    def put_checkpoint(self, cp: Checkpoint) -> None:
        c = cp.community_id
        try:
            with TransactWrite(connection=transaction_connection(PatrolTable)) as tx:
                tx.save(
                    CheckpointItem(
                        f"C#{c}#CP#{cp.checkpoint_id}",
                        "CP",
                        gsi1pk=f"C#{c}#CPS",
                        gsi1sk=cp.checkpoint_id,
                        checkpoint_id=cp.checkpoint_id,
                        community_id=c,
                        name=cp.name,
                        tag_id=cp.tag_id,
                        latitude=cp.latitude,
                        longitude=cp.longitude,
                        building=cp.building,
                    ),
                    condition=CheckpointItem.pk.does_not_exist(),
                )
                tx.save(
                    TagItem(f"C#{c}#TAG#{cp.tag_id}", "TAG", checkpoint_id=cp.checkpoint_id),
                    condition=TagItem.pk.does_not_exist(),
                )
        except TransactWriteError as exc:
            if write_refused(exc):
                raise Conflict("the checkpoint id or its tag is taken", code="CHECKPOINT_EXISTS") from exc
            raise

    def checkpoints(self, community_id: str, ids: list[str]) -> dict[str, Checkpoint]:
        keys = [(f"C#{community_id}#CP#{i}", "CP") for i in dict.fromkeys(ids)]
        return {cp.checkpoint_id: cp for cp in (_cp(i) for i in CheckpointItem.batch_get(keys))}

    def list_checkpoints(self, community_id: str) -> list[Checkpoint]:
        return [_cp(i) for i in CheckpointItem.gsi1.query(f"C#{community_id}#CPS", limit=500)]

    def put_route(self, route: Route) -> None:
        try:
            RouteItem(
                f"C#{route.community_id}#ROUTE#{route.route_id}",
                "ROUTE",
                route_id=route.route_id,
                community_id=route.community_id,
                name=route.name,
                legs=[{"checkpointId": leg.checkpoint_id, "allowedSeconds": leg.allowed_seconds} for leg in route.legs],
            ).save(condition=RouteItem.pk.does_not_exist())
        except PutError as exc:
            if write_refused(exc):
                raise Conflict("the route exists already", code="ROUTE_EXISTS") from exc
            raise

    def get_route(self, community_id: str, route_id: str) -> Route | None:
        try:
            i = RouteItem.get(f"C#{community_id}#ROUTE#{route_id}", "ROUTE")
        except RouteItem.DoesNotExist:
            return None
        legs = tuple(Leg(str(x["checkpointId"]), int(x["allowedSeconds"])) for x in i.legs)
        return Route(i.community_id, i.route_id, i.name, legs)

    def put_plan(self, plan: Plan) -> None:
        c, pk = plan.community_id, f"C#{plan.community_id}#PLAN#{plan.plan_id}"
        try:
            with TransactWrite(connection=transaction_connection(PatrolTable)) as tx:
                tx.save(
                    PlanItem(
                        pk,
                        "PLAN",
                        plan_id=plan.plan_id,
                        community_id=c,
                        route_id=plan.route_id,
                        times=list(plan.times),
                        guards=list(plan.guards),
                    ),
                    condition=PlanItem.pk.does_not_exist(),
                )
                for hhmm in plan.times:
                    tx.save(
                        PlanItem(
                            pk,
                            f"AT#{hhmm}",
                            gsi1pk=f"PATROL#AT#{hhmm}",
                            gsi1sk=f"{c}#{plan.plan_id}",
                            plan_id=plan.plan_id,
                            community_id=c,
                            route_id=plan.route_id,
                            times=list(plan.times),
                            guards=list(plan.guards),
                        )
                    )
        except TransactWriteError as exc:
            if write_refused(exc):
                raise Conflict("the plan exists already", code="PLAN_EXISTS") from exc
            raise

    def plans_at(self, hhmm: str) -> list[Plan]:
        return [
            Plan(i.community_id, i.plan_id, i.route_id, tuple(i.times), tuple(i.guards))
            for i in PlanItem.gsi1.query(f"PATROL#AT#{hhmm}")
        ]

    def add_round(self, rnd: Round) -> bool:
        try:
            _round_item(rnd).save(condition=RoundItem.pk.does_not_exist())
            return True
        except PutError as exc:
            if write_refused(exc):
                return False
            raise

    def get_round(self, community_id: str, round_id: str) -> Round | None:
        try:
            return _round(RoundItem.get(f"C#{community_id}#ROUND#{round_id}", "ROUND", consistent_read=True))
        except RoundItem.DoesNotExist:
            return None

    def replace_round(self, rnd: Round, previous: Round) -> bool:
        from dataclasses import replace

        try:
            _round_item(replace(rnd, version=previous.version)).save()  # conditional on the version read
            return True
        except PutError as exc:
            if write_refused(exc):
                return False
            raise

    def rounds_of_day(self, community_id: str, day: str) -> list[Round]:
        return [_round(i) for i in RoundItem.gsi1.query(f"C#{community_id}#ROUNDS#{day}", limit=500)]
