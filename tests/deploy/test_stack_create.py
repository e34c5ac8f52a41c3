"""Stack create in moto's CloudFormation, through the same change-set deploy `make deploy` runs (infra/deploy.py).

The packaged template goes through the SAM transform (aws-sam-translator, as CloudFormation would do it), then moto
creates every resource it can. Then: every function, state machine, queue and table the code refers to exists by the
name the code uses (the environment each created function really gets), and every handler string resolves to the
app's entry point. Resource types moto cannot create are listed in MOTO_CANNOT with the reason; references to them
are replaced by stand-ins, and they are checked statically here (and by cfn-lint's schemas in test_template.py).
"""

from __future__ import annotations

import importlib
import json
import logging
import re
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

from infra import lint
from infra.deploy import deploy, with_code_in_s3
from infra.monitoring import lambda_logical_id

# moto 5.2.5's CloudFormation: resource types it has no model for, or creates wrongly, and why.
MOTO_CANNOT = {
    "AWS::SecretsManager::Secret": "no CloudFormation model",
    "AWS::SQS::QueuePolicy": "no CloudFormation model",
    "AWS::CloudWatch::Alarm": "no CloudFormation model",
    "AWS::IoT::TopicRule": "no CloudFormation model",
    "AWS::IoT::ProvisioningTemplate": "no CloudFormation model",
    "AWS::Lambda::EventInvokeConfig": "no CloudFormation model",
    "AWS::SNS::Subscription": "no CloudFormation model",
    "AWS::ApiGateway::GatewayResponse": "no CloudFormation model",
    "AWS::ApiGateway::Stage": "no CloudFormation model",
    "AWS::ApiGateway::Account": "no CloudFormation model",
    "AWS::ApiGateway::UsagePlan": "no CloudFormation model (the partners' usage plans)",
    "AWS::ApiGateway::RestApi": "created without importing its OpenAPI Body, so its Deployment fails (no methods)",
    "AWS::ApiGateway::Deployment": "fails on a RestApi imported from a Body (see above)",
    "AWS::IoT::Policy": "created, but `Ref` yields moto's model object instead of the policy name",
    # the console's live channel (a WebSocket API)
    "AWS::ApiGatewayV2::Api": "no CloudFormation model",
    "AWS::ApiGatewayV2::Integration": "no CloudFormation model",
    "AWS::ApiGatewayV2::Route": "no CloudFormation model",
    "AWS::ApiGatewayV2::Stage": "no CloudFormation model",
    # the duty-room console (its bucket is created; tests/deploy/test_console.py checks these statically)
    "AWS::S3::BucketPolicy": "no CloudFormation model",
    "AWS::CloudFront::Distribution": "no CloudFormation model",
    "AWS::CloudFront::CloudFrontOriginAccessIdentity": "no CloudFormation model",
    "AWS::CloudFront::OriginAccessControl": "no CloudFormation model",
}
# Plain settings in the functions' environment (no resource behind them).
# WECHATPAY_NOTIFY_URL is a stack parameter: the public URL WeChat Pay calls; the NOTIFY_* ones are the stage's
# notification settings (SMS sign, push AppKey, templates per message kind: tests/deploy/test_operations.py).
SETTINGS = {"STAGE", "APP_VERSION", "WECHAT_APPID", "TRACING", "POWERTOOLS_SERVICE_NAME",
            "POWERTOOLS_METRICS_NAMESPACE", "POWERTOOLS_LOG_LEVEL", "WECHATPAY_NOTIFY_URL",
            "PYDANTIC_DISABLE_PLUGINS", "IOT_DATA_ENDPOINT", "NOTIFY_SMS_SIGN_NAME", "NOTIFY_PUSH_APP_KEY",
            "NOTIFY_TEMPLATES"}  # fmt: skip
REGIONS = ("cn-north-1", "us-east-1")


def sam_transform(template: dict[str, Any], region: str) -> dict[str, Any]:
    """What CloudFormation's `AWS::Serverless-2016-10-31` transform makes of the template, in `region`."""
    from samtranslator.parser.parser import Parser
    from samtranslator.translator.translator import Translator

    translator = Translator(None, Parser(), boto_session=boto3.session.Session(region_name=region))
    # The template names no managed policy, so there is nothing to look up in IAM.
    out = translator.translate(json.loads(json.dumps(template)), parameter_values={}, get_managed_policy_map=dict)
    return dict(out)


