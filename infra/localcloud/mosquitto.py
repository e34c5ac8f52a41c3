"""Run a Mosquitto broker on loopback as a local stand-in for AWS IoT Core.

TLS with client certificates from :class:`~infra.localcloud.pki.LocalCA` is mandatory; the certificate CN
becomes the MQTT username (``use_identity_as_username``) and, where supported, the client id
(``use_username_as_clientid``). Topics are restricted by the dynamic-security plugin, configured from the IoT
device policy (:func:`iot.acl.dynsec_config`; each thing's role is added by :meth:`MosquittoBroker.allow_thing`
or, in the local cloud, when the API issues its certificate): deny by default, and a SUBSCRIBE outside a
client's role is refused in the SUBACK, as AWS IoT does (``acl_file`` in Mosquitto 2.0 never checks one).

Revocation: with ``crl_path`` the listener checks client certificates against that CRL (``crlfile``). Mosquitto
re-reads it on SIGHUP (:meth:`MosquittoBroker.reload` / :func:`reload_broker`), which only affects new
connections, so :func:`kick_client` then takes over the revoked device's session (same client id, forced to the
certificate CN) and closes it, the way AWS IoT disconnects a deactivated certificate; the device's reconnects then
fail the TLS handshake.
"""

from __future__ import annotations

import json
import os
import pwd
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import weakref
from pathlib import Path
from types import TracebackType
from typing import Any, Final, Self

from infra.localcloud.pki import LocalCA

MAX_PACKET_SIZE: Final = 128 * 1024
SERVER_CERT_NAME: Final = "mosquitto"
PROBE_CLIENT_CN: Final = "localcloud-probe"
_FALLBACK_PATHS: Final = ("/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto", "/opt/homebrew/sbin/mosquitto")
# MQTT 3.1.1 CONNECT, clean session, keepalive 10 s, empty client id (replaced by the CN when forced).
_PROBE_CONNECT: Final = bytes([0x10, 12, 0, 4]) + b"MQTT" + bytes([4, 0x02, 0, 10, 0, 0])
_PROBE_DISCONNECT: Final = bytes([0xE0, 0])


class BrokerError(RuntimeError):
    """Mosquitto could not be started or did not become ready."""


def find_mosquitto() -> str | None:
    """Path of the ``mosquitto`` binary, or ``None`` when it is not installed."""
    found = shutil.which("mosquitto")
    if found:
        return found
    return next((path for path in _FALLBACK_PATHS if os.access(path, os.X_OK)), None)


def mosquitto_version(binary: str) -> tuple[int, ...] | None:
    """Version reported by ``mosquitto -h`` (e.g. ``(2, 0, 11)``), ``None`` when it cannot be parsed."""
    try:
        result = subprocess.run([binary, "-h"], capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = re.search(r"mosquitto version (\d+)\.(\d+)\.(\d+)", result.stdout + result.stderr)
    return tuple(int(part) for part in match.groups()) if match else None


def supports_username_as_clientid(binary: str) -> bool:
    """``use_username_as_clientid`` exists since Mosquitto 1.5 (Debian bookworm ships 2.0.11)."""
    version = mosquitto_version(binary)
    return version is not None and version >= (1, 5, 0)


def _terminate(process: subprocess.Popen[bytes], timeout: float = 5.0) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout)


def _parent_death_prefix() -> list[str]:
    """``setpriv --pdeathsig TERM --`` (util-linux, Linux only) or ``[]`` when unavailable.

    Uses a wrapper instead of ``preexec_fn``, which is unsafe once awscrt has started its threads.
    """
    setpriv = shutil.which("setpriv") if sys.platform.startswith("linux") else None
    return [setpriv, "--pdeathsig", "TERM", "--"] if setpriv else []


