"""Reconciling a barrier's offline decisions (offline.py has the reading and the rule): each passage applied as it
happened, oldest first, each in one transaction (repository_offline.py); the answer lists every item's result in
the upload's order: `recorded` (with its `flag` when the cloud's rule disagrees, the stay it started or ended and
what the car owed when it left), `duplicate` (recorded before), `rejected` (with its reason) or `busy`."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from chalicelib.kernel.errors import Conflict, InvalidInput, NotFound
from chalicelib.parking.model import HELD, LEFT, REGISTERED, TEMPORARY, CarPark, Passage, Stay, new_id
from chalicelib.parking.offline import (
    SETTLE_OUTCOMES,
    WATCH_LISTED_OPENED,
    Discrepancy,
    ItemRejected,
    OfflineBatch,
    OfflinePassage,
    UnpaidExit,
    discrepancy,
)

HAS_SPACE = ("monthly", "owned_space")


class OfflineDecisions:
    """A part of ParkingService, whose ports it uses."""

    store: Any
    vehicles: Any
    monthly: Any
    barriers: Any
    due_fen: Any
    now: Any

    def settle_unpaid_exit(
        self, community_id: str, stay_id: str, outcome: str, amount_fen: int, note: str, by: str
    ) -> UnpaidExit:
        """Staff settle a car that left offline owing money: the money was collected afterwards (`amount_fen`, 1 up
        to what it owed) or written off (`waived`, amount 0), always with a note. Once: a second settlement is
        refused (ALREADY_SETTLED), whoever comes second in a race."""
        if outcome not in SETTLE_OUTCOMES:
            raise InvalidInput("outcome is collected or waived", code="VALIDATION_FAILED")
        found = self.store.unpaid_exit(community_id, stay_id)
        if found is None:
            raise NotFound("no unpaid exit for this stay", code="UNPAID_EXIT_NOT_FOUND")
        if found.settled_outcome is not None:
            raise Conflict("this unpaid exit is settled already", code="ALREADY_SETTLED")
        if outcome == "waived" and amount_fen != 0:
            raise InvalidInput(
                "a waived exit collects nothing",
                code="VALIDATION_FAILED",
                details=[{"field": "amountFen", "code": "waived", "message": "0 when the outcome is waived"}],
            )
        if outcome == "collected" and not 1 <= amount_fen <= found.due_fen:
            raise InvalidInput(
                f"the amount collected is 1 to {found.due_fen} fen (what the car owed)",
                code="VALIDATION_FAILED",
                details=[{"field": "amountFen", "code": "range", "message": f"1..{found.due_fen}"}],
            )
        settled = replace(
            found,
            settled_outcome=outcome,
            settled_fen=amount_fen,
            settled_note=note,
            settled_by=by,
            settled_at=self.now(),
        )
        if not self.store.settle_unpaid(settled):
            raise Conflict("this unpaid exit is settled already", code="ALREADY_SETTLED")
        return settled  # type: ignore[no-any-return]

    def resolve_discrepancy(self, community_id: str, passage_id: str, note: str, by: str) -> Discrepancy:
        """Staff looked into a barrier's own decision the cloud's rule disagrees with, and say what they found.
        Once: a second resolution is refused (ALREADY_RESOLVED)."""
        found = self.store.discrepancy(community_id, passage_id)
        if found is None:
            raise NotFound("no such discrepancy", code="DISCREPANCY_NOT_FOUND")
        if found.resolved_at is not None:
            raise Conflict("this discrepancy is resolved already", code="ALREADY_RESOLVED")
        resolved = replace(found, resolved_note=note, resolved_by=by, resolved_at=self.now())
        if not self.store.resolve_discrepancy(resolved):
            raise Conflict("this discrepancy is resolved already", code="ALREADY_RESOLVED")
        return resolved  # type: ignore[no-any-return]

    def reconcile_offline(self, batch: OfflineBatch) -> list[dict[str, Any]]:
        c, device = batch.community_id, batch.device_id
        found = self.store.barrier_park(c, device)
        park = self.store.get_park(c, found[0]) if found else None
        results: list[dict[str, Any]] = [{} for _ in batch.items]
        valid: list[tuple[int, OfflinePassage]] = []
        for index, item in enumerate(batch.items):
            if isinstance(item, ItemRejected):
                results[index] = {
                    "msgId": item.msg_id,
                    "result": "rejected",
                    "reason": item.reason,
                    "detail": item.detail,
                }
            elif park is None or found is None:
                results[index] = {"msgId": item.msg_id, "result": "rejected", "reason": "UNKNOWN_BARRIER"}
            elif item.direction != found[1]:
                results[index] = {"msgId": item.msg_id, "result": "rejected", "reason": "WRONG_DIRECTION"}
            else:
                valid.append((index, item))
        for index, item in sorted(valid, key=lambda pair: (pair[1].at, pair[0])):
            assert park is not None
            results[index] = {"msgId": item.msg_id, **self._apply_offline(park, device, item)}
        return results

    def _apply_offline(self, park: CarPark, device: str, item: OfflinePassage) -> dict[str, Any]:
        c, plate = park.community_id, item.plate
        for _attempt in range(5):
            inside = self.store.current_stay(c, plate)
            vehicle = self.vehicles.lookup(c, plate) or {}
            mp = self.monthly.monthly_of_plate(c, plate)
            on_pass = mp is not None and mp.park_id == park.park_id and mp.covers(item.at)
            free_by_cloud = on_pass or vehicle.get("parkingType") in HAS_SPACE
            watched = bool(vehicle.get("keyClass"))
            parked = inside is not None and inside.status != HELD
            flag = discrepancy(item, watched, free_by_cloud, parked)
            passage_id = f"{device}-{item.msg_id}"
            started: Stay | None = None
            ended: tuple[Stay, Stay] | None = None
            unpaid: UnpaidExit | None = None
            resolved: str | None = None
            due = 0
            if item.decision == "open" and item.direction == "in" and inside is None:
                started = Stay(
                    stay_id=new_id("S"),
                    community_id=c,
                    park_id=park.park_id,
                    plate=plate,
                    kind=REGISTERED if free_by_cloud else TEMPORARY,
                    entered_at=item.at,
                    entry_device=device,
                    house_id=(mp.house_id if on_pass and mp else vehicle.get("houseId")),
                    monthly_pass_id=mp.pass_id if on_pass and mp else None,
                )
                gone = self.store.later_offline_exit(c, plate, item.at)
                if gone is not None:  # the exit barrier's upload came first: the stay starts and ends now
                    due = int(self.due_fen(park, started, gone.at))
                    started = replace(started, status=LEFT, left_at=gone.at, exit_device=gone.device_id)
                    resolved = gone.passage_id
                    if due > 0:
                        unpaid = UnpaidExit(
                            c, started.stay_id, park.park_id, plate, item.at, gone.at, gone.device_id, due, resolved
                        )
            elif item.decision == "open" and item.direction == "out" and inside is not None and parked:
                due = int(self.due_fen(park, inside, item.at))
                left = replace(inside, status=LEFT, left_at=item.at, exit_device=device, waiting_at=None)
                ended = (left, inside)
                if due > 0:
                    unpaid = UnpaidExit(
                        c, inside.stay_id, park.park_id, plate, inside.entered_at, item.at, device, due, passage_id
                    )
            stay_id = started.stay_id if started else (inside.stay_id if inside else None)
            passage = Passage(
                passage_id=passage_id,
                community_id=c,
                device_id=device,
                park_id=park.park_id,
                plate=plate,
                colour=item.colour,
                direction=item.direction,
                confidence=item.confidence,
                snapshot_key=None,
                at=item.at,
                action=item.decision,
                reason=flag or f"OFFLINE_{(item.local_reason or item.decision).upper()}",
                stay_id=stay_id,
                fee_fen=due if ended else 0,
                offline=True,
            )
            flagged = (
                Discrepancy(c, passage_id, device, plate, item.direction, item.decision, item.at, flag, stay_id)
                if flag
                else None
            )
            outcome = self.store.apply_offline(passage, started, ended, unpaid, flagged, resolved)
            if outcome == "raced":
                continue
            if outcome == "duplicate":
                return {"result": "duplicate"}
            if flag == WATCH_LISTED_OPENED:
                self.barriers.watch_listed(c, device, plate, str(vehicle["keyClass"]), item.msg_id)
            return {
                "result": "recorded",
                "flag": flag,
                "stayId": stay_id,
                "unpaidFen": due,
            }
        return {"result": "busy"}
