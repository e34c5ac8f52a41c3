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
            raise InvalidInput(f"{device_type} does not accept {name}", code="UNKNOWN_COMMAND",
                               details=[{"field": "name", "code": "unknown_command", "message": str(exc)}]) from exc
        except catalogue.InvalidMessage as exc:
            raise InvalidInput("command parameters are invalid", code="VALIDATION_FAILED",
                               details=[{"field": f"params{('.' + exc.path) if exc.path else ''}",
                                         "code": exc.reason, "message": str(exc)}]) from exc


@cache
def command_service() -> CommandService:
    from chalicelib.gateways.iot_publisher import publisher
    from chalicelib.gateways.workflows import StepFunctionsWorkflows
    from chalicelib.store.commands import DynamoCommandRepository
    from chalicelib.store.devices import DynamoDeviceDirectory
    from iot.topics import topic_for

    return CommandService(
        repo=DynamoCommandRepository(),
        devices=DynamoDeviceDirectory(),
        catalogue=CatalogueCommands(),
        publisher=publisher(),
        workflows=StepFunctionsWorkflows(),
        topic_for=topic_for,
    )


def reset() -> None:
    """Forget built services (tests and the local cloud change the environment)."""
    command_service.cache_clear()
