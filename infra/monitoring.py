"""Monitoring as code: CloudWatch alarms, the operators' SNS topic and one dashboard, added by infra/build.py.

Alarms are derived from what the template holds, so a function, queue, table, topic rule or state machine added
later is watched without anyone remembering to:

- API: 5xx rate (`5XXError` average = share of requests answered 5xx) and p99 latency;
- every Lambda function: errors and throttles;
- every dead-letter queue (named `*DeadLetterQueue`, or the target of a redrive policy or an on-failure destination:
  IoT, workflow, and the alarm pipeline's when it lands): any message visible; the queues alarms pass through (device
  events before ingestion, alarm events before their consumer): their oldest message waiting too long;
- every IoT topic rule: action failures (`Failure`) and error-action failures (`ErrorActionFailure`);
- every state machine: failed and timed-out executions;
- every DynamoDB table: read or write throttle events.

Thresholds that differ per stage are template parameters (infra/stages.yaml sets them).
"""

from __future__ import annotations

import json
from typing import Any

TOPIC = "OperatorAlarmTopic"
DASHBOARD = "OperationsDashboard"
# Working queues an alarm passes through: their oldest message must not wait (a backlog here delays alarms).
AGE_WATCHED = {
    "EventsQueue": "Device events (possible alarms) wait more than 5 minutes for ingest_events_batch",
    "AlarmEventsQueue": "Device alarm events wait more than 5 minutes for their consumer",
}

PARAMETERS: dict[str, dict[str, Any]] = {
    "OperatorEmail": {
        "Type": "String",
        "Default": "",
        "Description": "Address subscribed to the operators' alarm topic (empty: subscribe later)",
    },
    "ApiLatencyP99Ms": {"Type": "Number", "Default": 3000, "Description": "API p99 latency alarm threshold (ms)"},
    "Api5xxRatePercent": {"Type": "Number", "Default": 1, "Description": "API 5xx rate alarm threshold (%)"},
}


def lambda_logical_id(name: str) -> str:
    """Chalice's logical id of a function: `APIHandler` for the routes, else the camel-cased name."""
    from infra.localcloud.template import camel

    return "APIHandler" if name == "api_handler" else camel(name)


def _alarm(
    description: str,
    namespace: str,
    metric: str,
    dimensions: dict[str, Any],
    *,
    statistic: str = "Sum",
    threshold: Any = 1,
    period: int = 300,
    evaluation_periods: int = 1,
    comparison: str = "GreaterThanOrEqualToThreshold",
) -> dict[str, Any]:
    props: dict[str, Any] = {
        "AlarmDescription": description,
        "Namespace": namespace,
        "MetricName": metric,
        "Dimensions": [{"Name": k, "Value": v} for k, v in dimensions.items()],
        "Period": period,
        "EvaluationPeriods": evaluation_periods,
        "Threshold": threshold,
        "ComparisonOperator": comparison,
        "TreatMissingData": "notBreaching",
        "AlarmActions": [{"Ref": TOPIC}],
        "OKActions": [{"Ref": TOPIC}],
    }
    if statistic.startswith("p"):
        props["ExtendedStatistic"] = statistic
    else:
        props["Statistic"] = statistic
    return {"Type": "AWS::CloudWatch::Alarm", "Properties": props}


def _dead_letter_queues(resources: dict[str, Any]) -> set[str]:
    """Queues named `*DeadLetterQueue`, or that a redrive policy or an on-failure destination points at."""
    found = {k for k, v in resources.items() if v.get("Type") == "AWS::SQS::Queue" and k.endswith("DeadLetterQueue")}

    def targets(value: Any) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                if key in ("deadLetterTargetArn", "Destination") and isinstance(inner, dict) and "Fn::GetAtt" in inner:
                    found.add(inner["Fn::GetAtt"][0])
                targets(inner)
        elif isinstance(value, list):
            for inner in value:
                targets(inner)

    targets({k: v.get("Properties") for k, v in resources.items()})
    return {q for q in found if resources.get(q, {}).get("Type") == "AWS::SQS::Queue"}


