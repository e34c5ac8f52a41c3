"""The first platform admin of a deployed stack (infra/admin.py, `make admin`), against the local cloud: created by
the identity service, audited, refused twice, and the account signs in as a platform admin who must change the
password first. (Finding the deployed stack's tables from its API function: tests/deploy/test_stack_create.py.)"""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from infra.admin import AdminExists, create_platform_admin
from tests.support.identity import NEW_PASSWORD, PASSWORD, body, login, post, service


def test_the_first_platform_admin_signs_in_everywhere_and_must_change_the_password(client: Any) -> None:
    username = f"ops.{uuid.uuid4().hex[:8]}"
    account = create_platform_admin(service(), username=username, name="First Operator", password=PASSWORD)
    assert account.roles == frozenset({"platform.admin"}) and account.communities == frozenset({"*"})

    answer = login(client, username)
    assert answer.status_code == 200, answer.body
    tokens = body(answer)
    assert tokens["mustChangePassword"] is True  # the first session can only change the password
    assert tokens["roles"] == ["account.password_change"]
    changed = post(
        client,
        "/v1/staff/password",
        {"currentPassword": PASSWORD, "newPassword": NEW_PASSWORD},
        tokens["accessToken"],
    )
    assert changed.status_code in (200, 204), changed.body
    again = login(client, username, NEW_PASSWORD)
    assert again.status_code == 200, again.body
    tokens = body(again)
    assert tokens["roles"] == ["platform.admin"] and tokens["communities"] == ["*"]
    assert tokens["mustChangePassword"] is False

    with pytest.raises(AdminExists):
        create_platform_admin(service(), username=username.upper(), name="Again", password=PASSWORD)

    from chalicelib.audit.repository import AuditRecord

    entries = list(AuditRecord.scan(AuditRecord.target_id == account.account_id))
    created = [e.operator for e in entries if e.operation == "staff.bootstrap_admin"]
    assert created == ["infra.admin"], "the creation is audited once, by the bootstrap tool"


def test_a_weak_password_creates_nothing(client: Any) -> None:
    from chalicelib.kernel.errors import DomainError

    username = f"ops.{uuid.uuid4().hex[:8]}"
    with pytest.raises(DomainError):
        create_platform_admin(service(), username=username, name="Weak", password="short")
    assert login(client, username, "short").status_code == 401
