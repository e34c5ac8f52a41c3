"""The demo patrol `make up` starts with: three checkpoints around the first community (NFC tags DEMO-NFC-1..3), a
night route (10 minutes to the first, 8 and 8 to the next) and a plan walking it at 22:00 and 06:00 Beijing with the
demo guard. A round nobody walks raises `patrol_checkpoint_missed` and `patrol_round_unfinished`. Idempotent."""

from __future__ import annotations

from typing import Any

from chalicelib.kernel.errors import Conflict

ROUTE_ID, PLAN_ID = "night-perimeter", "night-patrol"
POINTS = (
    ("gate-east", "东门岗亭", "DEMO-NFC-1", 30.6586, 104.0648),
    ("garage-b1", "地下车库入口", "DEMO-NFC-2", 30.6591, 104.0655),
    ("pump-room", "水泵房", "DEMO-NFC-3", 30.6579, 104.0661),
)


def seed_patrol(community_id: str, guard_account_id: str | None) -> dict[str, Any]:
    from chalicelib.patrol import wiring
    from chalicelib.patrol.model import Checkpoint, Leg, Plan, Route

    service = wiring.patrol_service()
    for checkpoint_id, name, tag, lat, lon in POINTS:
        try:
            service.add_checkpoint(Checkpoint(community_id, checkpoint_id, name, tag, lat, lon))
        except Conflict:
            pass  # seeded before
    legs = tuple(Leg(p[0], seconds) for p, seconds in zip(POINTS, (600, 480, 480), strict=True))
    if service.store.get_route(community_id, ROUTE_ID) is None:
        service.add_route(Route(community_id, ROUTE_ID, "夜间周界巡更", legs))
    if guard_account_id:
        try:
            service.add_plan(Plan(community_id, PLAN_ID, ROUTE_ID, ("22:00", "06:00"), (guard_account_id,)))
        except Conflict:
            pass
    return {"communityId": community_id, "routeId": ROUTE_ID, "planId": PLAN_ID, "tags": [p[2] for p in POINTS]}
