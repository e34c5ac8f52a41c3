"""Tracing on (prod) without the cold-start cost: the init loads no X-Ray code, yet every invocation and every AWS
call it makes reach the X-Ray daemon. Runs in a fresh process (the X-Ray SDK patches botocore process-wide) with a
Lambda-like environment; the daemon is a UDP socket on loopback, as in Lambda.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r"""
import json, sys
from moto import mock_aws

with mock_aws():
    import app
    assert "aws_xray_sdk" not in sys.modules, "the init imported the X-Ray SDK"
    from chalicelib.kernel import observability
    assert observability._tracer is None, "the init built the Tracer"
    from chalicelib.kernel.tables import TABLES
    for model in TABLES:
        model.create_table(billing_mode="PAY_PER_REQUEST", wait=True)

    class Context:
        function_name = "smartcommunity-prod-fleet_preprovisioning_hook"
        memory_limit_in_mb = 512
        invoked_function_arn = "arn:aws-cn:lambda:cn-north-1:123456789012:function:" + function_name
        aws_request_id = "req-1"

    from chalicelib.devices.tasks import fleet_preprovisioning_hook

    for _ in range(2):
        answer = fleet_preprovisioning_hook({"parameters": {"SerialNumber": "SN-TRACE-0001"}}, Context())
    from chalice.test import Client

    with Client(app.app) as client:
        health = client.http.get("/v1/health")
    print(json.dumps({"hook": answer, "health": health.status_code}))
"""


def test_tracing_is_built_by_the_first_invocation_and_traces_requests_and_aws_calls(tmp_path: Path) -> None:
    daemon = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    daemon.bind(("127.0.0.1", 0))
    daemon.settimeout(0.5)
    port = daemon.getsockname()[1]
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "TABLE_", "TRACING", "MOTO"))},
        "TRACING": "on",
        "LAMBDA_TASK_ROOT": str(tmp_path),
        "AWS_LAMBDA_FUNCTION_NAME": "smartcommunity-prod-fleet_preprovisioning_hook",
        "AWS_REGION": "cn-north-1",
        "AWS_DEFAULT_REGION": "cn-north-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_XRAY_DAEMON_ADDRESS": f"127.0.0.1:{port}",
        "_X_AMZN_TRACE_ID": "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
        "STAGE": "prod",
        "IOT_DATA_ENDPOINT": "https://example-ats.iot.cn-north-1.amazonaws.com.cn",  # a deployed stage has these
        "PARTNER_PLAN_STANDARD_ID": "abc123",
        "PARTNER_PLAN_BULK_ID": "def456",
        "POWERTOOLS_SERVICE_NAME": "smartcommunity",
        "POWERTOOLS_METRICS_NAMESPACE": "SmartCommunityTest",
        "POWERTOOLS_LOG_LEVEL": "WARNING",
    }
    try:
        done = subprocess.run(
            [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr[-3000:]
        answers = json.loads(done.stdout.strip().splitlines()[-1])
        assert answers == {"hook": {"allowProvisioning": False}, "health": 200}
        entities = []
        while True:
            try:
                datagram = daemon.recv(65536).decode()
            except TimeoutError:
                break
            header, _, body = datagram.partition("\n")
            assert json.loads(header)["format"] == "json"
            entities.append(json.loads(body))
    finally:
        daemon.close()
    names = [e.get("name") for e in entities]
    handlers = [e for e in entities if e.get("name") == "## fleet_preprovisioning_hook"]
    requests = [e for e in entities if e.get("name") == "## api_handler"]
    aws_calls = [e for e in entities if e.get("namespace") == "aws"]
    assert len(handlers) == 2, names  # every invocation, the first one included
    assert len(requests) == 1, names  # an HTTP request through the API handler
    by_parent: dict[str, set[str]] = {}
    for call in aws_calls:
        by_parent.setdefault(call["parent_id"], set()).add(call["aws"]["operation"])
    assert [by_parent.get(h["id"]) for h in handlers] == [{"Query"}, {"Query"}]  # each invocation's AWS call
    assert by_parent.get(requests[0]["id"]), "the health check's DynamoDB call is traced under its request"
    assert {c["name"] for c in aws_calls} == {"dynamodb"}
    assert {c["trace_id"] for c in handlers + requests + aws_calls} == {"1-5759e988-bd862e3fe1be46a994272793"}
