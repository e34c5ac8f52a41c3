"""Staff patrol routes (000 7.2.12; 003 patrol): managers set up checkpoints, routes and plans and start a round by
hand; guards scan checkpoints from the staff app (with their position); staff read a round and the day's report."""

from __future__ import annotations

import uuid
from typing import Any

from chalice import Blueprint

from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.security.access import Access
from chalicelib.patrol import wiring
from chalicelib.patrol.contracts import (
    CheckpointList,
    CheckpointRequest,
    CheckpointView,
    PhotoUploadRequest,
    PhotoUploadView,
    PlanRequest,
    PlanView,
    ReportView,
    RoundView,
    RouteRequest,
    RouteView,
    ScanRequest,
    StartRoundRequest,
    checkpoint_view,
    report_view,
    round_view,
)

bp = Blueprint(__name__)

STAFF = "/v1/staff/communities/{community_id}/patrol"


@endpoint(
    bp,
    "POST",
    STAFF + "/checkpoints",
    audience="staff",
    access=Access.community("patrol:manage"),
    request=CheckpointRequest,
    status=201,
    response=CheckpointView,
    errors=(400, 404, 409),
    summary="Add a patrol checkpoint: its QR/NFC tag id (one checkpoint per tag) and where it is",
    operation_id="addCheckpoint",
)
def add_checkpoint(call: Call[CheckpointRequest]) -> CheckpointView:
    from chalicelib.audit import audited
    from chalicelib.kernel.errors import unknown_reference
    from chalicelib.patrol.model import Checkpoint
    from chalicelib.registry import building_exists

    c, b = call.path["community_id"], call.body
    if b.building is not None and not building_exists(c, b.building):
        raise unknown_reference("building", "building")
    cp = Checkpoint(c, b.checkpointId, b.name, b.tagId, b.latitude, b.longitude, b.building)
    with audited(call, "patrol.checkpoint.add", "checkpoint", b.checkpointId, {"tagId": b.tagId}):
        wiring.patrol_service().add_checkpoint(cp)
    return checkpoint_view(cp)


@endpoint(
    bp,
    "GET",
    STAFF + "/checkpoints",
    audience="staff",
    access=Access.community("patrol:read"),
    response=CheckpointList,
    summary="The community's patrol checkpoints",
    operation_id="listCheckpoints",
)
def list_checkpoints(call: Call[Any]) -> CheckpointList:
    found = wiring.patrol_service().store.list_checkpoints(call.path["community_id"])
    return CheckpointList(items=[checkpoint_view(cp) for cp in found])


@endpoint(
    bp,
    "POST",
    STAFF + "/routes",
    audience="staff",
    access=Access.community("patrol:manage"),
    request=RouteRequest,
    status=201,
    response=RouteView,
    errors=(400, 404, 409),
    summary="Add a patrol route: its checkpoints in order, each with the minutes allowed to reach it",
    operation_id="addPatrolRoute",
)
def add_route(call: Call[RouteRequest]) -> RouteView:
    from chalicelib.audit import audited
    from chalicelib.patrol.model import Leg, Route

    c, b = call.path["community_id"], call.body
    route = Route(c, b.routeId, b.name, tuple(Leg(x.checkpointId, x.allowedMinutes * 60) for x in b.legs))
    with audited(call, "patrol.route.add", "patrol_route", b.routeId, {"legs": len(b.legs)}):
        wiring.patrol_service().add_route(route)
    return RouteView(routeId=b.routeId, name=b.name, legs=list(b.legs))


@endpoint(
    bp,
    "POST",
    STAFF + "/plans",
    audience="staff",
    access=Access.community("patrol:manage"),
    request=PlanRequest,
    status=201,
    response=PlanView,
    errors=(400, 404, 409),
    summary="Add a patrol plan: a route walked at set Beijing times by its guards (each time starts a round)",
    operation_id="addPatrolPlan",
)
def add_plan(call: Call[PlanRequest]) -> PlanView:
    from chalicelib.audit import audited
    from chalicelib.patrol.model import Plan

    c, b = call.path["community_id"], call.body
    plan = Plan(c, b.planId, b.routeId, tuple(dict.fromkeys(b.times)), tuple(dict.fromkeys(b.guards)))
    with audited(call, "patrol.plan.add", "patrol_plan", b.planId, {"times": list(plan.times)}):
        wiring.patrol_service().add_plan(plan)
    return PlanView(planId=plan.plan_id, routeId=plan.route_id, times=list(plan.times), guards=list(plan.guards))


