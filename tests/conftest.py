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

# Every AWS call a function makes in this session is recorded (botocore event hook on every client) and, when the
# session's local cloud stops, compared with that function's x-permissions entry (infra/permissions.py).
from infra.permissions import CallRecorder

CALLS = CallRecorder()
CALLS.install()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark each test with its tier (its folder: tests/<capability>/<tier>/). The deploy tests run first: they
    create stacks inside moto's `mock_aws`, which resets moto's in-process backends on exit, and the session's
    local cloud keeps its tables there once a test has started it."""
    for item in items:
        tier = Path(str(item.fspath)).parent.name
        if tier in {"unit", "integration", "workflow", "e2e", "deploy"}:
            item.add_marker(getattr(pytest.mark, tier))
    items.sort(key=lambda item: Path(str(item.fspath)).parent.name != "deploy")


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
    out = Path(__file__).resolve().parent.parent / "build" / "observed-calls.json"
    out.parent.mkdir(exist_ok=True)
    observed: dict[str, set[str]] = {}
    for call in CALLS.calls:
        where = physical.get(call.resource or "", call.resource)
        observed.setdefault(call.function, set()).add(f"{call.action} {where or ''}".strip())
    out.write_text(json.dumps({k: sorted(v) for k, v in sorted(observed.items())}, indent=2))
    return violations(CALLS.calls, policies, physical)


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
