"""Device ledger (001 10.2.1) and device state in the devices table.

Ledger item: pk `C#{c}#DEV#{d}`, sk `DEVICE`; listed per community on gsi1 (`C#{c}#DEVICES`,
`{type}#{building or -}#{d}`, so "the door controllers of building B" is one key condition); found by serial number
on gsi2 (`SERIAL#{serial}`, `DEVICE`) for the fleet-provisioning hook.
Serial claim: pk `SERIAL#{serial}`, sk `CLAIM`: one item per serial held by a live device, written in the same
transaction as the device, so two live devices can never share a serial number (the only key not scoped by
community: serial numbers are global, and the hook looks them up without knowing the community).
Certificates: pk `C#{c}#DEV#{d}`, sk `CERT#{certificateId}`: id, ARN, serial, status, validity; never a key.
State item: pk `C#{c}#DEV#{d}`, sk `STATE`: presence and last seen; see chalicelib/devices/repository_presence.py.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from pynamodb.attributes import (
    JSONAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
    VersionAttribute,
)
from pynamodb.exceptions import PutError, TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib.devices.commands import DeviceRef
from chalicelib.devices.model import RETIRED, Device, DeviceFilter, LifecycleEntry, Location
from chalicelib.devices.provisioning import CERT_ACTIVE, CertificateRecord
from chalicelib.kernel.dynamo import condition_failed, transaction_connection
from chalicelib.kernel.errors import Conflict
from chalicelib.kernel.pagination import decode_cursor, encode_cursor
from chalicelib.kernel.tables import DeviceTable


def device_pk(community_id: str, device_id: str) -> str:
    return f"C#{community_id}#DEV#{device_id}"


def devices_pk(community_id: str) -> str:
    return f"C#{community_id}#DEVICES"


def list_sk(device_type: str, building: str | None, device_id: str) -> str:
    return f"{device_type}#{building or '-'}#{device_id}"


def serial_pk(serial: str) -> str:
    return f"SERIAL#{serial}"


class DeviceRecord(DeviceTable):
    device_id = UnicodeAttribute()
    community_id = UnicodeAttribute()
    device_type = UnicodeAttribute()
    name = UnicodeAttribute()
    serial_number = UnicodeAttribute(null=True)
    status = UnicodeAttribute(default="registered")  # registered|active|maintenance|disabled|retired
    location = JSONAttribute(default=dict)  # building/unit/floor/room or lat/lng + description
    building = UnicodeAttribute(null=True)  # copy of location.building, so queries can filter on it
    owner = UnicodeAttribute(null=True)
    user = UnicodeAttribute(null=True)
    maintainer = UnicodeAttribute(null=True)
    manufacturer = UnicodeAttribute(null=True)
    model = UnicodeAttribute(null=True)
    firmware = UnicodeAttribute(null=True)
    installed_on = UnicodeAttribute(null=True)  # ISO date
    last_maintained_on = UnicodeAttribute(null=True)
    next_maintenance_on = UnicodeAttribute(null=True)
    certificate_id = UnicodeAttribute(null=True)
    tags = JSONAttribute(default=list)
    lifecycle = JSONAttribute(default=list)  # [{status, at, by, note}]: the whole life cycle (10.2.1 c)
    ingested_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute(null=True)
    data_source = UnicodeAttribute(default="manual")
    created_by = UnicodeAttribute(null=True)
    version = VersionAttribute()


class DynamoDeviceDirectory:
    """The command service's view of the ledger."""

    def find(self, community_id: str, device_id: str) -> DeviceRef | None:
        try:
            record = DeviceRecord.get(device_pk(community_id, device_id), "DEVICE")
        except DeviceRecord.DoesNotExist:
            return None
        return DeviceRef(record.community_id, record.device_id, record.device_type, record.status)


class SerialClaimRecord(DeviceTable):
    """Uniqueness marker: this serial number belongs to one live device."""

    community_id = UnicodeAttribute()
    device_id = UnicodeAttribute()


class DeviceCertificateRecord(DeviceTable):
    community_id = UnicodeAttribute()
    device_id = UnicodeAttribute()
    certificate_id = UnicodeAttribute()
    certificate_arn = UnicodeAttribute()
    serial = UnicodeAttribute()
    status = UnicodeAttribute()
    issued_at = UTCDateTimeAttribute()
    issued_by = UnicodeAttribute()
    not_after = UTCDateTimeAttribute(null=True)
    changed_at = UTCDateTimeAttribute(null=True)
    changed_by = UnicodeAttribute(null=True)
    reason = UnicodeAttribute(null=True)


