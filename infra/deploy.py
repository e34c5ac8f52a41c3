"""Deploy a stage with CloudFormation change sets, using boto3 only (no AWS CLI).

    make deploy STAGE=prod REGION=cn-north-1          # = python -m infra.deploy --stage prod --region cn-north-1

1. package (`infra/lint.py` cache: `chalice package` merged with infra/) and lint for the target region;
2. upload the deployment zip (content-addressed) and the template to the artifact bucket (created, private and
   encrypted, when missing: `<stack>-artifacts-<account>-<region>`, or `--bucket` / DEPLOY_BUCKET);
3. create a change set (CREATE for a new stack, UPDATE otherwise), wait for it and show every change;
4. ask before executing (`--yes` skips the question, for CI), execute, wait, and report the outcome and outputs
   (on failure: the failed resources with their reasons; CloudFormation has already rolled back).

Before anything is uploaded, the stage's parameters are put together (`stage_parameters`: infra/stages.yaml, the
account's IoT data endpoint from DescribeEndpoint, AppVersion from `git describe` of the deployed commit) and checked
(`preflight`): a placeholder WeChat AppID, an empty OperatorEmail, a missing IoT endpoint, reserved concurrency the
account cannot give, a WeChat Pay notify URL that is not https, and notification settings the code reads but the
stage lacks (the SMS sign name, the push app key, a WeChat subscribe template for every message kind residents get
and an SMS template for every kind emergency contacts get: `notify_templates`, passed as NotifyTemplates) refuse
the deploy (`--accept-incomplete` turns the refusals into loud warnings, for a first dev stack). Once the stack
exists, a NotifyProviderSecret still holding its generated placeholder refuses it too (`provider_secret_problems`).
The duty-room console must be built (`make console`: console/dist/index.html) and the packaged template must have
the outputs it is published with; after a deploy that succeeded, `infra/console_upload.py` uploads console/dist
(content types, cache headers) and its console-config.json to the stack's ConsoleBucket and invalidates the page.

`--cancel` cancels an update in progress (CloudFormation rolls it back). Settings per stage: infra/stages.yaml.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from infra import console_upload

ROOT = Path(__file__).resolve().parent.parent
STAGES = ROOT / "infra" / "stages.yaml"
CAPABILITIES = ["CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND"]


def stage_settings(stage: str) -> dict[str, Any]:
    settings: dict[str, Any] = yaml.safe_load(STAGES.read_text())
    if stage not in settings:
        raise SystemExit(f"unknown stage {stage!r}: infra/stages.yaml has {sorted(settings)}")
    return settings[stage]


# A mini-program's AppID: "wx" and 16 hexadecimal digits (the WeChat console's 开发管理 -> 开发设置 -> AppID).
WECHAT_APPID = re.compile(r"^wx[0-9a-f]{16}$")
# Lambda keeps at least this many concurrent executions unreserved in every account and region.
MIN_UNRESERVED_CONCURRENCY = 100


def app_version(root: Path = ROOT) -> str:
    """The deployed commit as `git describe` names it (a release tag `vX.Y.Z`, or tag-N-gSHA, `-dirty` when the work
    tree has uncommitted changes); /v1/health reports it."""
    try:
        done = subprocess.run(
            ["git", "describe", "--tags", "--always", "--dirty", "--match", "v[0-9]*"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError) as exc:
        raise SystemExit(f"cannot name the deployed commit with `git describe`: {exc}") from exc
    return done.stdout.strip()


def iot_data_endpoint(iot: Any) -> str:
    """The account's own IoT data endpoint (ATS), as the functions' endpoint URL."""
    return "https://" + str(iot.describe_endpoint(endpointType="iot:Data-ATS")["endpointAddress"])


def account_concurrency_limit(lam: Any) -> int:
    """The account's Lambda concurrency limit in the region (reserved concurrency is carved out of it)."""
    return int(lam.get_account_settings()["AccountLimit"]["ConcurrentExecutions"])


