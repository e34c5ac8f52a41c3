"""The devices capability's outbound adapters in AWS: publishing commands (IoT data plane), device shadows, the IoT
registry (things, per-device certificates, the device policy), the command workflow (Step Functions) and the
device-type catalogue as the command service's port. The local cloud plugs its own broker and CA in behind the
same ports (`wiring.use_iot`; infra/localcloud/iot_adapters.py).

Device shadows hold the desired state of devices that keep state (catalogue `keeps_state`): the shadow service keeps
the document (`iot-data` UpdateThingShadow) and sends the device the delta. `ShadowMirroringPublisher` wraps the
command publisher: when the command workflow publishes a state-setting command to a stateful device, the shadow's
desired state is updated first, at the moment the command is really sent (a scheduled command changes the shadow
when it fires, not when it is requested).

`AwsIotRegistry` is AWS IoT Core: CreateKeysAndCertificate (AWS generates the key pair and signs with its CA),
AttachPolicy, AttachThingPrincipal, UpdateCertificate INACTIVE/REVOKED (AWS disconnects the device within minutes
and refuses reconnects), DeleteCertificate.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Protocol

from chalicelib.devices.commands import Command, desired_state
from chalicelib.devices.provisioning import IssuedCertificate
from chalicelib.kernel.errors import InvalidInput
from chalicelib.kernel.workflows import StateMachine, task_failed, task_succeeded


class Publisher(Protocol):
    def publish(self, topic: str, payload: dict[str, Any], qos: int = 1) -> None: ...


class IotDataPublisher:
    """AWS IoT Core data plane (`iot-data` Publish). Endpoint from IOT_DATA_ENDPOINT (account-specific ATS host)."""

    def publish(self, topic: str, payload: dict[str, Any], qos: int = 1) -> None:
        from chalicelib.kernel.aws import client

        client("iot-data").publish(topic=topic, qos=qos, payload=json.dumps(payload).encode())

    def update_desired(self, thing_name: str, desired: dict[str, Any]) -> None:
        from chalicelib.kernel.aws import client

        body = json.dumps({"state": {"desired": desired}}).encode()
        client("iot-data").update_thing_shadow(thingName=thing_name, payload=body)


class ShadowUpdater(Protocol):
    def update_desired(self, thing_name: str, desired: dict[str, Any]) -> None: ...


class ShadowMirroringPublisher:
    def __init__(self, inner: Any, shadow: ShadowUpdater, device_type_of: Callable[[str, str], str | None]):
        self.inner = inner
        self.shadow = shadow
        self.device_type_of = device_type_of

    def publish(self, topic: str, payload: dict[str, Any], qos: int = 1) -> None:
        from iot import catalogue
        from iot.topics import COMMANDS, parse_topic

        parts = parse_topic(topic)
        if parts is not None and parts.kind == COMMANDS and isinstance(payload.get("name"), str):
            desired = desired_state(payload["name"], payload.get("params") or {})
            if desired is not None:
                device_type = self.device_type_of(parts.community_id, parts.thing_name)
                if device_type is not None and catalogue.get_type(device_type).keeps_state:
                    self._mirror(parts.thing_name, desired)
        self.inner.publish(topic, payload, qos=qos)

    def _mirror(self, thing_name: str, desired: dict[str, Any]) -> None:
        """Best effort: the command itself is what must reach the device (a door must open even when the shadow
        service is unavailable); a failed shadow update is logged and counted for an alarm."""
        try:
            self.shadow.update_desired(thing_name, desired)
        except Exception:
            from aws_lambda_powertools.metrics import MetricUnit

            from chalicelib.kernel.observability import logger, metrics

            logger.exception("shadow update failed", extra={"thing": thing_name})
            metrics.add_metric(name="ShadowUpdateFailed", unit=MetricUnit.Count, value=1)


def _iot() -> Any:
    from chalicelib.kernel.aws import client

    return client("iot")


def certificate_facts(pem: str) -> tuple[str, datetime | None]:
    """(hex serial, not-after) of a PEM certificate."""
    from cryptography import x509

    cert = x509.load_pem_x509_certificate(pem.encode())
    return format(cert.serial_number, "x"), cert.not_valid_after_utc.astimezone(UTC)


class AwsIotRegistry:
    def __init__(self, policy_name: str | None = None):
        self.policy_name = policy_name or os.environ.get("DEVICE_POLICY_NAME", "")

    def _policy(self) -> str:
        if not self.policy_name:
            raise RuntimeError("DEVICE_POLICY_NAME is not configured")
        return self.policy_name

    def ensure_thing(self, thing_name: str, attributes: dict[str, str]) -> None:
        iot = _iot()
        payload = {"attributes": attributes, "merge": True}
        try:
            iot.create_thing(thingName=thing_name, attributePayload=payload)
        except iot.exceptions.ResourceAlreadyExistsException:
            iot.update_thing(thingName=thing_name, attributePayload=payload)

    def _create(self, thing_name: str) -> tuple[str, str, str, str]:
        """(certificate id, arn, certificate PEM, private key PEM) of a new ACTIVE certificate."""
        created = _iot().create_keys_and_certificate(setAsActive=True)
        return (
            created["certificateId"],
            created["certificateArn"],
            created["certificatePem"],
            created["keyPair"]["PrivateKey"],
        )

    def issue_certificate(self, thing_name: str) -> IssuedCertificate:
        certificate_id, arn, pem, key = self._create(thing_name)
        iot = _iot()
        try:
            iot.attach_policy(policyName=self._policy(), target=arn)
            iot.attach_thing_principal(thingName=thing_name, principal=arn)
        except Exception:
            # Never leave an active certificate that belongs to nobody.
            iot.update_certificate(certificateId=certificate_id, newStatus="INACTIVE")
            raise
        serial, not_after = certificate_facts(pem)
        return IssuedCertificate(
            certificate_id=certificate_id,
            certificate_arn=arn,
            certificate_pem=pem,
            private_key_pem=key,
            serial=serial,
            not_after=not_after,
        )

    def deactivate(self, thing_name: str, certificate_id: str, revoke: bool) -> None:
        iot = _iot()
        arn = iot.describe_certificate(certificateId=certificate_id)["certificateDescription"]["certificateArn"]
        iot.update_certificate(certificateId=certificate_id, newStatus="REVOKED" if revoke else "INACTIVE")
        for detach in (
            lambda: iot.detach_thing_principal(thingName=thing_name, principal=arn),
            lambda: iot.detach_policy(policyName=self._policy(), target=arn),
        ):
            try:
                detach()
            except iot.exceptions.ResourceNotFoundException:
                pass  # already detached: deactivation is idempotent

    def delete_certificate(self, certificate_id: str) -> None:
        iot = _iot()
        try:
            iot.delete_certificate(certificateId=certificate_id, forceDelete=True)
        except iot.exceptions.ResourceNotFoundException:
            pass


class StepFunctionsCommandWorkflows:
    """The device-command workflow (stepfunctions/device_command.asl.json, env DEVICE_COMMAND_STATE_MACHINE_ARN)."""

    machine = StateMachine("DEVICE_COMMAND_STATE_MACHINE_ARN")

    def command_execution_arn(self, command_id: str) -> str:
        return self.machine.execution_arn(command_id)

    def start_command(self, command: Command) -> str:
        # one execution per command: a double tap cannot start two
        return self.machine.start(command.command_id, command.workflow_input())

    def task_succeeded(self, token: str, output: dict[str, Any]) -> None:
        task_succeeded(token, output)

    def task_failed(self, token: str, error: str, cause: str) -> None:
        task_failed(token, error, cause)


class CatalogueCommands:
    """The command service's catalogue port on the device-type catalogue in `iot/`."""

    def validate(self, device_type: str, name: str, params: dict[str, Any]) -> dict[str, Any]:
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
