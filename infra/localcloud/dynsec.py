"""The local broker's authorisation: Mosquitto's dynamic-security plugin, configured from the IoT device policy
(`iot/acl.py`), so a SUBSCRIBE the policy does not allow gets a failure code in the SUBACK (0x87 Not authorized
in MQTT 5, 0x80 in 3.1.1), as AWS IoT Core answers it, instead of a grant that never delivers anything.

The plugin ships with Mosquitto 2.0 (Debian: `/usr/lib/<arch>/mosquitto_dynamic_security.so`). It starts from
the configuration `iot.acl.dynsec_config` writes (deny by default, the cloud's privileged identities and two
admin identities), and `DynsecAdmin` gives each thing its role over the plugin's control topic when a
certificate is issued for it (where AWS IoT attaches the device policy to the certificate). The plugin keeps
the roles in its configuration file. A revoked certificate is locked out by the CRL, whatever the role.

Two admin identities, because the broker forces the client id to the certificate CN and a second connection with
the same CN takes the first one's session over: `localcloud-admin` is the app process's (the API issuing
certificates), `localcloud-tools` everything else's (tests and benchmarks that issue certificates from the CA
themselves, `MosquittoBroker.allow_thing`).
"""

from __future__ import annotations

import glob
import json
import os
import threading
import uuid
from pathlib import Path
from typing import Any, Final

from infra.localcloud.pki import LocalCA

ADMIN_USER: Final = "localcloud-admin"
TOOLS_USER: Final = "localcloud-tools"
ADMINS: Final = (ADMIN_USER, TOOLS_USER)
CONTROL_TOPIC: Final = "$CONTROL/dynamic-security/v1"
RESPONSE_TOPIC: Final = CONTROL_TOPIC + "/response"
PLUGIN_FILE: Final = "mosquitto_dynamic_security.so"
_ALREADY: Final = ("Client already exists", "Role already exists")


class DynsecError(RuntimeError):
    """The dynamic-security plugin refused a command, or did not answer."""


def find_plugin(binary: str | None = None) -> str | None:
    """Path of the dynamic-security plugin shipped with Mosquitto 2.0, or ``None``."""
    candidates = [os.environ.get("MOSQUITTO_DYNSEC_PLUGIN", "")]
    if binary:
        prefix = Path(os.path.realpath(binary)).parent.parent
        candidates += [str(prefix / "lib" / PLUGIN_FILE), *glob.glob(str(prefix / "lib" / "*" / PLUGIN_FILE))]
    candidates += [
        *sorted(glob.glob(f"/usr/lib/*/{PLUGIN_FILE}")),
        f"/usr/lib/{PLUGIN_FILE}",
        f"/usr/local/lib/{PLUGIN_FILE}",
        f"/opt/homebrew/lib/{PLUGIN_FILE}",
    ]
    return next((path for path in candidates if path and os.path.isfile(path)), None)


_TOOLS: dict[tuple[str, int, str], DynsecAdmin] = {}  # the process's `localcloud-tools` connection per broker
_TOOLS_LOCK = threading.Lock()


