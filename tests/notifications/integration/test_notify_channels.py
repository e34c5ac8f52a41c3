"""The notification channels' real clients against local servers that check what the providers check:
Alibaba Cloud's RPC signature, timestamp and nonce (SMS SendSms, Mobile Push), WeChat's access token, template and
subscription (subscribe/send). No AWS involved."""

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
from infra.localcloud.notify_providers import LocalProviders
from tests.fakes.alarms import MemoryDeliveries

MESSAGE = Message(
    community_id="c-1",
    subject="alarm:alm-1",
    key="level-0",
    title="[critical] fire_alarm",
    body="fire_alarm at Building A smoke detector 3F",
    recipients=(),
    fields={
        "type": "fire_alarm",
        "severity": "critical",
        "place": "Building A, a very long place name indeed",
        "time": "2026-06-01T02:00:00.000Z",
    },
    link="pages/alarms/detail?id=alm-1",
)


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
    channel = AliyunSmsChannel(
        client(providers.sms.base_url, "2017-05-25"), "智慧社区", "SMS_1", {"type": "type", "place": "place"}
    )
    biz_id = channel.send(Recipient(SMS, "13800000000"), MESSAGE)
    got = providers.sms.received[-1]
    assert got["id"] == biz_id and got["to"] == "13800000000"
    assert '"type":"fire_alarm"' in got["params"]["TemplateParam"]


def test_a_wrong_secret_a_stale_clock_and_a_bad_number_are_refused(providers: LocalProviders) -> None:
    bad_secret = AliyunSmsChannel(client(providers.sms.base_url, "2017-05-25", secret="wrong"), "s", "t", {})
    with pytest.raises(ChannelError, match="SignatureDoesNotMatch") as caught:
        bad_secret.send(Recipient(SMS, "13800000000"), MESSAGE)
    assert not caught.value.retryable
    stale = AliyunSmsChannel(
        client(providers.sms.base_url, "2017-05-25", clock=lambda: datetime.now(UTC) - timedelta(hours=1)), "s", "t", {}
    )
    with pytest.raises(ChannelError, match=r"InvalidTimeStamp\.Expired"):
        stale.send(Recipient(SMS, "13800000000"), MESSAGE)
    good = AliyunSmsChannel(client(providers.sms.base_url, "2017-05-25"), "s", "t", {})
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


def wechat_channel(providers: LocalProviders) -> WechatSubscribeChannel:
    wechat = HttpWechat(providers.wechat.appid, providers.wechat.secret, providers.wechat.base_url)
    fields = {"thing1": "type", "phrase2": "severity", "thing3": "place", "time4": "time"}
    return WechatSubscribeChannel(
        lambda force: wechat.access_token(force=force), "tmpl-alarm", fields, providers.wechat.base_url
    )


def test_wechat_subscribe_message_with_clipped_fields(providers: LocalProviders) -> None:
    channel = wechat_channel(providers)
    channel.send(Recipient(WECHAT, "openid-owner"), MESSAGE)
    body = providers.wechat.received[-1]["body"]
    assert body["touser"] == "openid-owner" and body["template_id"] == "tmpl-alarm"
    assert len(body["data"]["thing3"]["value"]) == 20 and body["page"] == MESSAGE.link


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
