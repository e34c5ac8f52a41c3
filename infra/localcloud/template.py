"""Provision the generated CloudFormation template into the local cloud (moto).

This is the local stand-in for a CloudFormation deploy: it reads infra/generated/merge-template.json (the file
`chalice package --merge-template` deploys), resolves the intrinsics it uses and creates tables, queues, keys,
secrets, buckets and state machines with the same properties. Resource types with no local meaning (IAM roles,
API Gateway responses) are recorded but not created.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TEMPLATE = Path(__file__).resolve().parents[1] / "generated" / "merge-template.json"
ACCOUNT = "123456789012"


def camel(name: str) -> str:
    """Chalice's logical id for a function name (chalice.utils.to_cfn_resource_name)."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", name) if part)


def load_template(path: Path = TEMPLATE) -> dict[str, Any]:
    return json.loads(path.read_text())


@dataclass
class LocalStackResources:
    """Physical ids and attributes of every provisioned resource, for intrinsic resolution."""

    stack_name: str
    region: str
    partition: str = "aws"
    parameters: dict[str, str] = field(default_factory=dict)
    refs: dict[str, str] = field(default_factory=dict)
    attrs: dict[str, dict[str, str]] = field(default_factory=dict)

    def pseudo(self, name: str) -> str:
        return {
            "AWS::Partition": self.partition,
            "AWS::Region": self.region,
            "AWS::AccountId": ACCOUNT,
            "AWS::StackName": self.stack_name,
            "AWS::URLSuffix": "amazonaws.com",
        }[name]

    def ref(self, name: str) -> str:
        if name.startswith("AWS::"):
            return self.pseudo(name)
        if name in self.parameters:
            return self.parameters[name]
        if name in self.refs:
            return self.refs[name]
        raise KeyError(f"unresolved Ref {name}")

    def resolve(self, value: Any) -> Any:
        if isinstance(value, list):
            return [self.resolve(v) for v in value]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            ((key, arg),) = value.items()
            if key == "Ref":
                return self.ref(arg)
            if key == "Fn::GetAtt":
                logical, attr = arg if isinstance(arg, list) else arg.split(".", 1)
                return self.attrs[logical][attr]
            if key == "Fn::Sub":
                text, extra = (arg, {}) if isinstance(arg, str) else (arg[0], self.resolve(arg[1]))
                return self.substitute(text, extra)
            if key == "Fn::Join":
                sep, parts = arg
                return sep.join(str(p) for p in self.resolve(parts))
        return {k: self.resolve(v) for k, v in value.items()}

    def substitute(self, text: str, extra: dict[str, str] | None = None) -> str:
        def one(match: re.Match[str]) -> str:
            name = match.group(1)
            if name.startswith("!"):
                return "${" + name[1:] + "}"
            if extra and name in extra:
                return str(extra[name])
            if "." in name and not name.startswith("AWS::"):
                logical, attr = name.split(".", 1)
                return self.attrs[logical][attr]
            return self.ref(name)

        return re.sub(r"\$\{([^}]+)\}", one, text)