def alarms(template: dict[str, Any], functions: list[str]) -> dict[str, dict[str, Any]]:
    resources = template["Resources"]
    api = {"ApiName": {"Ref": "AWS::StackName"}, "Stage": "api"}
    # 5XXError's Average is the share of requests answered 5xx (0..1); the stage's threshold is a percentage.
    rate = _alarm("API: share of requests answered 5xx above the stage's threshold", "", "", {})
    for key in ("Namespace", "MetricName", "Dimensions", "Statistic"):
        rate["Properties"].pop(key)
    rate["Properties"].pop("Period")
    rate["Properties"].update(
        {
            "Threshold": {"Ref": "Api5xxRatePercent"},
            "EvaluationPeriods": 2,
            "ComparisonOperator": "GreaterThanThreshold",
            "Metrics": [
                {
                    "Id": "errors",
                    "ReturnData": False,
                    "MetricStat": {
                        "Metric": {
                            "Namespace": "AWS/ApiGateway",
                            "MetricName": "5XXError",
                            "Dimensions": [{"Name": k, "Value": v} for k, v in api.items()],
                        },
                        "Period": 300,
                        "Stat": "Average",
                    },
                },
                {"Id": "rate", "Expression": "errors * 100", "Label": "5xx rate (%)", "ReturnData": True},
            ],
        }
    )
    out: dict[str, dict[str, Any]] = {
        "Api5xxRateAlarm": rate,
        "ApiLatencyP99Alarm": _alarm(
            "API: p99 latency above the stage's threshold",
            "AWS/ApiGateway",
            "Latency",
            api,
            statistic="p99",
            threshold={"Ref": "ApiLatencyP99Ms"},
            evaluation_periods=3,
            comparison="GreaterThanThreshold",
        ),
    }
    for name in functions:
        logical = lambda_logical_id(name)
        for metric in ("Errors", "Throttles"):
            out[f"{logical}{metric}Alarm"] = _alarm(
                f"Lambda {name}: {metric.lower()}", "AWS/Lambda", metric, {"FunctionName": {"Ref": logical}}
            )
    dead_letter_queues = _dead_letter_queues(resources)
    for logical, res in sorted(resources.items()):
        rtype = res.get("Type")
        if rtype == "AWS::SQS::Queue" and logical in dead_letter_queues:
            out[f"{logical}DepthAlarm"] = _alarm(
                f"Dead letters in {logical}: inspect and redrive",
                "AWS/SQS",
                "ApproximateNumberOfMessagesVisible",
                {"QueueName": {"Fn::GetAtt": [logical, "QueueName"]}},
                statistic="Maximum",
            )
        elif rtype == "AWS::SQS::Queue" and logical in AGE_WATCHED:
            out[f"{logical}AgeAlarm"] = _alarm(
                AGE_WATCHED[logical],
                "AWS/SQS",
                "ApproximateAgeOfOldestMessage",
                {"QueueName": {"Fn::GetAtt": [logical, "QueueName"]}},
                statistic="Maximum",
                threshold=300,
                period=60,
                evaluation_periods=2,
            )
        elif rtype == "AWS::IoT::TopicRule":
            for metric in ("Failure", "ErrorActionFailure"):
                out[f"{logical}{metric}Alarm"] = _alarm(
                    f"IoT rule {logical}: {metric}", "AWS/IoT", metric, {"RuleName": {"Ref": logical}}
                )
        elif rtype == "AWS::StepFunctions::StateMachine":
            for metric in ("ExecutionsFailed", "ExecutionsTimedOut"):
                out[f"{logical}{metric}Alarm"] = _alarm(
                    f"Workflow {logical}: {metric}", "AWS/States", metric, {"StateMachineArn": {"Ref": logical}}
                )
        elif rtype == "AWS::DynamoDB::Table":
            for metric in ("ReadThrottleEvents", "WriteThrottleEvents"):
                out[f"{logical}{metric}Alarm"] = _alarm(
                    f"Table {logical}: {metric}", "AWS/DynamoDB", metric, {"TableName": {"Ref": logical}}
                )
    return out


