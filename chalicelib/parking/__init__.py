"""Parking (000 7.2.2 g-h, 6.1.1 b/j; 001 8.2.2.9; 003 6.6.8-6.6.13): car parks with their barriers, capacity and
live occupancy; the one decision on a barrier camera's plate event (registered car, a visitor pass naming the car,
watch-listed, temporary; a guard's approval where the community requires it) sent to the barrier as a device
command with its ack; fees by the one tariff rule; paying at the exit through the payments capability (WeChat Pay),
the barrier opening on payment; guards' manual and lost-ticket releases with a reason; passage records (>= 180
days) and free spaces for the mini-program.

- rules and use cases: `model.py` (car parks, stays, plate events, decisions, passages, the ports), `tariff.py` (the
  one fee rule, integer fen, Beijing time), `plate_events.py` (a plate event read or refused with its reason),
  `service.py` (the decision, fees, paying, settling, guards' actions)
- `open_orders.py` (one payable order at a time for a stay or a pass: a double tap gets the open order again),
  `lapse.py` (a monthly pass lapsing during a stay), `offline.py` and `offline_reconcile.py` (a barrier's offline
  decisions uploaded, recorded once and reconciled: stays, unpaid exits, discrepancies)
- storage: `repository.py` (with `repository_monthly.py`, `repository_open_orders.py`, `repository_offline.py`);
  table: `parking` (`kernel/tables.py: ParkingTable`)
- entry points: `tasks.py`: `parking_plate_event` (the topic rule ParkingPlateEventRule, a barrier's
  `plate_recognized` events), `parking_offline_passages` (ParkingOfflinePassagesRule, its `offline_passages`),
  `parking_payment_settled` (PaymentSettledQueue: the payments capability's word that a charge was paid)
- adapters: `adapters.py` (registry vehicles, visitor passes, device commands and the watch-list alarm hand-off,
  payments' charges, each through its package face); wiring: `wiring.py`
- HTTP: `routes_staff.py` (car parks, cars inside, passages, approve, release), `routes_resident.py` (fee, pay,
  free spaces), `routes_offline.py` with `contracts_offline.py` (unpaid exits, offline discrepancies),
  `contracts.py` (requests, answers and the one view of each). Tests: `tests/parking/`,
  `tests/e2e/test_parking_e2e.py`.
- the barriers' offline whitelist: `whitelist.py` (daily `parking_whitelist_refresh`, and a visitor pass naming a
  car); monthly-pass expiry reminders: `reminders.py` (daily `parking_pass_reminders`); zones, typed spaces and
  reservations: `zones.py`, `routes_zones.py`, `contracts_zones.py`; occupancy over time: `occupancy.py`,
  `routes_occupancy.py` (hourly `parking_occupancy_sample`); their storage: `repository_whitelist.py`,
  `repository_reminders.py`, `repository_zones.py`, `repository_occupancy.py` (parts of `DynamoParkingStore`).

Nothing of parking is used by another capability; `plug_into_visitors` (called once by app.py) has a visitor pass
naming a car refresh the barriers' offline whitelists (`whitelist.py`).
"""

from __future__ import annotations

__all__: list[str] = ["plug_into_visitors"]


def refresh_for_visitor_car(community_id: str, plate: str) -> None:
    """A visitor pass naming `plate` changed: the community's barriers get today's whitelist if it changed."""
    from chalicelib.parking import wiring

    wiring.parking_service().refresh_community(community_id)


def plug_into_visitors() -> None:
    """A visitor pass naming a car, issued, approved or revoked, refreshes the barriers' whitelists."""
    from chalicelib.visitors import use_car_pass_listener

    use_car_pass_listener(refresh_for_visitor_car)
