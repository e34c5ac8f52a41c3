"""The local cloud's IoT adapters, plugged into the devices capability when the broker starts
(`chalicelib.devices.wiring.use_iot`): production code never imports this package.

- `MqttPublisher`: commands go to Mosquitto over mTLS as the `cloud-commander` identity (one connection, reused),
  where AWS would publish through the IoT data plane.
- `MqttShadow`: Mosquitto has no shadow service, so the same update document is published on
  `$aws/things/{thing}/shadow/update`, the topic a device (and the simulator) listens on.
- `LocalIotRegistry`: the certificate is signed by the local CA that Mosquitto trusts, then registered in moto's IoT
  registry with RegisterCertificateWithoutCA, so the registry side (thing, policy, principal attachments, status) is
  the same as in AWS; and where AWS attaches the device policy, the broker gives the thing its role from that
  policy (dynamic-security plugin: infra/localcloud/dynsec.py), without which it may publish, subscribe and receive
  nothing. Deactivation must really lock the device out, as AWS does: the certificate's serial goes into
  the CA's revocation list (the broker's `crlfile`), the broker reloads it (SIGHUP), and the device's live session
  is taken over and closed; its reconnects then fail the TLS handshake.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

from chalicelib.devices.adapters import AwsIotRegistry, certificate_facts
from chalicelib.devices.provisioning import IssuedCertificate


def plug(ca_dir: Path) -> None:
    """Put the local broker and CA behind the devices capability's IoT ports (the environment names the broker)."""
    from chalicelib.devices.wiring import IotPorts, use_iot

    use_iot(IotPorts(publisher=MqttPublisher, shadows=MqttShadow, registry=lambda: LocalIotRegistry(str(ca_dir))))


def unplug() -> None:
    """AWS IoT Core's adapters again; the broker connections are closed."""
    from chalicelib.devices.wiring import use_iot
    from infra.localcloud.dynsec import SharedAdmin

    MqttPublisher.close()
    SharedAdmin.close()
    use_iot()


class MqttPublisher:
    """Local cloud: publish to Mosquitto over mTLS as the `cloud-commander` identity (one connection, reused)."""

    _lock = threading.Lock()
    _client: Any = None

    def _connect(self) -> Any:
        from iot.mqtt_client import connect_mtls

        with self._lock:
            if MqttPublisher._client is None:
                MqttPublisher._client = connect_mtls(
                    os.environ.get("MQTT_HOST", "127.0.0.1"),
                    int(os.environ["MQTT_PORT"]),
                    ca=os.environ["MQTT_CA"],
                    cert=os.environ["MQTT_COMMANDER_CERT"],
                    key=os.environ["MQTT_COMMANDER_KEY"],
                    client_id="cloud-commander",
                )
            return MqttPublisher._client

    def publish(self, topic: str, payload: dict[str, Any], qos: int = 1) -> None:
        from iot.mqtt_client import publish

        publish(self._connect(), topic, payload, qos=qos)

    @classmethod
    def close(cls) -> None:
        from iot.mqtt_client import disconnect

        with cls._lock:
            if cls._client is not None:
                disconnect(cls._client)
                cls._client = None


class MqttShadow:
    """The broker has no shadow service: publish the update document on the topic a device listens on."""

    def update_desired(self, thing_name: str, desired: dict[str, Any]) -> None:
        MqttPublisher().publish(f"$aws/things/{thing_name}/shadow/update", {"state": {"desired": desired}}, qos=1)


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

    def issue_certificate(self, thing_name: str) -> IssuedCertificate:
        issued = super().issue_certificate(thing_name)  # the device policy attached in the registry
        if os.environ.get("MQTT_ADMIN_CERT"):  # a broker runs: it enforces that policy for the thing
            from infra.localcloud.dynsec import SharedAdmin

            try:
                SharedAdmin.allow_thing(thing_name)
            except Exception:
                _iot().update_certificate(certificateId=issued.certificate_id, newStatus="INACTIVE")
                raise
        return issued

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


def _iot() -> Any:
    from chalicelib.kernel.aws import client

    return client("iot")