def stage_parameters(stage: str, settings: dict[str, Any], *, version: str, iot_endpoint: str) -> dict[str, str]:
    """Every parameter the template takes, for one stage (nothing left to the template's defaults); the stage's
    `notify_templates` (WeChat subscribe and SMS templates per message kind) as the JSON of NotifyTemplates."""
    return {
        "Stage": stage,
        "AppVersion": version,
        "IotDataEndpoint": iot_endpoint,
        **{k: str(v) for k, v in settings.get("parameters", {}).items()},
        "NotifyTemplates": json.dumps(settings.get("notify_templates") or {}, ensure_ascii=False, sort_keys=True),
    }


def notification_problems(parameters: dict[str, str]) -> list[str]:
    """What the notification channels read and the stage does not give (each would make messages fail)."""
    from chalicelib.notifications.settings import stage_gaps, stage_problems

    found = []
    if not parameters.get("NotifySmsSignName", "").strip():
        found.append(
            "NotifySmsSignName is empty: Alibaba Cloud refuses every SMS (isv.SMS_SIGNATURE_ILLEGAL); put the sign "
            "approved in the SMS console into infra/stages.yaml"
        )
    if not parameters.get("NotifyPushAppKey", "").isdigit():
        found.append("NotifyPushAppKey is not the staff app's Mobile Push AppKey (digits): staff get no push")
    document = parameters.get("NotifyTemplates", "")
    for line in stage_problems(document) + stage_gaps(document):
        found.append(f"notify_templates {line} (infra/stages.yaml)")
    return found


def provider_secret_problems(session: Any, stack: str) -> tuple[list[str], list[str]]:
    """(refusals, warnings): the notification providers' credentials in the stack's NotifyProviderSecret, which the
    stack creates with a placeholder for an operator to fill (README "Secrets"). Before the first deploy there is
    no secret yet: a warning says to fill it before the next deploy."""
    cfn = session.client("cloudformation")
    try:
        arn = cfn.describe_stack_resource(StackName=stack, LogicalResourceId="NotifyProviderSecret")[
            "StackResourceDetail"
        ]["PhysicalResourceId"]
    except Exception:  # no stack (first deploy) or no such resource yet
        first = (
            "NotifyProviderSecret is created by this deploy: put the Alibaba Cloud AccessKey into it "
            '(README "Secrets") before the next deploy, which refuses it while it holds its placeholder'
        )
        return [], [first]
    try:
        value = json.loads(session.client("secretsmanager").get_secret_value(SecretId=arn)["SecretString"])
    except Exception as exc:  # unreadable for this operator, or not JSON
        return [f"NotifyProviderSecret cannot be read or is not JSON ({type(exc).__name__}): fix it first"], []
    key_id = str(value.get("aliyunAccessKeyId", "")) if isinstance(value, dict) else ""
    if not key_id or key_id == "replace-me" or not str(value.get("aliyunAccessKeySecret", "")):
        return [
            "NotifyProviderSecret still holds its placeholder: no SMS or push can be signed. Put "
            '{"aliyunAccessKeyId", "aliyunAccessKeySecret"} into it (README "Secrets")'
        ], []
    return [], []


