"""The notification channels' real clients against local servers that check what the providers check:
Alibaba Cloud's RPC signature, timestamp and nonce, sign name and template variables (SMS SendSms, Mobile Push),
WeChat's access token, template, subscription and the value rules of each template key (subscribe/send: 47003).
No AWS involved."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.identity.adapters import HttpWechat
from chalicelib.notifications.adapters import (
    AliyunPushChannel,
    AliyunRpcClient,
    AliyunSmsChannel,
    WechatSubscribeChannel,
    sign,
    string_to_sign,
)
from chalicelib.notifications.service import PUSH, SMS, WECHAT, ChannelError, Message, Notifier, Recipient
from chalicelib.notifications.settings import WechatTemplate
from chalicelib.notifications.templates import KINDS, compose
from infra.localcloud.notify_providers import SIGN_NAME, LocalProviders, sms_code
from tests.fakes.alarms import MemoryDeliveries

FACTS = {
    **KINDS["alarm"].sample,
    "place": "3栋2单元1201 一个很长很长很长的地方名字还在继续",
    "time": "2026-06-01T02:00:00.000Z",
}
(MESSAGE,) = compose(
    "alarm",
    FACTS,
    community_id="c-1",
    subject="alarm:alm-1",
    key="level-0",
    recipients=[Recipient(WECHAT, "openid-x")],
    link="pages/alarms/detail?id=alm-1",
)


def sms_templates(community_id: str, kind: str) -> str | None:
    return sms_code(kind)


def alarm_template(community_id: str, kind: str) -> WechatTemplate | None:
    return WechatTemplate(f"tmpl-{kind}", dict(KINDS[kind].example_wechat))


@pytest.fixture(scope="module")
def providers() -> Iterator[LocalProviders]:
    running = LocalProviders().start()
    yield running
    running.stop()


def client(url: str, version: str, secret: str = "local-secret", clock: object = None) -> AliyunRpcClient:
    kwargs = {"clock": clock} if clock else {}
    return AliyunRpcClient(url, version, "LTAI-local", secret, **kwargs)  # type: ignore[arg-type]


def test_signature_matches_alibaba_clouds_documented_example() -> None:
    # The example of Alibaba Cloud's RPC signature documentation (ECS DescribeRegions, secret "testsecret").
    params = {
        "AccessKeyId": "testid",
        "Action": "DescribeRegions",
        "Format": "XML",
        "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
        "SignatureVersion": "1.0",
        "Timestamp": "2016-02-23T12:46:24Z",
        "Version": "2014-05-26",
    }
    assert string_to_sign(params, "GET").startswith("GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions")
    assert sign(params, "testsecret", "GET") == "OLeaidS1JvxuMvnyHOwuJ+uX5qY="


def test_sms_is_signed_and_accepted(providers: LocalProviders) -> None:
    channel = AliyunSmsChannel(client(providers.sms.base_url, "2017-05-25"), SIGN_NAME, sms_templates)
    biz_id = channel.send(Recipient(SMS, "13800000000"), MESSAGE)
    got = providers.sms.received[-1]
    assert got["id"] == biz_id and got["to"] == "13800000000" and got["params"]["TemplateCode"] == sms_code("alarm")
    assert '"title":"火灾报警"' in got["params"]["TemplateParam"]


def test_sms_with_another_sign_or_template_is_refused(providers: LocalProviders) -> None:
    other_sign = AliyunSmsChannel(client(providers.sms.base_url, "2017-05-25"), "别的签名", sms_templates)
    with pytest.raises(ChannelError, match="SMS_SIGNATURE_ILLEGAL"):
        other_sign.send(Recipient(SMS, "13800000000"), MESSAGE)
    unknown = AliyunSmsChannel(client(providers.sms.base_url, "2017-05-25"), SIGN_NAME, lambda c, k: "SMS_999")
    with pytest.raises(ChannelError, match="SMS_TEMPLATE_ILLEGAL"):
        unknown.send(Recipient(SMS, "13800000000"), MESSAGE)
    unset = AliyunSmsChannel(client(providers.sms.base_url, "2017-05-25"), SIGN_NAME, lambda c, k: None)
    with pytest.raises(ChannelError, match="no SMS template") as caught:
        unset.send(Recipient(SMS, "13800000000"), MESSAGE)
    assert not caught.value.retryable


def test_a_wrong_secret_a_stale_clock_and_a_bad_number_are_refused(providers: LocalProviders) -> None:
    bad_secret = AliyunSmsChannel(client(providers.sms.base_url, "2017-05-25", secret="wrong"), "s", sms_templates)
    with pytest.raises(ChannelError, match="SignatureDoesNotMatch") as caught:
        bad_secret.send(Recipient(SMS, "13800000000"), MESSAGE)
    assert not caught.value.retryable
    stale = AliyunSmsChannel(
        client(providers.sms.base_url, "2017-05-25", clock=lambda: datetime.now(UTC) - timedelta(hours=1)),
        SIGN_NAME,
        sms_templates,
    )
    with pytest.raises(ChannelError, match=r"InvalidTimeStamp\.Expired"):
        stale.send(Recipient(SMS, "13800000000"), MESSAGE)
    good = AliyunSmsChannel(client(providers.sms.base_url, "2017-05-25"), SIGN_NAME, sms_templates)
    with pytest.raises(ChannelError, match="MOBILE_NUMBER_ILLEGAL"):
        good.send(Recipient(SMS, "12345"), MESSAGE)


def test_push_to_a_staff_account(providers: LocalProviders) -> None:
    channel = AliyunPushChannel(client(providers.push.base_url, "2016-08-01"), "333000111")
    message_id = channel.send(Recipient(PUSH, "staff-guard-1"), MESSAGE)
    got = providers.push.received[-1]
    assert (
        got["id"] == message_id
        and got["params"]["Target"] == "ACCOUNT"
        and got["params"]["TargetValue"] == "staff-guard-1"
    )


def wechat_channel(providers: LocalProviders, templates: object = alarm_template) -> WechatSubscribeChannel:
    wechat = HttpWechat(providers.wechat.appid, providers.wechat.secret, providers.wechat.base_url)
    return WechatSubscribeChannel(
        lambda force: wechat.access_token(force=force),
        templates,  # type: ignore[arg-type]
        providers.wechat.base_url,
    )


def test_wechat_subscribe_message_built_by_the_rules_of_each_key(providers: LocalProviders) -> None:
    channel = wechat_channel(providers)
    channel.send(Recipient(WECHAT, "openid-owner"), MESSAGE)
    body = providers.wechat.received[-1]["body"]
    assert body["touser"] == "openid-owner" and body["template_id"] == "tmpl-alarm"
    assert body["data"] == {
        "thing1": {"value": "火灾报警"},
        "thing2": {"value": "3栋2单元1201 一个很长很长很长的…"},  # 19 characters and the ellipsis
        "time3": {"value": "2026年6月1日 10:00"},  # the ISO time in Beijing time
        "phrase4": {"value": "紧急"},
        "thing5": {"value": "客厅烟感探测器"},
    }
    assert body["page"] == MESSAGE.link and body["lang"] == "zh_CN"


def test_the_local_wechat_refuses_what_wechat_refuses(providers: LocalProviders) -> None:
    """The values the app used to send (English phrase, ISO time, internal ids) are refused with 47003."""
    import json
    import urllib.request

    wechat = HttpWechat(providers.wechat.appid, providers.wechat.secret, providers.wechat.base_url)
    token = wechat.access_token(force=False)
    good = {"thing1": "报修·水管漏水", "phrase2": "处理中", "thing3": "1栋1单元101", "time4": "2026年12月7日 14:51"}
    bad_values = [
        ("phrase2", "in_pr"),  # not Chinese
        ("phrase2", "正在处理中哦"),  # six characters
        ("time4", "2026-12-07T14:51:05.030Z"),  # ISO-8601 is not WeChat's time
        ("thing3", "x" * 21),  # over 20 characters
        ("thing1", ""),  # empty
    ]
    refused_before = len(providers.wechat.refused)
    for key, value in bad_values:
        data = {k: {"value": value if k == key else v} for k, v in good.items()}
        data["thing5"] = {"value": "维修工已接单"}
        doc = {"touser": "openid-a", "template_id": "tmpl-work_order", "data": data}
        request = urllib.request.Request(
            f"{providers.wechat.base_url}/cgi-bin/message/subscribe/send?access_token={token}",
            data=json.dumps(doc, ensure_ascii=False).encode(),
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=5) as response:
            answer = json.loads(response.read())
        assert answer["errcode"] == 47003 and f"data.{key}" in answer["errmsg"], (key, value, answer)
    assert len(providers.wechat.refused) == refused_before + len(bad_values)


def test_a_value_wechat_would_refuse_is_not_sent_and_says_why(providers: LocalProviders) -> None:
    def phrase_for_place(community_id: str, kind: str) -> WechatTemplate:
        return WechatTemplate("tmpl-alarm", {**KINDS["alarm"].example_wechat, "phrase4": "place"})

    sent_before = len(providers.wechat.received)
    facts = {**FACTS, "place": "B2"}  # no Chinese character: no phrase can say it
    (message,) = compose("alarm", facts, community_id="c-1", subject="s", key="k", recipients=[MESSAGE.recipients[0]])
    with pytest.raises(ChannelError, match=r"data\.phrase4") as caught:
        wechat_channel(providers, phrase_for_place).send(Recipient(WECHAT, "openid-a"), message)
    assert not caught.value.retryable and len(providers.wechat.received) == sent_before
    with pytest.raises(ChannelError, match="no WeChat template"):
        wechat_channel(providers, lambda c, k: None).send(Recipient(WECHAT, "openid-a"), message)


def test_wechat_stale_token_is_renewed_and_unsubscribed_users_are_not_retried(providers: LocalProviders) -> None:
    channel = wechat_channel(providers)
    channel.send(Recipient(WECHAT, "openid-a"), MESSAGE)
    providers.wechat.tokens.clear()  # WeChat invalidated our token
    channel.send(Recipient(WECHAT, "openid-a"), MESSAGE)
    providers.wechat.subscribed = {"openid-a"}
    try:
        with pytest.raises(ChannelError, match="43101") as caught:
            channel.send(Recipient(WECHAT, "openid-b"), MESSAGE)
        assert not caught.value.retryable
    finally:
        providers.wechat.subscribed = None


def test_provider_outage_is_retried_with_backoff_then_recorded(providers: LocalProviders) -> None:
    sleeps: list[float] = []
    store = MemoryDeliveries()
    push = AliyunPushChannel(client(providers.push.base_url, "2016-08-01"), "333000111")
    notifier = Notifier({PUSH: push}, store, lambda: datetime.now(UTC), sleeps.append, attempts=3, backoff_seconds=0.1)
    message = Message(**{**MESSAGE.__dict__, "recipients": (Recipient(PUSH, "staff-1"),)})
    providers.push.fail_next = 2
    (delivered,) = notifier.send(message)
    assert delivered.status == "sent" and delivered.attempts == 3 and sleeps == [0.1, 0.2]
    providers.push.fail_next = 5
    (failed,) = notifier.send(Message(**{**message.__dict__, "key": "level-1"}))
    assert failed.status == "failed" and "503" in (failed.reason or "")
    providers.push.fail_next = 0
