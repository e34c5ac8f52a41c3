"""The care demo: an elderly resident living alone (孙桂兰, 1栋1单元301) with a wearable and a gas detector of her
house (each with its certificate, so the simulator can raise a fall or a leak), registered in the care register
with her consent, guarded first by the demo resident (a neighbour, over WeChat) and then by the demo manager (app
push). Idempotent: the house, person, devices and registration are found on a second run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from infra.localcloud.seed_registry import ACTOR, COMMUNITY, _building, _house, _once, _person, _service, fake_id_card

NAME, BIRTH, PHONE = "孙桂兰", "19420315", "13800000009"
DEVICES = (("care-wearable", "wearable", "孙桂兰的手环"), ("care-gas", "gas_detector", "孙桂兰家燃气探测器"))


def seed_care(workdir: Path | None, guardians: list[dict[str, Any]]) -> dict[str, Any]:
    from chalicelib.care import care_service
    from chalicelib.care.model import Consent, Guardian
    from chalicelib.care.service import Registration
    from chalicelib.kernel.clock import utcnow
    from chalicelib.kernel.errors import Conflict

    svc = _service()
    building = _building(COMMUNITY, "1", None)
    house = _house(COMMUNITY, building, (1, 3, 1))
    person = _person(COMMUNITY, NAME, "female", fake_id_card(BIRTH, 91), PHONE, "permanent", ["elderly"])
    if svc.repo.residency(COMMUNITY, house.id, person.id) is None:
        _once(svc.add_resident, COMMUNITY, house.id, person.id, "owner", None, None, "manual", ACTOR)
    devices = [_device(key, device_type, name, house.id, building.id, workdir) for key, device_type, name in DEVICES]
    service = care_service()
    profile = service.store.profile(COMMUNITY, person.id)
    if profile is None:
        try:
            profile = service.register(
                COMMUNITY,
                Registration(
                    person_id=person.id,
                    house_id=house.id,
                    categories=("living_alone", "elderly"),
                    care_level="attention",
                    consent=Consent(NAME, utcnow(), ("register", "health_data", "wearable", "home_devices")),
                    guardians=tuple(
                        Guardian(g["account_id"], g["kind"], g["name"], g["relation"], i + 1)
                        for i, g in enumerate(guardians)
                    ),
                    wearables=(devices[0]["deviceId"],),
                    health={"conditions": ["高血压"], "medications": [], "notes": "独居，子女在外地"},
                ),
                ACTOR,
            )
        except Conflict:
            profile = service.store.profile(COMMUNITY, person.id)
    return {
        "communityId": COMMUNITY,
        "houseId": house.id,
        "personId": person.id,
        "careId": profile.care_id if profile else None,
        "name": NAME,
        "guardians": guardians,
        "devices": devices,
    }


def _device(
    key: str, device_type: str, name: str, house_id: str, building: str, workdir: Path | None
) -> dict[str, Any]:
    """A home device of the house (its usage right names the house), active, with a certificate on disk."""
    from chalicelib.devices import wiring
    from chalicelib.devices.model import ACTIVE, Device, Location, new_device_id
    from chalicelib.kernel.clock import utcnow
    from infra.localcloud.seed_devices import SEED_BY, _certificate_on_disk_matches, _existing, _write_credentials

    ledger, now = wiring.device_ledger(), utcnow()
    device = _existing(COMMUNITY).get(key)
    if device is None:
        device = ledger.register(
            Device(
                device_id=new_device_id(device_type),
                community_id=COMMUNITY,
                device_type=device_type,
                name=name,
                location=Location(building=building, unit="1", floor=3),
                serial_number=f"SIM-CARE-{key}",
                owner=NAME,
                user=house_id,
                maintainer="Demo maintenance Co.",
                manufacturer="Simulated",
                installed_on=now.date().isoformat(),
                tags=(f"seed:{key}",),
                data_source="import",
            ),
            SEED_BY,
            now,
        )
    if device.status != ACTIVE:
        device = ledger.update(
            COMMUNITY, device.device_id, {}, device.version, SEED_BY, now, status=ACTIVE, note="demo seed"
        )
    cert_path = key_path = None
    if workdir is not None:
        certificates = wiring.certificate_service()
        folder = Path(workdir) / "devices"
        cert_path, key_path = folder / f"{device.device_id}.pem", folder / f"{device.device_id}.key"
        active = certificates.certificates.active(COMMUNITY, device.device_id)
        if active is None or not _certificate_on_disk_matches(cert_path, key_path, active.serial):
            issue = certificates.rotate if active is not None else certificates.issue
            issued = issue(COMMUNITY, device.device_id, SEED_BY, now)
            _write_credentials(folder, device.device_id, issued.certificate_pem, issued.private_key_pem)
    return {
        "deviceId": device.device_id,
        "deviceType": device.device_type,
        "name": device.name,
        "seedKey": key,
        "building": building,
        "cert": str(cert_path) if cert_path else None,
        "key": str(key_path) if key_path else None,
    }