def dashboard(template: dict[str, Any], functions: list[str]) -> dict[str, Any]:
    """One dashboard: API, functions, queues, workflows, tables, IoT rules (names resolved by Fn::Sub)."""
    resources = template["Resources"]

    def of_type(rtype: str) -> list[str]:
        return sorted(k for k, v in resources.items() if v.get("Type") == rtype)

    def widget(title: str, metrics: list[list[Any]], stat: str = "Sum") -> dict[str, Any]:
        return {
            "type": "metric",
            "width": 12,
            "height": 6,
            "properties": {"title": title, "region": "${AWS::Region}", "stat": stat, "period": 300, "metrics": metrics},
        }

    api = ["ApiName", "${AWS::StackName}", "Stage", "api"]
    lambdas = [lambda_logical_id(n) for n in functions]
    queues = of_type("AWS::SQS::Queue")
    widgets = [
        widget(
            "API requests and errors",
            [["AWS/ApiGateway", m, *api] for m in ("Count", "4XXError", "5XXError")],
        ),
        widget("API latency p99 (ms)", [["AWS/ApiGateway", "Latency", *api]], stat="p99"),
        widget("Lambda errors", [["AWS/Lambda", "Errors", "FunctionName", f"${{{f}}}"] for f in lambdas]),
        widget("Lambda throttles", [["AWS/Lambda", "Throttles", "FunctionName", f"${{{f}}}"] for f in lambdas]),
        widget(
            "Lambda duration p99 (ms)",
            [["AWS/Lambda", "Duration", "FunctionName", f"${{{f}}}"] for f in lambdas],
            stat="p99",
        ),
        widget(
            "Queue depth",
            [["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", f"${{{q}.QueueName}}"] for q in queues],
            stat="Maximum",
        ),
        widget(
            "Workflows failed / timed out",
            [
                ["AWS/States", m, "StateMachineArn", f"${{{s}}}"]
                for s in of_type("AWS::StepFunctions::StateMachine")
                for m in ("ExecutionsFailed", "ExecutionsTimedOut")
            ],
        ),
        widget(
            "DynamoDB throttles",
            [
                ["AWS/DynamoDB", m, "TableName", f"${{{t}}}"]
                for t in of_type("AWS::DynamoDB::Table")
                for m in ("ReadThrottleEvents", "WriteThrottleEvents")
            ],
        ),
        widget(
            "IoT rule failures",
            [
                ["AWS/IoT", m, "RuleName", f"${{{r}}}"]
                for r in of_type("AWS::IoT::TopicRule")
                for m in ("Failure", "ErrorActionFailure")
            ],
        ),
    ]
    for number, w in enumerate(widgets):
        w["x"], w["y"] = (number % 2) * 12, (number // 2) * 6
    return {
        "Type": "AWS::CloudWatch::Dashboard",
        "Properties": {
            "DashboardName": {"Fn::Sub": "${AWS::StackName}-operations"},
            "DashboardBody": {"Fn::Sub": json.dumps({"widgets": widgets}, separators=(",", ":"))},
        },
    }


def add_monitoring(template: dict[str, Any], functions: list[str]) -> None:
    resources = template["Resources"]
    template.setdefault("Parameters", {}).update(PARAMETERS)
    template.setdefault("Conditions", {})["HasOperatorEmail"] = {
        "Fn::Not": [{"Fn::Equals": [{"Ref": "OperatorEmail"}, ""]}]
    }
    resources[TOPIC] = {
        "Type": "AWS::SNS::Topic",
        # Unencrypted on purpose: CloudWatch cannot publish to a topic under the AWS-managed SNS key, and alarm
        # notifications carry no personal data.
        "Properties": {"DisplayName": {"Fn::Sub": "${AWS::StackName} alarms"}},
    }
    resources["OperatorAlarmEmail"] = {
        "Type": "AWS::SNS::Subscription",
        "Condition": "HasOperatorEmail",
        "Properties": {"TopicArn": {"Ref": TOPIC}, "Protocol": "email", "Endpoint": {"Ref": "OperatorEmail"}},
    }
    resources.update(alarms(template, functions))
    resources[DASHBOARD] = dashboard(template, functions)
    template.setdefault("Outputs", {}).update(
        {
            "OperatorAlarmTopicArn": {"Value": {"Ref": TOPIC}, "Description": "Subscribe operators here"},
            "OperationsDashboardName": {"Value": {"Ref": DASHBOARD}, "Description": "CloudWatch dashboard"},
        }
    )
    # The API's name is the CloudWatch dimension: name it after the stack (dev and prod may share an account).
    resources.setdefault("RestAPI", {}).setdefault("Properties", {})["Name"] = {"Fn::Sub": "${AWS::StackName}"}
