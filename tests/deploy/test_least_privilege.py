"""The least-privilege check itself: a call a function's x-permissions entry does not allow is caught.

The whole suite runs under the same recorder (tests/conftest.py) against the generated policies; here one function
is made to gain a call its policy lacks, through a real botocore client and moto.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from chalicelib.kernel.observability import current_function
from infra.build import build
from infra.localcloud.template import camel
from infra.permissions import CallRecorder, iam_calls, violations


def _policies() -> dict[str, dict[str, Any]]:
    resources = build()["Resources"]
    return {
        name: resources[f"{camel(name)}Role"]["Properties"]["Policies"][0]["PolicyDocument"]
        for name in ("presence_sweep", "ingest_event", "api_handler")
    }


@pytest.fixture(autouse=True)
def _not_in_the_session_record() -> Iterator[None]:
    """These tests misbehave on purpose: keep their calls out of the whole suite's least-privilege record."""
    from tests.conftest import CALLS

    with CALLS.paused():
        yield


def test_a_call_outside_the_declaration_is_reported_and_a_declared_one_is_not() -> None:
    recorder = CallRecorder()
    with mock_aws():
        sqs = boto3.client("sqs", region_name="cn-north-1")
        recorder.attach(sqs)
        alarms = sqs.create_queue(QueueName="stack-AlarmEventsQueue")["QueueUrl"]
        dead = sqs.create_queue(QueueName="stack-IotDeadLetterQueue")["QueueUrl"]
        physical = {alarms: "AlarmEventsQueue", dead: "IotDeadLetterQueue"}
        token = current_function.set("presence_sweep")
        try:
            sqs.send_message(QueueUrl=alarms, MessageBody="{}")  # declared
            assert violations(recorder.calls, _policies(), physical) == []
            sqs.send_message_batch(QueueUrl=dead, Entries=[{"Id": "1", "MessageBody": "{}"}])  # not declared
        finally:
            current_function.reset(token)
        sqs.send_message(QueueUrl=dead, MessageBody="{}")  # outside any function: not a function's call
    assert violations(recorder.calls, _policies(), physical) == [
        f"presence_sweep: sqs:SendMessage on IotDeadLetterQueue ({dead}) is not in its x-permissions entry"
    ]


def test_undeclared_functions_and_actions_are_reported() -> None:
    recorder = CallRecorder()
    with mock_aws():
        iot = boto3.client("iot", region_name="cn-north-1")
        recorder.attach(iot)
        for function in ("ingest_event", "alarm_consumer"):
            token = current_function.set(function)
            try:
                iot.create_keys_and_certificate(setAsActive=True)
            finally:
                current_function.reset(token)
    assert violations(recorder.calls, _policies(), {}) == [
        "alarm_consumer: iot:CreateKeysAndCertificate (function has no declaration)",
        "ingest_event: iot:CreateKeysAndCertificate is not in its x-permissions entry",
    ]


def test_calls_map_to_the_iam_actions_that_authorise_them() -> None:
    assert iam_calls("stepfunctions", "SendTaskSuccess", {"taskToken": "t"}) == [("states:SendTaskSuccess", None)]
    assert iam_calls("iot-data", "Publish", {"topic": "sc/c/d/commands"}) == [("iot:Publish", None)]
    assert iam_calls("sqs", "SendMessageBatch", {"QueueUrl": "u"}) == [("sqs:SendMessage", "u")]
    assert iam_calls(
        "dynamodb",
        "TransactWriteItems",
        {"TransactItems": [{"Put": {"TableName": "a"}}, {"ConditionCheck": {"TableName": "b"}}]},
    ) == [("dynamodb:PutItem", "a"), ("dynamodb:ConditionCheckItem", "b")]
    assert iam_calls("dynamodb", "BatchWriteItem", {"RequestItems": {"a": [], "b": []}}) == [
        ("dynamodb:BatchWriteItem", "a"),
        ("dynamodb:BatchWriteItem", "b"),
    ]