def preflight(parameters: dict[str, str], concurrency_limit: int | None) -> tuple[list[str], list[str]]:
    """(refusals, warnings) for a stage's parameters and the account's concurrency limit."""
    refusals, warnings = [], []
    if not WECHAT_APPID.match(parameters.get("WechatAppId", "")):
        refusals.append(
            f"WechatAppId {parameters.get('WechatAppId')!r} is a placeholder, not a mini-program AppID (wx + 16 hex "
            "digits): residents cannot sign in. Put the real one into infra/stages.yaml"
        )
    if not parameters.get("OperatorEmail"):
        refusals.append("OperatorEmail is empty: no one would receive the alarms. Set it in infra/stages.yaml")
    if not parameters.get("IotDataEndpoint", "").startswith("https://"):
        refusals.append("IotDataEndpoint is missing: device commands would go to botocore's generic address")
    notify = parameters.get("WechatPayNotifyUrl", "")
    if not notify:
        refusals.append(
            "WechatPayNotifyUrl is empty: WeChat Pay would have nowhere to send payment results (the payment routes "
            "answer 503). Set https://<ICP-filed API domain>/v1/public/wechatpay/notify in infra/stages.yaml"
        )
    elif not notify.startswith("https://"):
        refusals.append(f"WechatPayNotifyUrl {notify!r} is not an https:// URL (WeChat Pay calls only HTTPS)")
    refusals.extend(notification_problems(parameters))
    if parameters.get("AppVersion", "").endswith("-dirty"):
        warnings.append(f"AppVersion {parameters['AppVersion']}: the work tree has uncommitted changes")
    reserved = int(parameters.get("ApiReservedConcurrency", 0)) + int(parameters.get("IngestEventMaxConcurrency", 0))
    if concurrency_limit is not None and concurrency_limit - reserved < MIN_UNRESERVED_CONCURRENCY:
        refusals.append(
            f"the account's Lambda concurrency limit is {concurrency_limit}: reserving {reserved} would leave less "
            f"than the {MIN_UNRESERVED_CONCURRENCY} Lambda keeps unreserved. Ask for a higher quota or lower "
            "ApiReservedConcurrency / IngestEventMaxConcurrency in infra/stages.yaml"
        )
    return refusals, warnings


def partition_of(region: str) -> str:
    return "aws-cn" if region.startswith("cn-") else "aws"


def s3_url(bucket: str, key: str, region: str) -> str:
    suffix = "amazonaws.com.cn" if partition_of(region) == "aws-cn" else "amazonaws.com"
    return f"https://{bucket}.s3.{region}.{suffix}/{key}"


def with_code_in_s3(template: dict[str, Any], bucket: str, key: str) -> dict[str, Any]:
    """The template with every function's `CodeUri` pointing at the uploaded deployment zip."""
    out = json.loads(json.dumps(template))
    for resource in out["Resources"].values():
        if resource.get("Type") == "AWS::Serverless::Function":
            resource["Properties"]["CodeUri"] = f"s3://{bucket}/{key}"
    return out


def ensure_bucket(s3: Any, bucket: str, region: str) -> None:
    try:
        s3.head_bucket(Bucket=bucket)
        return
    except s3.exceptions.ClientError:
        pass
    kwargs: dict[str, Any] = {}
    if region != "us-east-1":
        kwargs["CreateBucketConfiguration"] = {"LocationConstraint": region}
    s3.create_bucket(Bucket=bucket, **kwargs)
    s3.put_public_access_block(
        Bucket=bucket,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )
    s3.put_bucket_encryption(
        Bucket=bucket,
        ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]
        },
    )
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})


def stack_status(cfn: Any, stack: str) -> str | None:
    try:
        return str(cfn.describe_stacks(StackName=stack)["Stacks"][0]["StackStatus"])
    except cfn.exceptions.ClientError as exc:
        if "does not exist" in str(exc):
            return None
        raise


def describe_changes(changes: list[dict[str, Any]]) -> list[str]:
    lines = []
    for change in changes:
        rc = change.get("ResourceChange", {})
        replacement = rc.get("Replacement")
        note = " (REPLACEMENT)" if replacement == "True" else " (may replace)" if replacement == "Conditional" else ""
        lines.append(
            f"  {rc.get('Action', '?'):<8} {rc.get('LogicalResourceId', '?'):<48} {rc.get('ResourceType', '')}{note}"
        )
    return lines


