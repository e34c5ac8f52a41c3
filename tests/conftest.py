"""Test tiers, one folder each inside every capability's tests (tests/<capability>/<tier>/): unit (rules, no AWS),
integration (routes + moto), workflow (ASL executed); and for the whole system tests/e2e (the `make up` stack) and
tests/deploy (the packaged template).

The local cloud is started once per session, before `app` is imported, so every client the app builds points at it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("POWERTOOLS_METRICS_NAMESPACE", "SmartCommunityTest")
os.environ.setdefault("POWERTOOLS_SERVICE_NAME", "smartcommunity")
os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")
# The suites written before consent to WeChat subscribe messages send to accounts that never reported one; the
# consent tests (tests/notifications/integration/test_wechat_consent.py) turn the check on.
os.environ.setdefault("NOTIFY_WECHAT_CONSENT", "off")

# Every AWS call a function makes in this session is recorded (botocore event hook on every client) and, when the
# session's local cloud stops, compared with that function's x-permissions entry (infra/permissions.py).
from infra.permissions import CallRecorder

CALLS = CallRecorder()
CALLS.install()

ROOT = Path(__file__).resolve().parent.parent
OBSERVED = ROOT / "build" / "observed-calls.json"


# Parallel runs (`make test`: pytest-xdist): every test file is one unit of work, so a file's module fixtures are set
# up once and its tests keep their order; the deploy tests are one unit and the e2e tests another, first in the queue
# (with `--no-loadscope-reorder`), so the first worker starts with the deploy tests and the second with the e2e
# stack. Each worker is a process of its own with its own local cloud on free ports. (The units are made here, from
# the test ids, rather than with xdist_group marks: pytest-xdist 3.8 adds a mark's group to the test id in a way
# pytest 9 no longer honours.)
FIRST_UNITS = ("deploy", "e2e")


def unit_of(nodeid: str) -> str:
    path = nodeid.split("::", 1)[0]
    parts = path.split("/")
    return parts[1] if parts[0] == "tests" and len(parts) > 2 and parts[1] in FIRST_UNITS else path


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    from xdist.scheduler import LoadScopeScheduling

    class TestFileUnits(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return unit_of(nodeid)

    return TestFileUnits(config, log)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark each test with its tier (its folder: tests/<capability>/<tier>/). The deploy tests run first: they
    create stacks inside moto's `mock_aws`, which resets moto's in-process backends on exit, and the session's
    local cloud keeps its tables there once a test has started it. The e2e tests follow (their stack is a
    process of its own), so that in a parallel run they start at once on a worker of their own."""
    for item in items:
        tier = Path(str(item.fspath)).parent.name
        if tier in {"unit", "integration", "workflow", "e2e", "deploy"}:
            item.add_marker(getattr(pytest.mark, tier))
    rank = {unit: position for position, unit in enumerate(FIRST_UNITS)}
    items.sort(key=lambda item: rank.get(unit_of(item.nodeid), len(FIRST_UNITS)))


@pytest.fixture(scope="session")
def cloud() -> Iterator[Any]:
    """The local cloud (moto with ASL execution and in-process Lambda; no broker), provisioned from infra/."""
    from infra.localcloud.cloud import LocalCloud

    workdir = Path(tempfile.mkdtemp(prefix="sc-test-"))
    local = LocalCloud(workdir, broker=False).start()
    yield local
    problems = least_privilege_violations(local)
    local.stop()
    assert not problems, "calls outside the functions' declared permissions:\n" + "\n".join(problems)


def least_privilege_violations(local: Any) -> list[str]:
    """The recorded calls no function's role (as generated from x-permissions) allows; writes them for the record."""
    import json

    from infra.localcloud.template import camel, load_template
    from infra.permissions import violations

    template = load_template()
    policies = {}
    for name in {call.function for call in CALLS.calls}:
        role = template["Resources"].get(f"{camel(name)}Role", {})
        for policy in role.get("Properties", {}).get("Policies", []):
            policies[name] = policy["PolicyDocument"]
    physical = {str(v): k for k, v in local.resources.refs.items()}
    physical.update({str(a["Arn"]): k for k, a in local.resources.attrs.items() if "Arn" in a})
    observed: dict[str, set[str]] = {}
    for call in CALLS.calls:
        where = physical.get(call.resource or "", call.resource)
        observed.setdefault(call.function, set()).add(f"{call.action} {where or ''}".strip())
    # In a parallel run each worker checks its own calls (above) and writes them beside the others; the controller
    # merges the parts into one record when the session ends (pytest_sessionfinish).
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    out = OBSERVED.with_name(f"observed-calls.{worker}.json") if worker else OBSERVED
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({k: sorted(v) for k, v in sorted(observed.items())}, indent=2))
    return violations(CALLS.calls, policies, physical)


def _observed_parts() -> list[Path]:
    return sorted(OBSERVED.parent.glob("observed-calls.gw*.json"))


def pytest_sessionstart(session: pytest.Session) -> None:
    if not hasattr(session.config, "workerinput"):  # the controller (or a run without workers)
        for part in _observed_parts():
            part.unlink()


def pytest_sessionfinish(session: pytest.Session) -> None:
    """The controller of a parallel run: the workers' recorded calls, merged into build/observed-calls.json."""
    import json

    parts = _observed_parts()
    if hasattr(session.config, "workerinput") or not parts:
        return
    merged: dict[str, set[str]] = {}
    for part in parts:
        for function, calls in json.loads(part.read_text()).items():
            merged.setdefault(function, set()).update(calls)
        part.unlink()
    OBSERVED.write_text(json.dumps({k: sorted(v) for k, v in sorted(merged.items())}, indent=2))


@pytest.fixture(scope="session")
def app(cloud: Any) -> Any:
    import app as application

    return application.app


@pytest.fixture
def client(app: Any) -> Iterator[Any]:
    from chalice.test import Client

    with Client(app) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def live_api(app: Any) -> Iterator[str]:
    """The app over real HTTP (Chalice's local server, as `make up` runs it), for races (tests/support/live_api)."""
    from tests.support.live_api import serve

    yield from serve(app)
