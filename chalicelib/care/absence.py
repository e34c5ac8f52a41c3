"""Long absence (000 7.2.1 d): residents with no access record for more than half a year are listed for the
population check, with their house and their last record. Pure: the caller hands over the residents of a page of
houses and each one's last passage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from chalicelib.care.model import LONG_ABSENCE_DAYS


@dataclass(frozen=True)
class Absent:
    person_id: str
    person_name: str
    house_id: str
    since: datetime  # living there since
    last_entry: Any | None  # the visitors capability's EntryRecord (at, gate, direction, method), if any


def long_absent(residents: list[tuple[Any, Any | None]], now: datetime, days: int = LONG_ABSENCE_DAYS) -> list[Absent]:
    """`residents`: (registry residency, last entry or None). Absent: no passage within `days`, and living in the
    house for longer than that (a newcomer without records yet is not absent)."""
    cutoff = now - timedelta(days=days)
    found = []
    for residency, entry in residents:
        last = entry.at if entry is not None else None
        if (last is None or last < cutoff) and residency.since < cutoff:
            found.append(Absent(residency.person_id, residency.person_name, residency.house_id, residency.since, entry))
    return found
