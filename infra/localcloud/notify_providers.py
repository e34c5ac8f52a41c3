"""Local HTTP servers that answer like the notification providers and check what they check.

- WeChat `POST /cgi-bin/message/subscribe/send?access_token=` (+ `POST /cgi-bin/stable_token` to issue tokens):
  unknown or missing token -> 40001; unknown template -> 40037; openid not subscribed -> 43101; a value WeChat's
  rules refuse for its key's type (`wechat_rules.py`: thing <= 20 characters, phrase <= 5 Chinese characters, time
  `2026年12月7日 14:51`, ...), a key the template lacks, or one of its keys missing -> 47003 naming the key; HTTP
  200 with errcode like WeChat. The account's templates are the message kinds' documented layouts
  (`templates.KINDS[...].example_wechat`, ids `tmpl-<kind>`), which `environment()` configures as the stage's.
- SMS: the sign name and the kinds' template codes are the account's; an unknown code
  (`isv.SMS_TEMPLATE_ILLEGAL`), another sign (`isv.SMS_SIGNATURE_ILLEGAL`), a variable missing
  (`isv.TEMPLATE_MISSING_PARAMETERS`) or longer than 35 characters (`isv.PARAM_LENGTH_LIMIT`) is refused.
- Alibaba Cloud RPC (`SendSms` on the SMS server, `Push` on the push server): the HMAC-SHA1 signature recomputed
  from the form parameters with the shared AccessKeySecret (`SignatureDoesNotMatch`, HTTP 400), the access key
  (`InvalidAccessKeyId.NotFound`, 404), a timestamp within 15 minutes (`InvalidTimeStamp.Expired`), a nonce used
  once (`SignatureNonceUsed`), the action's required parameters (`MissingParameter`), `Version`.

Every accepted message is kept in `received` (what the tests and the local cloud's delivery listing read);
`fail_next` makes the next N calls answer HTTP 503 (provider outage) to exercise retries.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

from chalicelib.notifications.adapters import sign
from infra.localcloud.servers import LocalHTTPServer
from infra.localcloud.wechat_rules import problem

SIGN_NAME = "智慧社区"
PUSH_APP_KEY = "333000111"


def wechat_templates() -> dict[str, dict[str, str]]:
    """The local WeChat account's subscribe templates: id -> {key: field}, one per message kind."""
    from chalicelib.notifications.templates import KINDS

    return {f"tmpl-{kind}": dict(spec.example_wechat) for kind, spec in KINDS.items() if spec.example_wechat}


def sms_code(kind: str) -> str:
    """The local SMS account's template code of a message kind (`SMS_` and digits, as Alibaba Cloud names them)."""
    from chalicelib.notifications.templates import KINDS

    return f"SMS_{100000 + list(KINDS).index(kind)}"


def sms_templates() -> dict[str, tuple[str, ...]]:
    """The local SMS account's templates: code -> its variables, one per message kind."""
    from chalicelib.notifications.templates import KINDS

    return {sms_code(kind): spec.sms for kind, spec in KINDS.items()}


REQUIRED = {
    "SendSms": ("PhoneNumbers", "SignName", "TemplateCode"),
    "Push": ("AppKey", "Target", "TargetValue", "DeviceType", "PushType", "Title", "Body"),
}
VERSIONS = {"SendSms": "2017-05-25", "Push": "2016-08-01"}


class _Server:
    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.fail_next = 0
        self.calls = 0
        self._server: ThreadingHTTPServer | None = None
        self._lock = threading.Lock()

    @property
    def base_url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def handle(self, path: str, query: dict[str, str], body: bytes) -> tuple[int, dict[str, Any]]:
        raise NotImplementedError

    def start(self, port: int = 0) -> Any:
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                listing = {"/_received": outer.received, "/_refused": getattr(outer, "refused", [])}
                found = next((v for k, v in listing.items() if self.path.startswith(k)), None)
                data = json.dumps(found if found is not None else {}, ensure_ascii=False).encode()
                self.send_response(200 if found is not None else 404)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                with outer._lock:
                    outer.calls += 1
                    failing = outer.fail_next > 0
                    if failing:
                        outer.fail_next -= 1
                status, answer = (
                    (503, {"Code": "ServiceUnavailable"}) if failing else outer.handle(url.path, query, body)
                )
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._server = LocalHTTPServer(("127.0.0.1", port), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True, name=type(self).__name__).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


