"""The real WeChat gateway (urllib) against a local server that answers like WeChat, and through the API."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from chalicelib.identity.adapters import HttpWechat
from chalicelib.kernel.errors import Forbidden, TooManyRequests, Unauthenticated, UpstreamUnavailable
from tests.fakes.wechat_server import FakeWechatServer
from tests.support.identity import body, post


@pytest.fixture
def wx() -> Iterator[FakeWechatServer]:
    server = FakeWechatServer().start()
    yield server
    server.stop()


def gateway(server: FakeWechatServer, secret: str | None = None) -> HttpWechat:
    return HttpWechat(server.appid, secret or server.secret, server.base_url, timeout=2)


def test_code2session_answers_the_openid_once(wx: FakeWechatServer) -> None:
    wx.codes["c1"] = "openid-1"
    assert gateway(wx).code_to_session("c1").openid == "openid-1"
    with pytest.raises(Unauthenticated) as used:
        gateway(wx).code_to_session("c1")
    assert used.value.code == "WECHAT_CODE_INVALID"


@pytest.mark.parametrize(
    ("errcode", "kind", "code"),
    [
        (45011, TooManyRequests, "WECHAT_RATE_LIMITED"),
        (40226, Forbidden, "WECHAT_RISKY_USER"),
        (-1, UpstreamUnavailable, "WECHAT_UNAVAILABLE"),
    ],
)
def test_wechat_error_codes_map_to_domain_errors(wx: FakeWechatServer, errcode: int, kind: type, code: str) -> None:
    wx.codes["c1"] = "openid-1"
    wx.next_errors.append(errcode)
    with pytest.raises(kind) as caught:
        gateway(wx).code_to_session("c1")
    assert caught.value.code == code


def test_wrong_app_secret_and_unreachable_server_are_upstream_failures(wx: FakeWechatServer) -> None:
    with pytest.raises(UpstreamUnavailable):
        gateway(wx, secret="wrong").code_to_session("c1")
    with pytest.raises(UpstreamUnavailable):
        HttpWechat("a", "b", "http://127.0.0.1:9", timeout=1).code_to_session("c1")


def test_phone_number_uses_a_cached_access_token_and_renews_a_stale_one(wx: FakeWechatServer) -> None:
    gw = gateway(wx)
    wx.phone_codes.update({"p1": "13800138000", "p2": "13900139000", "p3": "13700137000"})
    assert gw.phone_number("p1") == "13800138000"
    assert gw.phone_number("p2") == "13900139000"
    assert [c for c in wx.calls if c[1] == "/cgi-bin/stable_token"] == [("POST", "/cgi-bin/stable_token")]
    wx.tokens.clear()  # WeChat invalidated our token: 40001, renewed once, then it works
    assert gw.phone_number("p3") == "13700137000"
    with pytest.raises(Unauthenticated):
        gw.phone_number("unknown")


def test_resident_login_through_the_api_with_the_real_gateway(
    client: Any, wx: FakeWechatServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chalicelib.kernel import wiring

    monkeypatch.setenv("WECHAT_MODE", "real")
    monkeypatch.setenv("WECHAT_API_BASE", wx.base_url)
    monkeypatch.setenv("WECHAT_APPID", wx.appid)
    monkeypatch.setenv("WECHAT_SECRET", wx.secret)
    wiring.reset()
    try:
        wx.codes["real-code"] = "openid-real-1"
        ok = post(client, "/v1/public/resident/login", {"code": "real-code"})
        assert ok.status_code == 200, ok.body
        replay = post(client, "/v1/public/resident/login", {"code": "real-code"})
        assert replay.status_code == 401 and body(replay)["error"]["code"] == "WECHAT_CODE_INVALID"
        wx.codes["c2"] = "openid-real-2"
        wx.next_errors.append(45011)
        limited = post(client, "/v1/public/resident/login", {"code": "c2"})
        assert limited.status_code == 429 and body(limited)["error"]["code"] == "WECHAT_RATE_LIMITED"
    finally:
        monkeypatch.undo()
        wiring.reset()


def test_fake_mode_refuses_to_run_off_the_local_cloud(monkeypatch: pytest.MonkeyPatch) -> None:
    from chalicelib.identity.adapters import from_environment

    monkeypatch.setenv("AWS_ENDPOINT_URL", "")
    monkeypatch.setenv("WECHAT_MODE", "fake")
    with pytest.raises(RuntimeError):
        from_environment()
    monkeypatch.delenv("WECHAT_MODE")
    monkeypatch.delenv("WECHAT_APPID", raising=False)
    monkeypatch.delenv("WECHAT_SECRET", raising=False)
    monkeypatch.delenv("WECHAT_SECRET_ARN", raising=False)
    with pytest.raises(RuntimeError):  # real by default off the local cloud, and unconfigured: fail closed
        from_environment()
