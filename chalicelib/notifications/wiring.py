"""Builds the notifier from the configured channels and the delivery store (once per container, on first use).

Channels: SMS and push through Alibaba Cloud (credentials from the `NOTIFY_SECRET_ARN` secret, or the
environment; sign name `NOTIFY_SMS_SIGN_NAME`, app key `NOTIFY_PUSH_APP_KEY`), WeChat subscribe messages to
residents (the mini-program's access token). Which template each kind uses: the community's own setting over the
stage's `NOTIFY_TEMPLATES` (settings.py). Providers' endpoints default to the real ones; the local cloud points
them at its local provider servers.
"""

from __future__ import annotations

import json
import os
import time
from typing import TYPE_CHECKING, Any

from chalicelib.kernel.wiring import built

if TYPE_CHECKING:
    from chalicelib.notifications.adapters import SqsRetryQueue
    from chalicelib.notifications.repository import DynamoDeliveries
    from chalicelib.notifications.repository_consents import DynamoConsents
    from chalicelib.notifications.service import Channel, Delivery, Message, Notifier, Recipient
    from chalicelib.notifications.settings import TemplateSettings


def _provider_secret() -> dict[str, str]:
    arn = os.environ.get("NOTIFY_SECRET_ARN", "")
    if os.environ.get("ALIYUN_ACCESS_KEY_SECRET") or not arn:
        return {
            "aliyunAccessKeyId": os.environ.get("ALIYUN_ACCESS_KEY_ID", ""),
            "aliyunAccessKeySecret": os.environ.get("ALIYUN_ACCESS_KEY_SECRET", ""),
        }
    from chalicelib.kernel.aws import client

    try:
        doc = json.loads(client("secretsmanager").get_secret_value(SecretId=arn)["SecretString"])
    except ValueError:
        return {}  # not filled in yet: the SMS and push channels stay unconfigured (deliveries fail with a reason)
    return {k: str(v) for k, v in doc.items()} if isinstance(doc, dict) else {}


@built
def template_settings() -> TemplateSettings:
    """Each community's templates per message kind: its own (notifications table) over the stage's."""
    from chalicelib.kernel.clock import utcnow
    from chalicelib.notifications.repository_settings import DynamoTemplateSettings
    from chalicelib.notifications.settings import TemplateSettings, stage_templates

    return TemplateSettings(DynamoTemplateSettings(), stage_templates(os.environ.get("NOTIFY_TEMPLATES", "")), utcnow)


def channels() -> dict[str, Channel]:
    """The configured channels."""
    from chalicelib.notifications.adapters import (
        PUSH_ENDPOINT,
        SMS_ENDPOINT,
        AliyunPushChannel,
        AliyunRpcClient,
        AliyunSmsChannel,
        WechatSubscribeChannel,
    )
    from chalicelib.notifications.service import PUSH, SMS, WECHAT

    found: dict[str, Channel] = {}
    settings = template_settings()
    secret = _provider_secret()
    key_id, key_secret = secret.get("aliyunAccessKeyId", ""), secret.get("aliyunAccessKeySecret", "")
    if key_id and key_secret:
        sms = AliyunRpcClient(os.environ.get("NOTIFY_SMS_ENDPOINT") or SMS_ENDPOINT, "2017-05-25", key_id, key_secret)
        found[SMS] = AliyunSmsChannel(sms, os.environ.get("NOTIFY_SMS_SIGN_NAME", ""), settings.sms)
        push = AliyunRpcClient(
            os.environ.get("NOTIFY_PUSH_ENDPOINT") or PUSH_ENDPOINT, "2016-08-01", key_id, key_secret
        )
        found[PUSH] = AliyunPushChannel(push, os.environ.get("NOTIFY_PUSH_APP_KEY", ""))
    if any(k.wechat for k in settings.stage.values()) or os.environ.get("NOTIFY_WECHAT_SECRET"):
        base = os.environ.get("NOTIFY_WECHAT_BASE") or "https://api.weixin.qq.com"
        wechat: Any
        if os.environ.get("NOTIFY_WECHAT_SECRET"):
            from chalicelib.identity import wechat_server_api

            wechat = wechat_server_api(
                os.environ.get("NOTIFY_WECHAT_APPID", ""), os.environ["NOTIFY_WECHAT_SECRET"], base
            )
        else:
            from chalicelib.identity import wechat_client

            wechat = wechat_client()
        if hasattr(wechat, "access_token"):
            found[WECHAT] = WechatSubscribeChannel(
                lambda force: str(wechat.access_token(force=force)),
                settings.wechat,
                base,
                os.environ.get("NOTIFY_WECHAT_STATE", "formal"),
            )
    return found


@built
def notifier() -> Notifier:
    """Built (and the provider credentials read) on the first message: the consumer and the API build the services
    that notify too, but only a few of their calls send anything."""
    from chalicelib.kernel.clock import utcnow
    from chalicelib.notifications.repository import DynamoDeliveries
    from chalicelib.notifications.service import Notifier

    return Notifier(
        channels=channels(),
        store=DynamoDeliveries(),
        now=utcnow,
        sleep=time.sleep,
        attempts=int(os.environ.get("NOTIFY_ATTEMPTS", "3")),
        backoff_seconds=float(os.environ.get("NOTIFY_BACKOFF_SECONDS", "0.2")),
        # WeChat delivers a subscribe message only to who accepted it; `off` only where no mini-program reports
        # consents (the test suites written before it; tests/notifications checks it on)
        consents=consent_book() if os.environ.get("NOTIFY_WECHAT_CONSENT", "required") != "off" else None,
        retries=retry_queue(),
        retry_base_seconds=int(os.environ.get("NOTIFY_RETRY_BASE_SECONDS", "30")),
    )


def retry_queue() -> SqsRetryQueue | None:
    """Where retryable failures wait to be sent again (None where no retry queue is configured)."""
    from chalicelib.notifications.adapters import SqsRetryQueue

    url = os.environ.get("NOTIFY_RETRY_QUEUE_URL", "")
    return SqsRetryQueue(url) if url else None


@built
def consent_book() -> DynamoConsents:
    """Residents' consents to WeChat subscribe messages, per kind."""
    from chalicelib.notifications.repository_consents import DynamoConsents

    return DynamoConsents()


def send(message: Message) -> list[Delivery]:
    """Send one message to its recipients (the notifier is built on the first message)."""
    return notifier().send(message)


class Outbox:
    """The notifier as a port of the services that notify (`send(message)`), built on the first message."""

    def send(self, message: Message) -> list[Delivery]:
        return notifier().send(message)


def deliveries() -> DynamoDeliveries:
    """The delivery records, for queries."""
    from chalicelib.notifications.repository import DynamoDeliveries

    return DynamoDeliveries()


def household_recipients(community_id: str, house_id: str) -> list[Recipient]:
    """A house's current residents (owner, family, tenant) bound to a resident account with a WeChat openid: who
    hears of the home's alarms and of its overdue bills."""
    from chalicelib.identity import openid_of
    from chalicelib.notifications.service import WECHAT, Recipient
    from chalicelib.registry import residents_of

    found: list[Recipient] = []
    for member in residents_of(community_id, house_id):
        if not member.account_id:
            continue
        openid = openid_of(member.account_id)
        if openid:
            found.append(Recipient(WECHAT, openid, member.person_name, member.relation))
    return found