def deploy(
    cfn: Any,
    stack: str,
    template: dict[str, str],
    parameters: dict[str, str],
    *,
    confirm: Callable[[str], bool],
    say: Callable[[str], None] = print,
    tags: dict[str, str] | None = None,
    poll: float = 5.0,
) -> int:
    """Create, show and (if confirmed) execute a change set. `template`: {"TemplateURL": url} or {"TemplateBody": text}.

    Returns 0 on success or when there is nothing to change, 1 when the stack operation failed, 2 when declined.
    """
    status = stack_status(cfn, stack)
    if status is not None and status.endswith("_IN_PROGRESS"):
        say(f"{stack} is {status}: wait for it to finish (or `--cancel` an update) and deploy again")
        return 1
    kind = "CREATE" if status in (None, "REVIEW_IN_PROGRESS") else "UPDATE"
    if status == "ROLLBACK_COMPLETE":  # a first create that failed leaves a stack that can only be deleted
        say(f"{stack} is ROLLBACK_COMPLETE (its first create failed): delete it, then deploy again")
        return 1
    name = f"{stack}-{time.strftime('%Y%m%d%H%M%S', time.gmtime())}"
    created = cfn.create_change_set(
        StackName=stack,
        ChangeSetName=name,
        ChangeSetType=kind,
        Parameters=[{"ParameterKey": k, "ParameterValue": str(v)} for k, v in sorted(parameters.items())],
        Capabilities=CAPABILITIES,
        Tags=[{"Key": k, "Value": v} for k, v in sorted((tags or {}).items())],
        **template,
    )
    change_set = created["Id"]
    described = _wait_for_change_set(cfn, change_set, poll)
    if described["Status"] == "FAILED":
        reason = str(described.get("StatusReason", ""))
        cfn.delete_change_set(ChangeSetName=change_set)
        if "didn't contain changes" in reason or "No updates" in reason:
            say(f"{stack}: no changes to deploy")
            return 0
        say(f"{stack}: the change set failed: {reason}")
        return 1
    changes = list(described.get("Changes", []))
    say(f"{kind} {stack}: change set {name}, {len(changes)} change(s):")
    for line in describe_changes(changes):
        say(line)
    if not confirm(f"execute change set {name} on {stack}?"):
        cfn.delete_change_set(ChangeSetName=change_set)
        say("not executed (change set deleted)")
        return 2
    cfn.execute_change_set(ChangeSetName=change_set)
    final = _wait_for_stack(cfn, stack, poll)
    if final in ("CREATE_COMPLETE", "UPDATE_COMPLETE"):
        outputs = cfn.describe_stacks(StackName=stack)["Stacks"][0].get("Outputs", [])
        say(f"{stack}: {final}")
        for output in outputs:
            say(f"  {output['OutputKey']}: {output['OutputValue']}")
        return 0
    say(f"{stack}: {final}")
    for event in cfn.describe_stack_events(StackName=stack)["StackEvents"][:50]:
        if event.get("ResourceStatus", "").endswith("_FAILED"):
            say(f"  {event['LogicalResourceId']}: {event['ResourceStatus']} {event.get('ResourceStatusReason', '')}")
    return 1


def _wait_for_change_set(cfn: Any, change_set: str, poll: float) -> dict[str, Any]:
    while True:
        described: dict[str, Any] = cfn.describe_change_set(ChangeSetName=change_set)
        if described["Status"] in ("CREATE_COMPLETE", "FAILED"):
            changes = list(described.get("Changes", []))
            while described.get("NextToken"):
                described = cfn.describe_change_set(ChangeSetName=change_set, NextToken=described["NextToken"])
                changes += described.get("Changes", [])
            return {**described, "Changes": changes}
        time.sleep(poll)


