"""The demo community `make up` starts with: registry (org hierarchy, buildings, houses, people, vehicles),
staff and admin logins, devices with certificates for the simulator. Idempotent: running it twice changes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def seed_demo(workdir: Path) -> dict[str, Any]:
    from infra.localcloud.seed_devices import seed_devices
    from infra.localcloud.seed_identity import seed_identity
    from infra.localcloud.seed_registry import seed_registry

    registry = seed_registry()
    communities = list(registry["community_ids"])
    identity = seed_identity(communities)
    devices = seed_devices(communities[0], list(registry.get("building_ids", [])), workdir=workdir)
    _seed_work_orders(communities[0], identity)
    from infra.localcloud.seed_parking import seed_parking

    parking = seed_parking(communities[0], list(devices.get("devices", [])))
    from infra.localcloud.seed_lockers import seed_lockers

    resident_house = (registry.get("resident_binding") or {}).get("house_id")
    lockers = seed_lockers(communities[0], list(devices.get("devices", [])), resident_house)
    from infra.localcloud.seed_patrol import seed_patrol

    patrol = seed_patrol(communities[0], (identity.get("staff", {}).get("guard") or {}).get("account_id"))
    alarms: dict[str, Any] = {}  # the demo guard is on duty
    guard = identity.get("staff", {}).get("guard")
    if guard:
        from infra.localcloud.seed_alarms import seed_alarms

        alarms = seed_alarms(communities[0], guard["account_id"])
    from infra.localcloud.seed_votes import seed_votes

    votes = seed_votes(communities[0])  # an open owners' vote the demo resident can cast
    care = _seed_care(workdir, identity)
    if care:
        devices["devices"] = [*devices["devices"], *care["devices"]]  # the simulator drives them too
    from infra.localcloud.seed_partners import seed_partners

    partners = seed_partners(communities[0], workdir)
    logins = {
        f"{role} login": f"{creds['username']} / {creds['password']}   ({_communities(creds['communities'])})"
        for role, creds in identity.get("staff", {}).items()
    }
    resident = registry.get("resident_binding")
    if resident:
        from chalicelib.registry import house_label

        community = str(resident.get("community_id"))
        where = f"{_communities([community])} {house_label(community, str(resident.get('house_id'))) or ''}"
        logins["resident"] = (
            f"mini-program code `demo-resident` (fake WeChat), then bind house "
            f"{resident.get('house_id')} ({where.strip()}) as {resident.get('name')} / {resident.get('phone')}"
        )
    if care:
        logins["care"] = (
            f"{care['name']} lives alone with a wearable and a gas detector; a fall tells her guardians first "
            "(the demo resident by WeChat, the manager by push), then the staff on duty"
        )
    logins["partner"] = partners["partner"]
    return {
        "registry": registry,
        "identity": identity,
        "devices": devices,
        "logins": logins,
        "alarms": alarms,
        "votes": votes,
        "care": care,
        "parking": parking,
        "patrol": patrol,
        "lockers": lockers,
    }


def _seed_care(workdir: Path, identity: dict[str, Any]) -> dict[str, Any]:
    """The care demo (infra/localcloud/seed_care.py), guarded by the demo resident and the demo manager."""
    from infra.localcloud.seed_care import seed_care

    resident = identity.get("resident") or {}
    manager = identity.get("staff", {}).get("manager") or {}
    guardians = []
    if resident.get("account_id"):
        guardians.append(
            {
                "account_id": resident["account_id"],
                "kind": "resident",
                "name": "王小明（邻居）",
                "relation": "neighbour",
            }
        )
    if manager.get("account_id"):
        guardians.append(
            {"account_id": manager["account_id"], "kind": "staff", "name": "物业经理", "relation": "community_worker"}
        )
    return seed_care(workdir, guardians) if guardians else {}


def _communities(codes: list[str]) -> str:
    """`110105001001 阳光社区`: the code the API uses and the name people know (the demo org hierarchy)."""
    from infra.localcloud.seed_registry import ORG_NODES

    names = {code: name for level, code, _parent, name in ORG_NODES if level == "community"}
    return ", ".join(f"{code} {names[code]}" if code in names else code for code in codes)


def _seed_work_orders(community_id: str, identity: dict[str, Any]) -> None:
    """The demo technician handles every default skill and is on duty, so round-robin dispatch has someone."""
    from chalicelib.work_orders import wiring
    from chalicelib.work_orders.model import DEFAULT_CATEGORIES

    technician = identity.get("staff", {}).get("technician")
    if technician:
        skills = {c.skill for c in DEFAULT_CATEGORIES}
        wiring.work_order_service().set_technician(community_id, technician["account_id"], skills, True)
