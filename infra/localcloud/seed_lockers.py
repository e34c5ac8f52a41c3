"""The demo parcel locker `make up` starts with: the seeded parcel_locker (one device of every catalogue type) holds
one waiting parcel for the demo resident's house, deposited through the same use case as a courier's event (its
pick-up code is told to the household by the local WeChat server when the resident is bound). The simulator
(`make simulate`) deposits more for the houses listed here and picks a parcel up when its compartment is opened
remotely. Idempotent: the demo deposit's msgId names its parcel, so a second run changes nothing."""

from __future__ import annotations

from typing import Any

DEMO_MSG_ID = "seed-demo-parcel-1"
SIMULATED_HOUSES = 12


def seed_lockers(community_id: str, devices: list[dict[str, Any]], resident_house: str | None) -> dict[str, Any]:
    from chalicelib.kernel.clock import utcnow
    from chalicelib.lockers import wiring
    from chalicelib.lockers.model import STORED, LockerEvent
    from chalicelib.registry import houses_of

    locker = next((d for d in devices if d.get("deviceType") == "parcel_locker"), None)
    if locker is None:
        return {}
    others = sorted(h.id for h in houses_of(community_id) if h.id != resident_house)
    houses = ([resident_house] if resident_house else []) + others  # the demo resident's house first
    houses = houses[:SIMULATED_HOUSES]
    parcel_id = None
    if resident_house:
        outcome = wiring.locker_service().handle(
            LockerEvent(
                community_id=community_id,
                device_id=str(locker["deviceId"]),
                msg_id=DEMO_MSG_ID,
                event=STORED,
                compartment="A01",
                tracking="SF1400000001",
                house_id=resident_house,
                size="M",
                method=None,
                at=utcnow(),
            )
        )
        parcel_id = outcome.parcel_id
    return {  # houses[0] is the demo resident's
        "communityId": community_id,
        "lockerId": locker["deviceId"],
        "houses": houses,
        "demoParcel": parcel_id,
    }