@endpoint(
    bp,
    "POST",
    STAFF + "/rounds",
    audience="staff",
    access=Access.community("patrol:manage"),
    request=StartRoundRequest,
    status=201,
    response=RoundView,
    errors=(400, 404),
    summary="Start a round of a route now (outside its plan); its workflow watches each checkpoint's deadline",
    operation_id="startPatrolRound",
)
def start_round(call: Call[StartRoundRequest]) -> RoundView:
    from chalicelib.audit import audited
    from chalicelib.kernel.clock import utcnow

    c, b = call.path["community_id"], call.body
    service = wiring.patrol_service()
    for i, guard in enumerate(b.guards):
        if not service.is_staff(c, guard):
            from chalicelib.kernel.errors import NotFound

            raise NotFound(
                "not staff of this community",
                code="STAFF_NOT_FOUND",
                details=[{"field": f"guards[{i}]", "code": "not_community_staff", "message": guard}],
            )
    round_id = "R" + uuid.uuid4().hex[:12]
    with audited(call, "patrol.round.start", "patrol_round", round_id, {"routeId": b.routeId}):
        rnd = service.start_round(c, b.routeId, tuple(b.guards), utcnow(), round_id)
    return round_view(rnd)


@endpoint(
    bp,
    "GET",
    STAFF + "/rounds/{round_id}",
    audience="staff",
    access=Access.community("patrol:read"),
    response=RoundView,
    errors=(404,),
    summary="One patrol round: each checkpoint's deadline, its read (time, guard, distance) or its miss",
    operation_id="getPatrolRound",
)
def get_round(call: Call[Any]) -> RoundView:
    from chalicelib.kernel.errors import NotFound

    rnd = wiring.patrol_service().store.get_round(call.path["community_id"], call.path["round_id"])
    if rnd is None:
        raise NotFound("no such round", code="ROUND_NOT_FOUND")
    return round_view(rnd, wiring.patrol_photos().view_url)


@endpoint(
    bp,
    "POST",
    STAFF + "/rounds/{round_id}/scans",
    audience="staff",
    access=Access.community("patrol:scan"),
    request=ScanRequest,
    status=201,
    response=RoundView,
    errors=(400, 403, 404, 409),
    summary="A guard's app read a checkpoint's tag (with the phone's position): recorded once; read late, its "
    "missed-checkpoint alarm clears",
    operation_id="recordCheckpointScan",
)
def scan(call: Call[ScanRequest]) -> RoundView:
    from chalicelib.audit import audited

    c, round_id, b = call.path["community_id"], call.path["round_id"], call.body
    photos = wiring.patrol_photos()
    upload = b.photoUploadId

    def attach(stop: Any) -> str:
        assert upload is not None
        return str(photos.take(c, round_id, stop.checkpoint_id, upload))

    with audited(call, "patrol.scan", "patrol_round", round_id, {"tagId": b.tagId}) as detail:
        rnd, stop = wiring.patrol_service().scan(
            c, round_id, b.tagId, call.who.subject, b.latitude, b.longitude, attach if upload else None
        )
        detail.update(checkpointId=stop.checkpoint_id, distanceM=stop.distance_m, photo=bool(stop.photo_key))
    return round_view(rnd, photos.view_url)


@endpoint(
    bp,
    "GET",
    STAFF + "/reports/{day}",
    audience="staff",
    access=Access.community("patrol:read"),
    response=ReportView,
    errors=(400,),
    summary="The day's patrol report (Beijing day): each round's checkpoints read, late, far and missed; totals",
    operation_id="getPatrolReport",
)
def daily_report(call: Call[Any]) -> ReportView:
    from chalicelib.kernel.errors import InvalidInput

    day = call.path["day"]
    import re

    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
        raise InvalidInput(
            "day is YYYY-MM-DD",
            code="VALIDATION_FAILED",
            details=[{"field": "path.day", "code": "pattern", "message": "YYYY-MM-DD"}],
        )
    found = wiring.patrol_service().daily_report(call.path["community_id"], day)
    return report_view(day, found, wiring.patrol_photos().view_url)


@endpoint(
    bp,
    "POST",
    STAFF + "/photo-uploads",
    audience="staff",
    access=Access.community("patrol:scan"),
    request=PhotoUploadRequest,
    status=201,
    response=PhotoUploadView,
    errors=(400, 403),
    summary="A form to upload a checkpoint photo (a presigned POST bound to one key of the community, the type and "
    "at most the size); the scan names the upload, and the photo is checked and re-encoded before the read is stored",
    operation_id="requestPatrolPhotoUpload",
)
def photo_upload(call: Call[PhotoUploadRequest]) -> PhotoUploadView:
    b = call.body
    form = wiring.patrol_photos().open_upload(call.path["community_id"], b.contentType, b.sizeBytes)
    return PhotoUploadView(**form)
