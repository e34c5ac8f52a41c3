"""Resident sign-in through WeChat (fake gateway on the local cloud), phone binding, household-scoped tokens."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from chalicelib.registry.model import Membership
from tests.support.identity import body, get, post, service


def code() -> str:
    return f"code-{uuid.uuid4().hex}"


def test_first_login_creates_the_account_and_the_same_code_signs_into_it_again(client: Any) -> None:
    wx_code = code()
    first = post(client, "/v1/public/resident/login", {"code": wx_code})
    assert first.status_code == 200, first.body
    tokens = body(first)
    assert tokens["kind"] == "resident" and tokens["roles"] == ["resident.unbound"]
    assert tokens["communities"] == [] and tokens["households"] == []
    again = body(post(client, "/v1/public/resident/login", {"code": wx_code}))
    me1 = body(get(client, "/v1/resident/me", tokens["accessToken"]))
    me2 = body(get(client, "/v1/resident/me", again["accessToken"]))
    assert me1["accountId"] == me2["accountId"] and me1["phone"] is None


@pytest.mark.parametrize(
    ("prefix", "status", "error"),
    [
        ("invalid", 401, "WECHAT_CODE_INVALID"),
        ("ratelimit", 429, "WECHAT_RATE_LIMITED"),
        ("risky", 403, "WECHAT_RISKY_USER"),
        ("down", 503, "WECHAT_UNAVAILABLE"),
    ],
)
def test_wechat_refusals_become_clear_4xx_and_create_nothing(client: Any, prefix: str, status: int, error: str) -> None:
    from chalicelib.identity.adapters import FakeWechat

    wx_code = f"{prefix}-{uuid.uuid4().hex}"
    answer = post(client, "/v1/public/resident/login", {"code": wx_code})
    assert answer.status_code == status and body(answer)["error"]["code"] == error
    openid = FakeWechat().code_to_session(wx_code.split("-", 1)[1]).openid  # what a good code would have made
    assert service().residents.by_openid(openid) is None


def test_empty_or_missing_code_is_a_validation_error(client: Any) -> None:
    assert post(client, "/v1/public/resident/login", {}).status_code == 400
    answer = post(client, "/v1/public/resident/login", {"code": "", "extra": 1})
    assert answer.status_code == 400
    assert {d["field"] for d in body(answer)["error"]["details"]} == {"code", "extra"}


def test_phone_binding_stores_ciphertext_and_blind_index_and_answers_masked(client: Any) -> None:
    from chalicelib.kernel.security import pii

    token = body(post(client, "/v1/public/resident/login", {"code": code()}))["accessToken"]
    answer = post(client, "/v1/resident/phone", {"code": "phone-13812345678"}, token)
    assert answer.status_code == 200, answer.body
    assert body(answer)["phone"] == "138****5678"
    account = service().resident(body(answer)["accountId"])
    assert "13812345678" not in (account.phone_cipher or "")
    assert pii.decrypt(account.phone_cipher, purpose="account.phone") == "13812345678"
    assert account.phone_index == pii.blind_index("phone", "+86 138 1234 5678")
    assert body(get(client, "/v1/resident/me", token))["phone"] == "138****5678"
    assert b"13812345678" not in get(client, "/v1/resident/me", token).body

    refused = post(client, "/v1/resident/phone", {"code": "invalid-x"}, token)
    assert refused.status_code == 401
    assert service().resident(account.account_id).phone_cipher == account.phone_cipher  # unchanged


def test_staff_token_cannot_bind_a_resident_phone(client: Any) -> None:
    from tests.support.identity import token_for

    staff = token_for({"staff.manager"}, {"c-x"})
    assert post(client, "/v1/resident/phone", {"code": "phone-13812345678"}, staff).status_code == 403


def test_resident_token_carries_roles_communities_and_households_of_memberships(cloud: Any) -> None:
    """Service level with a membership double (memberships belong to the registry capability)."""
    from dataclasses import replace

    from chalicelib.identity.adapters import FakeWechat

    memberships = [Membership("c-1", "h-1", "owner"), Membership("c-2", "h-9", "tenant")]
    svc = replace(service(), memberships_of=lambda account_id: memberships)
    session, _account = svc.resident_login(code())
    assert session.roles == {"resident.owner", "resident.tenant"}
    assert session.communities == {"c-1", "c-2"} and session.households == {"h-1", "h-9"}
    memberships.pop()  # moved out of h-9: the next refresh no longer carries it
    refreshed = svc.refresh(session.refresh_token)
    assert refreshed.households == {"h-1"} and refreshed.roles == {"resident.owner"}
    assert isinstance(svc.wechat, FakeWechat)
