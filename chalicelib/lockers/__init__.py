"""Parcel lockers (000 6.2.6): shared lockers as devices (iot/device_types/parcel_locker.json, with compartments);
a courier's deposit makes a parcel for a house of the community and tells the household its pick-up code by
WeChat (random, 6 digits, only its hash stored); residents list their household's parcels and open a waiting
parcel's compartment remotely (a device command with its ack, through the devices capability); the locker's pick-up
event closes the parcel; parcels left past 48 h get a reminder a day, at most 3; a forced-open compartment raises
an alarm through device ingestion (the catalogue's `forced_open` event raises, major); send-a-parcel bookings are
recorded for the locker operator.

- rules and use cases: `model.py` (a locker event read or refused with its reason, the parcel, the pick-up code,
  the reminder rule), `service.py` (deposit, pick-up, remote open, reminders, bookings; the ports)
- storage: `repository.py`; table: `lockers` (`kernel/tables.py: LockersTable`)
- entry points: `tasks.py`: `lockers_events` (LockersEventRule -> LockersEventsQueue), `lockers_remind` (hourly)
- adapters: `adapters.py` (registry houses, notifications' `parcel` kind, device commands); wiring: `wiring.py`
- HTTP: `routes_resident.py` (parcels, open, bookings; staff read bookings), `contracts.py`.
  Tests: `tests/lockers/`.

Nothing of lockers is used by another capability yet.
"""

from __future__ import annotations

__all__: list[str] = []
