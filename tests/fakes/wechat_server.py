"""A local HTTP server that answers like WeChat's server API (the parts the app uses).

- GET  /sns/jscode2session?appid&secret&js_code&grant_type=authorization_code
- POST /cgi-bin/stable_token {grant_type, appid, secret, force_refresh}
- GET  /cgi-bin/token?grant_type=client_credential&appid&secret
- POST /wxa/business/getuserphonenumber?access_token=... {code}

Codes are registered by the test (`server.codes[code] = openid`, `server.phone_codes[code] = "138..."`); anything
else is 40029 like WeChat. `server.next_errors` pops a queued errcode per call (45011 rate limit, 40226 risky
user, -1 busy, 40001 stale access token). WeChat answers errors with HTTP 200 and an errcode body, as here.
"""

from __future__ import annotations

import json
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

ERRMSG = {
    40029: "invalid code, rid: fake",
    45011: "api minute-quota reach limit  mustslower  retry next minute, rid: fake",
    40226: "high risk level user, rid: fake",
    40001: "invalid credential, access_token is invalid or not latest, rid: fake",
    40013: "invalid appid, rid: fake",
    40125: "invalid appsecret, rid: fake",
    -1: "system error, rid: fake",
}


class FakeWechatServer:
    def __init__(self, appid: str = "wx-test-app", secret: str = "test-app-secret") -> None:
        self.appid = appid
        self.secret = secret
        self.codes: dict[str, str] = {}
        self.phone_codes: dict[str, str] = {}
        self.next_errors: list[int] = []
        self.tokens: set[str] = set()
        self.calls: list[tuple[str, str]] = []
        self._server: ThreadingHTTPServer | None = None

    @property
    def base_url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeWechatServer:
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _answer(self, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json; encoding=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _error(self, errcode: int) -> None:
                self._answer({"errcode": errcode, "errmsg": ERRMSG.get(errcode, "error")})

            def do_GET(self) -> None:
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                outer.calls.append(("GET", url.path))
                if url.path == "/sns/jscode2session":
                    self._jscode2session(query)
                elif url.path == "/cgi-bin/token":
                    self._token(query.get("appid"), query.get("secret"))
                else:
                    self.send_error(404)

            def do_POST(self) -> None:
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                length = int(self.headers.get("Content-Length") or 0)
                try:
                    body = json.loads(self.rfile.read(length) or b"{}")
                except ValueError:
                    self._answer({"errcode": 47001, "errmsg": "data format error"})
                    return
                outer.calls.append(("POST", url.path))
                if url.path == "/cgi-bin/stable_token":
                    self._token(body.get("appid"), body.get("secret"))
                elif url.path == "/wxa/business/getuserphonenumber":
                    self._phone(query.get("access_token", ""), str(body.get("code", "")))
                else:
                    self.send_error(404)

            def _queued(self) -> bool:
                if outer.next_errors:
                    self._error(outer.next_errors.pop(0))
                    return True
                return False

            def _jscode2session(self, q: dict[str, str]) -> None:
                if q.get("appid") != outer.appid:
                    return self._error(40013)
                if q.get("secret") != outer.secret:
                    return self._error(40125)
                if self._queued():
                    return None
                openid = outer.codes.pop(q.get("js_code", ""), None)  # a code works once, as in WeChat
                if openid is None:
                    return self._error(40029)
                return self._answer({"openid": openid, "session_key": secrets.token_urlsafe(16)})

            def _token(self, appid: Any, secret: Any) -> None:
                if appid != outer.appid:
                    return self._error(40013)
                if secret != outer.secret:
                    return self._error(40125)
                token = secrets.token_urlsafe(24)
                outer.tokens.add(token)
                return self._answer({"access_token": token, "expires_in": 7200})

            def _phone(self, token: str, code: str) -> None:
                if token not in outer.tokens:
                    return self._error(40001)
                if self._queued():
                    return None
                phone = outer.phone_codes.pop(code, None)
                if phone is None:
                    return self._error(40029)
                return self._answer(
                    {
                        "errcode": 0,
                        "errmsg": "ok",
                        "phone_info": {
                            "phoneNumber": phone,
                            "purePhoneNumber": phone,
                            "countryCode": "86",
                            "watermark": {"timestamp": 1700000000, "appid": outer.appid},
                        },
                    }
                )

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, name="fake-wechat", daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
