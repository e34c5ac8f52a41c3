"""The packaged template (`make package STAGE=...`: chalice package merged with infra/) deploys: cfn-lint is clean for
the China partition's two regions and a global region, least privilege holds per function, every alarm is there.

Packaging is cached by infra/lint.py (rebuilt only when an input changed).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from infra import lint
from infra.localcloud.template import camel
from infra.monitoring import lambda_logical_id
from infra.permissions import OWNED_TYPES, WILDCARD_ONLY, PolicyError, logical_ids_in, role_policies

STAGES = ("dev", "prod")


@pytest.fixture(scope="module", params=STAGES)
def packaged(request: pytest.FixtureRequest) -> tuple[str, Path]:
    return request.param, lint.packaged(request.param)


def _template(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text())


def _functions() -> list[str]:
    import app

    return list(app.function_names())


def test_cfn_lint_reports_no_errors_for_china_and_global_regions(packaged: tuple[str, Path]) -> None:
    stage, path = packaged
    matches = lint.lint(path, lint.REGIONS)
    errors = [lint.describe(m) for m in matches if m.rule.id.startswith("E")]
    assert lint.REGIONS == ("cn-north-1", "cn-northwest-1", "us-east-1")
    assert errors == [], f"{stage}: {errors}"


def test_false_positives_are_ignored_by_rule_id_only_where_they_occur(packaged: tuple[str, Path]) -> None:
    _, path = packaged
    ignored = {
        logical: (res["Type"], tuple(res["Metadata"]["cfn-lint"]["config"]["ignore_checks"]))
        for logical, res in _template(path)["Resources"].items()
        if "cfn-lint" in res.get("Metadata", {})
    }
    assert ignored, "the state machines carry their E3601 exception"
    # and the console's origin access control its E3006 (a type absent from the China regions' schemas, on a
    # resource whose condition creates it only in the aws partition: tests/deploy/test_console.py)
    console = ("AWS::CloudFront::OriginAccessControl", ("E3006",))
    assert ignored.pop("ConsoleOriginAccessControl") == console
    assert set(ignored.values()) == {("AWS::StepFunctions::StateMachine", ("E3601",))}
    assert not (Path(lint.ROOT) / ".cfnlintrc").exists(), "no blanket configuration"
    text = path.read_text()
    assert "arn:aws:" not in text, "a partition is hard-coded"


def test_every_function_has_a_log_group_kept_at_least_180_days(packaged: tuple[str, Path]) -> None:
    _, path = packaged
    resources = _template(path)["Resources"]
    groups = {k: v for k, v in resources.items() if v["Type"] == "AWS::Logs::LogGroup"}
    assert all(g["Properties"]["RetentionInDays"] >= 180 for g in groups.values())
    named = {g["Properties"]["LogGroupName"]["Fn::Sub"] for g in groups.values()}
    api_access = "/aws/apigateway/${AWS::StackName}-access"  # API Gateway's access log (test_api_gateway.py)
    assert named == {f"/aws/lambda/${{{lambda_logical_id(f)}}}" for f in _functions()} | {api_access}
    functions = {k for k, v in resources.items() if v["Type"] == "AWS::Serverless::Function"}
    assert {lambda_logical_id(f) for f in _functions()} == functions


def test_each_function_role_allows_only_its_declaration(packaged: tuple[str, Path]) -> None:
    _, path = packaged
    resources = _template(path)["Resources"]
    for name in _functions():
        policies = resources[f"{camel(name)}Role"]["Properties"]["Policies"]
        assert [p["PolicyName"] for p in policies] == ["least-privilege"], name
        for statement in policies[0]["PolicyDocument"]["Statement"]:
            actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
            targets = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
            if "*" in targets:
                assert set(actions) <= WILDCARD_ONLY, (name, actions)
            for action in actions:
                assert "*" not in action, (name, action)
                if action.split(":")[0] in OWNED_TYPES:
                    assert all(isinstance(t, dict) and logical_ids_in(t) for t in targets), (name, action, targets)

    # No function may hand out certificates but the API; only these complete task tokens: a device's ack
    # (ingest_event), a person's decision or a provider's notification (api_handler: payment notified, visitor pass
    # approved, alarm acknowledged or cleared), a back-to-normal reading (alarm_events), and workflow tasks that find
    # the decision already made before their token was stored.
    def grants(name: str) -> set[str]:
        doc = resources[f"{camel(name)}Role"]["Properties"]["Policies"][0]["PolicyDocument"]
        return {a for s in doc["Statement"] for a in s["Action"]}

    assert [f for f in _functions() if "iot:CreateKeysAndCertificate" in grants(f)] == ["api_handler"]
    assert sorted(f for f in _functions() if "states:SendTaskSuccess" in grants(f)) == sorted(
        {
            "alarm_events",
            "alarm_workflow_task",
            "api_handler",
            "ingest_event",
            "workflow_await_pass_decision",
            "workflow_payment_await",
            "workflow_payment_close",
            "workflow_payment_query",
        }
    )


def test_task_token_calls_are_scoped_to_the_state_machines_that_issue_them() -> None:
    from infra.build import build
    from infra.permissions import state_machine_arn

    resources = build()["Resources"]
    doc = resources["IngestEventRole"]["Properties"]["Policies"][0]["PolicyDocument"]
    [statement] = [s for s in doc["Statement"] if "states:SendTaskSuccess" in s["Action"]]
    assert statement["Resource"] == [{"Fn::Sub": state_machine_arn("DeviceCommandStateMachine")}]
    assert resources["DeviceCommandStateMachine"]["Properties"]["StateMachineName"] == {
        "Fn::Sub": "${AWS::StackName}-DeviceCommandStateMachine"
    }
    assert ".waitForTaskToken" in json.dumps(resources["DeviceCommandStateMachine"]["Properties"]["Definition"])


def test_a_function_without_a_declaration_fails_the_build_loudly() -> None:
    from infra.build import build

    resources = build()["Resources"]
    declarations = {name: [] for name in _functions()}
    with pytest.raises(PolicyError, match=r"no x-permissions entry .*\['alarm_consumer'\]"):
        role_policies(declarations, [*_functions(), "alarm_consumer"], resources)
    with pytest.raises(PolicyError, match="support resource-level permissions"):
        role_policies(
            {**declarations, "api_handler": [{"actions": ["dynamodb:GetItem"], "resources": ["*"]}]},
            _functions(),
            resources,
        )
    with pytest.raises(PolicyError, match="may only name template resources"):
        pattern = {"Fn::Sub": "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:*"}
        role_policies(
            {**declarations, "api_handler": [{"actions": ["sqs:SendMessage"], "resources": [pattern]}]},
            _functions(),
            resources,
        )
    plain = {"Type": "AWS::StepFunctions::StateMachine", "Properties": {"Definition": {"States": {}}}}
    with pytest.raises(PolicyError, match="issues no task token"):
        role_policies(
            {**declarations, "api_handler": [{"actions": ["states:SendTaskSuccess"], "resources": ["Plain"]}]},
            _functions(),
            {**resources, "Plain": plain},
        )


def test_events_have_their_own_queue_batched_without_waiting_and_acks_stay_direct(packaged: tuple[str, Path]) -> None:
    """Events: rule -> EventsQueue -> ingest_events_batch (apart from telemetry, batches of 10, no batching window);
    command acks: rule -> ingest_event directly."""
    _, path = packaged
    resources = _template(path)["Resources"]
    rule_sql = {
        logical: res["Properties"]["TopicRulePayload"]
        for logical, res in resources.items()
        if res["Type"] == "AWS::IoT::TopicRule"
    }
    events, acks = rule_sql["EventsTopicRule"], rule_sql["CommandAckTopicRule"]
    assert "FROM 'sc/+/+/events'" in events["Sql"]
    assert [a["Sqs"]["QueueUrl"] for a in events["Actions"]] == [{"Ref": "EventsQueue"}]
    assert events["ErrorAction"]["Sqs"]["QueueUrl"] == {"Ref": "IotDeadLetterQueue"}
    assert acks["Actions"] == [{"Lambda": {"FunctionArn": {"Fn::GetAtt": ["IngestEvent", "Arn"]}}}]
    role = resources["IotRuleRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
    assert {"Fn::GetAtt": ["EventsQueue", "Arn"]} in [
        r for s in role if s["Action"] == "sqs:SendMessage" for r in s["Resource"]
    ]
    invoked_by = [
        res["Properties"]["SourceArn"]["Fn::GetAtt"][0]
        for res in resources.values()
        if res["Type"] == "AWS::Lambda::Permission"
        and res["Properties"]["FunctionName"] == {"Fn::GetAtt": ["IngestEvent", "Arn"]}
    ]
    assert invoked_by == ["CommandAckTopicRule"], "no rule but the command-ack rule invokes ingest_event"

    mapping = resources["EventsQueueMapping"]["Properties"]
    assert mapping["EventSourceArn"] == {"Fn::GetAtt": ["EventsQueue", "Arn"]}
    assert mapping["FunctionName"] == {"Fn::GetAtt": ["IngestEventsBatch", "Arn"]}
    assert resources["IngestEventsBatch"]["Type"] == "AWS::Serverless::Function"
    assert (mapping["BatchSize"], mapping["MaximumBatchingWindowInSeconds"]) == (10, 0)
    assert mapping["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert mapping["ScalingConfig"]["MaximumConcurrency"] >= 2
    telemetry = resources["TelemetryQueueMapping"]["Properties"]
    assert telemetry["EventSourceArn"] != mapping["EventSourceArn"], "a telemetry backlog must not delay an event"

    queue = resources["EventsQueue"]["Properties"]
    timeout = resources["IngestEventsBatch"]["Properties"]["Timeout"]
    assert queue["VisibilityTimeout"] >= 6 * timeout and queue["SqsManagedSseEnabled"] is True
    assert queue["RedrivePolicy"] == {
        "deadLetterTargetArn": {"Fn::GetAtt": ["IotDeadLetterQueue", "Arn"]},
        "maxReceiveCount": 5,
    }


def test_alarms_cover_api_functions_dead_letters_rules_workflows_and_tables(packaged: tuple[str, Path]) -> None:
    _, path = packaged
    resources = _template(path)["Resources"]
    alarms = {k: v["Properties"] for k, v in resources.items() if v["Type"] == "AWS::CloudWatch::Alarm"}

    def metrics(namespace: str) -> set[tuple[str, str]]:
        found = set()
        for props in alarms.values():
            stats = [m["MetricStat"]["Metric"] for m in props.get("Metrics", []) if "MetricStat" in m] or [props]
            for metric in stats:
                if metric.get("Namespace") == namespace:
                    dims = {d["Name"]: d["Value"] for d in metric["Dimensions"]}
                    found.add((metric["MetricName"], json.dumps(next(iter(dims.values())), sort_keys=True)))
        return found

    of_type = lambda t: sorted(k for k, v in resources.items() if v["Type"] == t)  # noqa: E731
    ref = lambda logical: json.dumps({"Ref": logical})  # noqa: E731
    assert {m for m, _ in metrics("AWS/ApiGateway")} == {"5XXError", "Latency"}
    assert alarms["ApiLatencyP99Alarm"]["ExtendedStatistic"] == "p99"
    for name in _functions():
        for metric in ("Errors", "Throttles"):
            assert (metric, ref(lambda_logical_id(name))) in metrics("AWS/Lambda")
    for queue in ("IotDeadLetterQueue", "WorkflowDeadLetterQueue"):
        dim = json.dumps({"Fn::GetAtt": [queue, "QueueName"]})
        assert ("ApproximateNumberOfMessagesVisible", dim) in metrics("AWS/SQS")
    for queue in ("EventsQueue", "AlarmEventsQueue"):  # the queues an alarm passes through
        dim = json.dumps({"Fn::GetAtt": [queue, "QueueName"]})
        assert ("ApproximateAgeOfOldestMessage", dim) in metrics("AWS/SQS")
    for rule in of_type("AWS::IoT::TopicRule"):
        assert {("Failure", ref(rule)), ("ErrorActionFailure", ref(rule))} <= metrics("AWS/IoT")
    for machine in of_type("AWS::StepFunctions::StateMachine"):
        assert {("ExecutionsFailed", ref(machine)), ("ExecutionsTimedOut", ref(machine))} <= metrics("AWS/States")
    for table in of_type("AWS::DynamoDB::Table"):
        assert {("ReadThrottleEvents", ref(table)), ("WriteThrottleEvents", ref(table))} <= metrics("AWS/DynamoDB")
    topic = {"Ref": "OperatorAlarmTopic"}
    assert all(props["AlarmActions"] == [topic] for props in alarms.values())
    assert resources["OperatorAlarmTopic"]["Type"] == "AWS::SNS::Topic"
    assert of_type("AWS::CloudWatch::Dashboard") == ["OperationsDashboard"]
    body = resources["OperationsDashboard"]["Properties"]["DashboardBody"]["Fn::Sub"]
    assert len(json.loads(body)["widgets"]) >= 8


def test_the_api_is_regional_because_china_regions_have_no_edge_optimized_endpoints(
    packaged: tuple[str, Path],
) -> None:
    _, path = packaged
    api = _template(path)["Resources"]["RestAPI"]["Properties"]
    assert api["EndpointConfiguration"] == "REGIONAL"
    assert api["Name"] == {"Fn::Sub": "${AWS::StackName}"}  # the CloudWatch dimension the alarms use


def test_a_queue_added_later_as_a_dead_letter_target_gets_its_depth_alarm() -> None:
    """The alarm pipeline's DLQ lands with another branch: whatever its name, a redrive target is watched."""
    from infra.build import build
    from infra.monitoring import alarms

    template = build()
    resources = template["Resources"]
    resources["AlarmEventsRetryStore"] = {"Type": "AWS::SQS::Queue", "Properties": {}}
    resources["AlarmEventsQueue"]["Properties"]["RedrivePolicy"] = {
        "deadLetterTargetArn": {"Fn::GetAtt": ["AlarmEventsRetryStore", "Arn"]},
        "maxReceiveCount": 5,
    }
    found = alarms(template, _functions())
    assert "AlarmEventsRetryStoreDepthAlarm" in found
    assert "TelemetryQueueDepthAlarm" not in found, "a working queue is not a dead-letter queue"
