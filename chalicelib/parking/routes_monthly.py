"""Monthly-pass routes (月卡): a manager issues a house's pass (its plates, car park, period, monthly fee); a resident
of the house renews it in the mini-program, paid through WeChat Pay (the payments capability), extended when paid."""

from __future__ import annotations

from chalice import Blueprint

from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.security.access import Access
from chalicelib.parking import wiring
from chalicelib.parking.contracts import (
    ChargeOrder,
    MonthlyPassRequest,
    MonthlyPassView,
    ParkingPaymentParams,
    RenewRequest,
    RenewView,
    monthly_view,
)

bp = Blueprint(__name__)


@endpoint(
    bp,
    "POST",
    "/v1/staff/communities/{community_id}/parking/monthly-passes",
    audience="staff",
    access=Access.community("parking:manage"),
    request=MonthlyPassRequest,
    status=201,
    response=MonthlyPassView,
    errors=(400, 404, 409),
    summary="Issue a house's monthly pass: its plates (one pass per plate), car park, first day, months and fee",
    operation_id="issueMonthlyPass",
)
def issue_monthly_pass(call: Call[MonthlyPassRequest]) -> MonthlyPassView:
    from datetime import date, timedelta

    from chalicelib.audit import audited
    from chalicelib.kernel.errors import InvalidInput, NotFound
    from chalicelib.parking.monthly import MonthlyPass, add_months
    from chalicelib.registry import find_record, plate_number

    c, b = call.path["community_id"], call.body
    plates = []
    for i, raw in enumerate(b.plates):
        plate = plate_number(raw)
        if plate is None:
            raise InvalidInput(
                "not a mainland plate number",
                code="INVALID_PLATE",
                details=[{"field": f"plates[{i}]", "code": "invalid_plate", "message": raw}],
            )
        plates.append(plate)
    if len(set(plates)) != len(plates):
        raise InvalidInput(
            "a plate is listed twice",
            code="VALIDATION_FAILED",
            details=[{"field": "plates", "code": "duplicate", "message": "distinct plates"}],
        )
    if find_record(c, "house", b.houseId) is None:
        raise NotFound(
            "no such house",
            code="HOUSE_NOT_FOUND",
            details=[{"field": "houseId", "code": "unknown_house", "message": b.houseId}],
        )
    if wiring.parking_store().get_park(c, b.parkId) is None:
        raise NotFound(
            "no such car park",
            code="PARK_NOT_FOUND",
            details=[{"field": "parkId", "code": "not_found", "message": b.parkId}],
        )
    first = date.fromisoformat(b.validFrom)
    mp = MonthlyPass(
        community_id=c,
        pass_id=b.passId,
        park_id=b.parkId,
        house_id=b.houseId,
        plates=tuple(plates),
        valid_from=first,
        valid_until=add_months(first, b.months) - timedelta(days=1),
        monthly_fee_fen=b.monthlyFeeFen,
    )
    with audited(call, "parking.monthly.issue", "monthly_pass", b.passId, {"plates": plates, "houseId": b.houseId}):
        wiring.parking_service().add_monthly(mp)
    return monthly_view(mp)


@endpoint(
    bp,
    "POST",
    "/v1/resident/communities/{community_id}/houses/{house_id}/parking/monthly-passes/{pass_id}/renewals",
    audience="resident",
    access=Access.household("parking:monthly"),
    request=RenewRequest,
    status=201,
    response=RenewView,
    errors=(400, 403, 404, 409, 503),
    summary="Renew my house's monthly pass: a WeChat Pay order for the months; the pass is extended when it is paid",
    operation_id="extendMonthlyPass",
)
def renew_monthly_pass(call: Call[RenewRequest]) -> RenewView:
    from chalicelib.audit import audited

    c, house, pass_id = call.path["community_id"], call.path["house_id"], call.path["pass_id"]
    with audited(call, "parking.monthly.renew", "monthly_pass", pass_id, {"months": call.body.months}) as detail:
        mp, amount, order, params = wiring.parking_service().renew(
            c, house, pass_id, call.body.months, call.who.subject
        )
        detail.update(orderId=order["orderId"], amountFen=amount)
    return RenewView(
        monthlyPass=monthly_view(mp),
        amountFen=amount,
        order=ChargeOrder(**order),
        requestPayment=ParkingPaymentParams(**params),
    )
