"""The visitor-pass signing secret in Secrets Manager (env PASS_SIGNING_SECRET_ARN).

Each version of the secret is one key generation: its VersionId names the key (`passes.kid_of`), its value is the
HKDF input from which each community's Ed25519 key is derived in memory. Rotation puts a new random value: the new
version becomes AWSCURRENT and signs from then on; passes signed before stay verifiable (their public keys stay
published, see `keyring.PublishingKeyring`). Nothing of it is ever in the repository or a table.

Step Functions gateway of the visitor-pass workflow (env VISITOR_PASS_STATE_MACHINE_ARN).
"""

from __future__ import annotations

import logging
import os
import secrets
import time
from datetime import datetime
from typing import TYPE_CHECKING, Any

from chalicelib.kernel.aws import client
from chalicelib.kernel.workflows import StateMachine, task_failed, task_succeeded
from chalicelib.visitors.credentials import StaffHolder
from chalicelib.visitors.keypad import GUESSING_EVENT, GuessingSeen
from chalicelib.visitors.model import GateRef, HouseRef, VisitorPass
from chalicelib.visitors.passes import kid_of

if TYPE_CHECKING:
    from chalicelib.devices import Device

CACHE_SECONDS = 300.0


class SecretsManagerMasterKey:
    def __init__(self, secret_arn: str | None = None):
        self.secret_arn = secret_arn or os.environ.get("PASS_SIGNING_SECRET_ARN", "")
        self._cached: tuple[float, str, bytes] | None = None

    def _arn(self) -> str:
        if not self.secret_arn:
            raise RuntimeError("PASS_SIGNING_SECRET_ARN is not configured")
        return self.secret_arn

    def current(self) -> tuple[str, bytes]:
        if self._cached and time.monotonic() - self._cached[0] < CACHE_SECONDS:
            return self._cached[1], self._cached[2]
        answer = client("secretsmanager").get_secret_value(SecretId=self._arn())
        secret = str(answer["SecretString"])
        if len(secret) < 32:
            raise RuntimeError("the pass signing secret is too short (needs >= 32 characters)")  # fail closed
        kid = kid_of(str(answer["VersionId"]))
        self._cached = (time.monotonic(), kid, secret.encode())
        return kid, secret.encode()

    def rotate(self) -> str:
        """A new key generation; returns its key id."""
        answer = client("secretsmanager").put_secret_value(SecretId=self._arn(), SecretString=secrets.token_urlsafe(48))
        self._cached = None
        return kid_of(str(answer["VersionId"]))


class StepFunctionsPassWorkflows:
    """The visitor-pass workflow (stepfunctions/visitor_pass.asl.json, env VISITOR_PASS_STATE_MACHINE_ARN)."""

    machine = StateMachine("VISITOR_PASS_STATE_MACHINE_ARN")

    def pass_execution_arn(self, pass_id: str) -> str:
        return self.machine.execution_arn(pass_id)

    def start_pass(self, visitor_pass: VisitorPass, approval_timeout_seconds: int) -> str:
        # one execution per pass: a retried start cannot run two
        return self.machine.start(visitor_pass.pass_id, visitor_pass.workflow_input(approval_timeout_seconds))

    def task_succeeded(self, token: str, output: dict[str, Any]) -> None:
        task_succeeded(token, output)

    def task_failed(self, token: str, error: str, cause: str) -> None:
        task_failed(token, error, cause)


class HouseholdVisitorNotices:
    """The pass service's `HostNotices` port: the host household's bound residents get the `visitor` template by
    WeChat (who waits, their masked phone, why, the house as people name it, Beijing time); one message per pass."""

    def visitor_waiting(self, visitor_pass: VisitorPass) -> None:
        from chalicelib.kernel.i18n import local_time
        from chalicelib.notifications import compose, household_recipients, send
        from chalicelib.registry import house_label

        community_id, house_id = visitor_pass.community_id, visitor_pass.house_id
        try:
            recipients = household_recipients(community_id, house_id)
            facts = {
                "name": visitor_pass.visitor.name,
                "phone_masked": visitor_pass.visitor.phone_masked,
                "place": house_label(community_id, house_id) or house_id,
                "time": local_time(visitor_pass.created_at),
                "reason": visitor_pass.visitor.reason,
            }
            for message in compose(
                "visitor",
                facts,
                community_id=community_id,
                subject=f"visitor:{visitor_pass.pass_id}",
                key="awaiting-host",
                recipients=recipients,
                link=f"pages/visitors/pass?id={visitor_pass.pass_id}",
            ):
                send(message)
        except Exception:  # the pass stands; the host can still see it waiting in the mini-program
            logging.getLogger(__name__).exception("could not tell the host of pass %s", visitor_pass.pass_id)


