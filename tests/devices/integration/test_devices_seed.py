"""The demo device seed: every simulated type, active, certificates on disk; a second run changes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from infra.localcloud.seed_devices import seed_devices
from iot.simulator.payloads import simulated_types


def test_seed_is_complete_and_idempotent(client: Any, tmp_path: Path) -> None:
    from tests.support.registry import make_building, new_community

    community = new_community(client)
    buildings = [make_building(client, community, number) for number in ("1", "2")]
    b1, b2 = buildings
    first = seed_devices(community, buildings, workdir=tmp_path)
    devices = first["devices"]
    assert {d["deviceType"] for d in devices} == set(simulated_types())
    doors = [d for d in devices if d["deviceType"] == "door_controller"]
    assert sorted(d["building"] for d in doors) == sorted([b1, b1, b2, b2])
    for d in devices:
        assert Path(d["cert"]).read_text().startswith("-----BEGIN CERTIFICATE-----")
        assert Path(d["key"]).stat().st_mode & 0o777 == 0o600

    from chalicelib.devices import wiring

    ledger = wiring.device_ledger()
    assert {ledger.get(community, d["deviceId"]).status for d in devices} == {"active"}

    certs_before = {d["deviceId"]: Path(d["cert"]).read_text() for d in devices}
    second = seed_devices(community, buildings, workdir=tmp_path)
    assert [d["deviceId"] for d in second["devices"]] == [d["deviceId"] for d in devices]
    assert {d["deviceId"]: Path(d["cert"]).read_text() for d in second["devices"]} == certs_before

    # A lost key file gets the device a new certificate (the old one is rotated out), nothing else changes.
    lost = devices[0]
    Path(lost["key"]).unlink()
    third = seed_devices(community, buildings, workdir=tmp_path)
    assert Path(third["devices"][0]["cert"]).read_text() != certs_before[lost["deviceId"]]
    active = wiring.certificate_service().certificates.all(community, lost["deviceId"])
    assert [c.status for c in active] == ["ACTIVE", "INACTIVE"]
