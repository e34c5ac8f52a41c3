"""Least privilege per function: one declaration per Lambda function, one policy per function's role.

`x-permissions` in infra/resources.yaml holds, for every function the app deploys (its chalice name), the grants
that function needs:

    ingest_event:
      - actions: [dynamodb:GetItem, dynamodb:PutItem]
        resources: [DevicesTable, TelemetryTable]        # logical ids of resources in the template
      - actions: [iot:Publish]
        resources: [{"Fn::Sub": "arn:${AWS::Partition}:iot:${AWS::Region}:${AWS::AccountId}:topic/sc/*/*/commands"}]

`infra/build.py` turns each entry into that function's role policy (`policy_document`) and fails loudly
(`PolicyError`) when a function has no entry, an entry names no function, data / keys / queues / state machines /
secrets are granted on anything but resources of the template, or `*` is used where IAM supports a resource.
The calls each function really makes are recorded in the local cloud (`CallRecorder`, installed by the test suite
through a botocore event hook) and compared with the declaration (`violations`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

# Services whose resources the template owns: a grant names template resources of the right type, never a pattern.
OWNED_TYPES = {
    "dynamodb": {"AWS::DynamoDB::Table"},
    "sqs": {"AWS::SQS::Queue"},
    "states": {"AWS::StepFunctions::StateMachine"},
    "kms": {"AWS::KMS::Key"},
    "secretsmanager": {"AWS::SecretsManager::Secret"},
}
# Actions IAM cannot scope to a resource (the Service Authorization Reference lists no resource type): only these
# may be granted on "*".
WILDCARD_ONLY = {"iot:CreateKeysAndCertificate", "xray:PutTraceSegments", "xray:PutTelemetryRecords"}
TASK_TOKEN_ACTIONS = {"states:SendTaskSuccess", "states:SendTaskFailure", "states:SendTaskHeartbeat"}
# Actions IAM authorises on a state machine's executions (`...:execution:<name>:*`), not on the machine itself.
EXECUTION_ACTIONS = {"states:StopExecution", "states:DescribeExecution", "states:GetExecutionHistory"}
# Actions IAM authorises on a table's streams (`...:table/<name>/stream/*`): a stream's event source mapping.
STREAM_ACTIONS = {"dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"}

# What every function gets: its logs (Lambda writes them with the function's role) and X-Ray segments.
COMMON_STATEMENTS: list[dict[str, Any]] = [
    {
        "Effect": "Allow",
        "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
        "Resource": {
            # CloudFormation names the functions `<stack>-<LogicalId>-<suffix>` (the template sets no FunctionName).
            "Fn::Sub": "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}"
            ":log-group:/aws/lambda/${AWS::StackName}-*"
        },
    },
    {"Effect": "Allow", "Action": ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], "Resource": "*"},
]


class PolicyError(Exception):
    pass


def state_machine_arn(logical_id: str) -> str:
    """A state machine's ARN from its fixed name (`StateMachineName`), without a reference to the resource."""
    return "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:${AWS::StackName}-" + logical_id


def _arns(logical: str, rtype: str, executions: bool = False) -> list[Any]:
    """The ARNs a grant on template resource `logical` covers (a table's indexes come with the table; a state
    machine's executions for the execution actions)."""
    if rtype == "AWS::DynamoDB::Table":
        arn = {"Fn::GetAtt": [logical, "Arn"]}
        return [arn, {"Fn::Join": ["", [arn, "/index/*"]]}]
    if rtype == "AWS::StepFunctions::StateMachine":
        # By its fixed name, not `Ref`: a workflow's own task function may need it (no circular dependency).
        machine = state_machine_arn(logical)
        if executions:
            return [{"Fn::Sub": machine.replace(":stateMachine:", ":execution:") + ":*"}]
        return [{"Fn::Sub": machine}]
    if rtype == "AWS::SecretsManager::Secret":
        return [{"Ref": logical}]
    return [{"Fn::GetAtt": [logical, "Arn"]}]


