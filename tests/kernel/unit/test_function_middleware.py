"""Every deployed function runs inside the same middleware as the API, even though the Lambda runtime imports only
the module its handler string names (aws/chalice#1566): Lambda context in the logs, metrics flushed, its name set."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from chalice import Chalice

from chalicelib.kernel.functions import FunctionBlueprint
from chalicelib.kernel.observability import current_function, metrics
from infra.localcloud.lambdas import LocalLambdaContext

ROOT = Path(__file__).resolve().parents[3]


def context() -> LocalLambdaContext:
    return LocalLambdaContext(
        "smartcommunity-dev-probe", "arn:aws-cn:lambda:cn-north-1:123456789012:function:smartcommunity-dev-probe"
    )


def _emitted_metrics(out: str) -> list[dict[str, Any]]:
    docs = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    return [d for d in docs if "_aws" in d]


def test_a_function_runs_inside_its_middleware_without_any_app(capsys: pytest.CaptureFixture[str]) -> None:
    bp = FunctionBlueprint("tests.unit.probe")

    @bp.lambda_function(name="probe")
    def probe(event: dict[str, Any], context: Any) -> str:
        metrics.add_metric(name="ProbeRuns", unit="Count", value=1)
        return current_function.get()

    assert probe({}, context()) == "probe"
    flushed = _emitted_metrics(capsys.readouterr().out)
    assert any(d.get("ProbeRuns") == [1.0] or d.get("ProbeRuns") == 1.0 for d in flushed), flushed
    assert current_function.get() == ""  # reset after the invocation

    # Registered on an app (what app.py does for `chalice package` and the local cloud): the same chain, not the
    # app's HTTP middleware and not nothing.
    app = Chalice(app_name="probe-app", configure_logs=False)
    seen: list[str] = []
    app.register_middleware(lambda event, get_response: seen.append("http") or get_response(event), "http")
    app.register_blueprint(bp)
    assert app.handler_map["probe"] is probe
    assert probe({}, context()) == "probe"
    assert seen == []
    assert any("ProbeRuns" in d for d in _emitted_metrics(capsys.readouterr().out))


def test_routes_are_not_declared_on_a_function_blueprint() -> None:
    bp = FunctionBlueprint("tests.unit.probe_routes")
    with pytest.raises(TypeError):
        bp.route("/v1/x")(lambda: None)


def test_every_deployed_function_carries_its_middleware_from_its_own_module() -> None:
    """For each function, a fresh interpreter does what the Lambda runtime does with the handler string."""
    import app

    handlers = {fn.name: fn.handler_string for fn in app.app.pure_lambda_functions}
    handlers |= {source.name: source.handler_string for source in app.app.event_sources}
    assert len(handlers) == len(app.function_names()) - 1
    code = textwrap.dedent(
        """
        import importlib, json, sys
        found = {}
        for name, handler in json.loads(sys.argv[1]).items():
            module, _, attr = handler.rpartition(".")
            entry = getattr(importlib.import_module(module), attr)
            found[name] = [getattr(m, "function_name", type(m).__name__) for m in entry.middleware_handlers]
        print(json.dumps({"found": found, "app_imported": "app" in sys.modules}))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code, json.dumps(handlers)], cwd=ROOT, capture_output=True, text=True, check=True
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["app_imported"] is False
    for name in handlers:
        assert result["found"][name][:3] == ["ConvertToMiddleware", "ConvertToMiddleware", name], name
