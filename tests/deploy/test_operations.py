"""What a deployed stage needs on its first day: the IoT data endpoint, every parameter, the first platform admin.

- The account's own IoT data endpoint reaches every function (a parameter `make deploy` fills from DescribeEndpoint;
  the stack create and the parameters passed: test_stack_create.py), and a deployed function without it fails its
  cold start instead of sending commands to botocore's generic address.
- `make deploy` refuses placeholder WeChat AppIDs, an empty OperatorEmail, a missing endpoint, reservations the
  account cannot give, an empty or plain-http WeChat Pay notify URL and notification settings the code reads but
  the stage lacks (SMS sign, push AppKey, a WeChat template per kind residents get, an SMS template per kind
  emergency contacts get; a NotifyProviderSecret still holding its placeholder); names the deployed commit
  (AppVersion), which /v1/health reports.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from infra import lint
from infra.deploy import app_version, preflight, stage_parameters, stage_settings

ROOT = Path(__file__).resolve().parents[2]
ENDPOINT = "https://a1b2c3d4e5f6g7-ats.iot.cn-north-1.amazonaws.com.cn"


def _cold_start(extra: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "TABLE_", "STAGE", "IOT_", "MOTO"))},
        "AWS_REGION": "cn-north-1",
        "AWS_DEFAULT_REGION": "cn-north-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_LAMBDA_FUNCTION_NAME": "smartcommunity-prod-WorkflowPublishCommand-abc",
        "POWERTOOLS_METRICS_NAMESPACE": "SmartCommunityTest",
        **extra,
    }
    script = "import chalicelib.devices.tasks, app; print('initialised')"
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


SETTINGS = {"IOT_DATA_ENDPOINT": ENDPOINT, "PARTNER_PLAN_STANDARD_ID": "abc123", "PARTNER_PLAN_BULK_ID": "def456"}


def test_a_deployed_function_without_one_of_its_settings_fails_its_cold_start_loudly() -> None:
    from chalicelib.kernel.config import DEPLOYED_SETTINGS

    assert set(SETTINGS) == set(DEPLOYED_SETTINGS)
    missing = _cold_start({"STAGE": "prod"})
    assert missing.returncode != 0
    assert "MissingSetting" in missing.stderr and all(name in missing.stderr for name in SETTINGS)
    assert "DescribeEndpoint" in missing.stderr, "the message says where the value comes from"
    without_plan = _cold_start({"STAGE": "prod", **{k: v for k, v in SETTINGS.items() if k != "PARTNER_PLAN_BULK_ID"}})
    assert without_plan.returncode != 0 and "PARTNER_PLAN_BULK_ID" in without_plan.stderr
    assert "PartnerBulkPlan" in without_plan.stderr and "IOT_DATA_ENDPOINT" not in without_plan.stderr
    assert _cold_start({"STAGE": "prod", **SETTINGS}).stdout.strip() == "initialised"
    assert _cold_start({"STAGE": "local"}).stdout.strip() == "initialised", "the local cloud needs none"


def test_the_template_gives_every_function_each_setting_a_deployed_stage_must_have() -> None:
    from chalicelib.kernel.config import DEPLOYED_SETTINGS

    variables = json.loads(lint.packaged("prod").read_text())["Globals"]["Function"]["Environment"]["Variables"]
    assert {name: variables.get(name) for name in DEPLOYED_SETTINGS} == {
        "IOT_DATA_ENDPOINT": {"Ref": "IotDataEndpoint"},
        "PARTNER_PLAN_STANDARD_ID": {"Ref": "PartnerStandardPlan"},
        "PARTNER_PLAN_BULK_ID": {"Ref": "PartnerBulkPlan"},
    }


def test_every_function_gets_the_endpoint_and_the_parameter_takes_only_an_https_host() -> None:
    template = json.loads(lint.packaged("prod").read_text())
    assert template["Globals"]["Function"]["Environment"]["Variables"]["IOT_DATA_ENDPOINT"] == {
        "Ref": "IotDataEndpoint"
    }
    parameter = template["Parameters"]["IotDataEndpoint"]
    import re

    assert re.fullmatch(parameter["AllowedPattern"], ENDPOINT)
    assert not re.fullmatch(parameter["AllowedPattern"], "data.ats.iot.cn-north-1.amazonaws.com.cn")


def filled(settings: dict[str, object]) -> dict[str, object]:
    """A stage's settings as an operator fills them: real AppID, e-mail, notify URL and notification settings."""
    notify = json.loads(json.dumps(settings["notify_templates"]))
    for n, entry in enumerate(notify["wechat"].values()):
        entry["templateId"] = f"tpl{n}-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"
    notify["sms"] = {kind: f"SMS_4650{n}" for n, kind in enumerate(notify["sms"])}
    parameters = {
        **settings["parameters"],  # type: ignore[dict-item]
        "WechatAppId": "wx0123456789abcdef",
        "OperatorEmail": "ops@example.com",
        "WechatPayNotifyUrl": "https://api.example.cn/v1/public/wechatpay/notify",
        "NotifySmsSignName": "阳光物业",
        "NotifyPushAppKey": "333000111",
    }
    return {**settings, "parameters": parameters, "notify_templates": notify}


def _ready(stage: str) -> dict[str, str]:
    return stage_parameters(stage, filled(stage_settings(stage)), version="v1.4.0", iot_endpoint=ENDPOINT)


