"""Device credentials: one X.509 certificate per device, bound to its thing and the least-privilege device policy.

- `issue`: the device's first certificate (or a new one after a revocation). A device holds at most one active
  certificate; a second issue is refused (rotate instead), so a leaked API call cannot silently mint spares.
- `rotate`: a new certificate, then the old one deactivated, detached and deleted.
- `revoke`: the active certificate is REVOKED (it can never be reactivated) and detached; the device is locked out.
- Fleet provisioning's pre-provisioning hook: only serial numbers registered in the ledger, on a device that may
  hold credentials, get a certificate; the hook names the thing after the ledger's unified id.

The private key leaves the service exactly once, in the issue/rotate answer; only the certificate id, ARN, serial
and validity are kept.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Protocol

from chalicelib.devices.model import PROVISIONABLE, Device, DeviceRepository
from chalicelib.kernel.clock import iso
from chalicelib.kernel.errors import Conflict, NotFound

CERT_ACTIVE, CERT_INACTIVE, CERT_REVOKED = "ACTIVE", "INACTIVE", "REVOKED"


@dataclass(frozen=True)
class IssuedCertificate:
    certificate_id: str
    certificate_arn: str
    certificate_pem: str
    private_key_pem: str
    serial: str  # hex X.509 serial
    not_after: datetime | None = None


@dataclass(frozen=True)
class CertificateRecord:
    """What the ledger keeps about a certificate (never the private key)."""

    community_id: str
    device_id: str
    certificate_id: str
    certificate_arn: str
    serial: str
    status: str
    issued_at: datetime
    issued_by: str
    not_after: datetime | None = None
    changed_at: datetime | None = None
    changed_by: str | None = None
    reason: str | None = None


class IotRegistry(Protocol):
    """The IoT registry: things, certificates and policy attachments (AWS IoT, or moto + the local CA)."""

    def ensure_thing(self, thing_name: str, attributes: dict[str, str]) -> None: ...

    def issue_certificate(self, thing_name: str) -> IssuedCertificate:
        """Create an ACTIVE certificate, attach the device policy and the thing."""
        ...

    def deactivate(self, thing_name: str, certificate_id: str, revoke: bool) -> None:
        """Set INACTIVE (or REVOKED), detach from thing and policy; the device is disconnected."""
        ...

    def delete_certificate(self, certificate_id: str) -> None: ...


class CertificateStore(Protocol):
    def add(self, record: CertificateRecord) -> None: ...

    def active(self, community_id: str, device_id: str) -> CertificateRecord | None: ...

    def update(self, record: CertificateRecord) -> None: ...

    def all(self, community_id: str, device_id: str) -> list[CertificateRecord]: ...


def preprovisioning_decision(candidates: list[Device], serial: str) -> dict[str, Any]:
    """The fleet-provisioning hook's answer for a serial number, from the ledger entries that carry it.

    Unknown serials and devices that may not hold credentials (retired, disabled) are refused; the thing is named
    after the unified id so the device's topics and policy variables match the ledger.
    """
    live = [d for d in candidates if d.serial_number == serial and d.status in PROVISIONABLE]
    if len(live) != 1:
        return {"allowProvisioning": False}
    device = live[0]
    return {
        "allowProvisioning": True,
        "parameterOverrides": {
            "DeviceId": device.device_id,
            "CommunityId": device.community_id,
            "DeviceType": device.device_type,
        },
    }


@dataclass
class CertificateService:
    devices: DeviceRepository
    certificates: CertificateStore
    registry: IotRegistry

    def _device(self, community_id: str, device_id: str) -> Device:
        device = self.devices.get(community_id, device_id)
        if device is None:
            raise NotFound(f"device {device_id} not found", code="DEVICE_NOT_FOUND")
        if device.status not in PROVISIONABLE:
            raise Conflict(f"a {device.status} device cannot hold credentials", code="DEVICE_NOT_PROVISIONABLE")
        return device

    def _issue(self, device: Device, by: str, now: datetime) -> tuple[IssuedCertificate, CertificateRecord]:
        self.registry.ensure_thing(
            device.thing_name, {"community": device.community_id, "deviceType": device.device_type}
        )
        issued = self.registry.issue_certificate(device.thing_name)
        record = CertificateRecord(
            community_id=device.community_id,
            device_id=device.device_id,
            certificate_id=issued.certificate_id,
            certificate_arn=issued.certificate_arn,
            serial=issued.serial,
            status=CERT_ACTIVE,
            issued_at=now,
            issued_by=by,
            not_after=issued.not_after,
        )
        self.certificates.add(record)
        self.devices.save(replace(device, certificate_id=issued.certificate_id, updated_at=now), device)
        return issued, record

    def issue(self, community_id: str, device_id: str, by: str, now: datetime) -> IssuedCertificate:
        device = self._device(community_id, device_id)
        if self.certificates.active(community_id, device_id) is not None:
            raise Conflict(
                "the device already has an active certificate; rotate or revoke it", code="CERTIFICATE_EXISTS"
            )
        issued, _ = self._issue(device, by, now)
        return issued

    def rotate(self, community_id: str, device_id: str, by: str, now: datetime) -> IssuedCertificate:
        device = self._device(community_id, device_id)
        old = self.certificates.active(community_id, device_id)
        if old is None:
            raise Conflict("the device has no active certificate to rotate; issue one", code="NO_ACTIVE_CERTIFICATE")
        issued, _ = self._issue(device, by, now)
        self.registry.deactivate(device.thing_name, old.certificate_id, revoke=False)
        self.certificates.update(replace(old, status=CERT_INACTIVE, changed_at=now, changed_by=by, reason="rotated"))
        self.registry.delete_certificate(old.certificate_id)
        return issued

    def revoke(self, community_id: str, device_id: str, by: str, now: datetime, reason: str) -> CertificateRecord:
        device = self.devices.get(community_id, device_id)
        if device is None:
            raise NotFound(f"device {device_id} not found", code="DEVICE_NOT_FOUND")
        current = self.certificates.active(community_id, device_id)
        if current is None:
            raise Conflict("the device has no active certificate", code="NO_ACTIVE_CERTIFICATE")
        self.registry.deactivate(device.thing_name, current.certificate_id, revoke=True)
        revoked = replace(current, status=CERT_REVOKED, changed_at=now, changed_by=by, reason=reason)
        self.certificates.update(revoked)
        fresh = self.devices.get(community_id, device_id) or device
        self.devices.save(replace(fresh, certificate_id=None, updated_at=now), fresh)
        return revoked


def certificate_view(record: CertificateRecord) -> dict[str, Any]:
    return {
        "certificateId": record.certificate_id,
        "certificateArn": record.certificate_arn,
        "serial": record.serial,
        "status": record.status,
        "issuedAt": iso(record.issued_at),
        "issuedBy": record.issued_by,
        "notAfter": iso(record.not_after) if record.not_after else None,
        "changedAt": iso(record.changed_at) if record.changed_at else None,
        "reason": record.reason,
    }
