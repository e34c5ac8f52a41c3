"""API Gateway as operators expect, on the template CloudFormation really gets (after the SAM
transform): one stage, `api`, with JSON access logs (request id, caller, status, latency) into a log group kept 180
days, and the stage's throttling from infra/stages.yaml."""

from __future__ import annotations

import json
from typing import Any

import pytest

from infra import lint
from infra.deploy import with_code_in_s3
from tests.deploy.test_stack_create import sam_transform


@pytest.fixture(scope="module", params=("cn-north-1", "us-east-1"))
def transformed(request: pytest.FixtureRequest) -> dict[str, Any]:
    template = json.loads(lint.packaged("prod").read_text())
    return sam_transform(with_code_in_s3(template, "artifacts", "code.zip"), request.param)


def _of_type(template: dict[str, Any], kind: str) -> dict[str, Any]:
    return {k: r for k, r in template["Resources"].items() if r["Type"] == kind}


def test_the_one_stage_is_api(transformed: dict[str, Any]) -> None:
    stages = _of_type(transformed, "AWS::ApiGateway::Stage")
    assert [s["Properties"]["StageName"] for s in stages.values()] == ["api"]
    for deployment in _of_type(transformed, "AWS::ApiGateway::Deployment").values():
        assert "StageName" not in deployment["Properties"], "a Deployment with StageName creates a `Stage` stage"


def test_access_logs_are_json_with_what_an_operator_looks_for(transformed: dict[str, Any]) -> None:
    [stage] = _of_type(transformed, "AWS::ApiGateway::Stage").values()
    setting = stage["Properties"]["AccessLogSetting"]
    assert setting["DestinationArn"] == {"Fn::GetAtt": ["ApiAccessLogGroup", "Arn"]}
    fields = json.loads(setting["Format"])
    assert fields["requestId"] == "$context.requestId"
    assert fields["sourceIp"] == "$context.identity.sourceIp" and fields["caller"] == "$context.identity.caller"
    assert fields["status"] == "$context.status" and fields["responseLatencyMs"] == "$context.responseLatency"
    group = transformed["Resources"]["ApiAccessLogGroup"]["Properties"]
    assert group["RetentionInDays"] >= 180
    # API Gateway writes logs with the account's CloudWatch role, whose principal comes from infra/partitions.yaml.
    [account] = _of_type(transformed, "AWS::ApiGateway::Account").values()
    role = account["Properties"]["CloudWatchRoleArn"]["Fn::GetAtt"][0]
    trust = transformed["Resources"][role]["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]
    assert trust["Principal"] == {"Service": "apigateway.amazonaws.com"}


def test_the_stage_is_throttled_with_the_stage_settings(transformed: dict[str, Any]) -> None:
    [stage] = _of_type(transformed, "AWS::ApiGateway::Stage").values()
    [method] = stage["Properties"]["MethodSettings"]
    assert (method["ResourcePath"], method["HttpMethod"]) == ("/*", "*")
    assert method["ThrottlingRateLimit"] == {"Ref": "ApiThrottleRate"}
    assert method["ThrottlingBurstLimit"] == {"Ref": "ApiThrottleBurst"}
