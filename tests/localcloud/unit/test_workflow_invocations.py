"""Step Functions' Lambda tasks reach the app's functions through the local cloud's invoker, not through a request
to the endpoint moto's engine runs in; what the engine gets back is what its boto3 client answered (the payload
parsed, the function's error), and what the invoker cannot answer goes the usual way."""

from __future__ import annotations

import json
from typing import Any

import pytest
from moto.stepfunctions.parser.asl.component.state.exec.state_task import lambda_eval_utils as engine

from infra.localcloud.lambdas import Invoked, invoke_from_workflows


@pytest.fixture
def usual(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """The engine's own way (a boto3 client to the endpoint), recorded; restored after the test."""
    calls: list[dict[str, Any]] = []

    def through_the_endpoint(parameters: dict[str, Any], region: str, state_credentials: Any) -> Any:
        calls.append(parameters)
        return {"StatusCode": 200, "Payload": {"the": "endpoint"}}

    monkeypatch.setattr(engine, "_invoke_lambda_function", through_the_endpoint)
    return calls


def _installed(answers: dict[str, Invoked]) -> tuple[Any, list[tuple[str, bytes, str | None]]]:
    asked: list[tuple[str, bytes, str | None]] = []

    def invoke(function: str, raw: bytes, invocation_type: str | None) -> Invoked | None:
        asked.append((function, raw, invocation_type))
        return answers.get(function)

    invoke_from_workflows(invoke)
    return engine._invoke_lambda_function, asked


def test_the_apps_function_answers_without_a_request_to_the_endpoint(usual: list[dict[str, Any]]) -> None:
    body = json.dumps({"waiting": True}).encode()
    answer = (200, {"x-amz-executed-version": "$LATEST"}, body)
    invoke, asked = _installed({"arn:aws:lambda:cn-north-1:1:function:sc-alarm_workflow_task": answer})

    got = invoke(
        {"FunctionName": "arn:aws:lambda:cn-north-1:1:function:sc-alarm_workflow_task", "Payload": "{}"}, "r", None
    )

    assert got == {"StatusCode": 200, "Payload": {"waiting": True}, "ExecutedVersion": "$LATEST"}
    assert asked == [("arn:aws:lambda:cn-north-1:1:function:sc-alarm_workflow_task", b"{}", None)]
    assert usual == []


def test_a_function_error_reaches_the_engine_as_the_client_reported_it(usual: list[dict[str, Any]]) -> None:
    error = {"errorType": "AlarmStoreBusy", "errorMessage": "alm-1"}
    answer = (200, {"x-amz-function-error": "Unhandled"}, json.dumps(error).encode())
    invoke, _ = _installed({"f": answer})

    got = invoke({"FunctionName": "f", "Payload": b'{"task": "notify_and_wait"}'}, "r", None)

    assert got["FunctionError"] == "Unhandled" and got["Payload"] == error
    assert usual == []


@pytest.mark.parametrize(
    ("parameters", "answers"),
    [
        ({"FunctionName": "someone-elses", "Payload": "{}"}, {}),  # not the app's function
        ({"FunctionName": "f", "Payload": "{}"}, {"f": (502, {"x-amzn-errortype": "ServiceException"}, b"{}")}),
        ({"FunctionName": "f", "Payload": "{}", "Qualifier": "v2"}, {"f": (200, {}, b"{}")}),  # more than it knows
    ],
)
def test_what_the_invoker_cannot_answer_goes_the_usual_way(
    usual: list[dict[str, Any]], parameters: dict[str, Any], answers: dict[str, Invoked]
) -> None:
    invoke, _ = _installed(answers)

    assert invoke(parameters, "r", None) == {"StatusCode": 200, "Payload": {"the": "endpoint"}}
    assert usual == [parameters]
