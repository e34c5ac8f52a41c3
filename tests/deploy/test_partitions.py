"""Per-partition facts (infra/partitions.yaml) applied to the packaged template: service principals, Retain, tracing.

- Service principals: the SAM-transformed template, resolved for aws and for aws-cn, names only the principals of
  the table (never `<service>.amazonaws.com.cn`, which IAM refuses in aws-cn for most services).
- What must outlive a stack is retained: every table, bucket, key and secret.
- Tracing follows the partition (X-Ray integration with Lambda is not offered in the China regions), not the stage.
- Every service the template uses has its entry in the table, with the page and the day it was read.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import yaml

from infra import lint
from infra.build import apply_partitions
from infra.deploy import with_code_in_s3
from tests.deploy.test_stack_create import sam_transform

FACTS: dict[str, Any] = yaml.safe_load((lint.ROOT / "infra" / "partitions.yaml").read_text())
PARTITION_OF = {"cn-north-1": "aws-cn", "us-east-1": "aws"}


@pytest.fixture(scope="module", params=("dev", "prod"))
def template(request: pytest.FixtureRequest) -> dict[str, Any]:
    return dict(json.loads(lint.packaged(request.param).read_text()))


def _service_principals(value: Any, mappings: dict[str, Any], partition: str) -> list[str]:
    """Every service principal in a policy document or a Lambda permission, FindInMap resolved for `partition`."""

    def resolve(v: Any) -> Any:
        if isinstance(v, dict) and set(v) == {"Fn::FindInMap"}:
            name, key, field = v["Fn::FindInMap"]
            assert key == {"Ref": "AWS::Partition"}, v
            return mappings[name][partition][field]
        return v

    found: list[str] = []
    if isinstance(value, list):
        for item in value:
            found += _service_principals(item, mappings, partition)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key == "Principal" and isinstance(item, dict) and "Service" in item:
                services = item["Service"] if isinstance(item["Service"], list) else [item["Service"]]
                found += [resolve(s) for s in services]
            elif key == "Principal" and not isinstance(item, dict):  # AWS::Lambda::Permission
                found.append(resolve(item))
            else:
                found += _service_principals(item, mappings, partition)
    return found


@pytest.mark.parametrize("region", sorted(PARTITION_OF))
def test_service_principals_come_from_the_partition_table(template: dict[str, Any], region: str) -> None:
    partition = PARTITION_OF[region]
    transformed = sam_transform(with_code_in_s3(template, "artifacts", "code.zip"), region)
    principals = _service_principals(transformed["Resources"], transformed.get("Mappings", {}), partition)
    allowed = {values[partition] for values in FACTS["service_principals"].values()}
    services = [p for p in principals if isinstance(p, str) and p.endswith((".amazonaws.com", ".amazonaws.com.cn"))]
    # The roles of the workflows, the IoT rules and fleet provisioning; the IoT and S3 grants; Lambda's own roles.
    assert {"states.amazonaws.com", "iot.amazonaws.com", "s3.amazonaws.com", "lambda.amazonaws.com"} <= set(services)
    unexpected = sorted({p for p in principals if p not in allowed and not str(p).startswith("arn:")})
    assert unexpected == [], f"{partition}: principals not in infra/partitions.yaml: {unexpected}"
    assert "URLSuffix" not in json.dumps(principals)
    assert not any(str(p).endswith(".cn") for p in principals)


def test_a_principal_that_differs_between_partitions_is_looked_up_by_partition() -> None:
    facts = {
        "service_principals": {"logs": {"aws": "logs.amazonaws.com", "aws-cn": "logs.cn-north-1.amazonaws.com.cn"}},
        "switches": {"xray_tracing": {"aws": True, "aws-cn": False}},
    }
    template = {"Resources": {"R": {"Properties": {"Principal": {"x-service-principal": "logs"}}}}}
    apply_partitions(template, facts)
    assert template["Resources"]["R"]["Properties"]["Principal"] == {
        "Fn::FindInMap": ["ServicePrincipals", {"Ref": "AWS::Partition"}, "logs"]
    }
    assert template["Mappings"]["ServicePrincipals"]["aws-cn"] == {"logs": "logs.cn-north-1.amazonaws.com.cn"}
    assert template["Conditions"]["XRayTracing"] == {"Fn::Equals": [{"Ref": "AWS::Partition"}, "aws"]}
    with pytest.raises(SystemExit, match="no service principal for 'sns'"):
        apply_partitions({"Resources": {"R": {"x": {"x-service-principal": "sns"}}}}, facts)


def test_everything_that_must_outlive_the_stack_is_retained(template: dict[str, Any]) -> None:
    kept = ("AWS::DynamoDB::Table", "AWS::S3::Bucket", "AWS::KMS::Key", "AWS::SecretsManager::Secret")
    found = {logical: res for logical, res in template["Resources"].items() if res["Type"] in kept}
    not_retained = sorted(
        logical
        for logical, res in found.items()
        if (res.get("DeletionPolicy"), res.get("UpdateReplacePolicy")) != ("Retain", "Retain")
    )
    assert not_retained == []
    counts = {t: sum(1 for r in found.values() if r["Type"] == t) for t in kept}
    from chalicelib.kernel.tables import TABLES

    # the buckets: media, and the duty-room console's (its files are rebuilt by every deploy; kept like the rest)
    assert counts == {t: n for t, n in zip(kept, (len(TABLES), 2, 1, 6), strict=True)}, counts


def _evaluate(value: Any, conditions: dict[str, Any], partition: str) -> Any:
    if isinstance(value, dict) and "Fn::If" in value:
        name, then, otherwise = value["Fn::If"]
        return _evaluate(then if _condition(conditions[name], partition) else otherwise, conditions, partition)
    return value


def _condition(expr: Any, partition: str) -> bool:
    if "Fn::Equals" in expr:
        left, right = expr["Fn::Equals"]
        return (partition if left == {"Ref": "AWS::Partition"} else left) == right
    if "Fn::Or" in expr:
        return any(_condition(e, partition) for e in expr["Fn::Or"])
    raise AssertionError(f"condition not evaluated here: {expr}")


def test_tracing_follows_the_partition_not_the_stage(template: dict[str, Any]) -> None:
    conditions = template["Conditions"]
    functions = [r["Properties"] for r in template["Resources"].values() if r["Type"] == "AWS::Serverless::Function"]
    assert len(functions) >= 20
    for partition, (mode, switch) in {"aws": ("Active", "on"), "aws-cn": ("PassThrough", "off")}.items():
        for props in functions:
            assert _evaluate(props["Tracing"], conditions, partition) == mode
            assert _evaluate(props["Environment"]["Variables"]["TRACING"], conditions, partition) == switch
    assert FACTS["switches"]["xray_tracing"] == {"aws": True, "aws-cn": False}
    chalice = json.loads((lint.ROOT / ".chalice" / "config.json").read_text())
    assert not any("xray" in stage for stage in chalice["stages"].values()), "tracing is no stage setting"


SERVICE_OF = {"Serverless": {"Function": "lambda", "Api": "apigateway"}, "ApiGateway": "apigateway",
              "StepFunctions": "states", "Lambda": "lambda"}  # fmt: skip


def test_every_service_of_the_template_has_its_china_entry(template: dict[str, Any]) -> None:
    used = set()
    for resource in template["Resources"].values():
        _, namespace, kind = resource["Type"].split("::")
        service = SERVICE_OF.get(namespace, namespace.lower())
        used.add(service[kind] if isinstance(service, dict) else service)
    entries = FACTS["services"]
    assert sorted(used - set(entries)) == [], "a service without its entry in infra/partitions.yaml"
    for name in used:
        entry = entries[name]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(entry["read"])), name
        page = entry["page"]
        assert page is None or page.startswith("https://docs.amazonaws.cn/"), name
        assert isinstance(entry["differences"], list) and (page is None or entry["differences"]), name
    assert {"lambda", "apigateway", "iot", "states", "dynamodb", "s3", "sqs", "sns", "kms", "secretsmanager",
            "cloudwatch"} <= used  # fmt: skip
    assert any("X-Ray" in d for d in entries["lambda"]["differences"])
    assert any("SnapStart" in d for d in entries["lambda"]["differences"])
