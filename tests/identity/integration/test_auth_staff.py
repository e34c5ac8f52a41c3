"""Staff sign-in through the API against the local cloud: passwords, lockout, validity, forced change, sessions."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

from chalicelib.kernel.clock import utcnow
from tests.support.identity import (
    NEW_PASSWORD,
    PASSWORD,
    body,
    get,
    login,
    make_staff,
    new_community,
    post,
    service,
    token_for,
)


def test_manager_signs_in_and_gets_a_community_scoped_session(client: Any) -> None:
    community = new_community()
    account = make_staff({community}, {"staff.manager"})
    answer = login(client, account.username.upper())  # usernames are case-insensitive
    assert answer.status_code == 200, answer.body
    tokens = body(answer)
    assert tokens["roles"] == ["staff.manager"] and tokens["communities"] == [community]
    assert tokens["refreshToken"].startswith("rt1.") and tokens["expiresIn"] == 900
    me = get(client, "/v1/staff/me", tokens["accessToken"])
    assert me.status_code == 200 and body(me)["username"] == account.username


def test_wrong_password_and_unknown_user_look_the_same_and_lock_after_n(client: Any) -> None:
    community = new_community()
    account = make_staff({community}, {"staff.guard"}, max_failed_logins=3)
    unknown = login(client, "nobody-" + account.username)
    assert unknown.status_code == 401 and body(unknown)["error"]["code"] == "INVALID_CREDENTIALS"
    for _ in range(2):
        wrong = login(client, account.username, "Wrong-Pass-000")
        assert wrong.status_code == 401 and body(wrong)["error"]["code"] == "INVALID_CREDENTIALS"
    assert service().staff_account(account.account_id).failed_logins == 2
    third = login(client, account.username, "Wrong-Pass-000")
    assert third.status_code == 401
    locked = login(client, account.username)  # the right password no longer helps
    assert locked.status_code == 403 and body(locked)["error"]["code"] == "ACCOUNT_LOCKED"
    assert b"accessToken" not in locked.body

    admin = token_for({"community.admin"}, {community})
    unlocked = post(client, f"/v1/admin/communities/{community}/staff/{account.account_id}/unlock", {}, admin)
    assert unlocked.status_code == 200, unlocked.body
    assert login(client, account.username).status_code == 200


def test_validity_period_and_disabled_accounts_are_refused(client: Any) -> None:
    community = new_community()
    now = utcnow()
    future = make_staff({community}, {"staff.guard"}, valid_from=now + timedelta(days=1))
    expired = make_staff({community}, {"staff.guard"}, valid_until=now - timedelta(minutes=1))
    for account, code in ((future, "ACCOUNT_NOT_YET_VALID"), (expired, "ACCOUNT_EXPIRED")):
        answer = login(client, account.username)
        assert answer.status_code == 403 and body(answer)["error"]["code"] == code
        # A wrong password is still only "wrong credentials": the state is told only to whoever knows the password.
        assert body(login(client, account.username, "Wrong-Pass-000"))["error"]["code"] == "INVALID_CREDENTIALS"

    guard = make_staff({community}, {"staff.guard"})
    tokens = body(login(client, guard.username))
    admin = token_for({"community.admin"}, {community}, subject="admin-1")
    assert (
        post(client, f"/v1/admin/communities/{community}/staff/{guard.account_id}/disable", {}, admin).status_code
        == 200
    )
    assert body(login(client, guard.username))["error"]["code"] == "ACCOUNT_DISABLED"
    refreshed = post(client, "/v1/public/token/refresh", {"refreshToken": tokens["refreshToken"]})
    assert refreshed.status_code == 401 and body(refreshed)["error"]["code"] == "REFRESH_TOKEN_REVOKED"


def test_access_token_never_outlives_validity_or_idle_timeout(client: Any) -> None:
    community = new_community()
    short = make_staff(
        {community}, {"staff.guard"}, valid_until=utcnow() + timedelta(minutes=5), idle_timeout_minutes=10
    )
    tokens = body(login(client, short.username))
    assert 250 <= tokens["expiresIn"] <= 300


def test_forced_password_change_gives_a_token_that_only_changes_the_password(client: Any) -> None:
    community = new_community()
    account = make_staff({community}, {"staff.manager"}, must_change=True)
    tokens = body(login(client, account.username))
    assert tokens["mustChangePassword"] is True and tokens["refreshToken"] is None
    assert tokens["roles"] == ["account.password_change"] and tokens["communities"] == []
    restricted = tokens["accessToken"]
    assert get(client, f"/v1/admin/communities/{community}/staff", restricted).status_code == 403

    wrong = post(client, "/v1/staff/password", {"currentPassword": "nope", "newPassword": NEW_PASSWORD}, restricted)
    assert wrong.status_code == 401
    weak = post(client, "/v1/staff/password", {"currentPassword": PASSWORD, "newPassword": "short"}, restricted)
    assert weak.status_code == 400 and body(weak)["error"]["code"] == "WEAK_PASSWORD"
    assert {d["field"] for d in body(weak)["error"]["details"]} == {"newPassword"}
    same = post(client, "/v1/staff/password", {"currentPassword": PASSWORD, "newPassword": PASSWORD}, restricted)
    assert same.status_code == 400 and body(same)["error"]["code"] == "PASSWORD_REUSED"
    assert service().staff_account(account.account_id).must_change_password  # nothing changed so far

    changed = post(client, "/v1/staff/password", {"currentPassword": PASSWORD, "newPassword": NEW_PASSWORD}, restricted)
    assert changed.status_code == 200, changed.body
    assert body(changed)["roles"] == ["staff.manager"] and body(changed)["refreshToken"]
    assert login(client, account.username).status_code == 401
    assert body(login(client, account.username, NEW_PASSWORD))["mustChangePassword"] is False


def test_refresh_rotates_and_reuse_revokes_the_family(client: Any) -> None:
    account = make_staff({new_community()}, {"staff.technician"})
    first = body(login(client, account.username))["refreshToken"]
    rotated = post(client, "/v1/public/token/refresh", {"refreshToken": first})
    assert rotated.status_code == 200
    second = body(rotated)["refreshToken"]
    assert second != first and body(rotated)["roles"] == ["staff.technician"]

    replay = post(client, "/v1/public/token/refresh", {"refreshToken": first})
    assert replay.status_code == 401 and body(replay)["error"]["code"] == "REFRESH_TOKEN_REUSED"
    after = post(client, "/v1/public/token/refresh", {"refreshToken": second})  # the thief's copy is dead too
    assert after.status_code == 401 and body(after)["error"]["code"] == "REFRESH_TOKEN_REVOKED"

    garbage = post(client, "/v1/public/token/refresh", {"refreshToken": "rt1.nope.1.xyz"})
    assert garbage.status_code == 401 and body(garbage)["error"]["code"] == "REFRESH_TOKEN_INVALID"
    malformed = post(client, "/v1/public/token/refresh", {"refreshToken": "hello"})
    assert malformed.status_code == 401


def test_logout_ends_the_session(client: Any) -> None:
    account = make_staff({new_community()}, {"staff.guard"})
    refresh = body(login(client, account.username))["refreshToken"]
    assert post(client, "/v1/public/logout", {"refreshToken": refresh}).status_code == 204
    assert post(client, "/v1/public/logout", {"refreshToken": refresh}).status_code == 204  # idempotent
    answer = post(client, "/v1/public/token/refresh", {"refreshToken": refresh})
    assert answer.status_code == 401 and body(answer)["error"]["code"] == "REFRESH_TOKEN_REVOKED"


def test_idle_session_cannot_be_refreshed(client: Any) -> None:
    account = make_staff({new_community()}, {"staff.guard"}, idle_timeout_minutes=10)
    refresh = body(login(client, account.username))["refreshToken"]
    families = service().families
    family = families.get(refresh.split(".")[1])
    assert families.replace(replace(family, last_used_at=family.last_used_at - timedelta(minutes=11)))
    answer = post(client, "/v1/public/token/refresh", {"refreshToken": refresh})
    assert answer.status_code == 401 and body(answer)["error"]["code"] == "SESSION_IDLE_TIMEOUT"
    assert families.get(family.family_id).revoked_reason == "idle_timeout"


def test_bad_tokens_get_401_and_foreign_community_403(client: Any) -> None:
    community = new_community()
    good = token_for({"community.admin"}, {community})
    path = f"/v1/admin/communities/{community}/staff"
    assert get(client, path, good).status_code == 200
    assert body(get(client, path))["error"]["code"] == "TOKEN_MISSING"
    head, payload, signature = good.split(".")
    tampered = f"{head}.{payload}.{signature[:-3]}{'AAA' if signature[-3:] != 'AAA' else 'BBB'}"
    assert body(get(client, path, tampered))["error"]["code"] == "TOKEN_INVALID"
    import time

    expired = token_for({"community.admin"}, {community}, ttl=60, now=time.time() - 3600)
    answer = get(client, path, expired)
    assert answer.status_code == 401 and body(answer)["error"]["code"] == "TOKEN_EXPIRED"
    other = token_for({"community.admin"}, {new_community()})
    answer = get(client, path, other)
    assert answer.status_code == 403 and body(answer)["error"]["code"] == "COMMUNITY_FORBIDDEN"


def test_the_profile_tells_a_console_what_the_roles_allow(client: Any) -> None:
    """The console hides what a role may not do from this list (the authorisation matrix); the API refuses it anyway."""
    from chalicelib.kernel.security.permissions import permissions_of

    community = new_community()
    for roles in ({"staff.guard"}, {"staff.manager"}):
        account = make_staff({community}, roles)
        me = body(get(client, "/v1/staff/me", body(login(client, account.username))["accessToken"]))
        assert me["permissions"] == sorted(permissions_of(roles))
    guard = make_staff({community}, {"staff.guard"})
    granted = body(get(client, "/v1/staff/me", body(login(client, guard.username))["accessToken"]))["permissions"]
    assert "alarm:handle" in granted and "device:command:open_door" in granted
    assert "device:command:*" not in granted and "refund:approve" not in granted and "audit:read" not in granted


def test_the_profile_names_each_community_the_registry_knows(client: Any) -> None:
    """The console's header shows the community's name, not its code: /v1/staff/me answers `communityNames` from the
    registry (a community the registry has no node for keeps its code only)."""
    from tests.support.registry import new_community as registered_community

    named = registered_community(client)  # named "community <code>" in the org hierarchy
    unknown = new_community()
    account = make_staff({named, unknown}, {"staff.manager"})
    me = body(get(client, "/v1/staff/me", body(login(client, account.username))["accessToken"]))
    assert me["communities"] == sorted([named, unknown])
    assert me["communityNames"] == {named: f"community {named}"}
