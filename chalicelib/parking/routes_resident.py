"""Mini-program parking routes: what a car owes at the exit and paying it through WeChat Pay (the driver scans the
exit's QR code, or a resident pays before leaving), and the free spaces per car park.

Any signed-in WeChat user may pay for a car (a visitor's driver has no house here): the plate names the stay, the
order is paid by the caller's own WeChat identity, and the barrier opens when WeChat Pay's notification settles it.
"""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.security.access import Access
from chalicelib.parking import wiring
from chalicelib.parking.contracts import (
    ChargeOrder,
    FeeQuery,
    FeeView,
    ParkingPaymentParams,
    PayStayRequest,
    PayStayView,
    VacancyList,
    VacancyView,
    stay_view,
)

bp = Blueprint(__name__)

RESIDENT = "/v1/resident/communities/{community_id}/parking"


def _plate(raw: str) -> str:
    from chalicelib.kernel.errors import InvalidInput
    from chalicelib.registry import plate_number

    plate = plate_number(raw)
    if plate is None:
        raise InvalidInput(
            "not a mainland plate number",
            code="INVALID_PLATE",
            details=[{"field": "plate", "code": "invalid_plate", "message": raw}],
        )
    return plate


@endpoint(
    bp,
    "GET",
    RESIDENT + "/fees",
    audience="resident",
    access=Access.signed_in("parking:pay"),
    query=FeeQuery,
    response=FeeView,
    errors=(400, 404),
    summary="What a car parked here owes if it leaves now (fen), with its entry time",
    operation_id="getParkingFee",
)
def quote_fee(call: Call[FeeQuery]) -> FeeView:
    from chalicelib.kernel.clock import utcnow

    stay, park, due = wiring.parking_service().quote(call.path["community_id"], _plate(call.query.plate))
    minutes = int((utcnow() - stay.entered_at).total_seconds() // 60)
    return FeeView(stay=stay_view(stay), parkName=park.name, dueFen=due, minutes=max(0, minutes))


@endpoint(
    bp,
    "POST",
    RESIDENT + "/payments",
    audience="resident",
    access=Access.signed_in("parking:pay"),
    request=PayStayRequest,
    status=201,
    response=PayStayView,
    errors=(400, 403, 404, 409, 503),
    summary="Pay what a car owes now: one WeChat Pay order through the payments capability; the exit barrier "
    "opens when it is paid, and a paid car has 15 minutes to leave",
    operation_id="payParkingFee",
)
def pay_fee(call: Call[PayStayRequest]) -> PayStayView:
    from chalicelib.audit import audited

    community_id, plate = call.path["community_id"], _plate(call.body.plate)
    with audited(call, "parking.pay", "plate", plate, {}) as detail:
        stay, due, order, params = wiring.parking_service().pay(community_id, plate, call.who.subject)
        detail.update(stayId=stay.stay_id, orderId=order["orderId"], amountFen=due)
    return PayStayView(
        stay=stay_view(stay),
        dueFen=due,
        order=ChargeOrder(**order),
        requestPayment=ParkingPaymentParams(**params),
    )


@endpoint(
    bp,
    "GET",
    RESIDENT + "/vacancies",
    audience="resident",
    access=Access.signed_in("parking:pay"),
    response=VacancyList,
    summary="Free spaces per car park of the community, live",
    operation_id="listParkingVacancies",
)
def vacancies(call: Call[Any]) -> VacancyList:
    parks = wiring.parking_store().parks(call.path["community_id"])
    return VacancyList(
        items=[
            VacancyView(parkId=p.park_id, name=p.name, capacity=p.capacity, free=max(0, p.capacity - p.occupied))
            for p in parks
        ]
    )
