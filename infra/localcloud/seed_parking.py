"""The demo car park `make up` starts with: the seeded entry and exit barriers (东门入口道闸 / 东门出口道闸) as one car
park with a tariff (15 free minutes, 3 yuan an hour by day, 1 yuan by night, at most 30 yuan a day), and its zone
B1区 with typed spaces: one owned and one rented by the community's first houses, three public. Idempotent."""

from __future__ import annotations

from typing import Any

PARK_ID = "east-gate"


def seed_parking(community_id: str, devices: list[dict[str, Any]]) -> dict[str, Any]:
    from chalicelib.kernel.clock import utcnow
    from chalicelib.parking import wiring
    from chalicelib.parking.model import Barrier, CarPark
    from chalicelib.parking.tariff import Tariff

    by_key = {d.get("seedKey"): d for d in devices}
    entry, exit_ = by_key.get("barrier-in"), by_key.get("barrier-out")
    if entry is None or exit_ is None:
        return {}
    store = wiring.parking_store()
    if store.get_park(community_id, PARK_ID) is None:
        store.put_park(
            CarPark(
                community_id=community_id,
                park_id=PARK_ID,
                name="东门停车场",
                capacity=120,
                tariff=Tariff(free_minutes=15, day_rate_fen=300, night_rate_fen=100, daily_cap_fen=3000),
                barriers=(Barrier(entry["deviceId"], "in"), Barrier(exit_["deviceId"], "out")),
                created_at=utcnow(),
            )
        )
    seed_spaces(community_id)
    return {"communityId": community_id, "parkId": PARK_ID, "entry": entry, "exit": exit_}


def seed_spaces(community_id: str) -> None:
    from chalicelib.parking import wiring
    from chalicelib.parking.zones import OWNED, PUBLIC, RENTED, Space, Zone
    from chalicelib.registry import houses_of

    store = wiring.parking_store()
    if store.get_zone(community_id, PARK_ID, "B1") is None:
        store.add_zone(Zone(community_id, PARK_ID, "B1", "B1区"))
    houses = [h.id for h in houses_of(community_id)[:2]]
    spaces = [("B1-101", PUBLIC, None), ("B1-102", PUBLIC, None), ("B1-103", PUBLIC, None)]
    if len(houses) == 2:
        spaces += [("B1-001", OWNED, houses[0]), ("B1-002", RENTED, houses[1])]
    for space_id, kind, house in spaces:
        if store.get_space(community_id, PARK_ID, space_id) is None:
            store.add_space(Space(community_id, PARK_ID, space_id, "B1", kind, house))
