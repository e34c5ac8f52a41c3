"""Governance: the anomaly warnings the standards name (001 8.2.1.1.1 f, 8.2.1.1.2 d, 8.2.1.1.3 e; 000 7.2.1 d).

- rules: `model.py` (every warning rule with its configurable threshold, over one pass of the passages and a
  registry snapshot), `service.py` (the run, one open warning per subject and kind, acknowledge and resolve with a
  note)
- storage: `repository.py`; table: `governance` (`kernel/tables.py: GovernanceTable`)
- watch lists: `watchlist.py` (entries, a passage's keys), `watching.py` (add, remove, match -> alarm + audit),
  `repository_watch.py`; matched from the visitors table's stream (`tasks.watch_passages`)
- HTTP: `routes_staff.py`, `routes_watchlist.py`, `contracts.py`; adapters: `adapters.py` (entry log, registry,
  alarms); wiring: `wiring.py`; tasks: `tasks.py` (the daily run, the watch-list matcher). Tests: `tests/governance/`.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chalicelib.governance.watchlist import WatchEntry

__all__ = ["add_watch_entry", "watch_entries", "watched_plate"]


def add_watch_entry(
    community_id: str, kind: str, value: str, label: str, reason: str, by: str, until: datetime | None
) -> WatchEntry:
    """Add a watch-list entry (an ID number is kept only as its blind index); the caller audits it."""
    from chalicelib.governance import wiring

    return wiring.watch_service().add(community_id, kind, value, label, reason, by, until)


def watch_entries(community_id: str) -> list[WatchEntry]:
    from chalicelib.governance import wiring

    return wiring.watch_service().store.entries(community_id)


def watched_plate(community_id: str, plate: str, at: datetime) -> WatchEntry | None:
    """The active watch-list entry for this plate, or None (one GetItem): a barrier refuses such a car and tells
    the control centre, whatever the registry says of it."""
    from chalicelib.governance import wiring
    from chalicelib.governance.watchlist import active, normalise_plate

    found = wiring.watch_service().store.lookup(community_id, [("plate", normalise_plate(plate))])
    return next((e for e in found if active(e, at)), None)
