"""Test tiers: unit (domain, no AWS), integration (routes + moto), workflow (ASL executed), e2e (the `make up` stack).

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


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        tier = Path(str(item.fspath)).parent.name
        if tier in {"unit", "integration", "workflow", "e2e", "deploy"}:
            item.add_marker(getattr(pytest.mark, tier))


@pytest.fixture(scope="session")
def cloud() -> Iterator[Any]:
    """The local cloud (moto with ASL execution and in-process Lambda; no broker), provisioned from infra/."""
    from infra.localcloud.cloud import LocalCloud

    workdir = Path(tempfile.mkdtemp(prefix="sc-test-"))
    local = LocalCloud(workdir, broker=False).start()
    yield local
    local.stop()


@pytest.fixture(scope="session")
def app(cloud: Any) -> Any:
    import app as application

    return application.app


@pytest.fixture
def client(app: Any) -> Iterator[Any]:
    from chalice.test import Client

    with Client(app) as test_client:
        yield test_client