class FakeWechatSubscribeServer(_Server):
    def __init__(self, appid: str = "wx-local-demo", secret: str = "local-secret"):
        super().__init__()
        self.appid, self.secret = appid, secret
        self.templates = wechat_templates()  # template id -> its keys (-> the field the app shows there)
        self.refused: list[dict[str, Any]] = []  # what was answered 47003, with the reason
        self.tokens: set[str] = set()
        self.subscribed: set[str] | None = None  # None = every openid accepted

    def handle(self, path: str, query: dict[str, str], body: bytes) -> tuple[int, dict[str, Any]]:
        try:
            doc = json.loads(body or b"{}")
        except ValueError:
            return 200, {"errcode": 47001, "errmsg": "data format error"}
        if path == "/cgi-bin/stable_token":
            if doc.get("appid") != self.appid or doc.get("secret") != self.secret:
                return 200, {"errcode": 40125, "errmsg": "invalid appsecret"}
            token = "at-" + secrets.token_hex(8)
            self.tokens.add(token)
            return 200, {"access_token": token, "expires_in": 7200}
        if path != "/cgi-bin/message/subscribe/send":
            return 404, {"errcode": 404, "errmsg": "not found"}
        if query.get("access_token") not in self.tokens:
            return 200, {"errcode": 40001, "errmsg": "invalid credential, access_token is invalid or not latest"}
        touser = doc.get("touser")
        if not isinstance(touser, str) or not touser:
            return 200, {"errcode": 40003, "errmsg": "invalid openid"}
        template = self.templates.get(str(doc.get("template_id")))
        if template is None:
            return 200, {"errcode": 40037, "errmsg": "invalid template_id"}
        if self.subscribed is not None and touser not in self.subscribed:
            return 200, {"errcode": 43101, "errmsg": "user refuse to accept the msg"}
        data = doc.get("data")
        if not isinstance(data, dict) or not data:
            return 200, {"errcode": 47003, "errmsg": "argument invalid! data is empty"}
        for key in template:
            if key not in data:
                return self._refuse(doc, key, f"argument invalid! data.{key}.value is empty")
        for key, item in data.items():
            if key not in template:
                return self._refuse(doc, key, f"argument invalid! data.{key} is not a keyword of the template")
            value = item.get("value") if isinstance(item, dict) else None
            why = problem(key, value)
            if why is not None:
                return self._refuse(doc, key, f"argument invalid! data.{key}.value invalid ({why})")
        msgid = secrets.randbelow(10**12)
        values = {key: item["value"] for key, item in data.items()}
        self.received.append(
            {"channel": "wechat", "to": touser, "body": doc, "values": values, "msgid": msgid, "at": time.time()}
        )
        return 200, {"errcode": 0, "errmsg": "ok", "msgid": msgid}

    def _refuse(self, doc: dict[str, Any], key: str, errmsg: str) -> tuple[int, dict[str, Any]]:
        self.refused.append({"key": key, "errmsg": errmsg, "body": doc, "at": time.time()})
        return 200, {"errcode": 47003, "errmsg": errmsg}


