"""Generate infra/generated/merge-template.json: the one template both AWS and the local cloud use.

Sources (each exists once): infra/resources.yaml (hand-written resources), chalicelib/store/tables.py (tables),
stepfunctions/*.asl.json (state machines). `python -m infra.build --check` fails when the committed file drifts.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "infra" / "resources.yaml"
OUTPUT = ROOT / "infra" / "generated" / "merge-template.json"


def table_logical_id(logical: str) -> str:
    return "".join(part.capitalize() for part in logical.split("_")) + "Table"


def build() -> dict[str, Any]:
    from chalicelib.store.tables import TABLES, table_schema

    template: dict[str, Any] = yaml.safe_load(SOURCE.read_text())
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
                "Definition": definition,
                "DefinitionSubstitutions": spec["substitutions"],
                "RoleArn": {"Fn::GetAtt": ["StateMachineRole", "Arn"]},
            },
        }
    # The device IoT policy: iot/policies/device.json is its one source (the local broker's ACL is built from it too).
    from iot.acl import cloudformation_policy_document, load_device_policy

    resources["DevicePolicy"] = {
        "Type": "AWS::IoT::Policy",
        "Properties": {"PolicyDocument": cloudformation_policy_document(load_device_policy())},
    }
    policy = template.pop("x-function-policy")
    for function_id in function_logical_ids():
        resources.setdefault(f"{function_id}Role", {}).setdefault("Properties", {})["Policies"] = [policy]
    return template


def function_logical_ids() -> list[str]:
    """Logical ids chalice gives the app's functions (its per-function roles are `<id>Role`)."""
    import app
    from infra.localcloud.template import camel

    names = ["ApiHandler"]
    names += [camel(fn.name) for fn in app.app.pure_lambda_functions]
    names += [camel(cfg.name) for cfg in app.app.event_sources]
    return sorted(set(names))


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
