"""The barriers' offline whitelist (the plates a barrier lets through by itself when the cloud cannot be reached) for
a Beijing day: the monthly passes covering the day, the registry's cars holding a space of their own (owned or
monthly, `parkingType`, within their permit's days) and the day's visitor passes naming a car.

A daily run (`parking_whitelist_refresh`, early morning Beijing time) and a visitor pass naming a car being issued,
approved or revoked (the visitors capability's port, plugged in app.py) send each barrier of each car park a
`set_whitelist` command, but only when its list for the day differs from the last one it was sent: the barrier's
marker (day and digest of the list) is claimed by a conditional write first, so a repeated or concurrent refresh
with the same list sends nothing new.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from chalicelib.kernel.clock import BEIJING_OFFSET

log = logging.getLogger(__name__)

SPACE_TYPES = ("monthly", "owned_space")  # the registry's parking types of a car holding a space of its own


def beijing_today(moment: datetime) -> date:
    return (moment + BEIJING_OFFSET).date()


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The Beijing day as [since, until) in UTC."""
    from datetime import UTC

    start = datetime(day.year, day.month, day.day, tzinfo=UTC) - BEIJING_OFFSET
    return start, start + timedelta(days=1)


def digest(day: date, plates: list[str]) -> str:
    return hashlib.sha256((day.isoformat() + "|" + ",".join(plates)).encode()).hexdigest()[:32]


class WhitelistMarks(Protocol):
    def claim_whitelist(self, community_id: str, device_id: str, mark: str) -> bool:
        """Record `mark` as the barrier's last whitelist; False when it is that already (nothing to send)."""
        ...

    def release_whitelist(self, community_id: str, device_id: str, mark: str) -> None:
        """Forget `mark` (its command could not be sent), so the next refresh sends it again."""
        ...

    def park_communities(self) -> list[str]:
        """The communities with at least one car park."""
        ...


class WhitelistRefresh:
    """The whitelist use cases (a part of ParkingService, whose ports they use)."""

    store: Any
    monthly: Any
    vehicles: Any
    visitors: Any
    barriers: Any
    now: Any

    def whitelist(self, community_id: str, park_id: str, day: date) -> list[str]:
        since, until = day_bounds(day)
        plates = {
            p
            for mp in self.monthly.monthly_of_park(community_id, park_id, day)
            if mp.valid_from <= day <= mp.valid_until
            for p in mp.plates
        }
        plates.update(self.vehicles.with_space(community_id, day))
        plates.update(self.visitors.plates_between(community_id, since, until))
        return sorted(plates)

    def refresh_whitelist(self, community_id: str, park_id: str, day: date) -> list[str]:
        """Each barrier of the car park whose last whitelist differs gets the day's (a `set_whitelist` command);
        answers the command ids sent (none when every barrier has the list already)."""
        park = self.store.get_park(community_id, park_id)
        if park is None:
            return []
        plates = self.whitelist(community_id, park_id, day)
        mark = digest(day, plates)
        sent: list[str] = []
        for barrier in park.barriers:
            if not self.store.claim_whitelist(community_id, barrier.device_id, mark):
                continue
            try:
                sent.append(
                    self.barriers.set_whitelist(community_id, barrier.device_id, plates, day.isoformat(), "parking")
                )
            except Exception:
                self.store.release_whitelist(community_id, barrier.device_id, mark)
                raise
        return sent

    def refresh_community(self, community_id: str, day: date | None = None) -> int:
        """Every car park of the community; answers how many commands were sent."""
        day = day or beijing_today(self.now())
        return sum(len(self.refresh_whitelist(community_id, p.park_id, day)) for p in self.store.parks(community_id))

    def refresh_all(self) -> dict[str, Any]:
        """The daily run: every community with a car park; a failing community is logged and the others still run."""
        day = beijing_today(self.now())
        out: dict[str, Any] = {"day": day.isoformat(), "sent": 0, "communities": {}, "failed": []}
        for community_id in self.store.park_communities():
            try:
                sent = self.refresh_community(community_id, day)
                out["communities"][community_id] = sent
                out["sent"] += sent
            except Exception:
                log.exception("whitelist refresh failed", extra={"communityId": community_id})
                out["failed"].append(community_id)
        return out
