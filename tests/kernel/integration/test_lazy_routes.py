"""Routes load their module on their first request (chalicelib/kernel/lazy_routes.py), from a table that is exactly
what the modules declare."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[3]

FRESH = textwrap.dedent(
    """
    import json, sys
    import app
    from chalicelib.kernel.route_table import MODULES

    def loaded():
        return sorted(m for m in MODULES if m in sys.modules)

    def event(path, resource=None, headers=None):
        return {"resource": resource or path, "path": path, "httpMethod": "GET", "headers": headers or {},
                "multiValueHeaders": None, "queryStringParameters": None, "multiValueQueryStringParameters": None,
                "pathParameters": None, "stageVariables": None, "body": None, "isBase64Encoded": False,
                "requestContext": {"resourcePath": resource or path, "httpMethod": "GET", "requestId": "r1",
                                   "path": path, "stage": "api", "identity": {"sourceIp": "127.0.0.1"}}}

    def context():
        from infra.localcloud.lambdas import LocalLambdaContext

        arn = "arn:aws-cn:lambda:cn-north-1:123456789012:function:smartcommunity-dev"
        return LocalLambdaContext("smartcommunity-dev", arn)

    # What the API's init must not pay for: storage, crypto and imaging load with the first request that needs them.
    HEAVY = ("pynamodb", "cryptography", "PIL", "wechatpayv3", "awscrt", "openpyxl", "jsonschema", "fastjsonschema")
    steps = {"import": loaded(), "heavy": sorted({m.split(".")[0] for m in sys.modules} & set(HEAVY))}
    health = app.app(event("/v1/health"), context())
    steps["health"] = [health["statusCode"], loaded()]
    me = app.app(event("/v1/staff/me"), context())
    steps["me"] = [me["statusCode"], json.loads(me["body"])["error"]["code"], loaded()]
    print(json.dumps(steps))
    """
)


def test_the_api_imports_no_route_module_and_a_request_loads_only_its_own(cloud: Any) -> None:
    from chalicelib.kernel.route_table import MODULES, ROUTES

    assert ("/v1/staff/me", "GET") in {(p, m) for p, m, _, _ in ROUTES}
    out = subprocess.run(
        [sys.executable, "-c", FRESH], cwd=ROOT, env=dict(os.environ), capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr[-3000:]
    steps = json.loads(out.stdout.strip().splitlines()[-1])
    assert len(MODULES) > 20
    assert steps["import"] == []
    assert steps["heavy"] == [], "importing app (every capability's tasks included) loads " + ", ".join(steps["heavy"])
    assert steps["health"] == [200, ["chalicelib.kernel.health"]]
    assert steps["me"] == [401, "TOKEN_MISSING", ["chalicelib.identity.routes", "chalicelib.kernel.health"]]


def test_the_table_is_what_the_modules_declare_and_the_app_routes_all_of_it(app: Any) -> None:
    from chalicelib.kernel import lazy_routes
    from chalicelib.kernel.route_table import ROUTES

    declared = lazy_routes.declared_routes()
    assert lazy_routes.TABLE.read_text() == lazy_routes.render(declared)
    routed = {(path, method) for path, methods in app.routes.items() for method in methods}
    assert routed == {(p, m) for p, m, _, _ in ROUTES} == {(p, m) for p, m, _, _ in declared}
    # The stand-ins carry the real views' names (what `chalice package` and the logs show).
    for path, method, _, name in declared:
        assert app.routes[path][method].view_name == name


def test_a_stale_table_refuses_to_serve_the_module(app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from chalice import Chalice

    from chalicelib.kernel import lazy_routes, route_table

    health = [r for r in route_table.ROUTES if r[0] == "/v1/health"]
    assert health
    monkeypatch.setattr(route_table, "ROUTES", tuple(r for r in route_table.ROUTES if r[0] != "/v1/health"))
    monkeypatch.setattr(lazy_routes, "_views", {})
    with pytest.raises(RuntimeError, match="make generate"):
        lazy_routes._module_views(Chalice(app_name="stale", configure_logs=False), "chalicelib.kernel.health")
