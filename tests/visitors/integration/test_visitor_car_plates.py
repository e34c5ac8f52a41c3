"""The plates barriers let in for visitors (`visitors.visitor_car_plates`), read through the sparse car-pass index:
only passes naming a car whose window has not ended are read, and of those only the admitting ones with entries
left whose window meets the day; a pass without a car is not in the index at all."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from chalicelib.visitors.model import ACTIVE, ARRIVED, EXPIRED, PENDING, REVOKED, Visitor, VisitorPass


def _pass(c: str, plate: str | None, starts: datetime, hours: int, status: str, used: int = 0) -> VisitorPass:
    return VisitorPass(
        pass_id=f"vp-{uuid.uuid4().hex[:12]}",
        community_id=c,
        house_id="h-1",
        visitor=Visitor("访客", "sealed", "index", "138****0000", "探亲", car_plate=plate),
        starts_at=starts,
        ends_at=starts + timedelta(hours=hours),
        entries=2,
        gates=(),
        source="invitation",
        created_by="acct-1",
        created_at=starts - timedelta(days=20),
        status=status,
        entries_used=used,
    )


def test_the_days_visitor_plates_come_from_current_car_passes_only(cloud: Any) -> None:
    from chalicelib.visitors import visitor_car_plates
    from chalicelib.visitors.repository import DynamoPassRepository, PassRecord

    c = f"c-cars-{uuid.uuid4().hex[:8]}"
    day = datetime(2026, 12, 7, 16, tzinfo=UTC)  # 00:00 Beijing
    until = day + timedelta(days=1)
    repo = DynamoPassRepository()
    passes = [
        _pass(c, "京A00001", day - timedelta(days=3), 30 * 24, ACTIVE),  # booked long ago, a 30-day window
        _pass(c, "京A 00002", day + timedelta(hours=10), 4, ARRIVED),  # written with a space: normalised
        _pass(c, "京A00003", day - timedelta(days=2), 24, ACTIVE),  # ended yesterday
        _pass(c, "京A00004", day + timedelta(days=2), 4, ACTIVE),  # starts after the day
        _pass(c, "京A00005", day + timedelta(hours=1), 4, PENDING),  # not approved yet
        _pass(c, "京A00006", day + timedelta(hours=1), 4, REVOKED),
        _pass(c, "京A00007", day + timedelta(hours=1), 4, ACTIVE, used=2),  # its entries are used up
        _pass(c, "京A00008", day - timedelta(days=1), 48, EXPIRED),
        _pass(c, None, day + timedelta(hours=1), 4, ACTIVE),  # no car
        _pass(f"{c}-other", "京A00009", day + timedelta(hours=1), 4, ACTIVE),  # another community
    ]
    for p in passes:
        repo.add(p)
    assert visitor_car_plates(c, day, until) == ["京A00001", "京A00002"]
    # the index holds the passes naming a car only, and the query reads only those whose window ends after `since`
    indexed = [r.pass_id for r in PassRecord.gsi5.query(f"C#{c}#CARPASSES")]
    assert sorted(indexed) == sorted(p.pass_id for p in passes[:8])
    read = [p.pass_id for p in repo.car_passes_ending_after(c, day)]
    assert sorted(read) == sorted(p.pass_id for i, p in enumerate(passes[:8]) if i != 2)
