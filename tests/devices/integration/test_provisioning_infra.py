"""The provisioning resources of infra/ as the local cloud provisions them: the device policy generated from
iot/policies/device.json (policy variables kept for IoT to evaluate), the fleet template wired to the hook."""

from __future__ import annotations

import json
from typing import Any

from iot.acl import load_device_policy


def test_device_policy_is_the_json_file_with_variables_left_to_iot(cloud: Any) -> None:
    name = cloud.environment["DEVICE_POLICY_NAME"]
    document = json.loads(cloud.client("iot").get_policy(policyName=name)["policyDocument"])
    source = load_device_policy()
    partition = "aws-cn" if cloud.region.startswith("cn-") else "aws"
    expected = [
        [
            r.replace("${AWS::Partition}", partition)
            .replace("${AWS::Region}", cloud.region)
            .replace("${AWS::AccountId}", "123456789012")
            .replace("${Stage}", cloud.environment["STAGE"])  # the Basic Ingest rules are named per stage
            for r in s["Resource"]
        ]
        for s in source["Statement"]
    ]
    assert [s["Resource"] for s in document["Statement"]] == expected
    assert all("${iot:Connection.Thing.ThingName}" in r for s in document["Statement"] for r in s["Resource"])


def test_fleet_template_runs_the_ledger_hook_and_attaches_the_device_policy() -> None:
    from infra.localcloud.template import load_template

    template = load_template()
    props = template["Resources"]["FleetProvisioningTemplate"]["Properties"]
    assert props["PreProvisioningHook"]["TargetArn"] == {"Fn::GetAtt": ["FleetPreprovisioningHook", "Arn"]}
    body_text = props["TemplateBody"]["Fn::Sub"]
    body = json.loads(body_text.replace("${DevicePolicy}", "policy-name"))
    assert body["Resources"]["thing"]["Properties"]["ThingName"] == {"Ref": "DeviceId"}
    assert body["Resources"]["policy"]["Properties"]["PolicyName"] == "policy-name"
    permission = template["Resources"]["FleetPreprovisioningHookPermission"]["Properties"]
    assert permission["FunctionName"] == {"Fn::GetAtt": ["FleetPreprovisioningHook", "Arn"]}
    import app

    assert "fleet_preprovisioning_hook" in {f.name for f in app.app.pure_lambda_functions}
