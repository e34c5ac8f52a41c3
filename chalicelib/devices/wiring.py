"""Builds the devices capability's services from its repositories and adapters (once per container, on first use).

The IoT ports (publishing commands, shadows, the registry of things and certificates) are AWS IoT Core's unless
the local cloud has plugged its broker and CA in (`use_iot`, called by infra/localcloud when Mosquitto starts).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from chalicelib.kernel.wiring import built, reset

if TYPE_CHECKING:
    from chalicelib.devices.adapters import AwsIotRegistry, Publisher, ShadowUpdater
    from chalicelib.devices.commands import Command, CommandService
    from chalicelib.devices.ingestion import IngestionService
    from chalicelib.devices.model import Device, DeviceLedger
    from chalicelib.devices.presence import PresenceSweep
    from chalicelib.devices.provisioning import CertificateService
    from chalicelib.devices.repository_commands import DynamoCommandRepository
    from chalicelib.devices.repository_telemetry import LatestState


def _iot_data() -> Publisher:
    from chalicelib.devices.adapters import IotDataPublisher

    return IotDataPublisher()


def _iot_shadows() -> ShadowUpdater:
    from chalicelib.devices.adapters import IotDataPublisher

    return IotDataPublisher()


def _iot_registry() -> AwsIotRegistry:
    from chalicelib.devices.adapters import AwsIotRegistry

    return AwsIotRegistry()


@dataclass
class IotPorts:
    publisher: Callable[[], Publisher] = _iot_data
    shadows: Callable[[], ShadowUpdater] = _iot_shadows
    registry: Callable[[], AwsIotRegistry] = _iot_registry


IOT = IotPorts()


def use_iot(ports: IotPorts | None = None) -> None:
    """Put other adapters behind the IoT ports (the local cloud's broker and CA), or AWS IoT Core's again (None);
    services are built again."""
    chosen = ports or IotPorts()
    IOT.publisher, IOT.shadows, IOT.registry = chosen.publisher, chosen.shadows, chosen.registry
    reset()


@built
def command_service() -> CommandService:
    from chalicelib.devices.adapters import CatalogueCommands, ShadowMirroringPublisher, StepFunctionsCommandWorkflows
    from chalicelib.devices.commands import CommandService
    from chalicelib.devices.repository import DynamoDeviceDirectory
    from chalicelib.devices.repository_commands import DynamoCommandRepository
    from iot.topics import topic_for

    directory = DynamoDeviceDirectory()

    def device_type_of(community_id: str, device_id: str) -> str | None:
        found = directory.find(community_id, device_id)
        return found.device_type if found else None

    return CommandService(
        repo=DynamoCommandRepository(),
        devices=directory,
        catalogue=CatalogueCommands(),
        # Stateful devices also get their shadow's desired state when a state-setting command is sent.
        publisher=ShadowMirroringPublisher(IOT.publisher(), IOT.shadows(), device_type_of),
        workflows=StepFunctionsCommandWorkflows(),
        topic_for=topic_for,
    )


def command_history() -> DynamoCommandRepository:
    """The command records, for history queries (the service's repository port only covers the lifecycle)."""
    from chalicelib.devices.repository_commands import DynamoCommandRepository

    return DynamoCommandRepository()


def known_device_type(device_type: str) -> bool:
    from iot import catalogue

    return device_type in catalogue.device_types()


def accepts_command(device_type: str, name: str) -> bool:
    from iot import catalogue

    return name in catalogue.get_type(device_type).command_names


@built
def device_ledger() -> DeviceLedger:
    from chalicelib.devices.model import DeviceLedger
    from chalicelib.devices.repository import DynamoDeviceLedger
    from chalicelib.registry import building_exists

    return DeviceLedger(repo=DynamoDeviceLedger(), known_type=known_device_type, building_exists=building_exists)


@built
def certificate_service() -> CertificateService:
    from chalicelib.devices.provisioning import CertificateService
    from chalicelib.devices.repository import DynamoCertificateStore, DynamoDeviceLedger

    return CertificateService(
        devices=DynamoDeviceLedger(), certificates=DynamoCertificateStore(), registry=IOT.registry()
    )


class CommandAcks:
    """Ingestion hands device acks to the command service (built lazily: most batches carry no ack)."""

    def acknowledge(
        self, community_id: str, device_id: str, command_id: str, status: str, detail: str | None = None
    ) -> str:
        return command_service().acknowledge(community_id, device_id, command_id, status, detail)


@built
def ingestion_service() -> IngestionService:
    from chalicelib.devices.adapters_ingestion import PowertoolsIngestionMetrics, PresenceAnnouncingSink, SqsDeadLetters
    from chalicelib.devices.ingestion import IngestionService
    from chalicelib.devices.repository_presence import DynamoDeviceDirectory
    from chalicelib.devices.repository_telemetry import DynamoIngestionStore
    from chalicelib.kernel.security.pii import blind_index

    return IngestionService(
        devices=DynamoDeviceDirectory(),
        store=DynamoIngestionStore(),
        dead_letters=SqsDeadLetters(),
        alarms=PresenceAnnouncingSink(),  # presence changes also reach the console's live channel
        acks=CommandAcks(),
        metrics=PowertoolsIngestionMetrics(),
        pii_index=blind_index,
    )


@built
def presence_sweep() -> PresenceSweep:
    from chalicelib.devices.adapters_ingestion import PowertoolsIngestionMetrics, PresenceAnnouncingSink
    from chalicelib.devices.presence import PresenceSweep
    from chalicelib.devices.repository_presence import DynamoPresenceStore
    from chalicelib.devices.repository_telemetry import DynamoIngestionStore

    return PresenceSweep(
        store=DynamoPresenceStore(DynamoIngestionStore()),
        alarms=PresenceAnnouncingSink(),
        metrics=PowertoolsIngestionMetrics(),
    )


def latest_device_state(community_id: str, device_id: str) -> LatestState | None:
    """A device's latest state and readings (the telemetry table), for the device views."""
    from chalicelib.devices.repository_telemetry import latest_state

    return latest_state(community_id, device_id)


def command_as_dict(command: Command) -> dict[str, Any]:
    from chalicelib.devices.repository_commands import command_view

    return command_view(command)


def devices_with_serial(serial_number: str) -> list[Device]:
    """Ledger entries that carry a serial number, in any community (the fleet-provisioning hook's question)."""
    from chalicelib.devices.repository import DynamoDeviceLedger

    return DynamoDeviceLedger().by_serial(serial_number)
