"""The `make up` stack, started once per session as a subprocess on free ports and stopped with SIGINT."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def stack() -> Iterator[dict[str, Any]]:
    """Runs `python -m infra.localcloud up` (what `make up` runs); yields its state file plus the process."""
    workdir = Path(tempfile.mkdtemp(prefix="sc-e2e-"))
    port = _free_port()
    log = open(workdir / "stack.log", "wb")  # noqa: SIM115 (closed at teardown)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "TABLE_", "MQTT_", "JWT_"))}
    process = subprocess.Popen(
        [sys.executable, "-m", "infra.localcloud", "up", "--port", str(port), "--workdir", str(workdir)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    state_path = workdir / "state.json"
    deadline = time.monotonic() + 120
    while not state_path.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("the stack did not start:\n" + (workdir / "stack.log").read_text()[-4000:])
        time.sleep(0.2)
    state = json.loads(state_path.read_text())
    state["workdir"] = str(workdir)
    state["process"] = process
    yield state
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
        log.close()
    # Ctrl-C stops everything cleanly: the process exits 0 and leaves no broker behind.
    assert process.returncode == 0, (workdir / "stack.log").read_text()[-3000:]
    broker_pid = state.get("environment", {}).get("MQTT_BROKER_PID")
    if broker_pid:
        assert not Path(f"/proc/{broker_pid}").exists() or "zombie" in Path(f"/proc/{broker_pid}/status").read_text(), (
            "mosquitto outlived make up"
        )