def policy_document(function: str, grants: list[dict[str, Any]], resources: dict[str, Any]) -> dict[str, Any]:
    """The IAM policy document of one function's role, checked against the rules in the module docstring."""
    statements = [dict(s) for s in COMMON_STATEMENTS]
    for number, grant in enumerate(grants, 1):
        where = f"x-permissions.{function}[{number}]"
        actions = grant.get("actions")
        targets = grant.get("resources")
        condition = grant.get("condition")
        if not actions or not targets or not set(grant) - {"condition"} == {"actions", "resources"}:
            raise PolicyError(f"{where}: needs exactly `actions` and `resources` (and optionally `condition`)")
        if condition is not None:
            check_condition(where, condition, actions)
        on_executions = bool(set(actions) & EXECUTION_ACTIONS)
        on_streams = bool(set(actions) & STREAM_ACTIONS)
        if on_streams and not set(actions) <= STREAM_ACTIONS:
            raise PolicyError(f"{where}: grant {sorted(STREAM_ACTIONS)} apart: they act on a table's streams")
        if on_executions and not set(actions) <= EXECUTION_ACTIONS:
            raise PolicyError(f"{where}: grant {sorted(EXECUTION_ACTIONS)} apart: they act on executions")
        arns: list[Any] = []
        for target in targets:
            if target == "*":
                loose = sorted(set(actions) - WILDCARD_ONLY)
                if loose:
                    raise PolicyError(f"{where}: {loose} support resource-level permissions: name the resources")
                arns.append("*")
            elif isinstance(target, str):
                if target not in resources:
                    raise PolicyError(f"{where}: {target} is not a resource of the template")
                found = _arns(target, resources[target]["Type"], on_executions)
                if on_streams:  # the table's streams, not the table
                    found = [{"Fn::Join": ["", [{"Fn::GetAtt": [target, "Arn"]}, "/stream/*"]]}]
                arns.extend(found)
            else:
                arns.append(target)
        for action in actions:
            owned = OWNED_TYPES.get(action.split(":", 1)[0])
            if owned is None:
                continue
            for target in targets:
                if not isinstance(target, str) or target == "*" or resources[target]["Type"] not in owned:
                    raise PolicyError(f"{where}: {action} may only name template resources of type {owned}")
            if action in TASK_TOKEN_ACTIONS:
                for target in targets:
                    if ".waitForTaskToken" not in str(resources[target]["Properties"].get("Definition")):
                        raise PolicyError(f"{where}: {target} issues no task token, so {action} has no use on it")
        statement: dict[str, Any] = {"Effect": "Allow", "Action": sorted(set(actions)), "Resource": arns}
        if condition is not None:
            statement["Condition"] = condition
        statements.append(statement)
    return {"Version": "2012-10-17", "Statement": statements}


# Fine-grained DynamoDB conditions a grant may carry (and that `allowed` evaluates against the recorded calls):
# which partition keys (`dynamodb:LeadingKeys`, IAM wildcards * and ?) and which attribute names
# (`dynamodb:Attributes`, writes only: a read without a projection would be refused by IAM) a call may touch.
CONDITIONS = {
    ("ForAllValues:StringLike", "dynamodb:LeadingKeys"),
    ("ForAllValues:StringEquals", "dynamodb:Attributes"),
}
WRITE_ITEM_ACTIONS = {"dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem"}


def check_condition(where: str, condition: Any, actions: list[str]) -> None:
    if not isinstance(condition, dict):
        raise PolicyError(f"{where}: `condition` is an IAM Condition block")
    for operator, keys in condition.items():
        for key, values in keys.items():
            if (operator, key) not in CONDITIONS:
                raise PolicyError(f"{where}: {operator} {key} is not a condition the recorded-calls check evaluates")
            if not isinstance(values, list) or not values:
                raise PolicyError(f"{where}: {key} needs a list of values")
            if key == "dynamodb:Attributes" and not set(actions) <= WRITE_ITEM_ACTIONS:
                raise PolicyError(f"{where}: dynamodb:Attributes only on writes ({sorted(WRITE_ITEM_ACTIONS)})")


