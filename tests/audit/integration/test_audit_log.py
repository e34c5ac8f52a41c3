"""The audit log through the API: writes leave entries; admins query by time, operator and target."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from chalicelib.kernel.clock import iso, utcnow
from tests.support.identity import PASSWORD, body, get, login, make_staff, new_community, post, token_for


def audit(client: Any, community: str, token: str, **query: str) -> Any:
    from urllib.parse import urlencode

    return get(client, f"/v1/admin/communities/{community}/audit?{urlencode(query)}", token)


def test_staff_creation_and_refusals_are_audited_with_operator_target_and_source(client: Any) -> None:
    community = new_community()
    admin = token_for({"community.admin"}, {community}, subject="admin-audit", kind="admin")
    created = post(
        client,
        f"/v1/admin/communities/{community}/staff",
        {
            "username": f"g{uuid.uuid4().hex[:8]}",
            "name": "Guard",
            "password": PASSWORD,
            "roles": ["staff.guard"],
            "phone": "13812345678",
        },
        admin,
    )
    assert created.status_code == 201, created.body
    account = body(created)
    assert account["phone"] == "138****5678" and account["mustChangePassword"] is True
    refused = post(
        client,
        f"/v1/admin/communities/{community}/staff",
        {"username": f"x{uuid.uuid4().hex[:8]}", "name": "X", "password": PASSWORD, "roles": ["platform.admin"]},
        admin,
    )
    assert refused.status_code == 403 and body(refused)["error"]["code"] == "ROLE_NOT_GRANTABLE"

    entries = body(audit(client, community, admin))["items"]
    assert [e["operation"] for e in entries] == ["staff.create", "staff.create"]  # newest first
    denied, success = entries
    assert denied["outcome"] == "denied" and denied["detail"] == {"code": "ROLE_NOT_GRANTABLE"}
    assert success["outcome"] == "success" and success["operator"] == "admin-audit"
    assert success["operatorKind"] == "admin" and success["targetId"] == account["accountId"]
    assert success["sourceIp"] and success["requestId"]
    assert "13812345678" not in str(entries)

    by_target = body(audit(client, community, admin, targetType="account", targetId=account["accountId"]))
    assert [e["id"] for e in by_target["items"]] == [success["id"]]
    by_operator = body(audit(client, community, admin, operator="admin-audit"))
    assert len(by_operator["items"]) == 2
    assert body(audit(client, community, admin, operator="someone-else"))["items"] == []


def test_revealing_a_full_phone_is_audited(client: Any) -> None:
    community = new_community()
    guard = make_staff({community}, {"staff.guard"}, phone="13912345678")
    manager = token_for({"staff.manager"}, {community}, subject="mgr-reveal")
    shown = get(client, f"/v1/admin/communities/{community}/staff/{guard.account_id}/phone", manager)
    assert shown.status_code == 200 and body(shown)["phone"] == "13912345678"
    admin = token_for({"community.admin"}, {community})
    entries = body(audit(client, community, admin, targetType="account", targetId=guard.account_id))["items"]
    assert [(e["operation"], e["operator"]) for e in entries] == [("pii.reveal", "mgr-reveal")]
    masked = get(client, f"/v1/admin/communities/{community}/staff/{guard.account_id}", admin)
    assert body(masked)["phone"] == "139****5678"


def test_time_range_paging_across_days(client: Any) -> None:
    from chalicelib.audit import repository as store

    community = new_community()
    now = utcnow()
    for days_ago in (0, 1, 1, 3, 10):
        store.append(
            store.AuditEntry(
                entry_id=uuid.uuid4().hex,
                at=now - timedelta(days=days_ago, minutes=1),
                community_id=community,
                operator="op",
                operator_kind="staff",
                operation="thing.update",
                target_type="thing",
                target_id="t1",
                outcome="success",
            )
        )
    admin = token_for({"community.admin"}, {community})
    start = iso(now - timedelta(days=5))
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        query = {"from": start, "limit": "2"} | ({"cursor": cursor} if cursor else {})
        page = body(audit(client, community, admin, **query))
        seen += [e["at"] for e in page["items"]]
        pages += 1
        cursor = page["nextCursor"]
        if not cursor:
            break
    assert len(seen) == 4 and seen == sorted(seen, reverse=True) and pages >= 2
    by_target = body(
        audit(client, community, admin, targetType="thing", targetId="t1", **{"from": iso(now - timedelta(days=30))})
    )
    assert len(by_target["items"]) == 5


def test_audit_queries_are_scoped_and_validated(client: Any) -> None:
    community = new_community()
    other_admin = token_for({"community.admin"}, {new_community()})
    assert audit(client, community, other_admin).status_code == 403
    manager = token_for({"staff.manager"}, {community})
    assert audit(client, community, manager).status_code == 403
    admin = token_for({"community.admin"}, {community})
    long_range = audit(client, community, admin, **{"from": iso(utcnow() - timedelta(days=200))})
    assert long_range.status_code == 400
    assert audit(client, community, admin, targetType="account").status_code == 400
    assert audit(client, community, admin, to="yesterday").status_code == 400
    assert audit(client, community, admin, unknown="1").status_code == 400
    assert get(client, "/v1/admin/platform/audit", admin).status_code == 403


def test_sign_ins_are_audited_on_the_platform_log(client: Any) -> None:
    account = make_staff({new_community(), new_community()}, {"staff.guard"})
    assert login(client, account.username, "Wrong-Pass-000").status_code == 401
    assert login(client, account.username).status_code == 200
    platform = token_for({"platform.admin"}, {"*"}, kind="admin")
    mine = body(get(client, f"/v1/admin/platform/audit?operator={account.account_id}", platform))["items"]
    assert [(e["operation"], e["outcome"]) for e in mine] == [("auth.staff_login", "success")]
    failed = body(get(client, f"/v1/admin/platform/audit?operator=username:{account.username}", platform))["items"]
    assert [(e["operation"], e["outcome"], e["detail"]["code"]) for e in failed] == [
        ("auth.staff_login", "failed", "INVALID_CREDENTIALS")
    ]