class DynsecAdmin:
    """An mTLS connection as `localcloud-admin` to the plugin's control topic; one command at a time."""

    def __init__(
        self, host: str, port: int, ca_path: str | Path, cert: str | Path, key: str | Path, user: str = ADMIN_USER
    ):
        from iot import mqtt_client

        self._answers: dict[str, dict[str, Any]] = {}
        self._answered = threading.Condition()
        self._lock = threading.Lock()
        self.closed = False
        self._user = user
        self._client = mqtt_client.connect_mtls(
            host, port, str(ca_path), str(cert), str(key), user, on_message=self._on_message
        )
        self._subscribe()

    def _subscribe(self) -> None:
        from iot import mqtt_client

        self._client.disconnected.clear()
        try:
            code = mqtt_client.subscribe(self._client, RESPONSE_TOPIC)
        except Exception as exc:  # not reconnected (yet): the caller may try a new connection
            self._client.disconnected.set()
            raise DynsecError(f"could not subscribe {self._user} to the control responses: {exc!r}") from exc
        if not mqtt_client.is_granted(code):
            raise DynsecError(f"the broker refused {self._user} its control responses ({code!r})")

    @classmethod
    def for_broker(cls, host: str, port: int, ca: LocalCA) -> DynsecAdmin:
        """The process's connection as `localcloud-tools` to this broker (outside the app process), opened with a
        certificate issued by the broker's CA on first use and shared after that.

        One per broker and process: the broker takes the client id from the certificate's name
        (`use_username_as_clientid`), so two connections as `localcloud-tools` take each other's session over
        again and again (both reconnect by themselves), and the answers to commands are lost in between. Two test
        modules that each kept one open to the e2e stack's broker did exactly that."""
        key_of = (host, port, str(ca.ca_path))
        with _TOOLS_LOCK:
            admin = _TOOLS.get(key_of)
            if admin is None or admin.closed:
                cert, key = ca.issue_client(TOOLS_USER)
                admin = _TOOLS[key_of] = cls(host, port, ca.ca_path, cert, key, TOOLS_USER)
            return admin

    def _on_message(self, topic: str, payload: bytes) -> None:
        try:
            responses = json.loads(payload).get("responses", [])
        except (ValueError, AttributeError):
            return
        with self._answered:
            for response in responses:
                if isinstance(response, dict) and response.get("correlationData"):
                    self._answers[str(response["correlationData"])] = response
            self._answered.notify_all()

    def run(self, commands: list[dict[str, Any]], timeout: float = 5.0) -> list[dict[str, Any]]:
        """Send commands; their responses in order. A response with an error raises, unless it says the client or
        role already exists (granting twice changes nothing)."""
        from iot import mqtt_client

        ids = [uuid.uuid4().hex for _ in commands]
        with self._lock:
            body = {"commands": [{**c, "correlationData": i} for c, i in zip(commands, ids, strict=True)]}
            for attempt in range(2):
                # The client reconnects by itself after a dropped connection, with a clean session: its
                # subscription to the answers is gone then. Subscribe again before sending (and once more before
                # the one resend: the commands are idempotent, an answer is matched by its correlation id).
                if attempt or self._client.disconnected.is_set():
                    self._subscribe()
                try:
                    mqtt_client.publish(self._client, CONTROL_TOPIC, body, qos=1)
                except Exception:  # no PUBACK in time (reconnecting): the next attempt subscribes and sends again
                    continue
                with self._answered:
                    if self._answered.wait_for(lambda: all(i in self._answers for i in ids), timeout):
                        responses = [self._answers.pop(i) for i in ids]
                        break
            else:
                raise DynsecError(f"no answer from the dynamic-security plugin within {timeout}s, twice")
        for response in responses:
            if response.get("error") and response["error"] not in _ALREADY:
                raise DynsecError(f"{response.get('command')}: {response['error']}")
        return responses

    def allow_thing(self, thing_name: str, policy: dict[str, Any] | None = None) -> None:
        """Give the thing its role from the device policy (idempotent)."""
        from iot.acl import load_device_policy, thing_role

        role = thing_role(policy or load_device_policy(), thing_name, os.environ.get("STAGE", "local"))
        self.run(
            [
                {"command": "createRole", **role},
                {"command": "createClient", "username": thing_name, "roles": [{"rolename": role["rolename"]}]},
            ]
        )

    def close(self) -> None:
        from iot import mqtt_client

        self.closed = True
        with _TOOLS_LOCK:
            for key_of, admin in list(_TOOLS.items()):
                if admin is self:
                    del _TOOLS[key_of]
        mqtt_client.disconnect(self._client)


class SharedAdmin:
    """The app process's one admin connection to the broker `LocalCloud` runs (environment `MQTT_*`)."""

    _lock = threading.Lock()
    _admin: DynsecAdmin | None = None

    @classmethod
    def get(cls) -> DynsecAdmin:
        with cls._lock:
            if cls._admin is None:
                cls._admin = DynsecAdmin(
                    os.environ.get("MQTT_HOST", "127.0.0.1"),
                    int(os.environ["MQTT_PORT"]),
                    os.environ["MQTT_CA"],
                    os.environ["MQTT_ADMIN_CERT"],
                    os.environ["MQTT_ADMIN_KEY"],
                )
            return cls._admin

    @classmethod
    def allow_thing(cls, thing_name: str) -> None:
        """Give the thing its role; once more on a new connection if the first one went unanswered (a dropped
        connection loses its subscription to the answers)."""
        try:
            cls.get().allow_thing(thing_name)
        except DynsecError:
            cls.close()
            cls.get().allow_thing(thing_name)

    @classmethod
    def close(cls) -> None:
        with cls._lock:
            admin, cls._admin = cls._admin, None
        if admin is not None:
            try:
                admin.close()
            except Exception:  # already gone
                pass
