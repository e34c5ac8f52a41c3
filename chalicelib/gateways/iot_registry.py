"""The IoT registry: things, per-device certificates and the device policy (`domain.provisioning.IotRegistry`).

`AwsIotRegistry` is AWS IoT Core: CreateKeysAndCertificate (AWS generates the key pair and signs with its CA),
AttachPolicy, AttachThingPrincipal, UpdateCertificate INACTIVE/REVOKED (AWS disconnects the device within minutes
and refuses reconnects), DeleteCertificate.

`LocalIotRegistry` is the local cloud: the certificate is signed by the local CA that Mosquitto trusts
(`LOCAL_CA_DIR`), then registered in moto's IoT registry with RegisterCertificateWithoutCA, so the registry side
(thing, policy, principal attachments, status) is the same as in AWS. Deactivation must really lock the device
out, as AWS does: the certificate's serial goes into the CA's revocation list (the broker's `crlfile`), the broker
reloads it (SIGHUP), and the device's live session is taken over and closed; its reconnects then fail the TLS
handshake.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from chalicelib.domain.provisioning import IssuedCertificate


def _iot() -> Any:
    from chalicelib.gateways.aws import client

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


class LocalIotRegistry(AwsIotRegistry):
    """moto's registry plus the local CA and Mosquitto (see the module docstring)."""

    def __init__(self, ca_dir: str, policy_name: str | None = None):
        super().__init__(policy_name)
        self.ca_dir = ca_dir

    def _ca(self) -> Any:
        from infra.localcloud.pki import LocalCA

        return LocalCA(Path(self.ca_dir)).ensure()

    def _create(self, thing_name: str) -> tuple[str, str, str, str]:
        pem, key = self._ca().issue_client_pem(thing_name)
        registered = _iot().register_certificate_without_ca(certificatePem=pem, status="ACTIVE")
        return registered["certificateId"], registered["certificateArn"], pem, key

    def deactivate(self, thing_name: str, certificate_id: str, revoke: bool) -> None:
        pem = _iot().describe_certificate(certificateId=certificate_id)["certificateDescription"]["certificatePem"]
        super().deactivate(thing_name, certificate_id, revoke)
        serial, _ = certificate_facts(pem)
        self._ca().revoke(int(serial, 16))
        self._enforce(thing_name)

    def _enforce(self, thing_name: str) -> None:
        """Make the broker honour the new revocation list and drop the device's live session."""
        from infra.localcloud.mosquitto import kick_client, reload_broker

        pid = os.environ.get("MQTT_BROKER_PID")
        if not pid:
            return  # no broker running (tests of the registry alone): the CRL is ready for the next start
        reload_broker(int(pid))
        kick_client(os.environ.get("MQTT_HOST", "127.0.0.1"), int(os.environ["MQTT_PORT"]), self._ca(), thing_name)


def registry() -> AwsIotRegistry:
    ca_dir = os.environ.get("LOCAL_CA_DIR")
    return LocalIotRegistry(ca_dir) if ca_dir else AwsIotRegistry()
