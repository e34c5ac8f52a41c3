"""The warning run's read of the entry log (`CommunitySources.passages` over `visitors.passages_between`): every
entry record of the window read once, in the passages the rules take (a car's passage is its plate's and its
driver's), whatever the day and however many days are read at a time; records outside the window, or of another
community, are not read."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import timedelta
from typing import Any

from chalicelib.kernel.clock import utcnow


def _record(cid: str, at: Any, n: int, plate: str | None = None, kind: str = "resident") -> str:
    from chalicelib.visitors.model import EntryRecord
    from chalicelib.visitors.repository_entries import DynamoEntryLog

    entry_id = f"ent-{n:04d}-{uuid.uuid4().hex[:6]}"
    record = EntryRecord(
        entry_id, cid, f"gate-{n % 3}", "in" if n % 2 else "out", "face", kind, f"p{n}", f"h{n % 4}", at
    )
    if plate:
        record = EntryRecord(**{**record.__dict__, "car_plate": plate, "method": "plate"})
    assert DynamoEntryLog().record(record)
    return entry_id


def test_every_passage_of_the_window_is_read_once_with_its_fields(client: Any) -> None:
    from chalicelib import visitors
    from chalicelib.governance.adapters import CommunitySources

    cid, other = f"c-pass-{uuid.uuid4().hex[:6]}", f"c-pass-{uuid.uuid4().hex[:6]}"
    now = utcnow()
    since, until = now - timedelta(days=10), now
    inside = [now - timedelta(days=d, minutes=7 * d + 1) for d in range(10)] + [now - timedelta(minutes=1)] * 3
    for n, at in enumerate(inside):
        _record(cid, at, n, plate=f"京B{n:05d}" if n % 4 == 0 else None, kind="card" if n == 5 else "resident")
    _record(cid, now - timedelta(days=11), 90)  # before the window
    _record(other, now - timedelta(hours=1), 91)  # another community

    raw = list(visitors.passages_between(cid, since, until, parallel=2))
    assert sorted(r["subject_id"] for r in raw) == sorted(f"p{n}" for n in range(len(inside)))

    for parallel in (1, 3):
        visitors_read = list(visitors.passages_between(cid, since, until, parallel=parallel))
        assert Counter(r["subject_id"] for r in visitors_read) == Counter(r["subject_id"] for r in raw)

    passages = list(CommunitySources().passages(cid, since, until))
    plates = [p for p in passages if p.subject_kind == "vehicle"]
    people = [p for p in passages if p.subject_kind != "vehicle"]
    assert sorted(p.subject_id for p in plates) == sorted(f"京B{n:05d}" for n in range(len(inside)) if n % 4 == 0)
    assert sorted(p.subject_id for p in people) == sorted(f"p{n}" for n in range(len(inside)))
    by_subject = {p.subject_id: p for p in people}
    assert by_subject["p5"].subject_kind == "unregistered"
    assert by_subject["p1"].subject_kind == "resident"
    first = by_subject["p0"]
    assert (first.gate_id, first.direction, first.house_id) == ("gate-0", "out", "h0")
    assert abs((first.at - inside[0]).total_seconds()) < 0.001 and first.at.tzinfo is not None
