"""Anomaly warnings the standards name (001 8.2.1.1.1 f population, 8.2.1.1.2 d vehicles, 8.2.1.1.3 e houses;
000 7.2.1 d "more than half a year"), each a rule with configurable thresholds over the registry and the
access/passage records.

The daily run reads the passages once, in any order, folding each into small per-subject aggregates
(`Aggregates.add`); the rules then look only at the aggregates and the registry snapshot. Each rule answers the
warnings it finds (kind, subject); storing keeps at most one open warning per subject and kind. Pure: no AWS.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import pairwise
from statistics import median

from chalicelib.kernel.clock import BEIJING

KINDS: tuple[str, ...] = (
    "away_not_back",
    "in_not_out",
    "unregistered_resident",
    "left_not_deregistered",
    "key_persons_gathering",
    "cloned_plate",
    "night_active_day_idle",
    "zombie_car",
    "frequent_in_out",
    "empty_house_activity",
    "group_rental",
    "abnormal_meter",
)


@dataclass(frozen=True)
class Thresholds:
    """Every rule's threshold; a community may override any of them."""

    away_days: int = 183  # out and not back for more than half a year (000 7.2.1 d)
    in_not_out_days: int = 183  # in and not out for more than half a year
    unregistered_entries: int = 10  # entries by one unregistered credential at one house ...
    unregistered_window_days: int = 30  # ... within this window
    left_days: int = 90  # a registered resident with no passage at all for this long
    gathering_persons: int = 3  # distinct key persons entering ...
    gathering_minutes: int = 60  # ... within this window
    clone_seconds: int = 120  # one plate at two different gates closer in time than this
    night_passages: int = 10  # passages 22:00-06:00 (Beijing) in the window ...
    day_passages_max: int = 2  # ... with at most this many by day
    night_window_days: int = 30
    zombie_days: int = 30  # a registered vehicle not moving for this long
    frequent_per_day: int = 20  # passages of one vehicle in one Beijing day
    empty_house_passages: int = 3  # passages for a house registered vacant, in the window
    group_rental_subjects: int = 8  # distinct people/credentials entering for one house in the window
    house_window_days: int = 30
    meter_factor: float = 3.0  # a day's use over this many times the median of the days before
    meter_min_days: int = 7  # days of history the median needs


@dataclass(frozen=True)
class Passage:
    """One access or vehicle passage as the rules need it."""

    subject_id: str  # person id, credential/face id (unregistered), or plate
    subject_kind: str  # resident | visitor | unregistered | vehicle
    gate_id: str
    direction: str  # in | out
    at: datetime
    house_id: str | None = None


@dataclass(frozen=True)
class Snapshot:
    """What the registry says: residents (id -> key category or ''), vehicles, vacant houses."""

    residents: dict[str, str]
    vehicles: set[str]
    vacant_houses: set[str]
    meter_days: dict[tuple[str, str], list[float]] = field(default_factory=dict)  # (house, utility) -> daily use


@dataclass(frozen=True)
class Finding:
    kind: str
    subject_type: str  # person | credential | vehicle | house | community
    subject_id: str
    detail: dict[str, object]


@dataclass
class _Subject:
    last_at: datetime | None = None
    last_direction: str = ""
    count: int = 0


