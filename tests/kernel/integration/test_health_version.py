"""/v1/health reports the deployed version: AppVersion, which `make deploy` sets to the `git describe` of the deployed
commit (infra/deploy.py; tests/deploy/test_operations.py)."""

from __future__ import annotations

import json
from typing import Any

import pytest


def test_health_reports_the_deployed_version(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The version /v1/health shows is AppVersion (APP_VERSION in every function's environment)."""
    from chalicelib.kernel import config
    from infra.build import build

    assert build()["Globals"]["Function"]["Environment"]["Variables"]["APP_VERSION"] == {"Ref": "AppVersion"}
    monkeypatch.setenv("APP_VERSION", "v1.4.0-2-g0abc123")
    config.version.cache_clear()
    try:
        answer = client.http.get("/v1/health")
        assert json.loads(answer.body)["version"] == "v1.4.0-2-g0abc123"
    finally:
        config.version.cache_clear()
