"""Which WeChat and SMS template each message kind uses, per community over the stage's defaults: read by managers,
set and reset by a community admin (audited), refused when WeChat would refuse its messages; and a message sent
afterwards goes out through the community's own template, as the local WeChat server receives it."""

from __future__ import annotations

import json
import uuid
from typing import Any

from chalicelib.notifications import WECHAT, Recipient, compose, send
from chalicelib.notifications.templates import KINDS
from tests.support.alarms import providers  # noqa: F401  (the local provider servers, channels pointed at them)
from tests.support.registry import token


def _call(client: Any, method: str, path: str, tok: str, body: Any = None) -> tuple[int, Any]:
    headers = {"Authorization": f"Bearer {tok}", "Content-Type": "application/json"}
    response = getattr(client.http, method)(path, headers=headers, body=json.dumps(body) if body is not None else None)
    return response.status_code, (json.loads(response.body) if response.body else None)


def test_an_admin_sets_a_kinds_template_and_its_messages_use_it(client: Any, providers: Any) -> None:  # noqa: F811
    community = "c" + uuid.uuid4().hex[:10]
    path = f"/v1/staff/communities/{community}/notification-templates"
    manager, admin = token({"staff.manager"}, {community}), token({"community.admin"}, {community})

    status, listed = _call(client, "get", path, manager)
    assert status == 200 and [k["kind"] for k in listed["items"]] == list(KINDS)
    sos = next(k for k in listed["items"] if k["kind"] == "sos")
    assert sos["label"] == "紧急求助" and sos["wechat"]["templateId"] == "tmpl-sos"
    assert sos["source"] == {"wechat": "stage", "sms": "stage"} and sos["smsVariables"] == list(KINDS["sos"].sms)
    assert {"name": "time", "shownAs": ["time", "date"]} in sos["fields"]

    own = {"templateId": "own-sos-1", "fields": {"thing1": "place", "name2": "name", "time3": "time", "thing4": "note"}}
    assert _call(client, "put", f"{path}/sos", manager, {"wechat": own})[0] == 403  # managers read, admins set
    status, saved = _call(client, "put", f"{path}/sos", admin, {"wechat": own})
    assert status == 200 and saved["wechat"] == own and saved["source"] == {"wechat": "community", "sms": "stage"}

    providers.wechat.templates["own-sos-1"] = dict(own["fields"])  # chosen in this community's WeChat console
    (message,) = compose(
        "sos",
        {**KINDS["sos"].sample, "note": "老人摔倒了，在卫生间"},
        community_id=community,
        subject="alarm:alm-test",
        key=f"k-{uuid.uuid4().hex[:6]}",
        recipients=[Recipient(WECHAT, "openid-family")],
    )
    (delivery,) = send(message)
    assert delivery.status == "sent", delivery.reason
    got = providers.wechat.received[-1]
    assert got["body"]["template_id"] == "own-sos-1"
    assert got["values"] == {
        "thing1": "3栋2单元1201",
        "name2": "王小明",
        "time3": "2026年12月7日 14:51",
        "thing4": "老人摔倒了，在卫生间",
    }

    status, reset = _call(client, "delete", f"{path}/sos", admin)
    assert status == 200 and reset["wechat"]["templateId"] == "tmpl-sos" and reset["source"]["wechat"] == "stage"


def test_a_setting_wechat_would_refuse_is_refused_with_its_fields(client: Any, providers: Any) -> None:  # noqa: F811
    community = "c" + uuid.uuid4().hex[:10]
    path = f"/v1/staff/communities/{community}/notification-templates"
    admin = token({"community.admin"}, {community})
    bad = {
        "wechat": {"templateId": "t-1", "fields": {"phrase1": "place", "widget2": "time", "thing3": "colour"}},
        "smsTemplate": "alarm-template",
    }
    status, error = _call(client, "put", f"{path}/alarm", admin, bad)
    assert status == 400 and error["error"]["code"] == "VALIDATION_FAILED"
    assert {(d["field"], d["code"]) for d in error["error"]["details"]} == {
        ("wechat.fields.phrase1", "type"),  # a place is no phrase (five Chinese characters)
        ("wechat.fields.widget2", "wechat_key"),
        ("wechat.fields.thing3", "unknown_field"),
        ("smsTemplate", "pattern"),
    }
    status, error = _call(client, "put", f"{path}/fireworks", admin, {"smsTemplate": "SMS_1"})
    assert status == 404 and error["error"]["code"] == "NOTIFICATION_KIND_NOT_FOUND"
    other = token({"community.admin"}, {"c-elsewhere"})
    assert _call(client, "put", f"{path}/alarm", other, {"smsTemplate": "SMS_1"})[0] == 403