class Aggregates:
    """Everything the rules read, folded from the passages in one pass (each passage read once, any order)."""

    def __init__(self, now: datetime, t: Thresholds):
        self.now = now
        self.t = t
        self.last: dict[str, _Subject] = defaultdict(_Subject)
        self.unregistered: dict[tuple[str, str], int] = defaultdict(int)
        self.key_entries: list[tuple[datetime, str]] = []
        self.plate_times: dict[str, list[tuple[datetime, str]]] = defaultdict(list)
        self.night: dict[str, int] = defaultdict(int)
        self.day: dict[str, int] = defaultdict(int)
        self.per_day: dict[tuple[str, str], int] = defaultdict(int)
        self.house_passages: dict[str, int] = defaultdict(int)
        self.house_subjects: dict[str, set[str]] = defaultdict(set)

    def add(self, p: Passage, key_category: str = "") -> None:
        s = self.last[p.subject_id]
        s.count += 1
        if s.last_at is None or p.at > s.last_at:
            s.last_at, s.last_direction = p.at, p.direction
        age = self.now - p.at
        if p.subject_kind == "unregistered" and p.house_id and age <= timedelta(days=self.t.unregistered_window_days):
            self.unregistered[(p.subject_id, p.house_id)] += 1
        if key_category and p.direction == "in" and age <= timedelta(days=1):
            self.key_entries.append((p.at, p.subject_id))
        if p.subject_kind == "vehicle":
            if age <= timedelta(days=1):
                self.plate_times[p.subject_id].append((p.at, p.gate_id))
            if age <= timedelta(days=self.t.night_window_days):
                hour = p.at.astimezone(BEIJING).hour
                (self.night if hour >= 22 or hour < 6 else self.day)[p.subject_id] += 1
            self.per_day[(p.subject_id, p.at.astimezone(BEIJING).strftime("%Y-%m-%d"))] += 1
        if p.house_id and age <= timedelta(days=self.t.house_window_days) and p.direction == "in":
            self.house_passages[p.house_id] += 1
            self.house_subjects[p.house_id].add(p.subject_id)


def evaluate(passages: Iterable[Passage], snap: Snapshot, now: datetime, t: Thresholds | None = None) -> list[Finding]:
    t = t or Thresholds()
    agg = Aggregates(now, t)
    for p in passages:
        agg.add(p, snap.residents.get(p.subject_id, ""))
    return findings(agg, snap)


def findings(agg: Aggregates, snap: Snapshot) -> list[Finding]:
    out: list[Finding] = []
    for rule in RULES:
        out.extend(rule(agg, snap))
    return out


def _days(agg: Aggregates, at: datetime | None) -> float:
    return (agg.now - at).total_seconds() / 86400 if at else float("inf")


def away_not_back(agg: Aggregates, snap: Snapshot) -> list[Finding]:
    found = []
    for person in snap.residents:
        s = agg.last.get(person)
        if s and s.last_direction == "out" and _days(agg, s.last_at) > agg.t.away_days:
            found.append(
                Finding("away_not_back", "person", person, {"lastOut": s.last_at.isoformat() if s.last_at else None})
            )
    return found


def in_not_out(agg: Aggregates, snap: Snapshot) -> list[Finding]:
    found = []
    for person in snap.residents:
        s = agg.last.get(person)
        if s and s.last_direction == "in" and _days(agg, s.last_at) > agg.t.in_not_out_days:
            found.append(
                Finding("in_not_out", "person", person, {"lastIn": s.last_at.isoformat() if s.last_at else None})
            )
    return found


def unregistered_resident(agg: Aggregates, snap: Snapshot) -> list[Finding]:
    return [
        Finding("unregistered_resident", "credential", subject, {"houseId": house, "entries": n})
        for (subject, house), n in sorted(agg.unregistered.items())
        if n >= agg.t.unregistered_entries
    ]


def left_not_deregistered(agg: Aggregates, snap: Snapshot) -> list[Finding]:
    """Registered, not seen for `left_days`: moved away without deregistering (unless already one of the
    half-year warnings above, which say more)."""
    found = []
    for person in sorted(snap.residents):
        s = agg.last.get(person)
        if s is None or s.last_at is None:
            continue
        days = _days(agg, s.last_at)
        longer = days > (agg.t.away_days if s.last_direction == "out" else agg.t.in_not_out_days)
        if days > agg.t.left_days and not longer:
            found.append(Finding("left_not_deregistered", "person", person, {"lastSeen": s.last_at.isoformat()}))
    return found


