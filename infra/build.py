"""Generate infra/generated/merge-template.json: the one template both AWS and the local cloud use.

Sources (each exists once): infra/resources.yaml (hand-written resources), chalicelib/kernel/tables.py (tables),
stepfunctions/*.asl.json (state machines). `python -m infra.build --check` fails when the committed file drifts.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import yaml

from infra.permissions import state_machine_arn

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "infra" / "resources.yaml"
PARTITIONS = ROOT / "infra" / "partitions.yaml"
OUTPUT = ROOT / "infra" / "generated" / "merge-template.json"


def table_logical_id(logical: str) -> str:
    return "".join(part.capitalize() for part in logical.split("_")) + "Table"


def build() -> dict[str, Any]:
    from chalicelib.kernel.tables import TABLES, table_schema

    template: dict[str, Any] = yaml.safe_load(SOURCE.read_text())
    apply_partitions(template, yaml.safe_load(PARTITIONS.read_text()))
    resources: dict[str, Any] = template.setdefault("Resources", {})
    env: dict[str, Any] = template["Globals"]["Function"]["Environment"]["Variables"]
    for model in TABLES:
        logical = model.logical_table  # type: ignore[attr-defined]
        logical_id = table_logical_id(logical)
        resources[logical_id] = {
            "Type": "AWS::DynamoDB::Table",
            "DeletionPolicy": "Retain",
            "UpdateReplacePolicy": "Retain",
            "Properties": {"TableName": {"Fn::Sub": f"${{AWS::StackName}}-{logical}"}, **table_schema(model)},
        }
        env[f"TABLE_{logical.upper()}"] = {"Ref": logical_id}
    for logical_id, spec in template.pop("x-state-machines", {}).items():
        definition = json.loads((ROOT / spec["definition"]).read_text())
        resources[logical_id] = {
            "Type": "AWS::StepFunctions::StateMachine",
            "Properties": {
                "StateMachineName": {"Fn::Sub": f"${{AWS::StackName}}-{logical_id}"},
                "Definition": definition,
                "DefinitionSubstitutions": spec["substitutions"],
                "RoleArn": {"Fn::GetAtt": ["StateMachineRole", "Arn"]},
            },
            # cfn-lint E3601 validates a Task's Resource against `^arn:aws:...`; ours are partition-neutral
            # (`arn:${Partition}:states:::lambda:invoke`, filled in by DefinitionSubstitutions), which is what lets
            # the same definition deploy to aws-cn. Any other rule still applies to the state machine.
            "Metadata": {"cfn-lint": {"config": {"ignore_checks": ["E3601"]}}},
        }
    # Every function gets the Globals environment, and a workflow's task functions are referenced by their state
    # machine: `Ref: <StateMachine>` in Globals would make function -> state machine -> function a circular
    # dependency (CloudFormation refuses the stack). The ARN is built from the state machine's fixed name instead.
    for name, value in list(env.items()):
        target = value.get("Ref") if isinstance(value, dict) else None
        if target in resources and resources[target].get("Type") == "AWS::StepFunctions::StateMachine":
            env[name] = {"Fn::Sub": state_machine_arn(target)}
    # The device IoT policy: iot/policies/device.json is its one source (the local broker's ACL is built from it too).
    from iot.acl import cloudformation_policy_document, load_device_policy

    resources["DevicePolicy"] = {
        "Type": "AWS::IoT::Policy",
        "Properties": {"PolicyDocument": cloudformation_policy_document(load_device_policy())},
    }
    # Least privilege: each function's role gets the policy built from its own x-permissions entry.
    from infra.localcloud.template import camel
    from infra.permissions import role_policies

    if "x-function-policy" in template:
        raise SystemExit(
            "infra/resources.yaml: x-function-policy (one policy for every function) was replaced by x-permissions "
            "(one entry per function): move its statements into the entries of the functions that make those calls"
        )
    policies = role_policies(template.pop("x-permissions"), function_names(), resources)
    for name, document in policies.items():
        role = resources.setdefault(f"{camel(name)}Role", {}).setdefault("Properties", {})
        role["Policies"] = [{"PolicyName": "least-privilege", "PolicyDocument": document}]
    # chalice names the API handler's log group after `ApiHandler`, but the function is `APIHandler`.
    resources["ApiHandlerLogGroup"] = {"Properties": {"LogGroupName": {"Fn::Sub": "/aws/lambda/${APIHandler}"}}}
    from infra.monitoring import add_monitoring

    add_monitoring(template, function_names())
    return template


def apply_partitions(template: dict[str, Any], facts: dict[str, Any]) -> None:
    """Service principals from infra/partitions.yaml (a string where both partitions agree, else Fn::FindInMap over
    a `ServicePrincipals` mapping keyed by partition), and one condition per partition switch (`XRayTracing`)."""
    principals: dict[str, dict[str, str]] = facts["service_principals"]
    differing: set[str] = set()

    def principal(service: str) -> Any:
        if service not in principals:
            raise SystemExit(f"infra/partitions.yaml: no service principal for {service!r}")
        values = principals[service]
        if len(set(values.values())) == 1:
            return next(iter(values.values()))
        differing.add(service)
        return {"Fn::FindInMap": ["ServicePrincipals", {"Ref": "AWS::Partition"}, service]}

    def walk(value: Any) -> Any:
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, dict):
            if set(value) == {"x-service-principal"}:
                return principal(value["x-service-principal"])
            return {k: walk(v) for k, v in value.items()}
        return value

    template["Resources"] = walk(template.get("Resources", {}))
    if differing:
        partitions = sorted({p for s in differing for p in principals[s]})
        template.setdefault("Mappings", {})["ServicePrincipals"] = {
            partition: {s: principals[s][partition] for s in sorted(differing)} for partition in partitions
        }
    conditions = template.setdefault("Conditions", {})
    for switch, by_partition in facts["switches"].items():
        on = sorted(p for p, enabled in by_partition.items() if enabled)
        equals = [{"Fn::Equals": [{"Ref": "AWS::Partition"}, p]} for p in on]
        name = "".join(part.capitalize() for part in switch.split("_")).replace("Xray", "XRay")
        conditions[name] = equals[0] if len(equals) == 1 else {"Fn::Or": equals}


def function_names() -> list[str]:
    """Chalice names of the app's functions (chalice's logical ids are their camel case; roles are `<id>Role`)."""
    import app

    return app.function_names()


def render(template: dict[str, Any]) -> str:
    return json.dumps(template, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if the committed file differs")
    args = parser.parse_args(argv)
    text = render(build())
    if args.check:
        if not OUTPUT.exists() or OUTPUT.read_text() != text:
            print(f"{OUTPUT.relative_to(ROOT)} is out of date: run `make generate`", file=sys.stderr)
            return 1
        print(f"{OUTPUT.relative_to(ROOT)} is up to date")
        return 0
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(text)
    print(f"wrote {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
