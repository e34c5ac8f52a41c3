"""Provisioning and command rules without AWS: the pre-provisioning decision, one active certificate per device,
rotation and revocation order, fan-out targets, and what a command means for a device's shadow."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from chalicelib.devices import model as d
from chalicelib.devices import provisioning as p
from chalicelib.devices.commands import desired_state, permission_for, reachable
from chalicelib.kernel.errors import Conflict
from chalicelib.kernel.security.permissions import has_permission

NOW = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)


def device(status: str = d.ACTIVE, serial: str | None = "SN-1", **changes: object) -> d.Device:
    base = d.Device(
        device_id=d.new_device_id("gas_detector"),
        community_id="c1",
        device_type="gas_detector",
        name="Kitchen gas",
        location=d.Location(building="B1", floor=3, room="301"),
        status=status,
        serial_number=serial,
        version=1,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_hook_allows_a_registered_serial_and_names_the_thing_after_the_ledger() -> None:
    registered = device(status=d.REGISTERED)
    answer = p.preprovisioning_decision([registered], "SN-1")
    assert answer == {
        "allowProvisioning": True,
        "parameterOverrides": {"DeviceId": registered.device_id, "CommunityId": "c1", "DeviceType": "gas_detector"},
    }


@pytest.mark.parametrize(
    "candidates", [[], [device(status=d.RETIRED)], [device(status=d.DISABLED)], [device(serial="SN-2")]]
)
def test_hook_refuses_unknown_retired_and_disabled_serials(candidates: list[d.Device]) -> None:
    assert p.preprovisioning_decision(candidates, "SN-1") == {"allowProvisioning": False}


def test_hook_ignores_a_retired_predecessor_with_the_same_serial() -> None:
    live = device()
    assert (
        p.preprovisioning_decision([device(status=d.RETIRED), live], "SN-1")["parameterOverrides"]["DeviceId"]
        == live.device_id
    )


class FakeRegistry:
    def __init__(self) -> None:
        self.calls: list[tuple[str, ...]] = []
        self.count = 0

    def ensure_thing(self, thing_name: str, attributes: dict[str, str]) -> None:
        self.calls.append(("thing", thing_name))

    def issue_certificate(self, thing_name: str) -> p.IssuedCertificate:
        self.count += 1
        self.calls.append(("issue", thing_name))
        return p.IssuedCertificate(f"cert{self.count}", f"arn:cert{self.count}", "PEM", "KEY", f"{self.count:x}")

    def deactivate(self, thing_name: str, certificate_id: str, revoke: bool) -> None:
        self.calls.append(("revoke" if revoke else "deactivate", certificate_id))

    def delete_certificate(self, certificate_id: str) -> None:
        self.calls.append(("delete", certificate_id))


class MemoryCerts:
    def __init__(self) -> None:
        self.items: dict[str, p.CertificateRecord] = {}

    def add(self, record: p.CertificateRecord) -> None:
        self.items[record.certificate_id] = record

    def active(self, community_id: str, device_id: str) -> p.CertificateRecord | None:
        return next((c for c in self.items.values() if c.device_id == device_id and c.status == p.CERT_ACTIVE), None)

    def update(self, record: p.CertificateRecord) -> None:
        self.items[record.certificate_id] = record


@pytest.fixture
def service() -> p.CertificateService:
    from tests.devices.unit.test_devices_ledger import MemoryLedger

    ledger = MemoryLedger()
    ledger.add(device())
    return p.CertificateService(devices=ledger, certificates=MemoryCerts(), registry=FakeRegistry())


def _get(service: p.CertificateService, device_id: str) -> d.Device:
    found = service.devices.get("c1", device_id)
    assert found is not None
    return found


def _device_id(service: p.CertificateService) -> str:
    return next(iter(service.devices.items.values())).device_id  # type: ignore[attr-defined]


def test_issue_once_then_rotate_then_revoke(service: p.CertificateService) -> None:
    device_id = _device_id(service)
    issued = service.issue("c1", device_id, "u1", NOW)
    assert (issued.certificate_id, issued.private_key_pem) == ("cert1", "KEY")
    assert _get(service, device_id).certificate_id == "cert1"
    with pytest.raises(Conflict) as err:
        service.issue("c1", device_id, "u1", NOW)
    assert err.value.code == "CERTIFICATE_EXISTS"

    rotated = service.rotate("c1", device_id, "u1", NOW)
    registry = service.registry
    assert rotated.certificate_id == "cert2"
    # The new certificate exists before the old one stops working: a rotation never leaves the device with none.
    assert registry.calls[-3:] == [("issue", device_id), ("deactivate", "cert1"), ("delete", "cert1")]  # type: ignore[attr-defined]
    assert service.certificates.items["cert1"].status == p.CERT_INACTIVE  # type: ignore[attr-defined]

    revoked = service.revoke("c1", device_id, "u2", NOW, reason="stolen")
    assert (revoked.status, revoked.reason, revoked.changed_by) == (p.CERT_REVOKED, "stolen", "u2")
    assert _get(service, device_id).certificate_id is None
    with pytest.raises(Conflict):
        service.revoke("c1", device_id, "u2", NOW, reason="again")


def test_no_credentials_for_a_retired_device(service: p.CertificateService) -> None:
    device_id = _device_id(service)
    current = _get(service, device_id)
    service.devices.save(replace(current, status=d.RETIRED), current)
    with pytest.raises(Conflict) as err:
        service.issue("c1", device_id, "u1", NOW)
    assert err.value.code == "DEVICE_NOT_PROVISIONABLE"


def test_desired_state_only_for_state_setting_commands() -> None:
    assert desired_state("set_mode", {"mode": "fire_release"}) == {"mode": "fire_release"}
    assert desired_state("close_valve", {"reason": "gas_leak"}) == {"valve": "closed"}
    assert desired_state("open_door", {"durationS": 5}) is None
    assert desired_state("reboot", {}) is None


def test_guards_may_open_doors_and_gates_only() -> None:
    guard, tech = frozenset({"staff.guard"}), frozenset({"staff.technician"})
    assert has_permission(guard, permission_for("open_door"))
    assert has_permission(guard, permission_for("open_gate"))
    assert not has_permission(guard, permission_for("close_valve"))
    assert not has_permission(guard, permission_for("set_mode"))
    assert has_permission(tech, permission_for("close_valve"))


def test_fan_out_skips_devices_that_cannot_take_the_command() -> None:
    doors = [device(device_type="door_controller", serial=None) for _ in range(2)]
    off = device(device_type="door_controller", serial=None, status=d.RETIRED)
    smoke = device(device_type="smoke_detector", serial=None)
    targets, skipped = reachable([*doors, off, smoke], "set_mode", lambda t, n: t == "door_controller")
    assert targets == doors
    assert skipped == [
        {"deviceId": off.device_id, "reason": "status_retired"},
        {"deviceId": smoke.device_id, "reason": "command_not_supported"},
    ]