def without(template: dict[str, Any], removed: set[str]) -> dict[str, Any]:
    """The template minus `removed` resources; references to them become stand-in strings."""
    sub = re.compile(r"\$\{([A-Za-z0-9]+)(\.[A-Za-z]+)?\}")

    def stub(value: Any) -> Any:
        if isinstance(value, list):
            return [stub(v) for v in value]
        if not isinstance(value, dict):
            return value
        if value.keys() == {"Ref"} and value["Ref"] in removed:
            return f"standin-{value['Ref']}"
        if value.keys() == {"Fn::GetAtt"} and value["Fn::GetAtt"][0] in removed:
            return f"standin-{value['Fn::GetAtt'][0]}"
        if value.keys() == {"Fn::Sub"} and isinstance(value["Fn::Sub"], str):
            text = sub.sub(lambda m: f"standin-{m[1]}" if m[1] in removed else m[0], value["Fn::Sub"])
            return {"Fn::Sub": text}
        return {k: stub(v) for k, v in value.items()}

    resources = {}
    for logical, resource in template["Resources"].items():
        if logical in removed:
            continue
        resource = stub(resource)
        depends = resource.pop("DependsOn", [])
        depends = [d for d in ([depends] if isinstance(depends, str) else depends) if d not in removed]
        if depends:
            resource["DependsOn"] = depends
        resources[logical] = resource
    return {**template, "Resources": resources, "Outputs": stub(template.get("Outputs", {}))}


def moto_supported_types() -> set[str]:
    for service in ("apigateway", "awslambda", "cloudwatch", "dynamodb", "events", "iam", "iot", "kms", "logs"):
        importlib.import_module(f"moto.{service}.models")
    for service in ("cloudfront", "s3", "secretsmanager", "sns", "sqs", "stepfunctions"):
        importlib.import_module(f"moto.{service}.models")
    from moto.cloudformation.parsing import get_model_map

    return set(get_model_map())


@pytest.fixture(scope="module")
def sam_template() -> tuple[dict[str, Any], bytes]:
    path = lint.packaged("prod")
    return json.loads(path.read_text()), (path.parent / "deployment.zip").read_bytes()


def test_every_resource_type_is_created_by_moto_or_listed_with_its_reason(
    sam_template: tuple[dict[str, Any], bytes],
) -> None:
    template = sam_transform(with_code_in_s3(sam_template[0], "artifacts", "code.zip"), "cn-north-1")
    types = {r["Type"] for r in template["Resources"].values()}
    supported = moto_supported_types()
    unsupported = {t for t in types if t not in supported}
    assert unsupported <= set(MOTO_CANNOT), f"new types moto cannot create: list them: {unsupported - set(MOTO_CANNOT)}"
    created = sorted(types - set(MOTO_CANNOT))
    expected = {"AWS::Lambda::Function", "AWS::StepFunctions::StateMachine", "AWS::SQS::Queue", "AWS::DynamoDB::Table",
                "AWS::IAM::Role", "AWS::Logs::LogGroup", "AWS::SNS::Topic", "AWS::CloudWatch::Dashboard"}  # fmt: skip
    assert expected <= set(created)


