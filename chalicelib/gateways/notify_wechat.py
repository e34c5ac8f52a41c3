"""WeChat subscribe messages to residents: `POST /cgi-bin/message/subscribe/send?access_token=...`.

Body: `touser` (openid), `template_id`, `page`, `miniprogram_state`, `lang`, `data` as `{key: {"value": ...}}`.
WeChat answers HTTP 200 with `errcode`: 0 sent; 40001/42001 stale access token (renewed once, then retried);
43101 the user did not subscribe (or cancelled: not retryable); 40003 bad openid, 40037 bad template, 47003 bad
template data, 41030 bad page (not retryable); -1 busy and 45009 quota (retryable). The access token comes from the
WeChat gateway (`HttpWechat.access_token`, stable_token, cached).

Template data limits (WeChat): `thing` values <= 20 characters, `phrase` <= 5, `time` a date-time. The template's
field names come from configuration (`WECHAT_ALARM_TEMPLATE_FIELDS`, e.g. `thing1=type,phrase2=severity,...`).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from typing import Any

from chalicelib.domain.notifications import ChannelError, Message, Recipient

RETRYABLE = {-1, 45009, 45011}
STALE_TOKEN = {40001, 42001}
LIMITS = {"thing": 20, "phrase": 5, "character_string": 32, "number": 32, "letter": 32, "name": 10}


def clip(field_name: str, value: str) -> str:
    kind = field_name.rstrip("0123456789")
    limit = LIMITS.get(kind)
    return value[:limit] if limit else value


class WechatSubscribeChannel:
    def __init__(
        self,
        access_token: Callable[[bool], str],
        template_id: str,
        fields: dict[str, str],
        base_url: str = "https://api.weixin.qq.com",
        state: str = "formal",
        timeout: float = 5.0,
    ):
        self.access_token = access_token
        self.template_id = template_id
        self.fields = fields  # template key -> message field name
        self.base_url = base_url.rstrip("/")
        self.state = state
        self.timeout = timeout

    def body(self, recipient: Recipient, message: Message) -> dict[str, Any]:
        data = {key: {"value": clip(key, message.fields.get(name, "") or "-")} for key, name in self.fields.items()}
        return {
            "touser": recipient.address,
            "template_id": self.template_id,
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