class Provisioner:
    def __init__(self, resources: LocalStackResources, clients: Any, functions: dict[str, str]):
        """`clients(service)` returns a boto3 client for moto; `functions` maps chalice function names to ARNs."""
        self.r = resources
        self.client = clients
        for name, arn in functions.items():
            self.r.refs[camel(name)] = name
            self.r.attrs[camel(name)] = {"Arn": arn}
        self.r.refs["RestAPI"] = "local-rest-api"
        self.r.refs["LiveSocketApi"] = "local-live-api"  # the local cloud serves the WebSocket itself (live_socket.py)
        self.created: list[tuple[str, str]] = []
        # Resolved properties of what the rules bridge acts on (topic rules, mappings, permissions), by logical id.
        self.recorded: dict[str, dict[str, dict[str, Any]]] = {}

    def provision(self, template: dict[str, Any], parameters: dict[str, str] | None = None) -> dict[str, str]:
        self.r.parameters.update(parameters or {})
        for name, spec in template.get("Parameters", {}).items():
            self.r.parameters.setdefault(name, str(spec.get("Default", "")))
            allowed = spec.get("AllowedValues")
            if allowed and self.r.parameters[name] not in allowed:
                raise ValueError(f"parameter {name}={self.r.parameters[name]!r} not in {allowed}")
        resources = template["Resources"]
        order = [
            "AWS::DynamoDB::Table",
            "AWS::SQS::Queue",
            "AWS::KMS::Key",
            "AWS::SecretsManager::Secret",
            "AWS::S3::Bucket",
            "AWS::IAM::Role",
            "AWS::StepFunctions::StateMachine",
            "AWS::IoT::Policy",
            "AWS::IoT::TopicRule",
            "AWS::Lambda::Permission",
            "AWS::Lambda::EventInvokeConfig",
            "AWS::Lambda::EventSourceMapping",
            "AWS::IoT::ProvisioningTemplate",
            "AWS::ApiGateway::UsagePlan",
        ]
        for rtype in order:
            for logical, res in resources.items():
                if res.get("Type") == rtype:
                    getattr(self, "_" + rtype.split("::", 1)[1].replace("::", "_").lower())(logical, res)
        for logical, res in resources.items():
            if res.get("Type") == "AWS::SQS::QueuePolicy":  # recorded: moto's SQS does not check who sends
                self._record("AWS::SQS::QueuePolicy", logical, res)
        env = template.get("Globals", {}).get("Function", {}).get("Environment", {}).get("Variables", {})
        return {k: str(self.r.resolve(v)) for k, v in env.items()}

    def _arn(self, service: str, resource: str) -> str:
        return f"arn:{self.r.partition}:{service}:{self.r.region}:{ACCOUNT}:{resource}"

    def _dynamodb_table(self, logical: str, res: dict[str, Any]) -> None:
        props = self.r.resolve(res["Properties"])
        name = props["TableName"]
        ddb = self.client("dynamodb")
        kwargs = {k: props[k] for k in ("AttributeDefinitions", "KeySchema", "BillingMode") if k in props}
        for indexes in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes"):
            if props.get(indexes):
                kwargs[indexes] = props[indexes]
        stream = props.get("StreamSpecification")
        if stream:
            kwargs["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": stream["StreamViewType"]}
        try:
            ddb.create_table(TableName=name, **kwargs)
        except ddb.exceptions.ResourceInUseException:
            pass
        ttl = props.get("TimeToLiveSpecification")
        if ttl:
            ddb.update_time_to_live(TableName=name, TimeToLiveSpecification=ttl)
        self.r.refs[logical] = name
        self.r.attrs[logical] = {"Arn": self._arn("dynamodb", f"table/{name}")}
        if stream:
            latest = ddb.describe_table(TableName=name)["Table"].get("LatestStreamArn")
            self.r.attrs[logical]["StreamArn"] = latest or self._arn("dynamodb", f"table/{name}/stream/local")
        self.created.append((logical, name))

    def _apigateway_usageplan(self, logical: str, res: dict[str, Any]) -> None:
        """In moto's API Gateway, for the partner onboarding's API keys (its stages are the real API's, not served
        here: the plan's limits are recorded, and the app enforces each partner's own)."""
        raw = res.get("Properties", {})
        props = self.r.resolve({k: v for k, v in raw.items() if k != "ApiStages"})
        plan = self.client("apigateway").create_usage_plan(
            name=props.get("UsagePlanName") or f"{self.r.stack_name}-{logical}",
            description=props.get("Description", ""),
            throttle={
                "rateLimit": float(props["Throttle"]["RateLimit"]),
                "burstLimit": int(props["Throttle"]["BurstLimit"]),
            },
            quota={"limit": int(props["Quota"]["Limit"]), "period": props["Quota"]["Period"]},
        )
        self.r.refs[logical] = plan["id"]
        self.r.attrs[logical] = {"Id": plan["id"]}
        self.created.append((logical, plan["id"]))

    def _sqs_queue(self, logical: str, res: dict[str, Any]) -> None:
        props = self.r.resolve(res.get("Properties", {}))
        name = props.get("QueueName") or f"{self.r.stack_name}-{logical}"
        attributes = {
            k: str(v) for k, v in props.items() if k in ("MessageRetentionPeriod", "VisibilityTimeout", "DelaySeconds")
        }
        if "RedrivePolicy" in props:
            attributes["RedrivePolicy"] = json.dumps(props["RedrivePolicy"])
        url = self.client("sqs").create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
        self.r.refs[logical] = url
        self.r.attrs[logical] = {"Arn": self._arn("sqs", name), "QueueUrl": url, "QueueName": name}
        self.created.append((logical, url))

    def _kms_key(self, logical: str, res: dict[str, Any]) -> None:
        key = self.client("kms").create_key(Description=res["Properties"].get("Description", logical))
        key_id = key["KeyMetadata"]["KeyId"]
        self.r.refs[logical] = key_id
        self.r.attrs[logical] = {"Arn": key["KeyMetadata"]["Arn"], "KeyId": key_id}
        self.created.append((logical, key_id))

    def _secretsmanager_secret(self, logical: str, res: dict[str, Any]) -> None:
        length = int(res["Properties"].get("GenerateSecretString", {}).get("PasswordLength", 64))
        secret = self.client("secretsmanager").create_secret(
            Name=f"{self.r.stack_name}-{logical}", SecretString=secrets.token_urlsafe(length)[:length]
        )
        self.r.refs[logical] = secret["ARN"]
        self.r.attrs[logical] = {"Arn": secret["ARN"]}
        self.created.append((logical, secret["ARN"]))

    def _s3_bucket(self, logical: str, res: dict[str, Any]) -> None:
        props = self.r.resolve(res.get("Properties", {}))
        name = props.get("BucketName") or f"{self.r.stack_name}-{logical}".lower()
        s3 = self.client("s3")
        kwargs: dict[str, Any] = {}
        if self.r.region != "us-east-1":
            kwargs["CreateBucketConfiguration"] = {"LocationConstraint": self.r.region}
        try:
            s3.create_bucket(Bucket=name, **kwargs)
        except (s3.exceptions.BucketAlreadyOwnedByYou, s3.exceptions.BucketAlreadyExists):
            pass
        if "BucketEncryption" in props:
            s3.put_bucket_encryption(
                Bucket=name,
                ServerSideEncryptionConfiguration={  # CloudFormation's key names -> the API's
                    "Rules": [
                        {"ApplyServerSideEncryptionByDefault": rule["ServerSideEncryptionByDefault"]}
                        for rule in props["BucketEncryption"]["ServerSideEncryptionConfiguration"]
                    ]
                },
            )
        if "PublicAccessBlockConfiguration" in props:
            s3.put_public_access_block(
                Bucket=name, PublicAccessBlockConfiguration=props["PublicAccessBlockConfiguration"]
            )
        queues = (props.get("NotificationConfiguration") or {}).get("QueueConfigurations") or []
        if queues:
            # CloudFormation's shape -> the API's: S3 then sends ObjectCreated events to SQS as AWS does.
            s3.put_bucket_notification_configuration(
                Bucket=name,
                NotificationConfiguration={
                    "QueueConfigurations": [
                        {
                            "QueueArn": q["Queue"],
                            "Events": [q["Event"]],
                            **(
                                {"Filter": {"Key": {"FilterRules": q["Filter"]["S3Key"]["Rules"]}}}
                                if q.get("Filter")
                                else {}
                            ),
                        }
                        for q in queues
                    ]
                },
            )
        self.r.refs[logical] = name
        self.r.attrs[logical] = {"Arn": f"arn:{self.r.partition}:s3:::{name}", "DomainName": name}
        self.created.append((logical, name))

    def _iam_role(self, logical: str, res: dict[str, Any]) -> None:
        arn = f"arn:{self.r.partition}:iam::{ACCOUNT}:role/{self.r.stack_name}-{logical}"
        self.r.refs[logical] = f"{self.r.stack_name}-{logical}"
        self.r.attrs[logical] = {"Arn": arn}

    def _stepfunctions_statemachine(self, logical: str, res: dict[str, Any]) -> None:
        props = res["Properties"]
        substitutions = {k: str(self.r.resolve(v)) for k, v in props.get("DefinitionSubstitutions", {}).items()}
        definition = self.r.substitute(json.dumps(props["Definition"]), substitutions)
        sfn = self.client("stepfunctions")
        name = f"{self.r.stack_name}-{logical}"
        arn = self._arn("states", f"stateMachine:{name}")
        try:
            arn = sfn.create_state_machine(name=name, definition=definition, roleArn=self.r.resolve(props["RoleArn"]))[
                "stateMachineArn"
            ]
        except sfn.exceptions.StateMachineAlreadyExists:
            sfn.update_state_machine(stateMachineArn=arn, definition=definition)
        self.r.refs[logical] = arn
        self.r.attrs[logical] = {"Arn": arn, "Name": name}
        self.created.append((logical, arn))

    def _iot_policy(self, logical: str, res: dict[str, Any]) -> None:
        props = self.r.resolve(res["Properties"])
        name = props.get("PolicyName") or f"{self.r.stack_name}-{logical}"
        iot = self.client("iot")
        try:
            iot.create_policy(policyName=name, policyDocument=json.dumps(props["PolicyDocument"]))
        except iot.exceptions.ResourceAlreadyExistsException:
            pass
        self.r.refs[logical] = name
        self.r.attrs[logical] = {"Arn": self._arn("iot", f"policy/{name}")}

    def _iot_topicrule(self, logical: str, res: dict[str, Any]) -> None:
        props = self.r.resolve(res["Properties"])
        name = props.get("RuleName") or re.sub(r"[^A-Za-z0-9_]", "_", f"{self.r.stack_name}_{logical}")
        payload = props["TopicRulePayload"]
        iot = self.client("iot")
        try:
            iot.create_topic_rule(
                ruleName=name,
                topicRulePayload={
                    "sql": payload["Sql"],
                    "awsIotSqlVersion": payload.get("AwsIotSqlVersion", "2016-03-23"),
                    "ruleDisabled": payload.get("RuleDisabled", False),
                    "actions": [],
                },
            )
        except iot.exceptions.ResourceAlreadyExistsException:
            pass
        self.r.refs[logical] = name
        self.r.attrs[logical] = {"Arn": self._arn("iot", f"rule/{name}")}
        self.recorded.setdefault("AWS::IoT::TopicRule", {})[logical] = {"RuleName": name, **props}

    # Lambda wiring has no moto counterpart worth using: record it resolved; the rules bridge reads it
    # (event source mappings drive its queue poller).
    def _record(self, rtype: str, logical: str, res: dict[str, Any]) -> None:
        self.recorded.setdefault(rtype, {})[logical] = self.r.resolve(res.get("Properties", {}))
        self.r.refs[logical] = logical
        self.r.attrs[logical] = {"Arn": self._arn("lambda", f"{rtype.rsplit('::', 1)[1]}:{logical}")}

    def _lambda_permission(self, logical: str, res: dict[str, Any]) -> None:
        self._record("AWS::Lambda::Permission", logical, res)

    def _lambda_eventinvokeconfig(self, logical: str, res: dict[str, Any]) -> None:
        self._record("AWS::Lambda::EventInvokeConfig", logical, res)

    def _lambda_eventsourcemapping(self, logical: str, res: dict[str, Any]) -> None:
        self._record("AWS::Lambda::EventSourceMapping", logical, res)

    def _iot_provisioningtemplate(self, logical: str, res: dict[str, Any]) -> None:
        """moto has no fleet provisioning: record the resolved template (tests call its pre-provisioning hook)."""
        props = self.r.resolve(res.get("Properties", {}))
        name = props.get("TemplateName") or f"{self.r.stack_name}-{logical}"
        self.recorded.setdefault("AWS::IoT::ProvisioningTemplate", {})[logical] = props
        self.r.refs[logical] = name
        self.r.attrs[logical] = {"TemplateArn": self._arn("iot", f"provisioningtemplate/{name}")}
