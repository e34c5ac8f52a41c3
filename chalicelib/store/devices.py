"""Device ledger (001 10.2.1) and device state in the devices table.

Ledger item: pk `C#{c}#DEV#{d}`, sk `DEVICE`; listed per community on gsi1 (`C#{c}#DEVICES`, `{type}#{d}`);
found by serial number on gsi2 (`SERIAL#{serial}`, `DEVICE`) for the fleet-provisioning hook.
State item: pk `C#{c}#DEV#{d}`, sk `STATE`: presence, last seen, last event (written sparsely by ingestion).
"""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    JSONAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
    VersionAttribute,
)

from chalicelib.domain.commands import DeviceRef
from chalicelib.store.tables import DeviceTable


def device_pk(community_id: str, device_id: str) -> str:
    return f"C#{community_id}#DEV#{device_id}"


class DeviceRecord(DeviceTable):
    device_id = UnicodeAttribute()
    community_id = UnicodeAttribute()
    device_type = UnicodeAttribute()
    name = UnicodeAttribute()
    serial_number = UnicodeAttribute(null=True)
    status = UnicodeAttribute(default="registered")  # registered|active|maintenance|disabled|retired
    location = JSONAttribute(default=dict)  # building/unit/floor/room or lat/lng + description
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
    ingested_at = UTCDateTimeAttribute()
    data_source = UnicodeAttribute(default="manual")
    created_by = UnicodeAttribute(null=True)
    version = VersionAttribute()


class DeviceStateRecord(DeviceTable):
    device_id = UnicodeAttribute()
    community_id = UnicodeAttribute()
    device_type = UnicodeAttribute()
    online = BooleanAttribute(default=False)
    last_seen = UTCDateTimeAttribute(null=True)
    last_event = JSONAttribute(null=True)
    last_metrics = JSONAttribute(null=True)
    offline_since = UTCDateTimeAttribute(null=True)
    messages = NumberAttribute(default=0)


class DynamoDeviceDirectory:
    """The command service's view of the ledger."""

    def find(self, community_id: str, device_id: str) -> DeviceRef | None:
        try:
            record = DeviceRecord.get(device_pk(community_id, device_id), "DEVICE")
        except DeviceRecord.DoesNotExist:
            return None
        return DeviceRef(record.community_id, record.device_id, record.device_type, record.status)
