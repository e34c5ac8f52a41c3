"""Request and response models of the parking routes (car parks with their barriers and tariff, stays, passage
records, the exit fee and its payment), and the one view of a car park, a stay and a passage record."""

from __future__ import annotations

from typing import Annotated, Any, Literal, cast

from pydantic import Field, StringConstraints

from chalicelib.kernel.clock import iso
from chalicelib.kernel.contracts import Contract, Day, Id
from chalicelib.parking.model import CarPark, Passage, Stay

Name = Annotated[str, StringConstraints(min_length=1, max_length=64)]
Plate = Annotated[str, StringConstraints(min_length=2, max_length=16)]
Reason = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Fen = Annotated[int, Field(ge=0, le=10_000_000)]
MinuteOfDay = Annotated[int, Field(ge=0, le=1439)]


class TariffIn(Contract):
    freeMinutes: int = Field(default=15, ge=0, le=1440, description="A stay this long or shorter is free")
    mode: Literal["per_unit", "per_period"] = "per_unit"
    unitMinutes: int = Field(default=60, ge=1, le=1440, description="per_unit: each started unit is charged")
    dayStarts: MinuteOfDay = Field(default=420, description="Minute of the Beijing day the day rate starts (07:00)")
    nightStarts: MinuteOfDay = Field(default=1140, description="Minute of the Beijing day the night rate starts")
    dayRateFen: Fen = 300
    nightRateFen: Fen = 100
    dayPeriodFen: Fen = 0
    nightPeriodFen: Fen = 0
    dailyCapFen: Fen = Field(default=0, description="Per Beijing calendar day; 0 = no cap")
    stayCapFen: Fen = Field(default=0, description="Per stay; 0 = no cap")


class BarrierIn(Contract):
    deviceId: Id = Field(description="A barrier_gate device of this community's ledger")
    direction: Literal["in", "out"]


class CarParkRequest(Contract):
    parkId: Id
    name: Name
    capacity: int = Field(ge=1, le=100_000)
    tariff: TariffIn
    barriers: list[BarrierIn] = Field(min_length=1, max_length=16)
    guardApproval: bool = Field(default=False, description="Unknown cars wait at the entry for a guard")


class CarParkView(Contract):
    parkId: str
    name: str
    capacity: int
    occupied: int
    free: int
    tariff: TariffIn
    barriers: list[BarrierIn]
    guardApproval: bool


class CarParkList(Contract):
    items: list[CarParkView]


class VacancyView(Contract):
    parkId: str
    name: str
    capacity: int
    free: int


class VacancyList(Contract):
    items: list[VacancyView]


StayKind = Literal["registered", "visitor", "temporary"]
StayStatus = Literal["held", "parked", "paid", "left"]


class StayView(Contract):
    stayId: str
    parkId: str
    plate: str
    kind: StayKind
    status: StayStatus
    enteredAt: str
    paidFen: int
    paidAt: str | None = None
    leaveBy: str | None = None
    leftAt: str | None = None
    releaseKind: str | None = None
    releaseReason: str | None = None


class StayList(Contract):
    items: list[StayView]


class PassageView(Contract):
    passageId: str
    deviceId: str
    parkId: str | None
    plate: str
    plateColour: str
    direction: Literal["in", "out"]
    confidence: float
    snapshotKey: str | None
    at: str
    action: Literal["open", "refuse", "hold", "charge"]
    reason: str
    stayId: str | None
    feeFen: int


class PassageQuery(Contract):
    day: Day = Field(description="Beijing day, YYYY-MM-DD")
    limit: int = Field(default=50, ge=1, le=200)


class PassageList(Contract):
    items: list[PassageView]


class FeeQuery(Contract):
    plate: Plate


class FeeView(Contract):
    stay: StayView
    parkName: str
    dueFen: int = Field(description="What the car owes if it leaves now, in fen")
    minutes: int = Field(description="Minutes since entry")


class PayStayRequest(Contract):
    plate: Plate


class ChargeOrder(Contract):
    orderId: str
    status: str
    amountFen: int
    expiresAt: str


class ParkingPaymentParams(Contract):
    """What the mini-program passes to `wx.requestPayment` (signed by the payments capability)."""

    appId: str
    timeStamp: str
    nonceStr: str
    package: str
    signType: str
    paySign: str


class PayStayView(Contract):
    stay: StayView
    dueFen: int
    order: ChargeOrder
    requestPayment: ParkingPaymentParams