def to_record(d: Device) -> DeviceRecord:
    record = DeviceRecord(
        pk=device_pk(d.community_id, d.device_id),
        sk="DEVICE",
        gsi1pk=devices_pk(d.community_id),
        gsi1sk=list_sk(d.device_type, d.building, d.device_id),
        gsi2pk=serial_pk(d.serial_number) if d.serial_number else None,
        gsi2sk="DEVICE" if d.serial_number else None,
        device_id=d.device_id,
        community_id=d.community_id,
        device_type=d.device_type,
        name=d.name,
        serial_number=d.serial_number,
        status=d.status,
        location=d.location.as_dict(),
        building=d.building,
        owner=d.owner,
        user=d.user,
        maintainer=d.maintainer,
        manufacturer=d.manufacturer,
        model=d.model,
        firmware=d.firmware,
        installed_on=d.installed_on,
        last_maintained_on=d.last_maintained_on,
        next_maintenance_on=d.next_maintenance_on,
        certificate_id=d.certificate_id,
        tags=list(d.tags),
        lifecycle=[e.__dict__ for e in d.lifecycle],
        ingested_at=d.ingested_at,
        updated_at=d.updated_at,
        data_source=d.data_source,
        created_by=d.created_by,
    )
    if d.version is not None:
        record.version = d.version
    return record


def from_record(r: DeviceRecord) -> Device:
    return Device(
        device_id=r.device_id,
        community_id=r.community_id,
        device_type=r.device_type,
        name=r.name,
        location=Location.from_dict(r.location),
        status=r.status,
        serial_number=r.serial_number,
        owner=r.owner,
        user=r.user,
        maintainer=r.maintainer,
        manufacturer=r.manufacturer,
        model=r.model,
        firmware=r.firmware,
        installed_on=r.installed_on,
        last_maintained_on=r.last_maintained_on,
        next_maintenance_on=r.next_maintenance_on,
        certificate_id=r.certificate_id,
        tags=tuple(r.tags or ()),
        lifecycle=tuple(LifecycleEntry(**e) for e in (r.lifecycle or [])),
        ingested_at=r.ingested_at,
        updated_at=r.updated_at,
        data_source=r.data_source or "manual",
        created_by=r.created_by,
        version=int(r.version) if r.version is not None else None,
    )


def _claim(serial: str, d: Device) -> SerialClaimRecord:
    return SerialClaimRecord(serial_pk(serial), "CLAIM", community_id=d.community_id, device_id=d.device_id)


def _cancelled(exc: TransactWriteError) -> list[str | None]:
    return [getattr(r, "code", None) if r else None for r in (exc.cancellation_reasons or [])]


