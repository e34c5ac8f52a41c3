"""Staff parking routes: managers set up car parks (barriers, capacity, tariff); staff read occupancy, the cars
inside and the passage records; guards approve a held car and release a car by hand (a lost ticket, a car without
an entry record), always with a reason, audited."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.security.access import Access
from chalicelib.parking import wiring
from chalicelib.parking.contracts import (
    CarParkList,
    CarParkRequest,
    CarParkView,
    GuardActionView,
    PassageList,
    PassageQuery,
    PassageView,
    ReleaseRequest,
    RevenueView,
    StayList,
    park_view,
    passage_view,
    stay_view,
)

bp = Blueprint(__name__)

STAFF = "/v1/staff/communities/{community_id}/parking"


@endpoint(
    bp,
    "POST",
    STAFF + "/parks",
    audience="staff",
    access=Access.community("parking:manage"),
    request=CarParkRequest,
    status=201,
    response=CarParkView,
    errors=(400, 404, 409),
    summary="Set up a car park: its barriers (barrier_gate devices of the ledger, entry or exit), capacity and tariff",
)
def create_car_park(call: Call[CarParkRequest]) -> CarParkView:
    from chalicelib.audit import audited
    from chalicelib.kernel.clock import utcnow
    from chalicelib.kernel.errors import InvalidInput, NotFound
    from chalicelib.parking.model import Barrier, CarPark
    from chalicelib.parking.tariff import Tariff

    community_id, b = call.path["community_id"], call.body
    t = b.tariff
    tariff = Tariff(
        free_minutes=t.freeMinutes,
        mode=t.mode,
        unit_minutes=t.unitMinutes,
        day_starts=t.dayStarts,
        night_starts=t.nightStarts,
        day_rate_fen=t.dayRateFen,
        night_rate_fen=t.nightRateFen,
        day_period_fen=t.dayPeriodFen,
        night_period_fen=t.nightPeriodFen,
        daily_cap_fen=t.dailyCapFen,
        stay_cap_fen=t.stayCapFen,
    )
    problems = tariff.problems()
    if problems:
        raise InvalidInput(
            "the tariff is not usable",
            code="VALIDATION_FAILED",
            details=[{"field": f"tariff.{f}", "code": "invalid", "message": m} for f, m in problems],
        )
    ids = [x.deviceId for x in b.barriers]
    if len(set(ids)) != len(ids):
        raise InvalidInput(
            "a barrier is listed twice",
            code="VALIDATION_FAILED",
            details=[{"field": "barriers", "code": "duplicate", "message": "distinct deviceIds"}],
        )
    for i, device_id in enumerate(ids):
        if not wiring.is_barrier(community_id, device_id):
            raise NotFound(
                f"no barrier gate {device_id} in this community",
                code="BARRIER_NOT_FOUND",
                details=[{"field": f"barriers[{i}].deviceId", "code": "not_found", "message": device_id}],
            )
    park = CarPark(
        community_id=community_id,
        park_id=b.parkId,
        name=b.name,
        capacity=b.capacity,
        tariff=tariff,
        barriers=tuple(Barrier(x.deviceId, x.direction) for x in b.barriers),
        guard_approval=b.guardApproval,
        created_at=utcnow(),
    )
    with audited(call, "parking.park.create", "car_park", b.parkId, {"barriers": ids}):
        wiring.parking_store().put_park(park)
    return park_view(park)


@endpoint(
    bp,
    "GET",
    STAFF + "/parks",
    audience="staff",
    access=Access.community("parking:read"),
    response=CarParkList,
    summary="The community's car parks with capacity, live occupancy and free spaces",
    operation_id="listCarParks",
)
def list_car_parks(call: Call[Any]) -> CarParkList:
    return CarParkList(items=[park_view(p) for p in wiring.parking_store().parks(call.path["community_id"])])


@endpoint(
    bp,
    "GET",
    STAFF + "/parks/{park_id}/stays",
    audience="staff",
    access=Access.community("parking:read"),
    response=StayList,
    summary="The cars inside a car park now (and those held at its entry), oldest entry first",
    operation_id="listCarsInside",
)
def cars_inside(call: Call[Any]) -> StayList:
    stays = wiring.parking_store().stays_inside(call.path["community_id"], call.path["park_id"], 200)
    return StayList(items=[stay_view(s) for s in stays])


@endpoint(
    bp,
    "GET",
    STAFF + "/passages",
    audience="staff",
    access=Access.community("parking:read"),
    query=PassageQuery,
    response=PassageList,
    errors=(400,),
    summary="Passage records of one Beijing day (every plate event and what was decided), newest first",
    operation_id="listPassages",
)
def list_passages(call: Call[PassageQuery]) -> PassageList:
    found = wiring.parking_store().passages(call.path["community_id"], call.query.day, call.query.limit)
    return PassageList(items=[PassageView(**passage_view(p)) for p in found])


@endpoint(
    bp,
    "POST",
    STAFF + "/stays/{stay_id}/approve",
    audience="staff",
    access=Access.community("parking:guard"),
    status=200,
    response=GuardActionView,
    errors=(404, 409),
    summary="A guard lets in a car held at the entry (the community requires approval of unknown cars)",
    operation_id="approveHeldCar",
)
def approve_held_car(call: Call[Any]) -> GuardActionView:
    from chalicelib.audit import audited

    community_id, stay_id = call.path["community_id"], call.path["stay_id"]
    with audited(call, "parking.approve", "stay", stay_id, {}) as detail:
        stay, command_id = wiring.parking_service().approve(community_id, stay_id, call.who.subject)
        detail.update(plate=stay.plate, commandId=command_id)
    return GuardActionView(stay=stay_view(stay), commandId=command_id)


@endpoint(
    bp,
    "POST",
    STAFF + "/releases",
    audience="staff",
    access=Access.community("parking:guard"),
    request=ReleaseRequest,
    status=201,
    response=GuardActionView,
    errors=(400, 404, 409),
    summary="A guard opens an exit barrier by hand for a car (lost ticket, no entry record, a fault): recorded with "
    "its kind and reason; the car's stay ends",
    operation_id="openExitForCar",
)
def release_car(call: Call[ReleaseRequest]) -> GuardActionView:
    from chalicelib.audit import audited
    from chalicelib.kernel.errors import InvalidInput
    from chalicelib.registry import plate_number

    community_id, b = call.path["community_id"], call.body
    plate = plate_number(b.plate)
    if plate is None:
        raise InvalidInput(
            "not a mainland plate number",
            code="INVALID_PLATE",
            details=[{"field": "plate", "code": "invalid_plate", "message": b.plate}],
        )
    with audited(call, "parking.release", "barrier", b.deviceId, {"plate": plate, "kind": b.kind}) as detail:
        stay, command_id = wiring.parking_service().release(
            community_id, b.deviceId, plate, b.kind, b.reason, call.who.subject
        )
        detail.update(stayId=stay.stay_id, reason=b.reason, commandId=command_id)
    return GuardActionView(stay=stay_view(stay), commandId=command_id)


@endpoint(
    bp,
    "GET",
    STAFF + "/revenue/{day}",
    audience="staff",
    access=Access.community("parking:manage"),
    response=RevenueView,
    errors=(400,),
    summary="A Beijing day's parking revenue, reconciled with the payments ledger's paid parking orders",
    operation_id="getParkingRevenue",
)
def day_revenue(call: Call[Any]) -> RevenueView:
    import re

    from chalicelib.kernel.errors import InvalidInput
    from chalicelib.parking.model import PAYMENT_PURPOSE
    from chalicelib.parking.service import reconcile
    from chalicelib.payments import charges_paid_on

    c, day = call.path["community_id"], call.path["day"]
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
        raise InvalidInput(
            "day is YYYY-MM-DD",
            code="VALIDATION_FAILED",
            details=[{"field": "path.day", "code": "pattern", "message": "YYYY-MM-DD"}],
        )
    found = reconcile(wiring.parking_store().revenue_of_day(c, day), charges_paid_on(c, day, PAYMENT_PURPOSE))
    return RevenueView(day=day, **found)
