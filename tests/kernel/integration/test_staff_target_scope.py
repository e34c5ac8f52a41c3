"""Authorisation of staff administration covers the TARGET's scope, not just the caller's.

A community admin of A may change only accounts lying wholly inside their communities; an account that also works
in B can be removed from A, never reset, disabled, enabled, unlocked or otherwise taken over by A's admin. The
table below is every admin operation on an account by id x every kind of target x every kind of admin.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.identity import NEW_PASSWORD, PASSWORD, body, get, login, make_staff, new_community, post, token_for

A, B = new_community(), new_community()
WRITES = ("disable", "enable", "unlock", "password", "remove")
TARGETS = ("inside", "shared", "elsewhere", "admin_inside", "everywhere", "self")
ACTORS = ("admin_of_a", "admin_of_a_and_b", "platform")


def make_target(kind: str, actor_subject: str) -> Any:
    if kind == "self":
        return make_staff({A}, {"community.admin"})
    communities = {"inside": {A}, "shared": {A, B}, "elsewhere": {B}, "admin_inside": {A}, "everywhere": {"*"}}[kind]
    roles = {"community.admin"} if kind == "admin_inside" else {"staff.guard"}
    return make_staff(communities, roles)


def actor_token(actor: str, subject: str) -> str:
    if actor == "platform":
        return token_for({"platform.admin"}, {"*"}, subject=subject, kind="admin")
    communities = {A} if actor == "admin_of_a" else {A, B}
    return token_for({"community.admin"}, communities, subject=subject, kind="admin")


def expected(actor: str, target: str, op: str) -> tuple[int, str | None]:
    if target in ("elsewhere", "everywhere"):
        return 404, "ACCOUNT_NOT_FOUND"  # not an account of A at all: nothing to see or change through A
    if target == "self":
        return 403, "ACCOUNT_NOT_MANAGEABLE"
    if target == "admin_inside" and actor != "platform":
        return 403, "ACCOUNT_NOT_MANAGEABLE"
    if target == "shared" and actor == "admin_of_a" and op != "remove":
        return 403, "ACCOUNT_OUTSIDE_SCOPE"
    return 200, None


def do(client: Any, op: str, account_id: str, tok: str) -> Any:
    path = f"/v1/admin/communities/{A}/staff/{account_id}/{op}"
    return post(client, path, {"password": "Taken-Over-789!"} if op == "password" else {}, tok)


@pytest.mark.parametrize("actor", ACTORS)
def test_every_admin_write_checks_the_targets_scope(client: Any, actor: str) -> None:
    failures = []
    for target in TARGETS:
        refused_target = None  # a refused call changes nothing, so refused cases share one account
        for op in WRITES:
            subject = f"{actor}-{target}-{op}"
            if expected(actor, target, op)[0] != 200 and refused_target is not None:
                account = refused_target
            else:
                account = make_target(target, subject)
                if expected(actor, target, op)[0] != 200:
                    refused_target = account
            tok = actor_token(actor, account.account_id if target == "self" else subject)
            response = do(client, op, account.account_id, tok)
            want_status, want_code = expected(actor, target, op)
            got_code = (body(response) or {}).get("error", {}).get("code")
            if response.status_code != want_status or (want_code and got_code != want_code):
                failures.append(f"{actor} {op} {target}: {response.status_code} {got_code}, want {want_status}")
            if response.status_code != 200:
                after = _account(account.account_id)
                assert after == account, f"{actor} {op} {target} was refused but changed the account"
    assert not failures, "\n".join(failures)


def _account(account_id: str) -> Any:
    from chalicelib.identity import wiring

    return wiring.identity_service().staff.get(account_id)


def test_the_reported_takeover_is_refused_and_audited_in_both_logs(client: Any) -> None:
    shared = make_staff({A, B}, {"staff.manager"})
    admin_a = token_for({"community.admin"}, {A}, subject="admin-a-takeover", kind="admin")
    for op in ("password", "disable", "unlock", "enable"):
        refused = do(client, op, shared.account_id, admin_a)
        assert refused.status_code == 403 and body(refused)["error"]["code"] == "ACCOUNT_OUTSIDE_SCOPE"
    assert login(client, shared.username, PASSWORD).status_code == 200  # the old password still works
    seen = body(get(client, f"/v1/admin/communities/{A}/staff/{shared.account_id}", admin_a))
    assert seen["communities"] == [A] and seen["alsoElsewhere"] is True and B not in str(seen)
    assert login(client, shared.username, "Taken-Over-789!").status_code == 401

    entries = body(
        get(client, f"/v1/admin/communities/{A}/audit?targetType=account&targetId={shared.account_id}", admin_a)
    )["items"]
    assert {(e["operation"], e["outcome"], e["operator"]) for e in entries} == {
        ("staff.reset_password", "denied", "admin-a-takeover"),
        ("staff.disable", "denied", "admin-a-takeover"),
        ("staff.unlock", "denied", "admin-a-takeover"),
        ("staff.enable", "denied", "admin-a-takeover"),
    }


def test_removing_a_shared_account_from_a_leaves_b_untouched(client: Any) -> None:
    shared = make_staff({A, B}, {"staff.manager"})
    signed_in = body(login(client, shared.username))
    admin_a = token_for({"community.admin"}, {A}, subject="admin-a-remove", kind="admin")

    removed = do(client, "remove", shared.account_id, admin_a)
    assert removed.status_code == 200, removed.body
    # A's admin is not told where else the account works, only that it does
    assert body(removed)["communities"] == [] and body(removed)["alsoElsewhere"] is True
    assert body(removed)["disabled"] is False
    assert _account(shared.account_id).communities == {B}
    # gone from A's list and A's routes; still in B's
    assert shared.account_id not in [
        a["accountId"] for a in body(get(client, f"/v1/admin/communities/{A}/staff", admin_a))["items"]
    ]
    assert get(client, f"/v1/admin/communities/{A}/staff/{shared.account_id}", admin_a).status_code == 404
    admin_b = token_for({"community.admin"}, {B}, subject="admin-b", kind="admin")
    assert shared.account_id in [
        a["accountId"] for a in body(get(client, f"/v1/admin/communities/{B}/staff", admin_b))["items"]
    ]
    # the token that still names A stops working; a refresh carries B only
    assert get(client, f"/v1/staff/communities/{A}/devices", signed_in["accessToken"]).status_code == 401
    refreshed = body(post(client, "/v1/public/token/refresh", {"refreshToken": signed_in["refreshToken"]}))
    assert refreshed["communities"] == [B]
    assert get(client, f"/v1/staff/communities/{A}/devices", refreshed["accessToken"]).status_code == 403
    assert get(client, f"/v1/staff/communities/{B}/devices", refreshed["accessToken"]).status_code == 200


def test_removing_an_account_from_its_only_community_disables_it(client: Any) -> None:
    inside = make_staff({A}, {"staff.guard"})
    admin_a = token_for({"community.admin"}, {A}, subject="admin-a-last", kind="admin")
    removed = do(client, "remove", inside.account_id, admin_a)
    assert removed.status_code == 200 and body(removed)["communities"] == [] and body(removed)["disabled"] is True
    assert login(client, inside.username).status_code == 403


def test_a_community_admin_resets_an_account_wholly_inside(client: Any) -> None:
    inside = make_staff({A}, {"staff.guard"})
    admin_a = token_for({"community.admin"}, {A}, subject="admin-a-reset", kind="admin")
    reset = post(client, f"/v1/admin/communities/{A}/staff/{inside.account_id}/password", {"password": NEW_PASSWORD})
    assert reset.status_code == 401  # no token: nothing changes
    reset = post(
        client, f"/v1/admin/communities/{A}/staff/{inside.account_id}/password", {"password": NEW_PASSWORD}, admin_a
    )
    assert reset.status_code == 200 and body(reset)["mustChangePassword"] is True
    assert login(client, inside.username, NEW_PASSWORD).status_code == 200