def key_persons_gathering(agg: Aggregates, snap: Snapshot) -> list[Finding]:
    entries = sorted(agg.key_entries)
    window = timedelta(minutes=agg.t.gathering_minutes)
    start = 0
    for end in range(len(entries)):
        while entries[end][0] - entries[start][0] > window:
            start += 1
        people = {who for _, who in entries[start : end + 1]}
        if len(people) >= agg.t.gathering_persons:
            first = entries[start][0].astimezone(BEIJING).strftime("%Y-%m-%dT%H")
            return [Finding("key_persons_gathering", "community", first, {"persons": sorted(people)})]
    return []


def cloned_plate(agg: Aggregates, snap: Snapshot) -> list[Finding]:
    found = []
    limit = timedelta(seconds=agg.t.clone_seconds)
    for plate, seen in sorted(agg.plate_times.items()):
        seen.sort()
        for (a_at, a_gate), (b_at, b_gate) in pairwise(seen):
            if a_gate != b_gate and b_at - a_at < limit:
                gap = int((b_at - a_at).total_seconds())
                found.append(Finding("cloned_plate", "vehicle", plate, {"gates": [a_gate, b_gate], "seconds": gap}))
                break
    return found


def night_active_day_idle(agg: Aggregates, snap: Snapshot) -> list[Finding]:
    return [
        Finding("night_active_day_idle", "vehicle", plate, {"night": n, "day": agg.day.get(plate, 0)})
        for plate, n in sorted(agg.night.items())
        if n >= agg.t.night_passages and agg.day.get(plate, 0) <= agg.t.day_passages_max
    ]


def zombie_car(agg: Aggregates, snap: Snapshot) -> list[Finding]:
    found = []
    for plate in sorted(snap.vehicles):
        s = agg.last.get(plate)
        if s is not None and _days(agg, s.last_at) > agg.t.zombie_days:
            found.append(
                Finding("zombie_car", "vehicle", plate, {"lastSeen": s.last_at.isoformat() if s.last_at else None})
            )
    return found


def frequent_in_out(agg: Aggregates, snap: Snapshot) -> list[Finding]:
    worst: dict[str, tuple[int, str]] = {}
    for (plate, day), n in agg.per_day.items():
        if n >= agg.t.frequent_per_day and n > worst.get(plate, (0, ""))[0]:
            worst[plate] = (n, day)
    return [Finding("frequent_in_out", "vehicle", p, {"passages": n, "day": d}) for p, (n, d) in sorted(worst.items())]


def empty_house_activity(agg: Aggregates, snap: Snapshot) -> list[Finding]:
    return [
        Finding("empty_house_activity", "house", house, {"passages": agg.house_passages[house]})
        for house in sorted(snap.vacant_houses)
        if agg.house_passages.get(house, 0) >= agg.t.empty_house_passages
    ]


def group_rental(agg: Aggregates, snap: Snapshot) -> list[Finding]:
    return [
        Finding("group_rental", "house", house, {"distinctSubjects": len(subjects)})
        for house, subjects in sorted(agg.house_subjects.items())
        if len(subjects) >= agg.t.group_rental_subjects
    ]


def abnormal_meter(agg: Aggregates, snap: Snapshot) -> list[Finding]:
    found = []
    for (house, utility), days in sorted(snap.meter_days.items()):
        if len(days) < agg.t.meter_min_days + 1:
            continue
        baseline = median(days[:-1])
        today = days[-1]
        if baseline > 0 and today > agg.t.meter_factor * baseline:
            found.append(Finding("abnormal_meter", "house", f"{house}:{utility}", {"today": today, "median": baseline}))
    return found


RULES = (
    away_not_back,
    in_not_out,
    unregistered_resident,
    left_not_deregistered,
    key_persons_gathering,
    cloned_plate,
    night_active_day_idle,
    zombie_car,
    frequent_in_out,
    empty_house_activity,
    group_rental,
    abnormal_meter,
)
