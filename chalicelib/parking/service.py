"""The parking service: the ONE decision on a plate event (000 6.1.1 j; 003 6.6.8-6.6.13), paying at the exit through
the payments capability (001 8.2.2.9), a payment settling, a guard's approval and a guard's release.

A plate event is decided here and nowhere else: the barrier is told through a device command (with its ack, by the
devices capability). A decision is recorded (the passage, keyed by the event's msgId) before anything it causes, so
a redelivered event changes nothing; a stay moves by conditional writes on its version, so a car leaves once per
stay and a settled payment opens a barrier once.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from chalicelib.kernel.clock import BEIJING_OFFSET
from chalicelib.kernel.errors import Conflict, InvalidInput, NotFound
from chalicelib.parking.model import (
    CHARGE,
    HELD,
    HOLD,
    LEFT,
    MIN_CONFIDENCE,
    OPEN,
    PAID,
    PARKED,
    REFUSE,
    REGISTERED,
    RELEASE_KINDS,
    TEMPORARY,
    VISITOR,
    CarPark,
    Decision,
    ParkingPorts,
    Passage,
    PlateEvent,
    Revenue,
    Settled,
    Stay,
    new_id,
)
from chalicelib.parking.monthly import RENEWAL_PREFIX, MonthlyPasses
from chalicelib.parking.offline_reconcile import OfflineDecisions
from chalicelib.parking.open_orders import OpenOrders
from chalicelib.parking.tariff import fee_fen
from chalicelib.parking.whitelist import WhitelistRefresh

HAS_SPACE = ("monthly", "owned_space")  # the registry's parking types that open without a fee


_LOOKUPS = ThreadPoolExecutor(max_workers=8, thread_name_prefix="parking-lookup")


def _together(*reads: Callable[[], Any]) -> list[Any]:
    """Run independent reads at once; their answers in order (a failure raises, as the read would)."""
    futures = [_LOOKUPS.submit(contextvars.copy_context().run, read) for read in reads]
    return [f.result() for f in futures]


def beijing_day(moment: datetime) -> str:
    return (moment + BEIJING_OFFSET).strftime("%Y-%m-%d")


def reconcile(ours: list[Revenue], ledger: dict[str, int]) -> dict[str, Any]:
    """The day's parking revenue against the payments ledger's paid parking orders (order id -> fen): totals,
    orders the ledger has and parking never counted (a settlement not yet applied), orders parking counted that the
    ledger does not have that day, amounts that differ."""
    counted = {r.order_id: r.amount_fen for r in ours}
    return {
        "revenueFen": sum(counted.values()),
        "ledgerFen": sum(ledger.values()),
        "orders": len(counted),
        "notCounted": sorted(set(ledger) - set(counted)),
        "notInLedger": sorted(set(counted) - set(ledger)),
        "amountDiffers": sorted(o for o in set(counted) & set(ledger) if counted[o] != ledger[o]),
    }


def open_reason(direction: str, why: str) -> str:
    """The `open_gate` reason a barrier is told (the catalogue's enum): a visitor's car, a paid car, otherwise the
    side of the car park it stands at. An exit opening for a car that owes nothing (free minutes, a registered car)
    is an `exit`, never an `entry`: a barrier's log, and anyone reading the commands, must not see an entry's
    opening at an exit."""
    if why == "VISITOR":
        return "visitor"
    if why == "PAID":
        return "payment"
    return "exit" if direction == "out" else "entry"


def yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


@dataclass
class ParkingService(ParkingPorts, WhitelistRefresh, MonthlyPasses, OpenOrders, OfflineDecisions):
    # -- the one decision -------------------------------------------------------------------------------
    def decide(self, event: PlateEvent) -> Decision:
        found = self.store.barrier_park(event.community_id, event.device_id)
        park = self.store.get_park(event.community_id, found[0]) if found else None
        if park is None or found is None:
            decision, stay, previous = Decision(REFUSE, "UNKNOWN_BARRIER"), None, None
        elif found[1] != event.direction:
            decision, stay, previous = Decision(REFUSE, "WRONG_DIRECTION"), None, None
        elif event.confidence < MIN_CONFIDENCE:
            decision, stay, previous = Decision(HOLD, "LOW_CONFIDENCE"), None, None
        elif event.direction == "in":
            decision, stay, previous = self._entry(park, event)
        else:
            decision, stay, previous = self._exit(park, event)
        passage = Passage(
            passage_id=f"{event.device_id}-{event.msg_id}",
            community_id=event.community_id,
            device_id=event.device_id,
            park_id=park.park_id if park else None,
            plate=event.plate,
            colour=event.colour,
            direction=event.direction,
            confidence=event.confidence,
            snapshot_key=event.snapshot_key,
            at=event.at,
            action=decision.action,
            reason=decision.reason,
            stay_id=decision.stay_id,
            fee_fen=decision.fee_fen,
        )
        if not self.store.record_passage(passage):
            return Decision(decision.action, "DUPLICATE", decision.stay_id)  # decided and carried out before
        if stay is not None:
            if previous is None:
                self.store.add_stay(stay)
            elif not self.store.replace_stay(stay, previous):
                return Decision(HOLD, "CONCURRENT_CHANGE", stay.stay_id)
        return self._carry_out(event, decision)

    def _entry(self, park: CarPark, event: PlateEvent) -> tuple[Decision, Stay | None, Stay | None]:
        c, plate = event.community_id, event.plate
        # the four look-ups at once (a car waits at the barrier): each is one or two reads of its own table
        inside, vehicle_found, monthly, visitor = _together(
            lambda: self.store.current_stay(c, plate),
            lambda: self.vehicles.lookup(c, plate),
            lambda: self.monthly.monthly_of_plate(c, plate),
            lambda: self.visitors.admit(c, event.device_id, plate, "in"),
        )
        if inside is not None and inside.status == HELD:
            return Decision(HOLD, "AWAITING_GUARD", inside.stay_id), None, None
        if inside is not None:  # read twice at the entry, or an exit was missed: the same stay, the barrier opens
            return Decision(OPEN, "ALREADY_INSIDE", inside.stay_id), None, None
        vehicle = vehicle_found or {}
        if vehicle.get("keyClass"):
            return Decision(REFUSE, "WATCH_LISTED", message=str(vehicle["keyClass"])), None, None
        if monthly is not None and monthly.park_id == park.park_id and monthly.covers(event.at):
            stay = Stay(
                stay_id=new_id("S"),
                community_id=c,
                park_id=park.park_id,
                plate=plate,
                kind=REGISTERED,
                entered_at=event.at,
                entry_device=event.device_id,
                house_id=monthly.house_id,
                monthly_pass_id=monthly.pass_id,
            )
            return Decision(OPEN, "MONTHLY", stay.stay_id), stay, None
        stay = Stay(
            stay_id=new_id("S"),
            community_id=c,
            park_id=park.park_id,
            plate=plate,
            kind=TEMPORARY,
            entered_at=event.at,
            entry_device=event.device_id,
            house_id=vehicle.get("houseId"),
        )
        if vehicle.get("parkingType") in HAS_SPACE:
            return Decision(OPEN, "REGISTERED", stay.stay_id), replace(stay, kind=REGISTERED), None
        if visitor is not None:
            stay = replace(
                stay, kind=VISITOR, visitor_pass_id=visitor["passId"], free_until=visitor["freeParkingUntil"]
            )
            return Decision(OPEN, "VISITOR", stay.stay_id), stay, None
        if park.occupied >= park.capacity:
            return Decision(REFUSE, "FULL"), None, None
        if park.guard_approval:
            return Decision(HOLD, "AWAITING_GUARD", stay.stay_id), replace(stay, status=HELD), None
        return Decision(OPEN, "TEMPORARY", stay.stay_id), stay, None

    def _exit(self, park: CarPark, event: PlateEvent) -> tuple[Decision, Stay | None, Stay | None]:
        stay = self.store.current_stay(event.community_id, event.plate)
        if stay is None or stay.status == HELD:
            return Decision(HOLD, "NO_ENTRY_RECORD"), None, None
        due = self.due_fen(park, stay, event.at)
        if due <= 0:
            reason = "PAID" if stay.paid_fen else ("REGISTERED" if stay.kind == REGISTERED else "FREE")
            left = replace(stay, status=LEFT, left_at=event.at, exit_device=event.device_id, waiting_at=None)
            return Decision(OPEN, reason, stay.stay_id), left, stay
        waiting = replace(stay, waiting_at=event.device_id)
        reason = "OVERSTAYED" if stay.status == PAID else ("PASS_LAPSED" if stay.kind == REGISTERED else "FEE_DUE")
        return Decision(CHARGE, reason, stay.stay_id, fee_fen=due), waiting, stay

    def _carry_out(self, event: PlateEvent, decision: Decision) -> Decision:
        c, device, plate = event.community_id, event.device_id, event.plate
        if decision.action == OPEN:
            reason = open_reason(event.direction, decision.reason)
            return replace(decision, command_id=self.barriers.open(c, device, plate, reason, "parking"))
        if decision.action == CHARGE:
            text = f"{plate} 请缴费 {yuan(decision.fee_fen)} 元"
            return replace(decision, command_id=self.barriers.show(c, device, text, "parking"))
        if decision.reason == "WATCH_LISTED":
            self.barriers.watch_listed(c, device, plate, decision.message, event.msg_id)
        return decision

    # -- fees ---------------------------------------------------------------------------------------------
    def due_fen(self, park: CarPark, stay: Stay, at: datetime) -> int:
        """What the car still owes if it leaves at `at`: nothing for a registered car or a paid one within its
        minutes to leave; otherwise the stay's fee so far less what was paid. A car that entered on a monthly pass
        owes the part of its stay after the pass lapsed (lapse.py)."""
        if stay.kind == REGISTERED:
            if stay.monthly_pass_id is None:
                return 0
            from chalicelib.parking.lapse import fee_after_lapse

            mp = self.monthly.get_monthly(stay.community_id, stay.monthly_pass_id)
            owed = fee_after_lapse(park.tariff, mp, stay.entered_at, at)
            if owed <= 0 or (stay.status == PAID and stay.leave_by is not None and at <= stay.leave_by):
                return 0
            return max(0, owed - stay.paid_fen)
        if stay.status == PAID and stay.leave_by is not None and at <= stay.leave_by:
            return 0
        extra = 0
        if stay.free_until is not None and stay.free_until > stay.entered_at:
            extra = int((stay.free_until - stay.entered_at).total_seconds() // 60)
        return max(0, fee_fen(park.tariff, stay.entered_at, at, extra) - stay.paid_fen)

    def quote(self, community_id: str, plate: str) -> tuple[Stay, CarPark, int]:
        stay = self.store.current_stay(community_id, plate)
        park = self.store.get_park(community_id, stay.park_id) if stay else None
        if stay is None or park is None or stay.status == HELD:
            raise NotFound("this car is not parked here", code="STAY_NOT_FOUND")
        return stay, park, self.due_fen(park, stay, self.now())

    def pay(self, community_id: str, plate: str, account_id: str) -> tuple[Stay, int, dict[str, Any], dict[str, str]]:
        """A WeChat Pay order for what the car owes now (the driver scanned the exit's QR code, or a resident pays
        in the mini-program before leaving). One order at a time for the stay (open_orders.py): a double tap gets
        the order already open."""
        stay, park, due = self.quote(community_id, plate)
        if due <= 0:
            raise Conflict("nothing to pay: the car may leave", code="NOTHING_TO_PAY")

        def counted(order_id: str) -> bool:
            now = self.store.get_stay(community_id, stay.stay_id)
            return now is not None and order_id in now.paid_orders

        order, params = self.charge_once(
            community_id, stay.stay_id, account_id, stay.stay_id, due, f"停车费-{park.name}-{stay.plate}", counted
        )
        return stay, due, order, params

    # -- a payment settled ------------------------------------------------------------------------------------
    def settle(self, paid: Settled) -> str:
        """The stay's order was paid: counted once per order; the car has its minutes to leave, and a car waiting at
        an exit barrier is let out at once. Answers `applied`, `duplicate` or `unknown`. A monthly pass's renewal
        extends the pass instead."""
        if paid.reference.startswith(RENEWAL_PREFIX):
            return self.settle_renewal(paid.community_id, paid.order_id, paid.reference, paid.paid_at)
        for _attempt in range(5):
            stay = self.store.get_stay(paid.community_id, paid.reference)
            if stay is None:
                return "unknown"
            if paid.order_id in stay.paid_orders:
                return "duplicate"
            leave_by = paid.paid_at + timedelta(minutes=self.leave_minutes)
            updated = replace(
                stay,
                paid_fen=stay.paid_fen + paid.amount_fen,
                paid_orders=(*stay.paid_orders, paid.order_id),
                paid_at=paid.paid_at,
                leave_by=leave_by,
                status=PAID if stay.status != LEFT else LEFT,
            )
            exit_device = stay.waiting_at if stay.status != LEFT else None
            if exit_device:
                updated = replace(updated, status=LEFT, left_at=self.now(), exit_device=exit_device, waiting_at=None)
            revenue = Revenue(
                stay.community_id, beijing_day(paid.paid_at), paid.order_id, stay.stay_id, stay.plate, paid.amount_fen
            )
            if self.store.replace_stay(updated, stay, revenue):
                if exit_device:
                    self.barriers.open(stay.community_id, exit_device, stay.plate, "payment", "parking")
                return "applied"
        raise Conflict("the stay kept changing", code="CONCURRENT_CHANGE")

    # -- guards -------------------------------------------------------------------------------------------------
    def approve(self, community_id: str, stay_id: str, by: str) -> tuple[Stay, str]:
        """A guard lets a held car in from the staff app: the entry barrier opens."""
        stay = self.store.get_stay(community_id, stay_id)
        if stay is None:
            raise NotFound("no such stay", code="STAY_NOT_FOUND")
        if stay.status != HELD:
            raise Conflict(f"the stay is {stay.status}", code="STAY_NOT_HELD")
        parked = replace(stay, status=PARKED, entered_at=self.now())
        if not self.store.replace_stay(parked, stay):
            raise Conflict("the stay changed meanwhile", code="CONCURRENT_CHANGE")
        return parked, self.barriers.open(community_id, stay.entry_device, stay.plate, "manual", by)

    def release(
        self, community_id: str, device_id: str, plate: str, kind: str, reason: str, by: str
    ) -> tuple[Stay, str]:
        """A guard opens an exit by hand (a lost ticket, a car without an entry record, a fault), recorded with the
        kind and reason; the car's stay, if any, ends."""
        if kind not in RELEASE_KINDS:
            raise InvalidInput("kind is manual or lost_ticket", code="VALIDATION_FAILED")
        found = self.store.barrier_park(community_id, device_id)
        if found is None:
            raise NotFound("no such barrier", code="BARRIER_NOT_FOUND")
        now = self.now()
        release = {"kind": kind, "reason": reason, "by": by}
        stay = self.store.current_stay(community_id, plate)
        if stay is None:
            left = Stay(
                stay_id=new_id("S"),
                community_id=community_id,
                park_id=found[0],
                plate=plate,
                kind=TEMPORARY,
                entered_at=now,
                entry_device=device_id,
                status=LEFT,
                left_at=now,
                exit_device=device_id,
                release=release,
            )
            self.store.add_stay(left)
        else:
            left = replace(stay, status=LEFT, left_at=now, exit_device=device_id, waiting_at=None, release=release)
            if not self.store.replace_stay(left, stay):
                raise Conflict("the stay changed meanwhile", code="CONCURRENT_CHANGE")
        return left, self.barriers.open(community_id, device_id, plate, "manual", by)