def role_policies(
    declarations: dict[str, list[dict[str, Any]]], functions: Iterable[str], resources: dict[str, Any]
) -> dict[str, dict[str, Any]]:
    """Policy document per function; every function must be declared and every declaration must be a function."""
    functions = sorted(set(functions))
    missing = [f for f in functions if f not in declarations]
    unknown = sorted(set(declarations) - set(functions))
    if missing:
        raise PolicyError(
            f"no x-permissions entry in infra/resources.yaml for function(s) {missing}: declare what each may do"
        )
    if unknown:
        raise PolicyError(f"x-permissions names function(s) the app does not deploy: {unknown}")
    return {f: policy_document(f, declarations[f], resources) for f in functions}


# -- what the code really calls --------------------------------------------------------------------------------
# botocore service name -> IAM prefix, where they differ.
IAM_PREFIX = {"stepfunctions": "states", "iot-data": "iot"}
# Batch operations IAM authorises with the single-item action (and S3 calls IAM authorises under another name).
BATCH_ACTIONS = {
    "s3:HeadObject": "s3:GetObject",
    "sqs:SendMessageBatch": "sqs:SendMessage",
    "sqs:DeleteMessageBatch": "sqs:DeleteMessage",
    "sqs:ChangeMessageVisibilityBatch": "sqs:ChangeMessageVisibility",
    # The WebSocket API's management calls are all one IAM action (the live channel's push and sweep).
    "apigatewaymanagementapi:PostToConnection": "execute-api:ManageConnections",
    "apigatewaymanagementapi:DeleteConnection": "execute-api:ManageConnections",
    "apigatewaymanagementapi:GetConnection": "execute-api:ManageConnections",
    # API Gateway's management API is authorised by HTTP verb on the resource path (the partners' usage plans).
    "apigateway:CreateApiKey": "apigateway:POST",
    "apigateway:CreateUsagePlanKey": "apigateway:POST",
    "apigateway:GetApiKeys": "apigateway:GET",
    "apigateway:UpdateApiKey": "apigateway:PATCH",
}
TRANSACT_ITEM_ACTIONS = {
    "Put": "dynamodb:PutItem",
    "Update": "dynamodb:UpdateItem",
    "Delete": "dynamodb:DeleteItem",
    "ConditionCheck": "dynamodb:ConditionCheckItem",
    "Get": "dynamodb:GetItem",
}
# The parameter naming the resource a call acts on (physical name, URL or ARN).
RESOURCE_PARAMS = ("TableName", "QueueUrl", "SecretId", "KeyId", "stateMachineArn")


def iam_calls(service: str, operation: str, params: dict[str, Any]) -> list[tuple[str, str | None]]:
    """(IAM action, physical resource or None) pairs one API call needs."""
    return [(action, resource) for action, resource, _, _ in request_facts(service, operation, params)]


Keys = frozenset[str] | None  # None: not known from the request (a Query): a condition on it is not met


def _pk(key: dict[str, Any] | None) -> str | None:
    value = (key or {}).get("pk")
    return str(next(iter(value.values()))) if isinstance(value, dict) and value else None


def _item_facts(spec: dict[str, Any]) -> tuple[Keys, Keys]:
    """Partition keys and attribute names of one item-level request (Put: the item; Update: every name the
    expressions use; Get/Delete/ConditionCheck: the key)."""
    if "Item" in spec:
        pk = _pk(spec["Item"])
        return (frozenset({pk}) if pk else None), frozenset(spec["Item"])
    pk = _pk(spec.get("Key"))
    keys = frozenset({pk}) if pk else None
    if "UpdateExpression" in spec:
        return keys, frozenset(spec.get("ExpressionAttributeNames", {}).values()) | frozenset(spec.get("Key", {}))
    return keys, frozenset()


