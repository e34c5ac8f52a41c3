"""Occupancy over time: an hourly run (`parking_occupancy_sample`, on the hour) records each car park's cars inside
(its live `occupied` counter) for the Beijing hour that begins; a car park's day is its 24 Beijing hours, an hour
without a sample shown as unknown (null), never guessed. A run repeated within the hour keeps the first sample."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from chalicelib.kernel.clock import BEIJING_OFFSET

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Sample:
    community_id: str
    park_id: str
    day: date  # Beijing
    hour: int  # 0..23, Beijing
    occupied: int
    capacity: int


def beijing_hour(moment: datetime) -> tuple[date, int]:
    local = moment + BEIJING_OFFSET
    return local.date(), local.hour


class OccupancyStore(Protocol):
    def record_sample(self, sample: Sample) -> bool:
        """False when the hour has its sample already."""
        ...

    def samples(self, community_id: str, park_id: str, day: date) -> list[Sample]: ...


@dataclass
class OccupancySampler:
    store: Any  # ParkingStore + OccupancyStore + WhitelistMarks (park_communities)
    now: Callable[[], datetime]

    def sample(self) -> dict[str, Any]:
        day, hour = beijing_hour(self.now())
        recorded = kept = 0
        failed: list[str] = []
        for community_id in self.store.park_communities():
            try:
                for park in self.store.parks(community_id):
                    sample = Sample(community_id, park.park_id, day, hour, max(0, park.occupied), park.capacity)
                    if self.store.record_sample(sample):
                        recorded += 1
                    else:
                        kept += 1
            except Exception:
                log.exception("occupancy sample failed", extra={"communityId": community_id})
                failed.append(community_id)
        return {"day": day.isoformat(), "hour": hour, "recorded": recorded, "kept": kept, "failed": failed}

    def day(self, community_id: str, park_id: str, day: date) -> list[int | None]:
        """The 24 Beijing hours of the day: cars inside at the start of each hour, None where no sample was taken."""
        hours: list[int | None] = [None] * 24
        for s in self.store.samples(community_id, park_id, day):
            if 0 <= s.hour < 24:
                hours[s.hour] = s.occupied
        return hours