@pytest.mark.parametrize("stage", ["dev", "staging", "prod"])
def test_make_deploy_refuses_the_placeholders_every_stage_ships_with(stage: str) -> None:
    as_committed = stage_parameters(stage, stage_settings(stage), version="v1.4.0", iot_endpoint=ENDPOINT)
    refusals, warnings = preflight(as_committed, 1000)
    assert any("WechatAppId" in r and "placeholder" in r for r in refusals)
    assert any("OperatorEmail is empty" in r for r in refusals)
    assert any("WechatPayNotifyUrl is empty" in r for r in refusals)
    assert any(r.startswith("NotifySmsSignName is empty") for r in refusals)
    assert any(r.startswith("NotifyPushAppKey") for r in refusals)
    for kind in ("alarm", "sos", "work_order", "arrears", "visitor", "refund"):
        assert any(f"wechat.{kind}: no subscribe template" in r for r in refusals), kind
    assert {r.split(":")[0] for r in refusals if "sms." in r} == {
        "notify_templates sms.alarm",
        "notify_templates sms.sos",
    }
    assert warnings == []
    assert preflight(_ready(stage), 1000) == ([], [])
    template = json.loads(lint.packaged("prod").read_text())
    assert set(_ready(stage)) == set(template["Parameters"]), "every parameter of the template, per stage"


def test_the_notification_templates_reach_the_functions_as_the_code_reads_them() -> None:
    from chalicelib.notifications.settings import stage_templates

    parameters = _ready("prod")
    templates = stage_templates(parameters["NotifyTemplates"])
    assert templates["sos"].wechat is not None and templates["sos"].wechat.fields["phone_number4"] == "phone"
    assert templates["alarm"].sms_template == "SMS_46500" and templates["export_ready"].wechat is None
    variables = json.loads(lint.packaged("prod").read_text())["Globals"]["Function"]["Environment"]["Variables"]
    assert variables["NOTIFY_TEMPLATES"] == {"Ref": "NotifyTemplates"}
    assert variables["NOTIFY_SMS_SIGN_NAME"] == {"Ref": "NotifySmsSignName"}
    assert variables["NOTIFY_PUSH_APP_KEY"] == {"Ref": "NotifyPushAppKey"}
    assert len(parameters["NotifyTemplates"].encode()) < 4096, "a CloudFormation parameter value's limit"


def test_make_deploy_refuses_templates_wechat_would_refuse() -> None:
    settings = filled(stage_settings("prod"))
    wrong = json.loads(json.dumps(settings["notify_templates"]))
    wrong["wechat"]["work_order"]["fields"] = {"phrase2": "place", "thing1": "title"}  # a place is no phrase
    wrong["sms"]["sos"] = "sos-template"
    parameters = stage_parameters("prod", {**settings, "notify_templates": wrong}, version="v1", iot_endpoint=ENDPOINT)
    refusals = preflight(parameters, 1000)[0]
    assert any("wechat.work_order: wechat.fields.phrase2 type" in r for r in refusals)
    assert any("sms.sos: smsTemplate pattern" in r for r in refusals)


def test_make_deploy_refuses_a_provider_secret_still_holding_its_placeholder() -> None:
    from infra.deploy import provider_secret_problems

    class Session:
        def __init__(self, secret: str | None) -> None:
            self.secret = secret

        def client(self, service: str) -> object:
            outer = self

            class Client:
                def describe_stack_resource(self, **kw: str) -> dict[str, object]:
                    if outer.secret is None:
                        raise RuntimeError("Stack with id smartcommunity-prod does not exist")
                    return {"StackResourceDetail": {"PhysicalResourceId": "arn:aws-cn:secretsmanager:x"}}

                def get_secret_value(self, **kw: str) -> dict[str, str]:
                    return {"SecretString": outer.secret or ""}

            return Client()

    first = provider_secret_problems(Session(None), "smartcommunity-prod")
    assert first[0] == [] and "before the next deploy" in first[1][0]
    placeholder = '{"aliyunAccessKeyId": "replace-me", "aliyunAccessKeySecret": "generated"}'
    assert "placeholder" in provider_secret_problems(Session(placeholder), "s")[0][0]
    assert provider_secret_problems(Session("not json"), "s")[0][0].startswith("NotifyProviderSecret cannot be read")
    real = '{"aliyunAccessKeyId": "LTAI5tExample", "aliyunAccessKeySecret": "s3cr3t"}'
    assert provider_secret_problems(Session(real), "s") == ([], [])


def test_make_deploy_refuses_what_would_fail_at_run_time() -> None:
    good = _ready("prod")
    assert preflight(good, 1000) == ([], [])
    assert preflight({**good, "IotDataEndpoint": ""}, 1000)[0] == [
        "IotDataEndpoint is missing: device commands would go to botocore's generic address"
    ]
    assert "not an https:// URL" in preflight({**good, "WechatPayNotifyUrl": "http://x.cn/notify"}, 1000)[0][0]
    # prod reserves 200 + 20: an account at Lambda's default quota (1000) can; a new account at 200 cannot.
    assert preflight(good, 320) == ([], [])
    assert "concurrency limit is 319" in preflight(good, 319)[0][0]
    assert preflight({**good, "AppVersion": "v1.4.0-3-gabc1234-dirty"}, 1000)[1] == [
        "AppVersion v1.4.0-3-gabc1234-dirty: the work tree has uncommitted changes"
    ]


def test_app_version_is_the_git_description_of_the_deployed_commit(tmp_path: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "--allow-empty", "-m", "one")
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "tag", "-a", "v1.4.0", "-m", "release 1.4.0")
    assert app_version(tmp_path) == "v1.4.0"
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "--allow-empty", "-m", "two")
    assert app_version(tmp_path).startswith("v1.4.0-1-g")
    (tmp_path / "f").write_text("x")
    git("add", "f")
    assert app_version(tmp_path).endswith("-dirty")
    assert app_version(ROOT), "this repository has a description too"