class ReleaseRequest(Contract):
    deviceId: Id
    plate: Plate
    kind: Literal["manual", "lost_ticket"]
    reason: Reason


class GuardActionView(Contract):
    stay: StayView
    commandId: str


# -- the one view of each ---------------------------------------------------------------------------------------


def tariff_in(park: CarPark) -> TariffIn:
    t = park.tariff
    return TariffIn(
        freeMinutes=t.free_minutes,
        mode=cast(Any, t.mode),
        unitMinutes=t.unit_minutes,
        dayStarts=t.day_starts,
        nightStarts=t.night_starts,
        dayRateFen=t.day_rate_fen,
        nightRateFen=t.night_rate_fen,
        dayPeriodFen=t.day_period_fen,
        nightPeriodFen=t.night_period_fen,
        dailyCapFen=t.daily_cap_fen,
        stayCapFen=t.stay_cap_fen,
    )


def park_view(p: CarPark) -> CarParkView:
    return CarParkView(
        parkId=p.park_id,
        name=p.name,
        capacity=p.capacity,
        occupied=p.occupied,
        free=max(0, p.capacity - p.occupied),
        tariff=tariff_in(p),
        barriers=[BarrierIn(deviceId=b.device_id, direction=cast(Any, b.direction)) for b in p.barriers],
        guardApproval=p.guard_approval,
    )


def stay_view(s: Stay) -> StayView:
    return StayView(
        stayId=s.stay_id,
        parkId=s.park_id,
        plate=s.plate,
        kind=cast(StayKind, s.kind),
        status=cast(StayStatus, s.status),
        enteredAt=iso(s.entered_at),
        paidFen=s.paid_fen,
        paidAt=iso(s.paid_at) if s.paid_at else None,
        leaveBy=iso(s.leave_by) if s.leave_by else None,
        leftAt=iso(s.left_at) if s.left_at else None,
        releaseKind=(s.release or {}).get("kind"),
        releaseReason=(s.release or {}).get("reason"),
    )


def passage_view(p: Passage) -> dict[str, Any]:
    return {
        "passageId": p.passage_id,
        "deviceId": p.device_id,
        "parkId": p.park_id,
        "plate": p.plate,
        "plateColour": p.colour,
        "direction": p.direction,
        "confidence": p.confidence,
        "snapshotKey": p.snapshot_key,
        "at": iso(p.at),
        "action": p.action,
        "reason": p.reason,
        "stayId": p.stay_id,
        "feeFen": p.fee_fen,
    }


# -- monthly passes ---------------------------------------------------------------------------------------------
class MonthlyPassRequest(Contract):
    passId: Id
    parkId: Id
    houseId: Id
    plates: list[Plate] = Field(min_length=1, max_length=3, description="At most 3 plates of the house")
    validFrom: Day = Field(description="First Beijing day")
    months: int = Field(ge=1, le=36)
    monthlyFeeFen: int = Field(ge=0, le=10_000_000)


class MonthlyPassView(Contract):
    passId: str
    parkId: str
    houseId: str
    plates: list[str]
    validFrom: str
    validUntil: str = Field(description="Last Beijing day, inclusive")
    monthlyFeeFen: int


class RenewRequest(Contract):
    months: int = Field(ge=1, le=36)


class RenewView(Contract):
    monthlyPass: MonthlyPassView
    amountFen: int
    order: ChargeOrder
    requestPayment: ParkingPaymentParams


def monthly_view(mp: Any) -> MonthlyPassView:
    return MonthlyPassView(
        passId=mp.pass_id,
        parkId=mp.park_id,
        houseId=mp.house_id,
        plates=list(mp.plates),
        validFrom=mp.valid_from.isoformat(),
        validUntil=mp.valid_until.isoformat(),
        monthlyFeeFen=mp.monthly_fee_fen,
    )


# -- revenue ----------------------------------------------------------------------------------------------------
class RevenueView(Contract):
    day: str
    revenueFen: int = Field(description="What parking counted paid that Beijing day")
    ledgerFen: int = Field(description="The payments ledger's paid parking orders that day")
    orders: int
    notCounted: list[str] = Field(description="Paid in the ledger, not (yet) counted by parking")
    notInLedger: list[str] = Field(description="Counted by parking, not paid in the ledger that day")
    amountDiffers: list[str]
