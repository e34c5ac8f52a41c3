"""Demo devices for `make up` and `make simulate`: one device of every catalogue type plus a door controller and a
smoke detector per building, all active, each with its own certificate written under the local cloud's workdir.

Idempotent: each seeded device carries a `seed:<key>` tag; a second run finds it in the ledger instead of
registering it again, and keeps its certificate when the files on disk still belong to the active certificate.
Goes through the same domain services as the API (ledger rules, serial claims, certificate issuing).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

SEED_BY = "seed"
MAX_BUILDINGS = 3  # per-building devices for the first few buildings only: enough to demo the fan-out


def _plan(buildings: list[str], labels: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Names in Chinese, as staff read them in alarms and lists (`1栋1单元门禁`, `防火门`)."""
    from iot import catalogue
    from iot.simulator.payloads import simulated_types

    labels = labels or {}
    first = buildings[0] if buildings else None
    plan: list[dict[str, Any]] = []
    for building in buildings[:MAX_BUILDINGS]:
        for unit in ("U1", "U2"):
            plan.append(
                {
                    "key": f"door-{building}-{unit}",
                    "type": "door_controller",
                    "name": f"{labels.get(building, building)}{unit[1:]}单元门禁",
                    "location": {"building": building, "unit": unit},
                }
            )
        plan.append(
            {
                "key": f"smoke-{building}",
                "type": "smoke_detector",
                "name": f"{labels.get(building, building)}楼梯间烟感",
                "location": {"building": building, "floor": 1},
            }
        )
    # the car park's entry and exit barriers (infra/localcloud/seed_parking.py makes them a car park)
    for key, name in (("barrier-in", "东门入口道闸"), ("barrier-out", "东门出口道闸")):
        plan.append(
            {
                "key": key,
                "type": "barrier_gate",
                "name": name,
                "location": {"area": "东门停车场", "latitude": 30.6586, "longitude": 104.0648},
            }
        )
    planned_types = {p["type"] for p in plan}
    for device_type in simulated_types():
        if device_type in planned_types:
            continue
        if first is not None and device_type in (
            "elevator",
            "gas_detector",
            "fire_door",
            "water_leak_sensor",
            "ebike_detector",
            "electricity_meter",
            "water_meter",
            "gas_meter",
            "heat_meter",
            "emergency_button",
            "power_distribution",
            "display",  # the information screen in the first building's lobby: building notices reach it
        ):
            location: dict[str, Any] = {"building": first, "floor": 1}
        else:
            location = {"area": "小区公共区域", "latitude": 30.6586, "longitude": 104.0648}
        plan.append(
            {
                "key": device_type,
                "type": device_type,
                "name": catalogue.get_type(device_type).title_zh,
                "location": location,
            }
        )
    return plan


def _existing(community_id: str) -> dict[str, Any]:
    from chalicelib.devices.model import DeviceFilter
    from chalicelib.devices.repository import DynamoDeviceLedger

    found: dict[str, Any] = {}
    for device in DynamoDeviceLedger().all_matching(community_id, DeviceFilter(), cap=1000):
        for tag in device.tags:
            if tag.startswith("seed:") and device.status != "retired":
                found[tag[5:]] = device
    return found


def _write_credentials(folder: Path, device_id: str, cert_pem: str, key_pem: str) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    cert, key = folder / f"{device_id}.pem", folder / f"{device_id}.key"
    fd = os.open(key, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key_pem)
    cert.write_text(cert_pem)
    return cert, key


def _certificate_on_disk_matches(cert: Path, key: Path, certificate_serial: str) -> bool:
    if not (cert.exists() and key.exists()):
        return False
    from chalicelib.devices.adapters import certificate_facts

    return certificate_facts(cert.read_text())[0] == certificate_serial


def seed_devices(community_id: str, buildings: list[str], workdir: Path | None = None) -> dict[str, Any]:
    """Register (once) and activate the demo devices; with `workdir`, give each a certificate for the simulator.

    Returns {"communityId", "certificatesDir", "devices": [{deviceId, deviceType, name, seedKey, building,
    cert, key}]}; `cert`/`key` are file paths (None without a workdir).
    """
    from chalicelib.devices import wiring
    from chalicelib.devices.model import ACTIVE, Device, Location, new_device_id
    from chalicelib.kernel.clock import utcnow

    ledger = wiring.device_ledger()
    certificates = wiring.certificate_service() if workdir is not None else None
    folder = Path(workdir) / "devices" if workdir is not None else None
    existing = _existing(community_id)
    seeded: list[dict[str, Any]] = []
    from chalicelib.registry import building_label

    labels = {b: building_label(community_id, b) or b for b in buildings}
    for index, item in enumerate(_plan(buildings, labels)):
        now = utcnow()
        device = existing.get(item["key"])
        if device is None:
            device = ledger.register(
                Device(
                    device_id=new_device_id(item["type"]),
                    community_id=community_id,
                    device_type=item["type"],
                    name=item["name"],
                    location=Location(**item["location"]),
                    serial_number=f"SIM-{community_id[:16]}-{index:03d}",
                    owner="Property management office",
                    user="Property management office",
                    maintainer="Demo maintenance Co.",
                    manufacturer="Simulated",
                    installed_on=now.date().isoformat(),
                    tags=(f"seed:{item['key']}",),
                    data_source="import",
                ),
                SEED_BY,
                now,
            )
        if device.status != ACTIVE:
            device = ledger.update(
                community_id,
                device.device_id,
                {},
                device.version,
                SEED_BY,
                now,
                status=ACTIVE,
                note="commissioned by the demo seed",
            )
        cert_path = key_path = None
        if certificates is not None and folder is not None:
            cert_path, key_path = folder / f"{device.device_id}.pem", folder / f"{device.device_id}.key"
            active = certificates.certificates.active(community_id, device.device_id)
            if active is None or not _certificate_on_disk_matches(cert_path, key_path, active.serial):
                issue = certificates.rotate if active is not None else certificates.issue
                issued = issue(community_id, device.device_id, SEED_BY, now)
                _write_credentials(folder, device.device_id, issued.certificate_pem, issued.private_key_pem)
        seeded.append(
            {
                "deviceId": device.device_id,
                "deviceType": device.device_type,
                "name": device.name,
                "seedKey": item["key"],
                "building": device.location.building,
                "cert": str(cert_path) if cert_path else None,
                "key": str(key_path) if key_path else None,
            }
        )
    return {"communityId": community_id, "certificatesDir": str(folder) if folder else None, "devices": seeded}