def request_facts(service: str, operation: str, params: dict[str, Any]) -> list[tuple[str, str | None, Keys, Keys]]:
    """(IAM action, physical resource or None, partition keys, attribute names) for one API call."""
    action = f"{IAM_PREFIX.get(service, service)}:{operation}"
    if action in ("dynamodb:TransactWriteItems", "dynamodb:TransactGetItems"):
        calls: list[tuple[str, str | None, Keys, Keys]] = []
        for item in params.get("TransactItems", []):
            for kind, spec in item.items():
                calls.append((TRANSACT_ITEM_ACTIONS[kind], spec.get("TableName"), *_item_facts(spec)))
        return calls
    if action == "dynamodb:BatchWriteItem":
        calls = []
        for table, requests in params.get("RequestItems", {}).items():
            facts = [_item_facts(r.get("PutRequest") or r.get("DeleteRequest") or {}) for r in requests]
            known = all(k is not None for k, _ in facts)
            keys = frozenset().union(*(k or frozenset() for k, _ in facts)) if known else None
            calls.append((action, table, keys, frozenset().union(*(a or frozenset() for _, a in facts))))
        return calls
    if action == "dynamodb:BatchGetItem":
        calls = []
        for table, request in params.get("RequestItems", {}).items():
            pks = [_pk(k) for k in request.get("Keys", [])]
            keys = frozenset(p for p in pks if p) if all(pks) else None
            calls.append((action, table, keys, frozenset()))
        return calls
    action = BATCH_ACTIONS.get(action, action)
    resource = next((str(params[p]) for p in RESOURCE_PARAMS if p in params), None)
    if service == "dynamodb" and ("Item" in params or "Key" in params):
        return [(action, resource, *_item_facts(params))]
    return [(action, resource, None, None)]


@dataclass(frozen=True)
class Call:
    function: str
    action: str
    resource: str | None  # physical name / URL / ARN as the code passed it
    leading_keys: Keys = None  # DynamoDB: the partition keys the call touches (None: unknown)
    attributes: Keys = None  # DynamoDB: the attribute names it writes (None: unknown)


@dataclass
class CallRecorder:
    """Records, per function, the AWS calls made while that function runs (botocore `before-parameter-build`)."""

    calls: set[Call] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _paused: int = 0

    @contextmanager
    def paused(self) -> Iterator[None]:
        """Calls made meanwhile are not recorded (a test that makes a function misbehave on purpose)."""
        self._paused += 1
        try:
            yield
        finally:
            self._paused -= 1

    def attach(self, client: Any) -> None:
        client.meta.events.register("before-parameter-build", self._on_call)

    def _on_call(self, params: dict[str, Any], model: Any, context: dict[str, Any] | None = None, **_: Any) -> None:
        from chalicelib.kernel.observability import current_function

        function = current_function.get()
        if not function or self._paused:
            return  # a test or the local cloud itself, not a function
        service = model.service_model.service_name
        operation = model.name
        if (context or {}).get("is_presign_request") and (service, operation) == ("s3", "CreateBucket"):
            # botocore signs a presigned POST with CreateBucket's model; using the form needs s3:PutObject.
            operation = "PutObject"
        with self._lock:
            for action, resource, keys, attributes in request_facts(service, operation, params):
                self.calls.add(Call(function, action, resource, keys, attributes))

    def install(self) -> Any:
        """Attach to every botocore client created from now on (boto3 and PynamoDB both go through this)."""
        import botocore.session

        original = botocore.session.Session.create_client
        recorder = self

        def create_client(session: Any, *args: Any, **kwargs: Any) -> Any:
            made = original(session, *args, **kwargs)
            recorder.attach(made)
            return made

        botocore.session.Session.create_client = create_client  # type: ignore[method-assign]

        def uninstall() -> None:
            botocore.session.Session.create_client = original  # type: ignore[method-assign]

        return uninstall


def allowed(policy: dict[str, Any], action: str, resource_logical: str | None, call: Call | None = None) -> bool:
    """Whether `policy` (as built by `policy_document`) allows `action`, on the template resource when known, with
    the statement's DynamoDB conditions met by the call's partition keys and attribute names."""
    for statement in policy["Statement"]:
        if action not in statement["Action"]:
            continue
        if "Condition" in statement and not condition_met(statement["Condition"], call):
            continue
        if resource_logical is None or "*" in statement["Resource"]:
            return True
        for arn in statement["Resource"]:
            if isinstance(arn, dict) and resource_logical in logical_ids_in(arn):
                return True
    return False