class RegistryHouses:
    """The visitor, door and credential services' `HouseDirectory` port on the registry."""

    def relation_of(self, account_id: str, community_id: str, house_id: str) -> str | None:
        from chalicelib.registry import memberships_of

        return next(
            (
                m.relation
                for m in memberships_of(account_id)
                if (m.community_id, m.house_id) == (community_id, house_id)
            ),
            None,
        )

    def house(self, community_id: str, house_id: str) -> HouseRef | None:
        from chalicelib.registry import find_record

        record = find_record(community_id, "house", house_id)
        if record is None:
            return None
        attrs = record.attrs or {}
        return HouseRef(community_id, house_id, attrs.get("buildingId"), attrs.get("floor"))

    def building_exists(self, community_id: str, building_id: str) -> bool:
        from chalicelib.registry import building_exists

        return building_exists(community_id, building_id)


def person_of(account_id: str, community_id: str, house_id: str) -> str | None:
    """The registry person behind a resident account in one house (None when not a current member)."""
    from chalicelib.registry import residencies_of_account

    return next(
        (
            r.person_id
            for r in residencies_of_account(account_id)
            if (r.community_id, r.house_id) == (community_id, house_id)
        ),
        None,
    )


def _gate(device: Device) -> GateRef:
    return GateRef(
        device.community_id,
        device.device_id,
        device.device_type,
        device.status,
        device.location.building,
        device.certificate_id,
    )


class LedgerGates:
    """The visitor service's `GateDirectory` port on the device ledger."""

    def find(self, community_id: str, device_id: str) -> GateRef | None:
        from chalicelib.devices import find_device

        # Strongly consistent: a gate's session must see its certificate revoked (or the device retired) at once.
        device = find_device(community_id, device_id, consistent=True)
        return _gate(device) if device is not None else None


class LedgerDoors:
    """The doors of a building (or the shared ones) on the device ledger."""

    def doors(self, community_id: str, building: str | None) -> list[GateRef]:
        from chalicelib.devices import devices_matching

        found = devices_matching(community_id, device_type="door_controller", building=building)
        return [_gate(d) for d in found]


class IdentityStaff:
    """The credential service's `StaffDirectory` port on the identity capability's staff accounts."""

    def holder(self, account_id: str, now: datetime) -> StaffHolder | None:
        from chalicelib.identity import staff_account

        account = staff_account(account_id)
        if account is None:
            return None
        return StaffHolder(frozenset(account.communities), account.unavailable_reason(now))


class GateGuessingAlarms:
    """The keypad guard's `GuessingAlarms` port: the gate's `passcode_guessing` event goes to the alarm evaluation
    through the devices capability (`chalicelib.devices.hand_over_event`, the queue ingestion hands device events
    to), so the alarm reaches the control centre as any device alarm does; visitors never import alarms."""

    def guessing(self, seen: GuessingSeen) -> None:
        from chalicelib.devices import hand_over_event
        from chalicelib.kernel.observability import logger

        logger.warning(
            "keypad passcode budget spent",
            extra={"community": seen.community_id, "gate": seen.gate.device_id, "scope": seen.scope},
        )
        try:
            hand_over_event(
                seen.community_id, seen.gate.device_id, seen.gate.device_type, GUESSING_EVENT, seen.data(), seen.msg_id
            )
        except Exception:  # the lockout holds either way; the gate's answer must not fail over the alarm
            logger.exception("passcode_guessing alarm not handed over", extra={"gate": seen.gate.device_id})


class LedgerCertificates:
    def active_certificate_id(self, community_id: str, device_id: str) -> str | None:
        from chalicelib.devices import active_certificate_id

        return active_certificate_id(community_id, device_id)


class IotCertificateRegistry:
    def describe(self, certificate_id: str) -> tuple[str, str]:
        described = client("iot").describe_certificate(certificateId=certificate_id)["certificateDescription"]
        return str(described["status"]), str(described["certificatePem"])
