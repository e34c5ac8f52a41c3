"""The mini-program's typed client (mobile_contracts/client) against the `make up` stack, through a Node
implementation of `wx.request`: `npm test` compiles the client and its test with tsc and runs `node --test`.

`make test` / `make e2e` install the Node packages first (`npm ci`, from the committed lock file).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLIENT = ROOT / "mobile_contracts" / "client"


def failing(output: str) -> str:
    """Each failed subtest with the lines that follow it (its error and stack), not only the end of the log."""
    lines = output.splitlines()
    blocks = ["\n".join(lines[i : i + 25]) for i, line in enumerate(lines) if re.match(r"^\s*not ok \d+ - ", line)]
    return "\n---\n".join(blocks)[-8000:]


def test_typed_client_runs_its_node_tests_against_the_stack(stack: dict[str, Any]) -> None:
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail("Node.js 20+ with npm is required for the client tests")
    if not (CLIENT / "node_modules" / "typescript").exists():
        pytest.fail("the client's Node packages are missing: run `make node` (npm ci in mobile_contracts/client)")
    env = {**os.environ, "SC_API": stack["api"], "SC_STATE": str(Path(stack["workdir"]) / "state.json")}
    env.pop("NODE_OPTIONS", None)
    result = subprocess.run([npm, "test"], cwd=CLIENT, env=env, capture_output=True, text=True, timeout=600)
    output = result.stdout + result.stderr
    assert result.returncode == 0, failing(output) or output[-6000:]
    counts = {k: int(v) for k, v in re.findall(r"^# (tests|pass|fail|skipped|cancelled) (\d+)$", output, re.M)}
    # Every test ran against the stack: none skipped for a missing SC_API, none cancelled.
    assert "# SKIP" not in output, output[-3000:]
    assert counts.get("fail") == 0 and counts.get("skipped") == 0 and counts.get("cancelled") == 0, output[-3000:]
    assert counts.get("pass", 0) == counts.get("tests", -1) >= 18, output[-3000:]
    for flow in ("resident: wx.login code", "staff: list people", "two concurrent calls share one refresh"):
        passed = re.search(rf"^\s*ok \d+ - .*{re.escape(flow)}", output, re.M)
        assert passed, f"{flow!r} did not pass:\n{output[-3000:]}"
