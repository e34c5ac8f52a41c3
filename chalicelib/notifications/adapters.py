"""Alibaba Cloud channels: Short Message Service (Dysmsapi `SendSms`) and Mobile Push (EMAS `Push`).

Both are RPC-style OpenAPIs signed the same way (signature version 1.0): the common parameters
(`AccessKeyId, Action, Format=JSON, SignatureMethod=HMAC-SHA1, SignatureNonce, SignatureVersion=1.0, Timestamp,
Version`) plus the action's parameters, sorted by name, each name and value percent-encoded (RFC 3986: only
`A-Z a-z 0-9 - _ . ~` unreserved; space is %20), joined with `&`; the string to sign is
`POST&%2F&` + percent-encode(that query); `Signature` = base64(HMAC-SHA1(AccessKeySecret + "&", string to sign)).
The provider rejects a wrong signature (`SignatureDoesNotMatch`), a timestamp more than 15 minutes off
(`InvalidTimeStamp.Expired`) and a reused nonce (`SignatureNonceUsed`).

- SMS: `https://dysmsapi.aliyuncs.com/`, Version 2017-05-25, `PhoneNumbers, SignName, TemplateCode, TemplateParam`
  (JSON); success is `Code: "OK"` with a `BizId`; `isv.BUSINESS_LIMIT_CONTROL` / `Throttling.*` are retryable.
- Push: `https://cloudpush.aliyuncs.com/`, Version 2016-08-01, `AppKey, Target=ACCOUNT, TargetValue, DeviceType=ALL,
  PushType=NOTICE, Title, Body, ExtParameters`; success returns a `MessageId`. Staff app accounts are bound to the
  staff account id when the app signs in (the app's `bindAccount`).

WeChat subscribe messages to residents: `POST /cgi-bin/message/subscribe/send?access_token=...`.

Body: `touser` (openid), `template_id`, `page`, `miniprogram_state`, `lang`, `data` as `{key: {"value": ...}}`.
WeChat answers HTTP 200 with `errcode`: 0 sent; 40001/42001 stale access token (renewed once, then retried);
43101 the user did not subscribe (or cancelled: not retryable); 40003 bad openid, 40037 bad template, 47003 bad
template data, 41030 bad page (not retryable); -1 busy and 45009 quota (retryable). The access token comes from the
WeChat gateway (`HttpWechat.access_token`, stable_token, cached).

Which template a message uses, and which of its fields each template key shows, is the community's setting per
message kind (`settings.py`: the stage's defaults, a community admin's own); each value is built by its key's
type's rule (`subscribe_values.py`), so a value WeChat would refuse with 47003 is never sent (the delivery fails
with the reason instead). SMS: the kind's template code, its variables named after the kind's SMS fields.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from chalicelib.notifications.service import ChannelError, Message, Recipient
from chalicelib.notifications.settings import ValueRefused, WechatTemplate, wechat_data
from chalicelib.notifications.templates import sms_params

SMS_ENDPOINT = "https://dysmsapi.aliyuncs.com"
PUSH_ENDPOINT = "https://cloudpush.aliyuncs.com"


def percent_encode(value: str) -> str:
    return urllib.parse.quote(value, safe="-_.~")


def string_to_sign(params: dict[str, str], method: str = "POST") -> str:
    canonical = "&".join(f"{percent_encode(k)}={percent_encode(params[k])}" for k in sorted(params))
    return f"{method}&{percent_encode('/')}&{percent_encode(canonical)}"


def sign(params: dict[str, str], secret: str, method: str = "POST") -> str:
    digest = hmac.new(f"{secret}&".encode(), string_to_sign(params, method).encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


class AliyunRpcClient:
    def __init__(
        self,
        endpoint: str,
        version: str,
        access_key_id: str,
        access_key_secret: str,
        timeout: float = 5.0,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ):
        self.endpoint = endpoint.rstrip("/") + "/"
        self.version = version
        self.access_key_id = access_key_id
        self.access_key_secret = access_key_secret
        self.timeout = timeout
        self.clock = clock

    def signed(self, action: str, params: dict[str, str]) -> dict[str, str]:
        common = {
            "AccessKeyId": self.access_key_id,
            "Action": action,
            "Format": "JSON",
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": secrets.token_hex(16),
            "SignatureVersion": "1.0",
            "Timestamp": self.clock().strftime("%Y-%m-%dT%H:%M:%SZ"),
            "Version": self.version,
        }
        all_params = {**common, **params}
        all_params["Signature"] = sign(all_params, self.access_key_secret)
        return all_params

    def call(self, action: str, params: dict[str, str]) -> dict[str, Any]:
        body = urllib.parse.urlencode(self.signed(action, params), quote_via=urllib.parse.quote).encode()
        request = urllib.request.Request(self.endpoint, data=body, method="POST")
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                payload = json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            code = ""
            try:
                code = str(json.loads(exc.read().decode("utf-8")).get("Code", ""))
            except Exception:  # the error body is optional
                code = ""
            retryable = exc.code >= 500 or code.startswith("Throttling")
            raise ChannelError(f"{action} HTTP {exc.code} {code}".strip(), retryable=retryable) from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise ChannelError(f"{action} unreachable: {exc}") from exc
        except (ValueError, UnicodeDecodeError) as exc:
            raise ChannelError(f"{action} answered something that is not JSON") from exc
        if not isinstance(payload, dict):
            raise ChannelError(f"{action} answered something unexpected")
        return payload


class AliyunSmsChannel:
    def __init__(self, client: AliyunRpcClient, sign_name: str, templates: Callable[[str, str], str | None]):
        self.client = client
        self.sign_name = sign_name
        self.templates = templates  # (community, kind) -> SMS template code

    def send(self, recipient: Recipient, message: Message) -> str:
        code = self.templates(message.community_id, message.kind)
        if not code:
            raise ChannelError(f"no SMS template for {message.kind or 'this message'}", retryable=False)
        payload = self.client.call(
            "SendSms",
            {
                "PhoneNumbers": recipient.address,
                "SignName": self.sign_name,
                "TemplateCode": code,
                "TemplateParam": json.dumps(
                    sms_params(message.kind, message.fields), ensure_ascii=False, separators=(",", ":")
                ),
            },
        )
        code = str(payload.get("Code", ""))
        if code == "OK":
            return str(payload.get("BizId") or payload.get("RequestId") or "ok")
        retryable = (
            code.startswith("Throttling") or code == "isv.BUSINESS_LIMIT_CONTROL" or code == "ServiceUnavailable"
        )
        raise ChannelError(f"SendSms {code}: {payload.get('Message', '')}", retryable=retryable)


class AliyunPushChannel:
    def __init__(self, client: AliyunRpcClient, app_key: str):
        self.client = client
        self.app_key = app_key

    def send(self, recipient: Recipient, message: Message) -> str:
        payload = self.client.call(
            "Push",
            {
                "AppKey": self.app_key,
                "Target": "ACCOUNT",
                "TargetValue": recipient.address,
                "DeviceType": "ALL",
                "PushType": "NOTICE",
                "Title": message.title[:64],
                "Body": message.body[:256],
                "ExtParameters": json.dumps({"subject": message.subject, "link": message.link}, separators=(",", ":")),
                "StoreOffline": "true",
            },
        )
        if payload.get("MessageId"):
            return str(payload["MessageId"])
        code = str(payload.get("Code", "unknown"))
        raise ChannelError(f"Push {code}: {payload.get('Message', '')}", retryable=code.startswith("Throttling"))


RETRYABLE = {-1, 45009, 45011}
STALE_TOKEN = {40001, 42001}


class WechatSubscribeChannel:
    def __init__(
        self,
        access_token: Callable[[bool], str],
        templates: Callable[[str, str], WechatTemplate | None],
        base_url: str = "https://api.weixin.qq.com",
        state: str = "formal",
        timeout: float = 5.0,
    ):
        self.access_token = access_token
        self.templates = templates  # (community, kind) -> the template and the field each key shows
        self.base_url = base_url.rstrip("/")
        self.state = state
        self.timeout = timeout

    def body(self, recipient: Recipient, message: Message) -> dict[str, Any]:
        template = self.templates(message.community_id, message.kind)
        if template is None:
            raise ChannelError(f"no WeChat template for {message.kind or 'this message'}", retryable=False)
        try:
            data = wechat_data(template, message.fields)
        except ValueRefused as exc:  # WeChat would answer 47003: not sent, the delivery records why
            raise ChannelError(f"not sent, WeChat would refuse {exc}", retryable=False) from exc
        return {
            "touser": recipient.address,
            "template_id": template.template_id,
            "page": message.link,
            "miniprogram_state": self.state,
            "lang": "zh_CN",
            "data": data,
        }

    def send(self, recipient: Recipient, message: Message) -> str:
        body = json.dumps(self.body(recipient, message), ensure_ascii=False).encode()
        for attempt in range(2):
            try:
                token = self.access_token(attempt > 0)
            except Exception as exc:
                raise ChannelError(f"wechat access token unavailable: {exc}") from exc
            url = f"{self.base_url}/cgi-bin/message/subscribe/send?{urllib.parse.urlencode({'access_token': token})}"
            request = urllib.request.Request(url, data=body, method="POST")
            request.add_header("Content-Type", "application/json")
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    payload = json.loads(response.read().decode("utf-8"))
            except urllib.error.HTTPError as exc:
                raise ChannelError(f"wechat HTTP {exc.code}", retryable=exc.code >= 500) from exc
            except (urllib.error.URLError, TimeoutError, OSError) as exc:
                raise ChannelError(f"wechat unreachable: {exc}") from exc
            except (ValueError, UnicodeDecodeError) as exc:
                raise ChannelError("wechat answered something that is not JSON") from exc
            errcode = int(payload.get("errcode") or 0) if isinstance(payload, dict) else -1
            if errcode == 0:
                return str(payload.get("msgid") or "ok")
            if errcode in STALE_TOKEN and attempt == 0:
                continue
            message_text = str(payload.get("errmsg", "")) if isinstance(payload, dict) else ""
            raise ChannelError(f"wechat errcode {errcode}: {message_text}", retryable=errcode in RETRYABLE)
        raise ChannelError("wechat access token keeps failing")


class SqsRetryQueue:
    """`service.RetryQueue`: the notifications' retry queue (`NOTIFY_RETRY_QUEUE_URL`), its messages delayed."""

    def __init__(self, url: str):
        self.url = url

    def later(self, payload: dict[str, Any], delay_seconds: int) -> None:
        from chalicelib.kernel.aws import client

        client("sqs").send_message(
            QueueUrl=self.url, MessageBody=json.dumps(payload, ensure_ascii=False), DelaySeconds=min(900, delay_seconds)
        )
