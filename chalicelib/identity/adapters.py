"""WeChat mini-program server API: login (code2session) and phone number (getPhoneNumber code flow).

`HttpWechat` speaks WeChat's HTTPS API with urllib (no `requests` in the Lambda); the base URL is configurable so
tests run it against a local server that answers like WeChat (tests/fakes/wechat_server.py). `FakeWechat` is the
local cloud's deterministic stand-in: the openid is derived from the code, codes starting with `invalid` fail
like WeChat's 40029, `ratelimit` like 45011, `risky` like 40226. Phone codes `phone-<11 digits>` return that
number.

Fake mode only runs when the AWS endpoint is on loopback (the local cloud): a deployed stack that lost its
configuration fails closed instead of letting any code sign in.

Configuration: WECHAT_MODE (fake|real; default fake on the local cloud, real elsewhere), WECHAT_API_BASE
(default https://api.weixin.qq.com), WECHAT_APPID, WECHAT_SECRET or the Secrets Manager secret WECHAT_SECRET_ARN.

Password hashing with Argon2id (memory-hard), via argon2-cffi.

Parameters: 64 MiB, 3 passes, 1 lane: RFC 9106's second recommended option scaled to a 1-2 vCPU Lambda; about
0.1-0.2 s per hash there. `ARGON2_MEMORY_KIB` / `ARGON2_TIME_COST` lower them for the test suite only, and old
hashes are upgraded on the next successful sign-in (`needs_rehash`).
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from functools import cache
from typing import Any

from chalicelib.identity.model import WechatSession
from chalicelib.kernel.errors import DomainError, Forbidden, TooManyRequests, Unauthenticated, UpstreamUnavailable

DEFAULT_BASE = "https://api.weixin.qq.com"
TIMEOUT_SECONDS = 5.0
TOKEN_EARLY_REFRESH_SECONDS = 300


def error_for(errcode: int, errmsg: str) -> DomainError:
    """Map a WeChat errcode to the answer our client gets."""
    if errcode == 40029 or errcode == 40163:  # invalid code / code already used
        return Unauthenticated("the WeChat login code is invalid or used", code="WECHAT_CODE_INVALID")
    if errcode == 45011:
        return TooManyRequests("WeChat rate limit: try again in a minute", code="WECHAT_RATE_LIMITED")
    if errcode == 40226:
        return Forbidden("WeChat flagged this user as high-risk", code="WECHAT_RISKY_USER")
    return UpstreamUnavailable(f"WeChat answered {errcode}: {errmsg}", code="WECHAT_UNAVAILABLE")


class HttpWechat:
    def __init__(self, appid: str, secret: str, base_url: str = DEFAULT_BASE, timeout: float = TIMEOUT_SECONDS):
        self.appid = appid
        self.secret = secret
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self._token: tuple[str, float] | None = None
        self._lock = threading.Lock()

    def _call(self, path: str, query: dict[str, str], body: dict[str, Any] | None = None) -> dict[str, Any]:
        url = f"{self.base_url}{path}?{urllib.parse.urlencode(query)}" if query else f"{self.base_url}{path}"
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(url, data=data, method="POST" if data is not None else "GET")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                payload = json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            raise UpstreamUnavailable(f"WeChat answered HTTP {exc.code}", code="WECHAT_UNAVAILABLE") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise UpstreamUnavailable("WeChat is unreachable", code="WECHAT_UNAVAILABLE") from exc
        except (ValueError, UnicodeDecodeError) as exc:
            raise UpstreamUnavailable("WeChat answered something that is not JSON", code="WECHAT_UNAVAILABLE") from exc
        if not isinstance(payload, dict):
            raise UpstreamUnavailable("WeChat answered something unexpected", code="WECHAT_UNAVAILABLE")
        return payload

    def code_to_session(self, code: str) -> WechatSession:
        payload = self._call(
            "/sns/jscode2session",
            {"appid": self.appid, "secret": self.secret, "js_code": code, "grant_type": "authorization_code"},
        )
        errcode = int(payload.get("errcode") or 0)
        if errcode != 0:
            raise error_for(errcode, str(payload.get("errmsg", "")))
        openid = payload.get("openid")
        if not isinstance(openid, str) or not openid:
            raise UpstreamUnavailable("WeChat answered without an openid", code="WECHAT_UNAVAILABLE")
        unionid = payload.get("unionid")
        return WechatSession(openid=openid, unionid=unionid if isinstance(unionid, str) else None)

    def access_token(self, force: bool = False) -> str:
        """The app's access token (stable_token), cached until shortly before WeChat expires it."""
        with self._lock:
            if not force and self._token and time.monotonic() < self._token[1]:
                return self._token[0]
            payload = self._call(
                "/cgi-bin/stable_token",
                {},
                {"grant_type": "client_credential", "appid": self.appid, "secret": self.secret, "force_refresh": force},
            )
            errcode = int(payload.get("errcode") or 0)
            token = payload.get("access_token")
            if errcode != 0 or not isinstance(token, str):
                raise error_for(errcode or -1, str(payload.get("errmsg", "no access_token")))
            lifetime = int(payload.get("expires_in") or 7200)
            self._token = (token, time.monotonic() + max(60, lifetime - TOKEN_EARLY_REFRESH_SECONDS))
            return token

    def phone_number(self, code: str) -> str:
        for attempt in range(2):
            payload = self._call(
                "/wxa/business/getuserphonenumber",
                {"access_token": self.access_token(force=attempt > 0)},
                {"code": code},
            )
            errcode = int(payload.get("errcode") or 0)
            if errcode in (40001, 42001) and attempt == 0:  # our access token went stale: renew once
                continue
            if errcode != 0:
                raise error_for(errcode, str(payload.get("errmsg", "")))
            info = payload.get("phone_info") or {}
            watermark = info.get("watermark") or {}
            if watermark.get("appid") not in (None, self.appid):
                raise UpstreamUnavailable("phone number issued for another app", code="WECHAT_UNAVAILABLE")
            number = info.get("purePhoneNumber") or info.get("phoneNumber")
            if not isinstance(number, str) or not number:
                raise UpstreamUnavailable("WeChat answered without a phone number", code="WECHAT_UNAVAILABLE")
            if str(info.get("countryCode", "86")) != "86":
                raise Forbidden("only mainland China mobile numbers are supported", code="PHONE_UNSUPPORTED")
            return number
        raise UpstreamUnavailable("WeChat access token keeps failing", code="WECHAT_UNAVAILABLE")


