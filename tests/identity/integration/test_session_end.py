"""Ending a session: logout and refresh act only on tokens whose secret verifies (a forged `rt1.<family>.1.x` changes
nothing and leaves no family id in the audit), and access tokens stop working within 60 s of logout, disable,
lockout, a password change or reset, without a database read per request (a per-container cache of the account's
session cutoff, driven here by a hand-moved clock, never by sleeping)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.identity import NEW_PASSWORD, PASSWORD, body, get, login, make_staff, new_community, post, token_for


class Clock:
    def __init__(self) -> None:
        self.at = 1000.0

    def __call__(self) -> float:
        return self.at


class OtherContainer:
    """What a second Lambda container knows: its own cache (loaded from the store), on a clock the test moves."""

    def __init__(self) -> None:
        from chalicelib.kernel.security.sessions import SessionCutoffCache

        self.clock = Clock()
        self.cache = SessionCutoffCache(clock=self.clock)
        self.token = ""

    def check(self, subject: str, advance: float = 0) -> None:
        self.clock.at += advance
        self.cache.check(subject, _issued_ms(self.token))


def _issued_ms(token: str) -> int:
    from chalicelib.kernel.security.tokens import verify_access_token

    return verify_access_token(token).issued_ms


def _devices(community: str) -> str:
    return f"/v1/staff/communities/{community}/devices"


def signed_in(client: Any, community: str, roles: set[str] | None = None) -> tuple[Any, dict[str, Any]]:
    account = make_staff({community}, roles or {"staff.guard"})
    session = body(login(client, account.username))
    assert get(client, _devices(community), session["accessToken"]).status_code == 200
    return account, session


def test_forged_refresh_tokens_neither_log_out_nor_revoke_and_leave_no_family_in_the_audit(client: Any) -> None:
    community = new_community()
    _, session = signed_in(client, community)
    family = session["refreshToken"].split(".")[1]
    for forged in (f"rt1.{family}.1.anything", f"rt1.{family}.2.anything", f"rt1.{family}.0.x"):
        answer = post(client, "/v1/public/logout", {"refreshToken": forged})
        assert answer.status_code == 401 and body(answer)["error"]["code"] == "REFRESH_TOKEN_INVALID"
        answer = post(client, "/v1/public/token/refresh", {"refreshToken": forged})
        assert answer.status_code == 401 and body(answer)["error"]["code"] == "REFRESH_TOKEN_INVALID"
    # the owner's session is intact: the access token works and the refresh token rotates
    assert get(client, _devices(community), session["accessToken"]).status_code == 200
    rotated = post(client, "/v1/public/token/refresh", {"refreshToken": session["refreshToken"]})
    assert rotated.status_code == 200

    platform = token_for({"platform.admin"}, {"*"}, kind="admin", subject="session-auditor")
    entries = body(get(client, "/v1/admin/platform/audit?limit=200", platform))["items"]
    forged_entries = [
        e for e in entries if e["operation"] in ("auth.logout", "auth.refresh") and e["outcome"] != "success"
    ]
    assert forged_entries and all(e["targetId"] == "unverified" for e in forged_entries[:6])
    assert family not in str(forged_entries)


def test_a_genuine_earlier_refresh_token_still_revokes_the_family(client: Any) -> None:
    _, session = signed_in(client, new_community())
    first = session["refreshToken"]
    second = body(post(client, "/v1/public/token/refresh", {"refreshToken": first}))["refreshToken"]
    replay = post(client, "/v1/public/token/refresh", {"refreshToken": first})
    assert replay.status_code == 401 and body(replay)["error"]["code"] == "REFRESH_TOKEN_REUSED"
    assert post(client, "/v1/public/token/refresh", {"refreshToken": second}).status_code == 401


def _end_by_logout(client: Any, account: Any, session: dict[str, Any], community: str) -> None:
    assert post(client, "/v1/public/logout", {"refreshToken": session["refreshToken"]}).status_code == 204


def _end_by_disable(client: Any, account: Any, session: dict[str, Any], community: str) -> None:
    admin = token_for({"community.admin"}, {community}, kind="admin", subject="ender")
    assert (
        post(client, f"/v1/admin/communities/{community}/staff/{account.account_id}/disable", {}, admin).status_code
        == 200
    )


def _end_by_reset(client: Any, account: Any, session: dict[str, Any], community: str) -> None:
    admin = token_for({"community.admin"}, {community}, kind="admin", subject="ender")
    path = f"/v1/admin/communities/{community}/staff/{account.account_id}/password"
    assert post(client, path, {"password": NEW_PASSWORD}, admin).status_code == 200


def _end_by_lockout(client: Any, account: Any, session: dict[str, Any], community: str) -> None:
    for _ in range(account.max_failed_logins):
        login(client, account.username, "Wrong-Pass-000")
    assert login(client, account.username, PASSWORD).status_code == 403


def _end_by_password_change(client: Any, account: Any, session: dict[str, Any], community: str) -> None:
    changed = post(
        client,
        "/v1/staff/password",
        {"currentPassword": PASSWORD, "newPassword": NEW_PASSWORD},
        session["accessToken"],
    )
    assert changed.status_code == 200
    session["replacement"] = body(changed)["accessToken"]


ENDINGS = {
    "logout": _end_by_logout,
    "disable": _end_by_disable,
    "password reset": _end_by_reset,
    "lockout": _end_by_lockout,
    "password change": _end_by_password_change,
}


@pytest.mark.parametrize("ending", sorted(ENDINGS))
def test_access_tokens_stop_working_when_the_session_ends(client: Any, ending: str) -> None:
    from chalicelib.kernel.errors import Unauthenticated
    from chalicelib.kernel.security.sessions import CACHE_SECONDS

    community = new_community()
    account, session = signed_in(client, community)
    other = OtherContainer()
    other.token = session["accessToken"]
    other.check(account.account_id)  # the other container has read (and cached) the cutoff: none yet

    ENDINGS[ending](client, account, session, community)

    # this container ended it: refused at once
    refused = get(client, _devices(community), session["accessToken"])
    assert refused.status_code == 401 and body(refused)["error"]["code"] == "TOKEN_REVOKED"
    # another container trusts its cached read for less than CACHE_SECONDS (< 60 s), then reads again and refuses
    other.check(account.account_id, CACHE_SECONDS - 1)
    with pytest.raises(Unauthenticated):
        other.check(account.account_id, 1)
    assert CACHE_SECONDS < 60
    if "replacement" in session:  # the token handed out with the new password works
        assert get(client, _devices(community), session["replacement"]).status_code == 200


def test_the_cutoff_is_read_once_per_account_per_cache_period() -> None:
    from chalicelib.kernel.security.sessions import SessionCutoffCache

    reads: list[str] = []
    cutoff = {"a": None}

    def load(account_id: str) -> int | None:
        reads.append(account_id)
        return cutoff["a"]

    clock = Clock()
    cache = SessionCutoffCache(load=load, clock=clock, ttl_seconds=30)
    for _ in range(100):
        cache.check("a", 5_000)
    assert reads == ["a"]
    cutoff["a"] = 6_000  # another container ended the session
    clock.at += 29
    cache.check("a", 5_000)  # still trusted from cache
    clock.at += 1
    from chalicelib.kernel.errors import Unauthenticated

    with pytest.raises(Unauthenticated):
        cache.check("a", 5_000)
    cache.check("a", 6_000)  # issued after the cutoff: fine
    assert reads == ["a", "a"]
