"""Fee items and bills (001 8.2.2.1, 8.2.2.9; 002 7.2.2): what each house owes per period.

Money is integer fen everywhere. **The rounding rule, written down once** (`fen`): a quantity (building area in
m2, metered units) is taken to two decimals, multiplied by the integer unit price in fen, and the product is
rounded half up to a whole fen. A period of several months is the monthly amount times the months (so a
quarterly bill is exactly three monthly bills, never a separately rounded figure).

Bill ids are derived from (fee item, period, house): generating a period twice finds the same ids and the store's
conditional put creates nothing the second time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Protocol

from chalicelib.kernel.clock import BEIJING
from chalicelib.kernel.errors import InvalidInput, NotFound

KINDS = ("area", "fixed", "metered")  # area x rate; a fixed amount per house; metered units x price
PERIODS = ("monthly", "quarterly", "yearly", "once")
MONTHS = {"monthly": 1, "quarterly": 3, "yearly": 12, "once": 1}
PERIOD_FORMAT = {
    "monthly": r"\d{4}-(0[1-9]|1[0-2])",
    "quarterly": r"\d{4}-Q[1-4]",
    "yearly": r"\d{4}",
    "once": r"[A-Za-z0-9_-]{1,32}",
}
UNPAID, IN_ORDER, PAID = "unpaid", "in_order", "paid"
MAX_HOUSES_PER_RUN = 5000


def fen(quantity: float | int | str | Decimal, unit_price_fen: int) -> int:
    """The one rounding rule: quantity to 2 decimals x unit price (fen), rounded half up to a whole fen."""
    try:
        q = Decimal(str(quantity)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except InvalidOperation as exc:
        raise InvalidInput(f"not a number: {quantity!r}", code="VALIDATION_FAILED") from exc
    return int((q * unit_price_fen).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def yuan_to_fen(text: str) -> int:
    """`"12.34"` -> 1234 (WeChat's bill files give yuan with two decimals)."""
    return int((Decimal(text.strip()) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class FeeItem:
    community_id: str
    fee_item_id: str
    name: str
    kind: str
    unit_price_fen: int  # per m2 per month (area), per house per month (fixed), per unit (metered)
    period: str
    house_ids: tuple[str, ...] = ()  # empty = every house (area, fixed); parking and one-off charges name houses
    active: bool = True
    created_by: str = ""

    def validate_period(self, period: str) -> None:
        if not re.fullmatch(PERIOD_FORMAT[self.period], period):
            raise InvalidInput(
                f"period {period!r} does not fit a {self.period} fee item",
                code="VALIDATION_FAILED",
                details=[{"field": "period", "code": "format", "message": PERIOD_FORMAT[self.period]}],
            )

    def amount_for(self, house: HouseRef, usage: Decimal | None) -> int | None:
        """What one house owes for one period, or None when the item does not apply to it."""
        if self.house_ids and house.house_id not in self.house_ids:
            return None
        months = MONTHS[self.period]
        if self.kind == "area":
            if not house.area_sqm:
                return None
            return fen(house.area_sqm, self.unit_price_fen) * months
        if self.kind == "fixed":
            return self.unit_price_fen * months
        if usage is None:
            return None
        return fen(usage, self.unit_price_fen)


@dataclass(frozen=True)
class HouseRef:
    community_id: str
    house_id: str
    building_id: str
    area_sqm: float | None
    label: str = ""


@dataclass(frozen=True)
class Bill:
    community_id: str
    bill_id: str
    house_id: str
    building_id: str
    fee_item_id: str
    fee_name: str
    period: str
    amount_fen: int
    created_at: datetime
    status: str = UNPAID
    order_id: str | None = None
    paid_at: datetime | None = None
    detail: dict[str, Any] = field(default_factory=dict)


def bill_id_for(fee_item_id: str, period: str, house_id: str) -> str:
    return f"b-{fee_item_id}-{period}-{house_id}"


@dataclass(frozen=True)
class RunResult:
    created: int
    existing: int
    skipped: list[dict[str, str]]
    total_fen: int


class BillStore(Protocol):
    def put_fee_item(self, item: FeeItem) -> None: ...

    def get_fee_item(self, community_id: str, fee_item_id: str) -> FeeItem | None: ...

    def fee_items(self, community_id: str) -> list[FeeItem]: ...

    def add_bill(self, bill: Bill) -> bool:
        """Create the bill unless one with its id exists; True when created."""
        ...


class HouseDirectory(Protocol):
    def houses(self, community_id: str) -> list[HouseRef]: ...

    def house(self, community_id: str, house_id: str) -> HouseRef | None: ...


@dataclass
class BillingService:
    store: BillStore
    houses: HouseDirectory
    now: Any

    def define_fee_item(self, item: FeeItem) -> FeeItem:
        problems = []
        if item.kind not in KINDS:
            problems.append({"field": "kind", "code": "enum", "message": "|".join(KINDS)})
        if item.period not in PERIODS:
            problems.append({"field": "period", "code": "enum", "message": "|".join(PERIODS)})
        if item.kind == "area" and item.period == "once":
            problems.append({"field": "period", "code": "invalid", "message": "an area fee recurs"})
        if item.unit_price_fen <= 0:
            problems.append({"field": "unitPriceFen", "code": "range", "message": "> 0 fen"})
        if item.house_ids:  # every house named is one of the community's registry houses
            known = {h.house_id for h in self.houses.houses(item.community_id)}
            problems += [
                {"field": f"houseIds.{i}", "code": "unknown_house", "message": "no such house in this community"}
                for i, house_id in enumerate(item.house_ids)
                if house_id not in known
            ]
        if problems:
            raise InvalidInput("fee item is invalid", code="VALIDATION_FAILED", details=problems)
        self.store.put_fee_item(item)
        return item

    def generate(
        self, community_id: str, fee_item_id: str, period: str, usage: dict[str, str] | None = None
    ) -> RunResult:
        """Bills of one fee item for one period for every house it applies to. Safe to run again."""
        item = self.store.get_fee_item(community_id, fee_item_id)
        if item is None or not item.active:
            raise NotFound(f"fee item {fee_item_id} not found", code="FEE_ITEM_NOT_FOUND")
        item.validate_period(period)
        readings = _readings(usage or {})
        if item.kind == "metered" and not readings:
            raise InvalidInput(
                "a metered fee item needs readings",
                code="VALIDATION_FAILED",
                details=[{"field": "usage", "code": "missing", "message": "{houseId: units}"}],
            )
        houses = self.houses.houses(community_id)[:MAX_HOUSES_PER_RUN]
        known = {h.house_id for h in houses}
        unknown = sorted(set(readings) - known)
        if unknown:
            raise InvalidInput(
                "readings for houses that are not in this community",
                code="VALIDATION_FAILED",
                details=[{"field": f"usage.{h}", "code": "unknown_house", "message": "no such house"} for h in unknown],
            )
        created = existing = total = 0
        skipped: list[dict[str, str]] = []
        now = self.now()
        for house in houses:
            amount = item.amount_for(house, readings.get(house.house_id))
            if amount is None or amount <= 0:
                if not item.house_ids or house.house_id in item.house_ids:
                    skipped.append({"houseId": house.house_id, "reason": "no_area" if item.kind == "area" else "n/a"})
                continue
            detail: dict[str, Any] = {"unitPriceFen": item.unit_price_fen, "kind": item.kind}
            if item.kind == "area":
                detail["areaSqm"] = house.area_sqm
            if item.kind == "metered":
                detail["usage"] = str(readings[house.house_id])
            bill = Bill(
                community_id=community_id,
                bill_id=bill_id_for(item.fee_item_id, period, house.house_id),
                house_id=house.house_id,
                building_id=house.building_id,
                fee_item_id=item.fee_item_id,
                fee_name=item.name,
                period=period,
                amount_fen=amount,
                created_at=now,
                detail=detail,
            )
            if self.store.add_bill(bill):
                created += 1
                total += amount
            else:
                existing += 1
        return RunResult(created=created, existing=existing, skipped=skipped, total_fen=total)


def _readings(usage: dict[str, str]) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for house_id, value in usage.items():
        try:
            units = Decimal(str(value))
        except InvalidOperation as exc:
            raise InvalidInput(
                "usage must be numbers",
                code="VALIDATION_FAILED",
                details=[{"field": f"usage.{house_id}", "code": "number", "message": "units, e.g. 12.5"}],
            ) from exc
        if units < 0 or units > 10**7:
            raise InvalidInput(
                "usage out of range",
                code="VALIDATION_FAILED",
                details=[{"field": f"usage.{house_id}", "code": "range", "message": "0..10000000"}],
            )
        out[house_id] = units
    return out


def current_period(kind: str, moment: datetime) -> str:
    """The period a scheduled run generates (Asia/Shanghai calendar)."""

    local = moment.astimezone(BEIJING)
    if kind == "monthly":
        return f"{local.year}-{local.month:02d}"
    if kind == "quarterly":
        return f"{local.year}-Q{(local.month - 1) // 3 + 1}"
    return f"{local.year}"