@pytest.mark.parametrize("region", REGIONS)
def test_stack_creates_and_the_code_finds_everything_by_name(
    sam_template: tuple[dict[str, Any], bytes], region: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import app

    logging.getLogger("moto").setLevel(logging.ERROR)
    for key in ("AWS_ENDPOINT_URL", "AWS_PROFILE"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    template = sam_transform(with_code_in_s3(sam_template[0], "artifacts", "prod/code.zip"), region)
    removed = {k for k, v in template["Resources"].items() if v["Type"] in MOTO_CANNOT}
    stack = "smartcommunity-prod"
    shown: list[str] = []
    with mock_aws():
        session = boto3.session.Session(region_name=region)
        s3 = session.client("s3")
        kwargs = {} if region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": region}}
        s3.create_bucket(Bucket="artifacts", **kwargs)
        s3.put_object(Bucket="artifacts", Key="prod/code.zip", Body=sam_template[1])
        cfn = session.client("cloudformation")
        body = {"TemplateBody": json.dumps(without(template, removed))}
        parameters = {"Stage": "prod", "OperatorEmail": "ops@example.com"}
        assert deploy(cfn, stack, body, parameters, confirm=lambda _: True, say=shown.append, poll=0.05) == 0
        assert f"{stack}: CREATE_COMPLETE" in shown
        assert any("Add" in line and "DeviceCommandStateMachine" in line for line in shown), shown[:5]
        # The same template again: nothing to change, nothing executed.
        assert deploy(cfn, stack, body, parameters, confirm=lambda _: True, say=shown.append, poll=0.05) == 0
        physical = {
            r["LogicalResourceId"]: r["PhysicalResourceId"]
            for r in cfn.list_stack_resources(StackName=stack)["StackResourceSummaries"]
        }
        assert set(physical) == set(template["Resources"]) - removed
        # `make admin` finds the stack's tables and keys where the deployed code does: the API function's environment.
        from infra.admin import stack_environment

        environment = stack_environment(cfn, session.client("lambda"), stack)
        assert environment["TABLE_IDENTITY"] == physical["IdentityTable"]
        assert environment["TABLE_AUDIT"] == physical["AuditTable"] and environment["PII_KEY_ID"] == physical["PiiKey"]

        lam = session.client("lambda")
        for name in app.function_names():
            logical = lambda_logical_id(name)
            config = lam.get_function(FunctionName=physical[logical])["Configuration"]
            module, _, attr = config["Handler"].rpartition(".")
            entry = getattr(importlib.import_module(module), attr)
            assert entry is (app.app if name == "api_handler" else app.app.handler_map[name]), name
            check_environment(session, template, config["Environment"]["Variables"], removed, region)
            # Its log group is the one the stack keeps 180 days, inside its role's `log-group:/aws/lambda/<stack>-*`.
            group = physical[f"{'ApiHandler' if name == 'api_handler' else logical}LogGroup"]
            assert group == f"/aws/lambda/{config['FunctionName']}" and group.startswith(f"/aws/lambda/{stack}-")

        # The workflow's tasks are the stack's functions.
        sfn = session.client("stepfunctions")
        machine = sfn.describe_state_machine(stateMachineArn=physical["DeviceCommandStateMachine"])
        functions = {f["FunctionArn"] for f in lam.list_functions()["Functions"]}
        substitutions = template["Resources"]["DeviceCommandStateMachine"]["Properties"]["DefinitionSubstitutions"]
        for key, value in substitutions.items():
            if key.endswith("FunctionArn"):
                assert value["Fn::GetAtt"][0] in physical
        assert machine["name"] == f"{stack}-DeviceCommandStateMachine"
        assert len(functions) == len(app.function_names())


def check_environment(
    session: Any, template: dict[str, Any], env: dict[str, str], removed: set[str], region: str
) -> None:
    """Every resource the code reaches through its environment exists in the created stack by that name."""
    from chalicelib.kernel.tables import TABLES, table_schema

    schemas = {m.logical_table: table_schema(m) for m in TABLES}  # type: ignore[attr-defined]
    partition = "aws-cn" if region.startswith("cn-") else "aws"
    for key, value in env.items():
        if key in SETTINGS:
            continue
        if value.startswith("standin-"):  # a resource moto could not create: check the template statically
            target = template["Resources"][value.removeprefix("standin-")]
            assert target["Type"] in MOTO_CANNOT, (key, target["Type"])
            assert (key.endswith("_SECRET_ARN")) == (target["Type"] == "AWS::SecretsManager::Secret"), key
            assert "SecretString" not in target.get("Properties", {}), "a secret's value is in the template"
        elif key.startswith("TABLE_"):
            table = session.client("dynamodb").describe_table(TableName=value)["Table"]
            assert table["KeySchema"] == schemas[key.removeprefix("TABLE_").lower()]["KeySchema"]
        elif key.endswith(("_QUEUE_URL", "_DLQ_URL")):
            session.client("sqs").get_queue_attributes(QueueUrl=value, AttributeNames=["QueueArn"])
        elif key.endswith("_STATE_MACHINE_ARN"):
            # moto resolves AWS::Partition to `aws` in every region; CloudFormation gives aws-cn in China.
            arn = value.replace("arn:aws:", f"arn:{partition}:", 1)
            session.client("stepfunctions").describe_state_machine(stateMachineArn=arn)
        elif key.endswith(("_BUCKET", "_BUCKET_NAME")):
            session.client("s3").head_bucket(Bucket=value)
        elif key.endswith("_TOPIC_ARN"):
            session.client("sns").get_topic_attributes(TopicArn=value)
        elif key == "LIVE_CALLBACK_URL":  # the WebSocket API's management endpoint (its stage `live`)
            api = value.removeprefix("https://").split(".", 1)[0].removeprefix("standin-")
            assert template["Resources"][api]["Type"] == "AWS::ApiGatewayV2::Api", value
            assert value.endswith(".execute-api." + region + ".amazonaws.com/live"), value
        elif key == "PII_KEY_ID":
            # (describe_key trips over the key policy moto stores from CloudFormation: list instead)
            assert value in {k["KeyId"] for k in session.client("kms").list_keys()["Keys"]}
        else:
            raise AssertionError(f"environment variable {key}={value}: add how the stack test checks it")


def test_what_moto_cannot_create_is_wired_to_what_it_did(sam_template: tuple[dict[str, Any], bytes]) -> None:
    """Static checks for the types in MOTO_CANNOT: their references land on resources of the right type."""
    from iot.topics import DEVICE_PUBLISH_KINDS

    template = sam_transform(with_code_in_s3(sam_template[0], "artifacts", "code.zip"), "cn-north-1")
    resources = template["Resources"]

    def type_of(value: dict[str, Any]) -> str:
        logical = value.get("Ref") or value.get("Fn::GetAtt", [None])[0]
        return str(resources[logical]["Type"])

    rules = {k: v["Properties"]["TopicRulePayload"] for k, v in resources.items() if v["Type"] == "AWS::IoT::TopicRule"}
    routed = set()
    for payload in rules.values():
        assert payload["AwsIotSqlVersion"] == "2016-03-23"
        kind = re.search(r"FROM 'sc/\+/\+/([a-z/]+)'", payload["Sql"])
        assert kind, payload["Sql"]
        routed.add(kind[1])
        for action in [*payload["Actions"], payload["ErrorAction"]]:
            if "Sqs" in action:
                assert type_of(action["Sqs"]["QueueUrl"]) == "AWS::SQS::Queue"
                assert type_of(action["Sqs"]["RoleArn"]) == "AWS::IAM::Role"
            else:
                assert type_of(action["Lambda"]["FunctionArn"]) == "AWS::Lambda::Function"
    assert routed == set(DEVICE_PUBLISH_KINDS), "every kind a device publishes has its topic rule"
    for logical, res in resources.items():
        props = res.get("Properties", {})
        if res["Type"] == "AWS::SecretsManager::Secret":
            assert "GenerateSecretString" in props and "SecretString" not in props, logical
        elif res["Type"] == "AWS::Lambda::EventInvokeConfig":
            assert type_of(props["DestinationConfig"]["OnFailure"]["Destination"]) == "AWS::SQS::Queue"
        elif res["Type"] == "AWS::CloudWatch::Alarm":
            assert type_of(props["AlarmActions"][0]) == "AWS::SNS::Topic"
            for dimension in props.get("Dimensions", []):
                value = dimension["Value"]
                if isinstance(value, dict) and ("Ref" in value or "Fn::GetAtt" in value):
                    target = value.get("Ref") or value["Fn::GetAtt"][0]
                    assert target in resources or target.startswith("AWS::"), logical
        elif res["Type"] == "AWS::SNS::Subscription":
            assert type_of(props["TopicArn"]) == "AWS::SNS::Topic"


@pytest.mark.parametrize("region", ["cn-northwest-1", "us-east-1"])
def test_make_deploy_uploads_code_and_template_then_deploys_the_stage(
    region: str, monkeypatch: pytest.MonkeyPatch, sam_template: tuple[dict[str, Any], bytes], tmp_path: Path
) -> None:
    """`make deploy STAGE=dev REGION=...` up to the change set (moto cannot run the SAM transform itself), then the
    console's files into the stack's bucket (the stack's outputs stand in for the deployed stack's)."""
    import infra.console_upload as console_upload
    import infra.deploy as deploying
    from tests.deploy.test_console import fake_dist

    monkeypatch.setattr(console_upload, "DIST", fake_dist(tmp_path))

    for key in ("AWS_ENDPOINT_URL", "AWS_PROFILE", "DEPLOY_BUCKET"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    seen: dict[str, Any] = {}

    def change_set(cfn: Any, stack: str, template: dict[str, str], parameters: dict[str, str], **kw: Any) -> int:
        seen.update(stack=stack, template=template, parameters=parameters, region=cfn.meta.region_name)
        return 0

    monkeypatch.setattr(deploying, "deploy", change_set)
    from tests.deploy.test_operations import filled

    ready = filled(deploying.stage_settings("dev"))  # as an operator fills infra/stages.yaml
    monkeypatch.setattr(deploying, "stage_settings", lambda stage: ready)
    # moto 5.2.5 has no GetAccountSettings ("Not yet implemented"); 1000 is Lambda's default regional quota.
    monkeypatch.setattr(deploying, "account_concurrency_limit", lambda lam: 1000)
    # The git description of the deployed commit (app_version itself: tests/deploy/test_operations.py).
    monkeypatch.setattr(deploying, "app_version", lambda: "v1.4.0-2-g0abc123")
    with mock_aws():
        console_bucket, distribution = console_resources(region)
        outputs = {"ConsoleBucketName": console_bucket, "ConsoleDistributionId": distribution,
                   "LiveSocketUrl": "wss://live.example/live", "ConsoleUrl": "https://console.example/"}  # fmt: skip
        monkeypatch.setattr(deploying, "stack_outputs", lambda cfn, stack: outputs)
        assert deploying.main(["--stage", "dev", "--region", region, "--yes"]) == 0
        s3 = boto3.client("s3", region_name=region)
        index = s3.get_object(Bucket=console_bucket, Key="index.html")
        assert index["CacheControl"] == "no-cache" and index["ContentType"].startswith("text/html")
        config = s3.get_object(Bucket=console_bucket, Key="console-config.json")["Body"].read()
        assert json.loads(config) == {"liveUrl": "wss://live.example/live"}
        cloudfront = boto3.client("cloudfront", region_name=region)
        [invalidation] = cloudfront.list_invalidations(DistributionId=distribution)["InvalidationList"]["Items"]
        batch = cloudfront.get_invalidation(DistributionId=distribution, Id=invalidation["Id"])["Invalidation"]
        assert "/index.html" in batch["InvalidationBatch"]["Paths"]["Items"]
        s3 = boto3.client("s3", region_name=region)
        bucket = f"smartcommunity-dev-artifacts-123456789012-{region}"
        assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
        assert s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]["BlockPublicPolicy"]
        url = seen["template"]["TemplateURL"]
        suffix = "amazonaws.com.cn" if region.startswith("cn-") else "amazonaws.com"
        assert url.startswith(f"https://{bucket}.s3.{region}.{suffix}/dev/template-")
        body = json.loads(s3.get_object(Bucket=bucket, Key=url.split(f".{suffix}/", 1)[1])["Body"].read())
        code_uris = {
            r["Properties"]["CodeUri"] for r in body["Resources"].values() if r["Type"] == "AWS::Serverless::Function"
        }
        [code_uri] = code_uris
        assert code_uri.startswith(f"s3://{bucket}/dev/deployment-")
        code = s3.get_object(Bucket=bucket, Key=code_uri.split(f"{bucket}/", 1)[1])["Body"].read()
        assert code == (lint.ROOT / "build" / "dev" / "deployment.zip").read_bytes()
    assert seen["stack"] == "smartcommunity-dev" and seen["region"] == region
    assert seen["parameters"]["Stage"] == "dev"
    assert seen["parameters"]["ApiLatencyP99Ms"] == "5000"
    assert not any("secret" in k.lower() for k in seen["parameters"]), "no secret is passed as a parameter"
    # Every parameter of the template is passed (none left to a default), from the account and the commit too.
    assert set(seen["parameters"]) == set(sam_template[0]["Parameters"])
    # DescribeEndpoint(iot:Data-ATS) of the account (moto makes up an id per call).
    assert re.fullmatch(
        rf"https://[a-z0-9]+-ats\.iot\.{region}\.amazonaws\.com(\.cn)?", seen["parameters"]["IotDataEndpoint"]
    )
    assert seen["parameters"]["AppVersion"] == "v1.4.0-2-g0abc123"
    assert seen["parameters"]["WechatPayNotifyUrl"] == "https://api.example.cn/v1/public/wechatpay/notify"
    assert json.loads(seen["parameters"]["NotifyTemplates"])["wechat"]["sos"]["templateId"].startswith("tpl")


def console_resources(region: str) -> tuple[str, str]:
    """A console bucket and a distribution in moto, as the stack would have them (inside `mock_aws`)."""
    s3 = boto3.client("s3", region_name=region)
    kwargs = {} if region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": region}}
    s3.create_bucket(Bucket="console-bucket", **kwargs)
    origin = {
        "Id": "console",
        "DomainName": "console-bucket.s3.amazonaws.com",
        "S3OriginConfig": {"OriginAccessIdentity": ""},
    }
    config = {
        "CallerReference": "console",
        "Comment": "",
        "Enabled": True,
        "Origins": {"Quantity": 1, "Items": [origin]},
        "DefaultCacheBehavior": {"TargetOriginId": "console", "ViewerProtocolPolicy": "redirect-to-https"},
    }
    distribution = boto3.client("cloudfront", region_name=region).create_distribution(DistributionConfig=config)
    return "console-bucket", str(distribution["Distribution"]["Id"])