class DynamoDeviceLedger:
    """`model.DeviceRepository` on DynamoDB: a device and its serial claim change in one transaction."""

    def add(self, device: Device) -> Device:
        record = to_record(replace(device, version=None))
        try:
            with TransactWrite(connection=transaction_connection(DeviceRecord)) as tx:
                if device.serial_number:
                    tx.save(_claim(device.serial_number, device), condition=SerialClaimRecord.pk.does_not_exist())
                tx.save(record, condition=DeviceRecord.pk.does_not_exist())
        except TransactWriteError as exc:
            codes = _cancelled(exc)
            if device.serial_number and codes and codes[0] == "ConditionalCheckFailed":
                raise self._serial_taken(device.serial_number) from exc
            if "ConditionalCheckFailed" in codes:
                raise Conflict(f"device {device.device_id} exists", code="DEVICE_EXISTS") from exc
            raise
        stored = self.get(device.community_id, device.device_id)
        assert stored is not None
        return stored

    @staticmethod
    def _serial_taken(serial: str) -> Conflict:
        return Conflict(
            f"serial number {serial} is registered to another device",
            code="SERIAL_IN_USE",
            details=[{"field": "serialNumber", "code": "taken", "message": "already registered"}],
        )

    def get(self, community_id: str, device_id: str, consistent: bool = False) -> Device | None:
        try:
            record = DeviceRecord.get(device_pk(community_id, device_id), "DEVICE", consistent_read=consistent)
        except DeviceRecord.DoesNotExist:
            return None
        return from_record(record)

    def get_many(self, community_id: str, device_ids: list[str]) -> dict[str, Device]:
        """The devices of the ledger among `device_ids`, by id (BatchGetItem, up to 100 keys a request)."""
        keys = [(device_pk(community_id, d), "DEVICE") for d in dict.fromkeys(device_ids)]
        return {record.device_id: from_record(record) for record in DeviceRecord.batch_get(keys)}

    def save(self, device: Device, previous: Device) -> Device:
        """Optimistic locking on `version`; the serial claim moves with the serial (released on retirement)."""
        record = to_record(replace(device, version=previous.version))
        old_claim = previous.serial_number if previous.status != RETIRED else None
        new_claim = device.serial_number if device.status != RETIRED else None
        try:
            with TransactWrite(connection=transaction_connection(DeviceRecord)) as tx:
                if new_claim and new_claim != old_claim:
                    tx.save(_claim(new_claim, device), condition=SerialClaimRecord.pk.does_not_exist())
                if old_claim and old_claim != new_claim:
                    tx.delete(_claim(old_claim, previous), condition=SerialClaimRecord.device_id == previous.device_id)
                tx.save(record)  # VersionAttribute adds `version = previous.version` to the condition
        except TransactWriteError as exc:
            codes = _cancelled(exc)
            if new_claim and new_claim != old_claim and codes and codes[0] == "ConditionalCheckFailed":
                raise self._serial_taken(new_claim) from exc
            if "ConditionalCheckFailed" in codes:
                raise Conflict("the device was changed by someone else; reload it", code="STALE_VERSION") from exc
            raise
        stored = self.get(device.community_id, device.device_id)
        assert stored is not None
        return stored

    def page(
        self, community_id: str, flt: DeviceFilter, limit: int, cursor: str | None
    ) -> tuple[list[Device], str | None]:
        range_condition = None
        if flt.device_type and flt.building:
            range_condition = DeviceRecord.gsi1sk.startswith(f"{flt.device_type}#{flt.building}#")
        elif flt.device_type:
            range_condition = DeviceRecord.gsi1sk.startswith(f"{flt.device_type}#")
        filters: Any = None
        if flt.status:
            filters = DeviceRecord.status == flt.status
        if flt.building and not flt.device_type:
            by_building = DeviceRecord.building == flt.building
            filters = by_building if filters is None else filters & by_building
        results = DeviceRecord.gsi1.query(
            devices_pk(community_id),
            range_condition,
            filter_condition=filters,
            limit=limit,
            last_evaluated_key=decode_cursor(cursor),
        )
        items = [from_record(r) for r in results]
        return items, encode_cursor(results.last_evaluated_key)

    def all_matching(self, community_id: str, flt: DeviceFilter, cap: int = 500) -> list[Device]:
        """Every device matching `flt` (fan-out commands), at most `cap`: pages through the index."""
        found: list[Device] = []
        cursor: str | None = None
        while len(found) < cap:
            page, cursor = self.page(community_id, flt, min(100, cap - len(found)), cursor)
            found.extend(page)
            if cursor is None:
                break
        return found

    def by_serial(self, serial_number: str) -> list[Device]:
        return [
            from_record(r)
            for r in DeviceRecord.gsi2.query(serial_pk(serial_number), DeviceRecord.gsi2sk == "DEVICE", limit=10)
        ]


def _cert_record(c: CertificateRecord) -> DeviceCertificateRecord:
    return DeviceCertificateRecord(
        device_pk(c.community_id, c.device_id),
        f"CERT#{c.certificate_id}",
        community_id=c.community_id,
        device_id=c.device_id,
        certificate_id=c.certificate_id,
        certificate_arn=c.certificate_arn,
        serial=c.serial,
        status=c.status,
        issued_at=c.issued_at,
        issued_by=c.issued_by,
        not_after=c.not_after,
        changed_at=c.changed_at,
        changed_by=c.changed_by,
        reason=c.reason,
    )


def _cert(r: DeviceCertificateRecord) -> CertificateRecord:
    return CertificateRecord(
        community_id=r.community_id,
        device_id=r.device_id,
        certificate_id=r.certificate_id,
        certificate_arn=r.certificate_arn,
        serial=r.serial,
        status=r.status,
        issued_at=r.issued_at,
        issued_by=r.issued_by,
        not_after=r.not_after,
        changed_at=r.changed_at,
        changed_by=r.changed_by,
        reason=r.reason,
    )


class DynamoCertificateStore:
    def add(self, record: CertificateRecord) -> None:
        try:
            _cert_record(record).save(condition=DeviceCertificateRecord.pk.does_not_exist())
        except PutError as exc:
            if condition_failed(exc):
                raise Conflict(f"certificate {record.certificate_id} exists", code="CERTIFICATE_EXISTS") from exc
            raise

    def all(self, community_id: str, device_id: str) -> list[CertificateRecord]:
        query = DeviceCertificateRecord.query(
            device_pk(community_id, device_id), DeviceCertificateRecord.sk.startswith("CERT#")
        )
        return sorted((_cert(r) for r in query), key=lambda c: c.issued_at, reverse=True)

    def active(self, community_id: str, device_id: str) -> CertificateRecord | None:
        return next((c for c in self.all(community_id, device_id) if c.status == CERT_ACTIVE), None)

    def update(self, record: CertificateRecord) -> None:
        _cert_record(record).save(condition=DeviceCertificateRecord.pk.exists())