def free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class MosquittoBroker:
    """A Mosquitto subprocess bound to 127.0.0.1 with mTLS and an ACL; usable as a context manager.

    If :meth:`stop` is never called, the broker is terminated when the object is garbage-collected or the
    interpreter exits normally. ``die_with_parent=True`` (Linux, via ``setpriv``) also covers SIGKILL of the
    Python process, but the kernel ties it to the *thread* that called :meth:`start`: only use it from a
    long-lived thread.
    """

    def __init__(
        self,
        workdir: Path,
        ca: LocalCA,
        port: int = 0,
        privileged: dict[str, list[tuple[str, str]]] | None = None,
        binary: str | None = None,
        max_packet_size: int = MAX_PACKET_SIZE,
        die_with_parent: bool = False,
        crl_path: Path | None = None,
    ) -> None:
        self.workdir = Path(workdir)
        self.crl_path = Path(crl_path) if crl_path else None
        self.ca = ca
        self.privileged = dict(privileged or {})
        self._admin: Any = None
        self.max_packet_size = max_packet_size
        self._requested_port = port
        self._port: int | None = None
        self._binary = binary
        self._die_with_parent = die_with_parent
        self._finalizer: weakref.finalize[..., MosquittoBroker] | None = None
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def conf_path(self) -> Path:
        return self.workdir / "mosquitto.conf"

    @property
    def dynsec_path(self) -> Path:
        return self.workdir / "dynamic-security.json"

    @property
    def log_path(self) -> Path:
        return self.workdir / "mosquitto.log"

    @property
    def stderr_path(self) -> Path:
        return self.workdir / "mosquitto.stderr"

    @property
    def port(self) -> int:
        if self._port is None:
            raise BrokerError("broker not started")
        return self._port

    @property
    def host(self) -> str:
        return "127.0.0.1"

    @property
    def url(self) -> str:
        return f"mqtts://{self.host}:{self.port}"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def render_config(self, binary: str, port: int) -> str:
        from infra.localcloud.dynsec import find_plugin

        plugin = find_plugin(binary)
        if plugin is None:
            raise BrokerError(
                "Mosquitto's dynamic-security plugin (mosquitto_dynamic_security.so, shipped with Mosquitto 2.0) "
                "was not found; set MOSQUITTO_DYNSEC_PLUGIN to its path"
            )
        cert, key = self.ca.issue_server(SERVER_CERT_NAME, ["localhost", "127.0.0.1"])
        lines = [
            "# Generated by infra/localcloud/mosquitto.py",
            "per_listener_settings false",
            "allow_anonymous false",
            f"plugin {plugin}",
            f"plugin_opt_config_file {self.dynsec_path}",
            "persistence false",
            f"max_packet_size {self.max_packet_size}",
            # IoT Core does not drop a subscriber's messages under a burst; Mosquitto's defaults (1,000 queued, 20 in
            # flight per client) dropped the rules bridge's share of a 5,000-message burst.
            "max_queued_messages 200000",
            "max_inflight_messages 1000",
            f"log_dest file {self.log_path}",
            "log_type error",
            "log_type warning",
            "log_type notice",
            "log_type information",
            "connection_messages true",
            "log_timestamp_format %Y-%m-%dT%H:%M:%S",
            "",
            f"listener {port} 127.0.0.1",
            f"cafile {self.ca.ca_path}",
            f"certfile {cert}",
            f"keyfile {key}",
            "require_certificate true",
            "use_identity_as_username true",
        ]
        if self.crl_path is not None:
            lines.append(f"crlfile {self.crl_path}")
        if supports_username_as_clientid(binary):
            lines.append("use_username_as_clientid true")
        if os.geteuid() == 0:
            # Mosquitto drops root to "mosquitto" by default and could then not read the 0600 files here.
            lines.insert(2, f"user {pwd.getpwuid(os.geteuid()).pw_name}")
        return "\n".join(lines) + "\n"

    def start(self, timeout: float = 10.0) -> Self:
        if self.running:
            return self
        binary = self._binary or find_mosquitto()
        if binary is None:
            raise BrokerError("mosquitto binary not found (apt-get install mosquitto)")
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.ca.ensure()
        port = self._requested_port or free_loopback_port()
        from infra.localcloud.dynsec import ADMINS
        from iot.acl import dynsec_config

        self.dynsec_path.write_text(json.dumps(dynsec_config(self.privileged, ADMINS), indent=1))
        self.conf_path.write_text(self.render_config(binary, port))
        self.log_path.write_text("")
        self._port = port
        with self.stderr_path.open("wb") as stderr:
            prefix = _parent_death_prefix() if self._die_with_parent else []
            self._process = subprocess.Popen(
                [*prefix, binary, "-c", str(self.conf_path)],
                stdin=subprocess.DEVNULL,
                stdout=stderr,
                stderr=stderr,
            )
        # Terminates the broker when this object is collected or the interpreter exits without stop().
        self._finalizer = weakref.finalize(self, _terminate, self._process)
        try:
            self._wait_ready(timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        last_error: Exception | None = None
        while time.monotonic() < deadline:
            assert self._process is not None
            if self._process.poll() is not None:
                stderr = self.stderr_path.read_text(errors="replace")
                raise BrokerError(f"mosquitto exited with {self._process.returncode}\n{stderr}\n{self.log_tail()}")
            try:
                self.probe()
                return
            except (OSError, ssl.SSLError, BrokerError) as exc:
                last_error = exc
                time.sleep(0.05)
        raise BrokerError(f"mosquitto not ready after {timeout}s ({last_error})\n{self.log_tail()}")

    def probe(self, timeout: float = 2.0) -> None:
        """mTLS handshake plus MQTT CONNECT/CONNACK with a probe certificate; raises unless accepted."""
        cert, key = self.ca.issue_client(PROBE_CLIENT_CN)
        context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile=str(self.ca.ca_path))
        context.load_cert_chain(str(cert), str(key))
        with (
            socket.create_connection((self.host, self.port), timeout=timeout) as raw,
            context.wrap_socket(raw, server_hostname="localhost") as tls,
        ):
            tls.sendall(_PROBE_CONNECT)
            connack = tls.recv(4)
            if len(connack) < 4 or connack[0] != 0x20 or connack[3] != 0:
                raise BrokerError(f"unexpected CONNACK {connack!r}")
            tls.sendall(_PROBE_DISCONNECT)

    @property
    def pid(self) -> int:
        if self._process is None:
            raise BrokerError("broker not started")
        return self._process.pid

    def allow_thing(self, thing_name: str) -> None:
        """Give a thing its role from the device policy (what issuing its certificate does in the local cloud)."""
        from infra.localcloud.dynsec import DynsecAdmin

        self._admin = DynsecAdmin.for_broker(self.host, self.port, self.ca)  # the process's one (see there)
        self._admin.allow_thing(thing_name)

    def reload(self, timeout: float = 5.0) -> None:
        """SIGHUP: re-read the configuration and the CRL; returns once the broker has logged the reload."""
        reload_broker(self.pid, self.log_path, timeout)

    def kick(self, common_name: str) -> None:
        """Close the live session of the client whose certificate CN is ``common_name`` (if any)."""
        kick_client(self.host, self.port, self.ca, common_name)

    def stop(self, timeout: float = 5.0) -> None:
        admin, self._admin = self._admin, None
        if admin is not None:
            try:
                admin.close()
            except Exception:  # the broker is going away anyway
                pass
        process, self._process = self._process, None
        if self._finalizer is not None:
            self._finalizer.detach()
            self._finalizer = None
        if process is not None:
            _terminate(process, timeout)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def _reloads(log_path: Path) -> int:
    try:
        return log_path.read_text(errors="replace").count("Reloading config.")
    except OSError:
        return 0


