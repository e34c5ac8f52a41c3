"""Request and response models of the staff device routes (ledger, certificates, commands)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, StringConstraints

from chalicelib.kernel.contracts import Contract, Day, Id, Page, PageQuery, PatchContract

Org = Annotated[str, StringConstraints(min_length=1, max_length=128)]
Serial = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9._:-]{1,64}$")]
Tag = Annotated[str, StringConstraints(min_length=1, max_length=32)]
Status = Annotated[str, Field(pattern=r"^(registered|active|maintenance|disabled|retired)$")]


class DeviceLocation(Contract):
    building: Id | None = Field(
        default=None,
        description="Registry id of one of the community's buildings (GET .../buildings); any other value is 400",
        examples=["b025ee76c5ffe2589"],
    )
    unit: Id | None = Field(default=None, description="Unit (entrance) of the building", examples=["U1"])
    floor: int | None = Field(default=None, ge=-10, le=200)
    room: Id | None = None
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    area: str | None = Field(
        default=None,
        min_length=1,
        max_length=128,
        examples=["north gate"],
        description="A named place at community level, for devices outside buildings",
    )


class DeviceCreate(Contract):
    deviceType: str = Field(
        min_length=1,
        max_length=64,
        examples=["door_controller"],
        description="A catalogue device type (iot/device_types)",
    )
    name: str = Field(min_length=1, max_length=128, examples=["Building 3 unit 1 door"])
    location: DeviceLocation
    serialNumber: Serial | None = Field(default=None, description="Manufacturer serial (fleet provisioning key)")
    owner: Org | None = Field(default=None, description="Who owns the asset (ownership right, 001 10.2.1 b)")
    user: Org | None = Field(default=None, description="Who uses it (usage right)")
    maintainer: Org | None = Field(default=None, description="Who maintains it (maintenance right)")
    manufacturer: Org | None = None
    model: Org | None = None
    firmware: Annotated[str, StringConstraints(max_length=64)] | None = None
    installedOn: Day | None = None
    lastMaintainedOn: Day | None = None
    nextMaintenanceOn: Day | None = None
    tags: list[Tag] = Field(default_factory=list, max_length=20)
    dataSource: str = Field(default="manual", description="manual, import, device, department_exchange, ...")


class DeviceUpdate(PatchContract):
    CLEARABLE = frozenset(
        {
            "serialNumber",
            "owner",
            "user",
            "maintainer",
            "manufacturer",
            "model",
            "firmware",
            "installedOn",
            "lastMaintainedOn",
            "nextMaintenanceOn",
            "tags",
            "statusNote",
        }
    )
    version: int = Field(ge=1, description="The version you read; a stale one is refused with 409 STALE_VERSION")
    name: str | None = Field(default=None, min_length=1, max_length=128)
    location: DeviceLocation | None = None
    serialNumber: Serial | None = None
    owner: Org | None = None
    user: Org | None = None
    maintainer: Org | None = None
    manufacturer: Org | None = None
    model: Org | None = None
    firmware: Annotated[str, StringConstraints(max_length=64)] | None = None
    installedOn: Day | None = None
    lastMaintainedOn: Day | None = None
    nextMaintenanceOn: Day | None = None
    tags: list[Tag] | None = Field(default=None, max_length=20)
    status: Status | None = Field(default=None, description="Lifecycle move (retire with the retire route)")
    statusNote: str | None = Field(default=None, max_length=256)


class RetireRequest(Contract):
    version: int | None = Field(default=None, ge=1)
    note: str | None = Field(default=None, max_length=256)


class LifecycleView(Contract):
    status: str
    at: str
    by: str
    note: str = ""


class DeviceView(Contract):
    deviceId: str = Field(description="Unified asset id = IoT thing name = MQTT identity")
    communityId: str
    deviceType: str
    name: str
    status: str
    location: dict[str, Any]
    serialNumber: str | None = None
    owner: str | None = None
    user: str | None = None
    maintainer: str | None = None
    manufacturer: str | None = None
    model: str | None = None
    firmware: str | None = None
    installedOn: str | None = None
    lastMaintainedOn: str | None = None
    nextMaintenanceOn: str | None = None
    certificateId: str | None = None
    tags: list[str] = Field(default_factory=list)
    lifecycle: list[LifecycleView] = Field(default_factory=list)
    ingestedAt: str | None = None
    updatedAt: str | None = None
    dataSource: str
    version: int | None = None
    state: dict[str, Any] | None = Field(
        default=None,
        description="Latest state (online, lastSeen, latest telemetry, last event); only on the single-device read",
    )


class DevicePage(Page):
    items: list[DeviceView]


class DeviceListQuery(PageQuery):
    type: str | None = Field(default=None, max_length=64, description="Only this device type")
    status: Status | None = None
    building: Id | None = None


class CertificateView(Contract):
    certificateId: str
    certificateArn: str
    serial: str
    status: str = Field(description="ACTIVE, INACTIVE (rotated out) or REVOKED")
    issuedAt: str
    issuedBy: str
    notAfter: str | None = None
    changedAt: str | None = None
    reason: str | None = None


class CertificateList(Contract):
    items: list[CertificateView]


class IssuedCertificateView(Contract):
    thingName: str
    certificateId: str
    certificateArn: str
    serial: str
    notAfter: str | None = None
    certificatePem: str
    privateKeyPem: str = Field(description="Shown once: it is not stored and cannot be fetched again")


class RevokeRequest(Contract):
    reason: str = Field(min_length=1, max_length=256, examples=["device stolen"])


# -- commands ------------------------------------------------------------------------------------------------

CommandName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,63}$")]


class CommandRequest(Contract):
    name: CommandName = Field(examples=["open_door"], description="A command of the device's catalogue type")
    params: dict[str, Any] = Field(default_factory=dict, examples=[{"durationS": 5}])
    delaySeconds: int = Field(default=0, ge=0, le=604800, description="Send later (scheduled command)")
    ackTimeoutSeconds: int = Field(default=30, ge=1, le=3600, description="Time the device has to acknowledge")


class CommandView(Contract):
    commandId: str
    deviceId: str
    name: str
    params: dict[str, Any]
    status: str = Field(description="pending, sent, done, rejected, failed or timed_out")
    requestedBy: str
    createdAt: str
    updatedAt: str | None = None
    ackStatus: str | None = Field(default=None, description="The device's answer that settled the command (its first)")
    ackDetail: str | None = None
    history: list[dict[str, str]] = Field(
        default_factory=list,
        description="Timeline: {status, at} per transition; {status: ack_ignored, at, ackStatus, ackDetail} per ack "
        "that came after the command was settled (or before it was sent), kept but not acted on",
    )


class CommandPage(Page):
    items: list[CommandView]


class UnlockDoorsRequest(Contract):
    reason: str = Field(min_length=1, max_length=256, examples=["fire alarm in building 3"])
    ackTimeoutSeconds: int = Field(default=30, ge=1, le=3600)


class BroadcastRequest(Contract):
    name: CommandName
    params: dict[str, Any] = Field(default_factory=dict)
    deviceType: str | None = Field(default=None, max_length=64, description="Only devices of this type")
    building: Id | None = Field(
        default=None, description="Only devices in this building (registry id of one of the community's buildings)"
    )
    ackTimeoutSeconds: int = Field(default=30, ge=1, le=3600)


class SkippedDevice(Contract):
    deviceId: str
    reason: str


class FanOutView(Contract):
    commandIds: list[str]
    skipped: list[SkippedDevice] = Field(default_factory=list)
