"""Signs of need: what the daily and hourly runs look for in a person's "last seen" item, and what a reading from a
wearable means. Pure rules, no storage:

- no sign of life (a door opening, an access record, wearable data) for longer than the person's quiet time
  (default 24 h for someone living alone);
- no wearable data for longer than the quiet time (a wearable is registered);
- no water or electricity use (a bound meter's cumulative reading rising) for longer than the utility quiet time
  (default 24 h for someone living alone; meters are registered);
- the heart rate outside the person's range for at least the set duration;
- repeated night-time falls (two or more between 22:00 and 06:00 Beijing time within seven days);
- implausible readings (a heart rate of 0 or above 250, a position further than a person could have travelled
  since the last one) are flagged and kept for review, never alarmed on.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from chalicelib.care.model import (
    ALERT_KINDS,
    HEART_RATE,
    NIGHT_FALLS,
    NIGHT_FALLS_COUNT,
    NO_ACTIVITY,
    NO_UTILITY_USE,
    NO_WEARABLE_DATA,
    CareProfile,
    LastSeen,
)
from chalicelib.kernel.clock import BEIJING, iso, parse_iso

PLAUSIBLE_HEART_RATE = (20, 250)
MAX_TRAVEL_KMH = 300.0  # faster than a high-speed train: not where the person is
NIGHT_FALL_WINDOW = timedelta(days=7)


@dataclass(frozen=True)
class Sign:
    kind: str
    detail: dict[str, Any]


def signs_of_need(
    profile: CareProfile, seen: LastSeen | None, now: datetime, kinds: Collection[str] = ALERT_KINDS
) -> list[Sign]:
    """Every sign of need of the `kinds` looked for that the person shows now (at most one per kind)."""
    return [s for s in _signs(profile, seen, now) if s.kind in kinds]


def _signs(profile: CareProfile, seen: LastSeen | None, now: datetime) -> list[Sign]:
    quiet = timedelta(hours=profile.thresholds.quiet_hours)
    found: list[Sign] = []
    since = profile.created_at  # nothing seen yet: counted from the registration
    last_life = max((t for t in (seen.activity_at, seen.wearable_at) if t is not None) if seen else (), default=None)
    if now - (last_life or since) > quiet:
        found.append(
            Sign(
                NO_ACTIVITY,
                {"lastSeenAt": iso(last_life) if last_life else None, "quietHours": profile.thresholds.quiet_hours},
            )
        )
    if profile.wearables:
        last_data = seen.wearable_at if seen else None
        if now - (last_data or since) > quiet:
            found.append(Sign(NO_WEARABLE_DATA, {"lastDataAt": iso(last_data) if last_data else None}))
    if profile.meters:
        last_use = seen.utility_at if seen else None
        if now - (last_use or since) > timedelta(hours=profile.thresholds.utility_hours):
            found.append(
                Sign(
                    NO_UTILITY_USE,
                    {
                        "lastUseAt": iso(last_use) if last_use else None,
                        "utilityQuietHours": profile.thresholds.utility_hours,
                    },
                )
            )
    heart_minutes = timedelta(minutes=profile.thresholds.heart_rate_minutes)
    if (
        seen
        and seen.heart_out_since is not None
        and seen.heart_rate is not None
        and now - seen.heart_out_since >= heart_minutes
    ):
        found.append(
            Sign(
                HEART_RATE,
                {
                    "heartRateBpm": seen.heart_rate,
                    "since": iso(seen.heart_out_since),
                    "low": profile.thresholds.heart_rate_low,
                    "high": profile.thresholds.heart_rate_high,
                },
            )
        )
    recent = [t for t in (seen.night_falls if seen else ()) if now - parse_iso(t) <= NIGHT_FALL_WINDOW]
    if len(recent) >= NIGHT_FALLS_COUNT:
        found.append(Sign(NIGHT_FALLS, {"falls": recent}))
    return found


def is_night(at: datetime) -> bool:
    hour = at.astimezone(BEIJING).hour
    return hour >= 22 or hour < 6


def implausible_heart_rate(bpm: int) -> bool:
    return not PLAUSIBLE_HEART_RATE[0] <= bpm <= PLAUSIBLE_HEART_RATE[1]


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (latitude, longitude) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def impossible_move(
    before: tuple[float, float] | None, before_at: datetime | None, after: tuple[float, float], at: datetime
) -> bool:
    """A position further away than anyone could have travelled since the last one (another city a minute later)."""
    if before is None or before_at is None:
        return False
    hours = max((at - before_at).total_seconds() / 3600, 1 / 60)
    return distance_km(before, after) / hours > MAX_TRAVEL_KMH


@dataclass(frozen=True)
class Reading:
    """One wearable report as the care register reads it."""

    at: datetime
    heart_rate: int | None = None
    battery_pct: int | None = None
    position: tuple[float, float] | None = None
    fall: bool = False


def apply_reading(profile: CareProfile, seen: LastSeen, reading: Reading) -> LastSeen:
    """The "last seen" item after a wearable's report: implausible values flagged (kept, never alarmed on), the
    heart rate's time outside the range started or ended, night-time falls remembered."""
    flags = list(seen.flagged)[-9:]
    changes: dict[str, Any] = {"wearable_at": max(reading.at, seen.wearable_at or reading.at), "online": True}
    if reading.battery_pct is not None:
        changes["battery_pct"] = reading.battery_pct
    if reading.heart_rate is not None:
        if implausible_heart_rate(reading.heart_rate):
            flags.append({"at": iso(reading.at), "field": "heartRateBpm", "value": reading.heart_rate})
        else:
            low, high = profile.thresholds.heart_rate_low, profile.thresholds.heart_rate_high
            outside = not low <= reading.heart_rate <= high
            changes["heart_rate"] = reading.heart_rate
            if not outside:
                changes["heart_out_since"] = None
            elif seen.heart_out_since is None:
                changes["heart_out_since"] = reading.at
    if reading.position is not None:
        if impossible_move(seen.position, seen.position_at, reading.position, reading.at):
            flags.append({"at": iso(reading.at), "field": "position", "value": list(reading.position)})
        else:
            changes.update(position=reading.position, position_at=reading.at)
    if reading.fall and is_night(reading.at):
        changes["night_falls"] = (
            *[t for t in seen.night_falls if reading.at - parse_iso(t) <= NIGHT_FALL_WINDOW],
            iso(reading.at),
        )
    changes["flagged"] = tuple(flags)
    return replace(seen, **changes)