class FakeWechat:
    """Deterministic local stand-in with WeChat's failure modes, selected by the code's prefix."""

    def _check(self, code: str) -> None:
        if not code:
            raise error_for(40029, "invalid code")
        for prefix, errcode in (("invalid", 40029), ("ratelimit", 45011), ("risky", 40226), ("down", -1)):
            if code.startswith(prefix):
                raise error_for(errcode, f"fake {prefix}")

    def code_to_session(self, code: str) -> WechatSession:
        self._check(code)
        digest = hashlib.sha256(f"openid:{code}".encode()).hexdigest()
        return WechatSession(openid=f"o{digest[:27]}", unionid=None)

    def phone_number(self, code: str) -> str:
        self._check(code)
        if code.startswith("phone-"):
            return code[len("phone-") :]
        digits = str(int(hashlib.sha256(f"phone:{code}".encode()).hexdigest(), 16))[:8]
        return f"139{digits}"


def _on_local_cloud() -> bool:
    endpoint = os.environ.get("AWS_ENDPOINT_URL", "")
    host = urllib.parse.urlparse(endpoint).hostname or ""
    return host in ("127.0.0.1", "localhost", "::1")


def _secret() -> str:
    secret = os.environ.get("WECHAT_SECRET", "")
    arn = os.environ.get("WECHAT_SECRET_ARN", "")
    if not secret and arn:
        from chalicelib.kernel.aws import client

        secret = str(client("secretsmanager").get_secret_value(SecretId=arn)["SecretString"])
    return secret


def from_environment() -> HttpWechat | FakeWechat:
    mode = os.environ.get("WECHAT_MODE") or ("fake" if _on_local_cloud() else "real")
    if mode == "fake":
        if not _on_local_cloud():
            raise RuntimeError("WECHAT_MODE=fake is only allowed on the local cloud")
        return FakeWechat()
    appid = os.environ.get("WECHAT_APPID", "")
    secret = _secret()
    if not appid or not secret:
        raise RuntimeError("WeChat is not configured (WECHAT_APPID and WECHAT_SECRET[_ARN])")
    return HttpWechat(appid, secret, os.environ.get("WECHAT_API_BASE") or DEFAULT_BASE)


@cache
def _hasher() -> Any:
    from argon2 import PasswordHasher

    return PasswordHasher(
        time_cost=int(os.environ.get("ARGON2_TIME_COST", "3")),
        memory_cost=int(os.environ.get("ARGON2_MEMORY_KIB", str(64 * 1024))),
        parallelism=1,
    )


class Argon2Passwords:
    """The identity service's `PasswordHasher` port."""

    def hash(self, password: str) -> str:
        return str(_hasher().hash(password))

    def verify(self, password_hash: str, password: str) -> bool:
        from argon2.exceptions import InvalidHashError, VerificationError

        try:
            return bool(_hasher().verify(password_hash, password))
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        return bool(_hasher().check_needs_rehash(password_hash))


def reset() -> None:
    _hasher.cache_clear()
