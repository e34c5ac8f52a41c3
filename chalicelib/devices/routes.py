"""Staff routes of the device ledger (001 10.2.1) and device certificates. Every write leaves an audit record."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalice import Blueprint, Response

from chalicelib.audit import audited
from chalicelib.devices import wiring
from chalicelib.devices.contracts import (
    CertificateList,
    CertificateView,
    DeviceCreate,
    DeviceListQuery,
    DevicePage,
    DeviceUpdate,
    DeviceView,
    IssuedCertificateView,
    LifecycleView,
    RetireRequest,
    RevokeRequest,
)
from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.security.access import Access

if TYPE_CHECKING:
    from chalicelib.devices.contracts import DeviceLocation
    from chalicelib.devices.model import Device, Location
    from chalicelib.devices.provisioning import IssuedCertificate

bp = Blueprint(__name__)

BASE = "/v1/staff/communities/{community_id}/devices"
DEVICE = BASE + "/{device_id}"

# API field -> ledger field, for the fields a staff member may edit.
FIELDS = {
    "name": "name",
    "location": "location",
    "serialNumber": "serial_number",
    "owner": "owner",
    "user": "user",
    "maintainer": "maintainer",
    "manufacturer": "manufacturer",
    "model": "model",
    "firmware": "firmware",
    "installedOn": "installed_on",
    "lastMaintainedOn": "last_maintained_on",
    "nextMaintenanceOn": "next_maintenance_on",
    "tags": "tags",
}
REQUIRED = {"name", "location"}


def device_view(device: Device) -> DeviceView:
    from chalicelib.kernel.clock import iso

    return DeviceView(
        deviceId=device.device_id,
        communityId=device.community_id,
        deviceType=device.device_type,
        name=device.name,
        status=device.status,
        location=device.location.as_dict(),
        serialNumber=device.serial_number,
        owner=device.owner,
        user=device.user,
        maintainer=device.maintainer,
        manufacturer=device.manufacturer,
        model=device.model,
        firmware=device.firmware,
        installedOn=device.installed_on,
        lastMaintainedOn=device.last_maintained_on,
        nextMaintenanceOn=device.next_maintenance_on,
        certificateId=device.certificate_id,
        tags=list(device.tags),
        lifecycle=[LifecycleView(status=e.status, at=e.at, by=e.by, note=e.note) for e in device.lifecycle],
        ingestedAt=iso(device.ingested_at) if device.ingested_at else None,
        updatedAt=iso(device.updated_at) if device.updated_at else None,
        dataSource=device.data_source,
        version=device.version,
    )


def _location(model: DeviceLocation) -> Location:
    from chalicelib.devices.model import Location

    return Location(**model.model_dump(exclude_none=True))


@endpoint(
    bp,
    "POST",
    BASE,
    audience="staff",
    access=Access.community("device:write"),
    status=201,
    summary="Register a device in the asset ledger",
    request=DeviceCreate,
    response=DeviceView,
    errors=(400, 409),
)
def create_device(call: Call[DeviceCreate]) -> DeviceView:
    from chalicelib.devices.model import Device, new_device_id
    from chalicelib.kernel.clock import utcnow

    body = call.body
    community_id = call.path["community_id"]
    device = Device(
        device_id=new_device_id(body.deviceType),
        community_id=community_id,
        device_type=body.deviceType,
        name=body.name,
        location=_location(body.location),
        serial_number=body.serialNumber,
        owner=body.owner,
        user=body.user,
        maintainer=body.maintainer,
        manufacturer=body.manufacturer,
        model=body.model,
        firmware=body.firmware,
        installed_on=body.installedOn,
        last_maintained_on=body.lastMaintainedOn,
        next_maintenance_on=body.nextMaintenanceOn,
        tags=tuple(body.tags),
        data_source=body.dataSource,
    )
    with audited(
        call,
        "device.create",
        "device",
        device.device_id,
        {"deviceType": body.deviceType, "serialNumber": body.serialNumber},
    ):
        created = wiring.device_ledger().register(device, call.who.subject, utcnow())
    return device_view(created)


@endpoint(
    bp,
    "GET",
    BASE,
    audience="staff",
    access=Access.community("device:read"),
    query=DeviceListQuery,
    summary="List the community's devices (filter by type, status, building)",
    response=DevicePage,
)
def list_devices(call: Call[Any]) -> DevicePage:
    from chalicelib.devices.model import DeviceFilter

    q = call.query
    items, cursor = wiring.device_ledger().page(
        call.path["community_id"],
        DeviceFilter(device_type=q.type, status=q.status, building=q.building),
        q.limit,
        q.cursor,
    )
    return DevicePage(items=[device_view(d) for d in items], nextCursor=cursor)


@endpoint(
    bp,
    "GET",
    DEVICE,
    audience="staff",
    access=Access.community("device:read"),
    summary="One device's ledger entry",
    response=DeviceView,
    errors=(404,),
)
def get_device(call: Call[Any]) -> DeviceView:
    community_id, device_id = call.path["community_id"], call.path["device_id"]
    view = device_view(wiring.device_ledger().get(community_id, device_id))
    state = wiring.latest_device_state(community_id, device_id)
    view.state = state.as_dict() if state is not None else None
    return view


@endpoint(
    bp,
    "PATCH",
    DEVICE,
    audience="staff",
    access=Access.community("device:write"),
    request=DeviceUpdate,
    summary="Edit a ledger entry or move it through its lifecycle (optimistic locking on version)",
    response=DeviceView,
    errors=(400, 404, 409),
)
def update_device(call: Call[DeviceUpdate]) -> DeviceView:
    from chalicelib.kernel.clock import utcnow
    from chalicelib.kernel.errors import InvalidInput

    body = call.body
    given = body.model_fields_set
    changes: dict[str, Any] = {}
    for api_name, field_name in FIELDS.items():
        if api_name not in given:
            continue
        value = getattr(body, api_name)
        if value is None and api_name in REQUIRED:
            raise InvalidInput(
                f"{api_name} cannot be removed",
                code="VALIDATION_FAILED",
                details=[{"field": api_name, "code": "required", "message": "cannot be null"}],
            )
        if api_name == "location":
            value = _location(value)
        elif api_name == "tags":
            value = tuple(value or ())
        changes[field_name] = value
    device_id = call.path["device_id"]
    with audited(
        call,
        "device.update",
        "device",
        device_id,
        {"fields": sorted(a for a in given if a in FIELDS), "status": body.status},
    ):
        updated = wiring.device_ledger().update(
            call.path["community_id"],
            device_id,
            changes,
            body.version,
            call.who.subject,
            utcnow(),
            status=body.status,
            note=body.statusNote or "",
        )
    return device_view(updated)


@endpoint(
    bp,
    "POST",
    DEVICE + "/retire",
    audience="staff",
    access=Access.community("device:write"),
    request=RetireRequest,
    summary="Retire a device: final; its certificate is revoked",
    response=DeviceView,
    errors=(404, 409),
)
def retire_device(call: Call[RetireRequest]) -> DeviceView:
    from chalicelib.kernel.clock import utcnow

    community_id, device_id = call.path["community_id"], call.path["device_id"]
    with audited(call, "device.retire", "device", device_id, {"note": call.body.note}) as detail:
        now = utcnow()
        retired = wiring.device_ledger().retire(
            community_id, device_id, call.body.version, call.who.subject, now, note=call.body.note or ""
        )
        service = wiring.certificate_service()
        if service.certificates.active(community_id, device_id) is not None:
            revoked = service.revoke(community_id, device_id, call.who.subject, now, reason="device retired")
            detail["revokedCertificate"] = revoked.certificate_id
            retired = wiring.device_ledger().get(community_id, device_id)
    return device_view(retired)


# -- certificates --------------------------------------------------------------------------------------------


def _issued(device_id: str, issued: IssuedCertificate) -> Response:
    from chalicelib.kernel.clock import iso

    view = IssuedCertificateView(
        thingName=device_id,
        certificateId=issued.certificate_id,
        certificateArn=issued.certificate_arn,
        serial=issued.serial,
        notAfter=iso(issued.not_after) if issued.not_after else None,
        certificatePem=issued.certificate_pem,
        privateKeyPem=issued.private_key_pem,
    )
    # The private key is in this answer only: no cache anywhere may keep it.
    return Response(
        body=view.model_dump_json(),
        status_code=201,
        headers={"Content-Type": "application/json", "Cache-Control": "no-store"},
    )


@endpoint(
    bp,
    "GET",
    DEVICE + "/certificates",
    audience="staff",
    access=Access.community("device:read"),
    summary="The device's certificates, newest first (never a private key)",
    response=CertificateList,
    errors=(404,),
)
def list_certificates(call: Call[Any]) -> CertificateList:
    from chalicelib.devices.provisioning import certificate_view

    community_id, device_id = call.path["community_id"], call.path["device_id"]
    wiring.device_ledger().get(community_id, device_id)
    records = wiring.certificate_service().certificates.all(community_id, device_id)
    return CertificateList(items=[CertificateView(**certificate_view(r)) for r in records])


@endpoint(
    bp,
    "POST",
    DEVICE + "/certificate",
    audience="staff",
    access=Access.community("device:provision"),
    status=201,
    summary="Issue the device's X.509 certificate (the private key is returned once)",
    response=IssuedCertificateView,
    errors=(404, 409),
)
def issue_certificate(call: Call[Any]) -> Response:
    from chalicelib.kernel.clock import utcnow

    community_id, device_id = call.path["community_id"], call.path["device_id"]
    with audited(call, "device.certificate.issue", "device", device_id) as detail:
        issued = wiring.certificate_service().issue(community_id, device_id, call.who.subject, utcnow())
        detail["certificateId"] = issued.certificate_id
    return _issued(device_id, issued)


@endpoint(
    bp,
    "POST",
    DEVICE + "/certificate/rotate",
    audience="staff",
    access=Access.community("device:provision"),
    status=201,
    summary="Replace the device's certificate; the old one stops working",
    response=IssuedCertificateView,
    errors=(404, 409),
)
def rotate_certificate(call: Call[Any]) -> Response:
    from chalicelib.kernel.clock import utcnow

    community_id, device_id = call.path["community_id"], call.path["device_id"]
    with audited(call, "device.certificate.rotate", "device", device_id) as detail:
        issued = wiring.certificate_service().rotate(community_id, device_id, call.who.subject, utcnow())
        detail["certificateId"] = issued.certificate_id
    return _issued(device_id, issued)


@endpoint(
    bp,
    "POST",
    DEVICE + "/certificate/revoke",
    audience="staff",
    access=Access.community("device:provision"),
    request=RevokeRequest,
    summary="Revoke the device's certificate: it is disconnected and cannot reconnect",
    response=CertificateView,
    errors=(404, 409),
)
def revoke_certificate(call: Call[RevokeRequest]) -> CertificateView:
    from chalicelib.devices.provisioning import certificate_view
    from chalicelib.kernel.clock import utcnow

    community_id, device_id = call.path["community_id"], call.path["device_id"]
    with audited(call, "device.certificate.revoke", "device", device_id, {"reason": call.body.reason}) as detail:
        revoked = wiring.certificate_service().revoke(
            community_id, device_id, call.who.subject, utcnow(), reason=call.body.reason
        )
        detail["certificateId"] = revoked.certificate_id
    return CertificateView(**certificate_view(revoked))