def reload_broker(pid: int, log_path: Path | None = None, timeout: float = 5.0) -> None:
    """Send SIGHUP to a broker (also from a process that did not start it) and wait for it to reload.

    Without ``log_path`` (or env ``MQTT_BROKER_LOG``) there is nothing to watch: wait a short fixed time.
    """
    log = log_path or (Path(os.environ["MQTT_BROKER_LOG"]) if os.environ.get("MQTT_BROKER_LOG") else None)
    before = _reloads(log) if log else 0
    os.kill(pid, signal.SIGHUP)
    if log is None:
        time.sleep(0.3)
        return
    deadline = time.monotonic() + timeout
    while _reloads(log) <= before:
        if time.monotonic() > deadline:
            raise BrokerError(f"broker {pid} did not reload within {timeout}s")
        time.sleep(0.02)


def kick_client(host: str, port: int, ca: LocalCA, common_name: str, timeout: float = 3.0) -> None:
    """Take over the session of ``common_name`` with a fresh certificate of the same CN, then disconnect.

    Mosquitto forces the client id to the CN, so the new CONNECT replaces (and closes) the old connection.
    """
    cert_pem, key_pem = ca.issue_client_pem(common_name)
    with tempfile.TemporaryDirectory(prefix="kick-") as folder:
        cert, key = Path(folder) / "c.pem", Path(folder) / "c.key"
        cert.write_text(cert_pem)
        key.write_text(key_pem)
        os.chmod(key, 0o600)
        context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile=str(ca.ca_path))
        context.load_cert_chain(str(cert), str(key))
    with (
        socket.create_connection((host, port), timeout=timeout) as raw,
        context.wrap_socket(raw, server_hostname="localhost") as tls,
    ):
        tls.sendall(_PROBE_CONNECT)
        connack = tls.recv(4)
        if len(connack) < 4 or connack[0] != 0x20 or connack[3] != 0:
            raise BrokerError(f"kick of {common_name!r}: unexpected CONNACK {connack!r}")
        tls.sendall(_PROBE_DISCONNECT)
