"""The demo car park `make up` starts with: the seeded entry and exit barriers (东门入口道闸 / 东门出口道闸) as one car
park with a tariff (15 free minutes, 3 yuan an hour by day, 1 yuan by night, at most 30 yuan a day). Idempotent."""

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
    return {"communityId": community_id, "parkId": PARK_ID, "entry": entry, "exit": exit_}
