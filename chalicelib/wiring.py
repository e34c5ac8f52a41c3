"""Composition root: builds domain services from their store and gateway adapters (lazily, once per container)."""

from __future__ import annotations

from functools import cache
from typing import Any

from chalicelib.domain.commands import CommandService


class CatalogueCommands:
    """Adapter from the device-type catalogue in `iot/` to the command service's port."""

    def validate(self, device_type: str, name: str, params: dict[str, Any]) -> dict[str, Any]:
        from chalicelib.domain.errors import InvalidInput
        from iot import catalogue

        try:
            return catalogue.validate_command(device_type, name, params)
        except catalogue.UnknownCommand as exc:
            raise InvalidInput(
                f"{device_type} does not accept {name}",
                code="UNKNOWN_COMMAND",
                details=[{"field": "name", "code": "unknown_command", "message": str(exc)}],
            ) from exc
        except catalogue.InvalidMessage as exc:
            raise InvalidInput(
                "command parameters are invalid",
                code="VALIDATION_FAILED",
                details=[
                    {
                        "field": exc.path if exc.path.startswith("params") else "params",
                        "code": exc.reason,
                        "message": str(exc),
                    }
                ],
            ) from exc


@cache
def command_service() -> CommandService:
    from chalicelib.gateways.iot_publisher import publisher
    from chalicelib.gateways.iot_shadow import ShadowMirroringPublisher, shadows
    from chalicelib.gateways.workflows import StepFunctionsWorkflows
    from chalicelib.store.commands import DynamoCommandRepository
    from chalicelib.store.devices import DynamoDeviceDirectory
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
        publisher=ShadowMirroringPublisher(publisher(), shadows(), device_type_of),
        workflows=StepFunctionsWorkflows(),
        topic_for=topic_for,
    )


class SealedPhones:
    """Adapter from `security.pii` to the identity service's `PersonalData` port."""

    def seal_phone(self, phone: str) -> tuple[str, str, str]:
        from chalicelib.security import pii

        number = pii.normalise_phone(phone)
        return pii.encrypt(number, purpose="account.phone"), pii.blind_index("phone", number), pii.mask_phone(number)

    def valid_mobile(self, phone: str) -> bool:
        from chalicelib.security import pii

        return pii.valid_mobile(phone)


def household_memberships(account_id: str) -> list[Any]:
    """The identity service's membership port: a resident's current households (registry, part B)."""
    from chalicelib.store.households import memberships_of

    return list(memberships_of(account_id))


@cache
def wechat() -> Any:
    from chalicelib.gateways.wechat import from_environment

    return from_environment()


@cache
def identity_service() -> Any:
    from chalicelib.domain.clock import utcnow
    from chalicelib.domain.identity import IdentityService
    from chalicelib.security.passwords import Argon2Passwords
    from chalicelib.store.identity import DynamoRefreshFamilies, DynamoResidentAccounts, DynamoStaffAccounts

    return IdentityService(
        staff=DynamoStaffAccounts(),
        residents=DynamoResidentAccounts(),
        families=DynamoRefreshFamilies(),
        hasher=Argon2Passwords(),
        wechat=wechat(),
        personal=SealedPhones(),
        memberships_of=household_memberships,
        now=utcnow,
    )


def known_device_type(device_type: str) -> bool:
    from iot import catalogue

    return device_type in catalogue.device_types()


def accepts_command(device_type: str, name: str) -> bool:
    from iot import catalogue

    return name in catalogue.get_type(device_type).command_names


def command_history() -> Any:
    """The command records, for history queries (the service's repository port only covers the lifecycle)."""
    from chalicelib.store.commands import DynamoCommandRepository

    return DynamoCommandRepository()


@cache
def device_ledger() -> Any:
    from chalicelib.domain.devices import DeviceLedger
    from chalicelib.store.devices import DynamoDeviceLedger

    return DeviceLedger(repo=DynamoDeviceLedger(), known_type=known_device_type)


@cache
def certificate_service() -> Any:
    from chalicelib.domain.provisioning import CertificateService
    from chalicelib.gateways.iot_registry import registry
    from chalicelib.store.devices import DynamoCertificateStore, DynamoDeviceLedger

    return CertificateService(devices=DynamoDeviceLedger(), certificates=DynamoCertificateStore(), registry=registry())


# -- device ingestion (issue 4A) ---------------------------------------------------------------------------
class CommandAckPort:
    """Ingestion hands device acks to the command service (built lazily: most batches carry no ack)."""

    def acknowledge(
        self, community_id: str, device_id: str, command_id: str, status: str, detail: str | None = None
    ) -> str:
        return command_service().acknowledge(community_id, device_id, command_id, status, detail)


@cache
def ingestion_service() -> Any:
    from chalicelib.domain.ingestion import IngestionService
    from chalicelib.gateways.alarm_queue import SqsAlarmSink
    from chalicelib.gateways.dead_letters import SqsDeadLetters
    from chalicelib.gateways.ingestion_metrics import PowertoolsIngestionMetrics
    from chalicelib.store.presence import DynamoDeviceDirectory
    from chalicelib.store.telemetry import DynamoIngestionStore

    return IngestionService(
        devices=DynamoDeviceDirectory(),
        store=DynamoIngestionStore(),
        dead_letters=SqsDeadLetters(),
        alarms=SqsAlarmSink(),
        acks=CommandAckPort(),
        metrics=PowertoolsIngestionMetrics(),
    )


@cache
def presence_sweep() -> Any:
    from chalicelib.domain.presence import PresenceSweep
    from chalicelib.gateways.alarm_queue import SqsAlarmSink
    from chalicelib.gateways.ingestion_metrics import PowertoolsIngestionMetrics
    from chalicelib.store.presence import DynamoPresenceStore
    from chalicelib.store.telemetry import DynamoIngestionStore

    return PresenceSweep(
        store=DynamoPresenceStore(DynamoIngestionStore()), alarms=SqsAlarmSink(), metrics=PowertoolsIngestionMetrics()
    )


# -- alarm handling (issue 10): adapters in chalicelib/wiring_alarms.py ----------------------------------------
@cache
def alarm_service() -> Any:
    from chalicelib.wiring_alarms import build_alarm_service

    return build_alarm_service()


@cache
def alarm_dead_letters() -> Any:
    from chalicelib.gateways.alarm_workflows import SqsAlarmDeadLetters

    return SqsAlarmDeadLetters()


@cache
def duty_roster() -> Any:
    from chalicelib.wiring_alarms import build_roster

    return build_roster()


@cache
def alarm_rule_overrides() -> Any:
    from chalicelib.store.alarms import DynamoRuleOverrides

    return DynamoRuleOverrides()


def alarm_store() -> Any:
    """The alarm records, for statistics (the service's repository port only covers queries by page)."""
    from chalicelib.store.alarms import DynamoAlarmRepository

    return DynamoAlarmRepository()


def deliveries() -> Any:
    from chalicelib.store.notifications import DynamoDeliveries

    return DynamoDeliveries()


def reset_alarms() -> None:
    alarm_service.cache_clear()
    alarm_dead_letters.cache_clear()
    duty_roster.cache_clear()
    alarm_rule_overrides.cache_clear()


# -- end of alarm handling ------------------------------------------------------------------------------------


def reset() -> None:
    """Forget built services (tests and the local cloud change the environment)."""
    reset_alarms()  # issue 10
    ingestion_service.cache_clear()
    presence_sweep.cache_clear()
    command_service.cache_clear()
    device_ledger.cache_clear()
    certificate_service.cache_clear()
    wechat.cache_clear()
    identity_service.cache_clear()