class FakeAliyunServer(_Server):
    """One Alibaba Cloud RPC endpoint (`action` = SendSms or Push)."""

    def __init__(self, action: str, access_key_id: str = "LTAI-local", access_key_secret: str = "local-secret"):
        super().__init__()
        self.action = action
        self.access_key_id = access_key_id
        self.access_key_secret = access_key_secret
        self.nonces: set[str] = set()
        self.sign_name = SIGN_NAME
        self.sms_templates = sms_templates()
        self.app_key = PUSH_APP_KEY

    def handle(self, path: str, query: dict[str, str], body: bytes) -> tuple[int, dict[str, Any]]:
        params = {k: v[0] for k, v in parse_qs(body.decode("utf-8"), keep_blank_values=True).items()}
        request_id = secrets.token_hex(8).upper()
        signature = params.pop("Signature", None)
        if params.get("AccessKeyId") != self.access_key_id:
            return 404, {"Code": "InvalidAccessKeyId.NotFound", "RequestId": request_id}
        if params.get("SignatureMethod") != "HMAC-SHA1" or params.get("SignatureVersion") != "1.0":
            return 400, {"Code": "InvalidParameter", "Message": "signature method", "RequestId": request_id}
        if signature != sign(params, self.access_key_secret):
            return 400, {"Code": "SignatureDoesNotMatch", "RequestId": request_id}
        try:
            stamp = datetime.strptime(params.get("Timestamp", ""), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        except ValueError:
            return 400, {"Code": "InvalidTimeStamp.Format", "RequestId": request_id}
        if abs(datetime.now(UTC) - stamp) > timedelta(minutes=15):
            return 400, {"Code": "InvalidTimeStamp.Expired", "RequestId": request_id}
        nonce = params.get("SignatureNonce", "")
        if not nonce or nonce in self.nonces:
            return 400, {"Code": "SignatureNonceUsed", "RequestId": request_id}
        self.nonces.add(nonce)
        action = params.get("Action")
        if action != self.action:
            return 400, {"Code": "InvalidAction.NotFound", "RequestId": request_id}
        if params.get("Version") != VERSIONS[action]:
            return 400, {"Code": "InvalidVersion", "RequestId": request_id}
        for name in REQUIRED[action]:
            if not params.get(name):
                return 400, {"Code": "MissingParameter", "Message": f"{name} is mandatory", "RequestId": request_id}
        if action == "SendSms":
            if not params["PhoneNumbers"].isdigit() or len(params["PhoneNumbers"]) != 11:
                return 200, {"Code": "isv.MOBILE_NUMBER_ILLEGAL", "Message": "illegal mobile", "RequestId": request_id}
            try:
                variables = json.loads(params.get("TemplateParam") or "{}")
            except ValueError:
                return 200, {"Code": "isv.INVALID_JSON_PARAM", "Message": "TemplateParam", "RequestId": request_id}
            refused = self._sms_refusal(params, variables)
            if refused:
                return 200, {"Code": refused, "Message": refused, "RequestId": request_id}
            biz = secrets.token_hex(10)
            self.received.append(
                {"channel": "sms", "to": params["PhoneNumbers"], "params": params, "id": biz, "at": time.time()}
            )
            return 200, {"Code": "OK", "Message": "OK", "BizId": biz, "RequestId": request_id}
        if params["AppKey"] != self.app_key:
            return 400, {"Code": "InvalidAppKey.NotFound", "RequestId": request_id}
        message_id = str(secrets.randbelow(10**15))
        self.received.append(
            {"channel": "push", "to": params["TargetValue"], "params": params, "id": message_id, "at": time.time()}
        )
        return 200, {"MessageId": message_id, "RequestId": request_id}

    def _sms_refusal(self, params: dict[str, str], variables: Any) -> str | None:
        if params["SignName"] != self.sign_name:
            return "isv.SMS_SIGNATURE_ILLEGAL"
        names = self.sms_templates.get(params["TemplateCode"])
        if names is None:
            return "isv.SMS_TEMPLATE_ILLEGAL"
        if not isinstance(variables, dict) or any(not variables.get(n) for n in names):
            return "isv.TEMPLATE_MISSING_PARAMETERS"
        if any(len(str(v)) > 35 for v in variables.values()):
            return "isv.PARAM_LENGTH_LIMIT"
        return None


class LocalProviders:
    """The three servers together (the local cloud runs them and points the app's channels at them)."""

    def __init__(self) -> None:
        self.wechat = FakeWechatSubscribeServer()
        self.sms = FakeAliyunServer("SendSms")
        self.push = FakeAliyunServer("Push")

    def start(self) -> LocalProviders:
        for server in (self.wechat, self.sms, self.push):
            server.start()
        return self

    def stop(self) -> None:
        for server in (self.wechat, self.sms, self.push):
            server.stop()

    def templates_document(self) -> str:
        """The stage setting `NOTIFY_TEMPLATES` for this account's templates (every kind, WeChat and SMS)."""
        from chalicelib.notifications.templates import KINDS

        wechat = {
            kind: {"templateId": f"tmpl-{kind}", "fields": dict(spec.example_wechat)}
            for kind, spec in KINDS.items()
            if spec.example_wechat
        }
        sms = {kind: sms_code(kind) for kind in KINDS}
        return json.dumps({"wechat": wechat, "sms": sms}, ensure_ascii=False)

    def environment(self) -> dict[str, str]:
        return {
            "NOTIFY_MODE": "providers",
            "NOTIFY_WECHAT_BASE": self.wechat.base_url,
            "NOTIFY_WECHAT_APPID": self.wechat.appid,
            "NOTIFY_WECHAT_SECRET": self.wechat.secret,
            "NOTIFY_TEMPLATES": self.templates_document(),
            "NOTIFY_SMS_ENDPOINT": self.sms.base_url,
            "NOTIFY_PUSH_ENDPOINT": self.push.base_url,
            "ALIYUN_ACCESS_KEY_ID": self.sms.access_key_id,
            "ALIYUN_ACCESS_KEY_SECRET": self.sms.access_key_secret,
            "NOTIFY_SMS_SIGN_NAME": SIGN_NAME,
            "NOTIFY_PUSH_APP_KEY": PUSH_APP_KEY,
        }
