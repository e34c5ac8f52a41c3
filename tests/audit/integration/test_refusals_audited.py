"""Refused attempts of sensitive operations are audited in one place (the endpoint decorator): reveals, exports,
account changes, commands, any write answered 403, whether the access check or the handler refused it. Each entry
names the operator, the operation, the target and outcome `denied`, in the target community's log."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest

from tests.support.identity import get, post, token_for

A, B = "c-" + uuid.uuid4().hex[:10], "c-" + uuid.uuid4().hex[:10]


def entries(community: str, target_type: str, target_id: str) -> list[Any]:
    from chalicelib.audit import repository as audit
    from chalicelib.kernel.clock import utcnow

    now = utcnow()
    found, _ = audit.query(
        community, now - timedelta(minutes=5), now + timedelta(minutes=1), target=(target_type, target_id)
    )
    return found


def guard(subject: str) -> str:
    return token_for({"staff.guard"}, {A}, subject=subject)


def technician(subject: str) -> str:
    return token_for({"staff.technician"}, {A}, subject=subject)


CASES = {
    # name: (method, path, body, token maker, target type, target id)
    "reveal a person": (
        "POST",
        f"/v1/staff/communities/{A}/people/p-reveal-1/reveal",
        {},
        guard,
        "person",
        "p-reveal-1",
    ),
    "reveal a staff phone": ("GET", f"/v1/admin/communities/{A}/staff/acct-1/phone", None, guard, "account", "acct-1"),
    "export residents": (
        "GET",
        f"/v1/staff/communities/{A}/exports/houses-residents",
        None,
        technician,
        "community",
        A,
    ),
    "reset a password": (
        "POST",
        f"/v1/admin/communities/{A}/staff/acct-2/password",
        {"password": "Whatever-123!"},
        technician,
        "account",
        "acct-2",
    ),
    "disable an account": ("POST", f"/v1/admin/communities/{A}/staff/acct-3/disable", {}, guard, "account", "acct-3"),
    "create staff": ("POST", f"/v1/admin/communities/{A}/staff", {}, guard, "community", A),
    "register a device": ("POST", f"/v1/staff/communities/{A}/devices", {}, guard, "community", A),
    "unlock a building": (
        "POST",
        f"/v1/staff/communities/{A}/buildings/b-9/unlock-doors",
        {},
        guard,
        "building",
        "b-9",
    ),
    "import people": ("POST", f"/v1/staff/communities/{A}/imports", {}, technician, "community", A),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_refused_sensitive_attempts_are_audited_as_denied(client: Any, case: str) -> None:
    method, path, payload, make_token, target_type, target_id = CASES[case]
    subject = f"refused-{uuid.uuid4().hex[:8]}"
    tok = make_token(subject)
    answer = post(client, path, payload or {}, tok) if method == "POST" else get(client, path, tok)
    assert answer.status_code == 403, answer.body
    denied = [e for e in entries(A, target_type, target_id) if e.operator == subject]
    assert len(denied) == 1, denied
    entry = denied[0]
    assert entry.outcome == "denied" and entry.operator_kind == "staff" and entry.operation
    assert entry.detail["code"] == "PERMISSION_DENIED" and entry.detail["route"].startswith(method)
    assert entry.request_id


def test_a_handler_refusal_is_audited_once(client: Any) -> None:
    subject = f"guard-cmd-{uuid.uuid4().hex[:6]}"
    device = "door-controller-0123456789ab"
    answer = post(
        client,
        f"/v1/staff/communities/{A}/devices/{device}/commands",
        {"name": "reboot", "params": {}},
        guard(subject),
    )
    assert answer.status_code == 403
    denied = [e for e in entries(A, "device", device) if e.operator == subject]
    assert [(e.operation, e.outcome) for e in denied] == [("device.command", "denied")]


def test_a_probe_into_another_community_shows_in_that_communitys_log(client: Any) -> None:
    subject = f"admin-a-{uuid.uuid4().hex[:6]}"
    admin_a = token_for({"community.admin"}, {A}, subject=subject, kind="admin")
    answer = post(client, f"/v1/admin/communities/{B}/staff/acct-b/password", {"password": "X-123456789a"}, admin_a)
    assert answer.status_code == 403
    [entry] = [e for e in entries(B, "account", "acct-b") if e.operator == subject]
    assert entry.outcome == "denied" and entry.community_id == B
    assert entry.detail["code"] == "COMMUNITY_FORBIDDEN"


def test_plain_reads_refused_and_anonymous_calls_are_not_audited(client: Any) -> None:
    subject = f"resident-{uuid.uuid4().hex[:6]}"
    resident = token_for({"resident.owner"}, {A}, kind="resident", subject=subject, households={"h1"})
    assert get(client, f"/v1/staff/communities/{A}/devices", resident).status_code == 403
    assert post(client, f"/v1/admin/communities/{A}/staff/acct-9/disable", {}).status_code == 401
    assert not [e for e in entries(A, "community", A) if e.operator == subject]
    assert not entries(A, "account", "acct-9")