def _like(pattern: str, value: str) -> bool:
    """IAM's StringLike: * any run of characters, ? one character, nothing else special."""
    import re

    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, value, flags=re.DOTALL) is not None


def condition_met(condition: dict[str, Any], call: Call | None) -> bool:
    for keys in condition.values():
        for key, values in keys.items():
            if key == "dynamodb:LeadingKeys":
                found = call.leading_keys if call else None
                if found is None or not all(any(_like(p, k) for p in values) for k in found):
                    return False
            elif key == "dynamodb:Attributes":
                found = call.attributes if call else None
                if found is None or not found <= set(values):
                    return False
            else:  # policy_document refuses any other condition
                return False
    return True


def logical_ids_in(arn: dict[str, Any]) -> set[str]:
    """Template resources an ARN expression built by `_arns` names."""
    if "Ref" in arn:
        return {arn["Ref"]}
    if "Fn::GetAtt" in arn:
        return {arn["Fn::GetAtt"][0]}
    if "Fn::Join" in arn:
        return set().union(*(logical_ids_in(p) for p in arn["Fn::Join"][1] if isinstance(p, dict)))
    if "Fn::Sub" in arn and ":stateMachine:${AWS::StackName}-" in str(arn["Fn::Sub"]):
        return {str(arn["Fn::Sub"]).rsplit("${AWS::StackName}-", 1)[1]}
    if "Fn::Sub" in arn and ":execution:${AWS::StackName}-" in str(arn["Fn::Sub"]):
        return {str(arn["Fn::Sub"]).rsplit("${AWS::StackName}-", 1)[1].removesuffix(":*")}
    return set()


def violations(
    calls: Iterable[Call], policies: dict[str, dict[str, Any]], physical_to_logical: dict[str, str]
) -> list[str]:
    """Calls a function made that its declared policy does not allow (action, or action on that resource)."""
    found: dict[str, None] = {}
    for call in sorted(calls, key=lambda c: (c.function, c.action, c.resource or "")):
        logical = _logical_of(call.resource, physical_to_logical)
        target = f"{logical} ({call.resource})" if logical else call.resource
        what = f"{call.action} on {target}" if target else call.action
        policy = policies.get(call.function)
        if policy is None:
            found[f"{call.function}: {what} (function has no declaration)"] = None
        elif not allowed(policy, call.action, logical, call):
            if allowed(policy, call.action, logical, None) or _conditioned(policy, call.action):
                keys = sorted(call.leading_keys or [])[:3]
                written = sorted((call.attributes or set()) - _allowed_attributes(policy, call.action))
                detail = f" (keys {keys}" + (f", attributes {written}" if written else "") + ")"
                found[f"{call.function}: {what} outside its condition{detail}"] = None
            else:
                found[f"{call.function}: {what} is not in its x-permissions entry"] = None
    return list(found)


def _conditioned(policy: dict[str, Any], action: str) -> bool:
    return any(action in s["Action"] and "Condition" in s for s in policy["Statement"])


def _allowed_attributes(policy: dict[str, Any], action: str) -> set[str]:
    names: set[str] = set()
    for statement in policy["Statement"]:
        if action in statement["Action"]:
            for keys in statement.get("Condition", {}).values():
                names.update(keys.get("dynamodb:Attributes", []))
    return names


def _logical_of(resource: str | None, physical_to_logical: dict[str, str]) -> str | None:
    if resource is None:
        return None
    if resource in physical_to_logical:
        return physical_to_logical[resource]
    for physical, logical in physical_to_logical.items():  # a queue URL vs. its ARN, a key id vs. its ARN
        if resource.endswith("/" + physical) or resource.endswith(":" + physical):
            return logical
    return None
