"""Demo duty roster: the demo guard is on duty for the whole community around the clock, so an alarm
raised by the simulator reaches someone (a push to the local push server). Idempotent."""

from __future__ import annotations

from typing import Any


def seed_alarms(community_id: str, guard_account_id: str) -> dict[str, Any]:
    from chalicelib.alarms import wiring

    roster = wiring.duty_roster()
    existing = [s for s in roster.shifts(community_id) if s.staff_id == guard_account_id]
    shift = (
        existing[0]
        if existing
        else roster.add(community_id, guard_account_id, "*", [1, 2, 3, 4, 5, 6, 7], "00:00", "23:59", "demo-seed")
    )
    return {"guard_shift": shift.shift_id}