def _wait_for_stack(cfn: Any, stack: str, poll: float) -> str:
    while True:
        status = stack_status(cfn, stack) or "DELETED"
        if not status.endswith("_IN_PROGRESS"):
            return status
        time.sleep(poll)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stage", required=True, choices=["dev", "staging", "prod"])
    parser.add_argument("--region", help="default: the stage's region in infra/stages.yaml")
    parser.add_argument(
        "--bucket", help="artifact bucket (default: DEPLOY_BUCKET or <stack>-artifacts-<account>-<region>)"
    )
    parser.add_argument("--yes", action="store_true", help="execute the change set without asking")
    parser.add_argument("--cancel", action="store_true", help="cancel the stack's update in progress (rolls back)")
    parser.add_argument(
        "--accept-incomplete", action="store_true", help="deploy despite refusals (placeholders), with loud warnings"
    )
    args = parser.parse_args(argv)

    import os

    import boto3

    from infra.lint import lint, packaged

    settings = stage_settings(args.stage)
    region = args.region or settings["region"]
    stack = settings["stack_name"]
    session = boto3.session.Session(region_name=region)
    cfn = session.client("cloudformation")
    if args.cancel:
        cfn.cancel_update_stack(StackName=stack)
        print(f"{stack}: update cancelled; CloudFormation rolls back to the previous template")
        return 0 if _wait_for_stack(cfn, stack, 5.0) == "UPDATE_ROLLBACK_COMPLETE" else 1

    parameters = stage_parameters(
        args.stage, settings, version=app_version(), iot_endpoint=iot_data_endpoint(session.client("iot"))
    )
    refusals, warnings = preflight(parameters, account_concurrency_limit(session.client("lambda")))
    secret_refusals, secret_warnings = provider_secret_problems(session, stack)
    refusals, warnings = refusals + secret_refusals, warnings + secret_warnings
    refusals += console_upload.dist_problems(console_upload.DIST)
    if partition_of(region) == "aws-cn":
        warnings.append(
            "the console's CloudFront distribution serves nothing in the China regions until it has an ICP-filed "
            'domain (README "The duty-room console")'
        )
    for line in warnings + (refusals if args.accept_incomplete else []):
        print(f"WARNING: {line}", file=sys.stderr)
    if refusals and not args.accept_incomplete:
        for line in refusals:
            print(f"REFUSED: {line}", file=sys.stderr)
        print("nothing deployed (`--accept-incomplete` deploys anyway, e.g. a first dev stack)", file=sys.stderr)
        return 1
    print(f"{stack}: AppVersion {parameters['AppVersion']}, IoT data endpoint {parameters['IotDataEndpoint']}")

    template_path = packaged(args.stage)
    errors = [m for m in lint(template_path, (region,)) if m.rule.id.startswith("E")]
    if errors:
        print(f"cfn-lint found {len(errors)} error(s) for {region}: run `python -m infra.lint --stage {args.stage}`")
        return 1
    missing = console_upload.template_problems(json.loads(template_path.read_text()))
    if missing:
        for line in missing:
            print(f"REFUSED: {line}", file=sys.stderr)
        return 1
    account = session.client("sts").get_caller_identity()["Account"]
    bucket = args.bucket or os.environ.get("DEPLOY_BUCKET") or f"{stack}-artifacts-{account}-{region}"
    s3 = session.client("s3")
    ensure_bucket(s3, bucket, region)
    code = (template_path.parent / "deployment.zip").read_bytes()
    code_key = f"{args.stage}/deployment-{hashlib.sha256(code).hexdigest()[:16]}.zip"
    s3.put_object(Bucket=bucket, Key=code_key, Body=code)
    body = json.dumps(with_code_in_s3(json.loads(template_path.read_text()), bucket, code_key)).encode()
    template_key = f"{args.stage}/template-{hashlib.sha256(body).hexdigest()[:16]}.json"
    s3.put_object(Bucket=bucket, Key=template_key, Body=body)
    print(f"uploaded s3://{bucket}/{code_key} ({len(code) / 1e6:.2f} MB) and the template")

    def ask(question: str) -> bool:
        return args.yes or input(f"{question} [y/N] ").strip().lower() in {"y", "yes"}

    outcome = deploy(
        cfn,
        stack,
        {"TemplateURL": s3_url(bucket, template_key, region)},
        parameters,
        confirm=ask,
        tags={"app": "smartcommunity", "stage": args.stage},
    )
    if outcome == 0 and settings.get("termination_protection"):
        cfn.update_termination_protection(EnableTerminationProtection=True, StackName=stack)
    if outcome == 0:  # the stack is there: the console's files go into its bucket
        outcome = console_upload.publish(session, stack_outputs(cfn, stack), console_upload.DIST)
    return outcome


def stack_outputs(cfn: Any, stack: str) -> dict[str, str]:
    """The deployed stack's outputs by key (empty when there is no stack)."""
    try:
        described = cfn.describe_stacks(StackName=stack)["Stacks"][0]
    except cfn.exceptions.ClientError:
        return {}
    return {str(o["OutputKey"]): str(o["OutputValue"]) for o in described.get("Outputs", [])}


if __name__ == "__main__":
    sys.exit(main())
