"""Helpers for the identity tests: fast password hashing, tokens, staff accounts made through the service."""

from __future__ import annotations

import json
import os
import uuid
from datetime import datetime
from typing import Any

# Argon2 at production cost takes ~0.2 s per hash; the tests check behaviour, not cost.
os.environ["ARGON2_MEMORY_KIB"] = "1024"
os.environ["ARGON2_TIME_COST"] = "1"

PASSWORD = "Initial-Pass-123"
NEW_PASSWORD = "Changed-Pass-456"


def fast_hashing() -> None:
    from chalicelib.identity import adapters as passwords

    passwords.reset()


def service() -> Any:
    from chalicelib.identity import wiring

    return wiring.identity_service()


def new_community() -> str:
    return f"c-{uuid.uuid4().hex[:12]}"


def make_staff(
    communities: set[str],
    roles: set[str],
    *,
    password: str = PASSWORD,
    must_change: bool = False,
    valid_from: datetime | None = None,
    valid_until: datetime | None = None,
    idle_timeout_minutes: int = 30,
    max_failed_logins: int = 5,
    phone: str | None = None,
) -> Any:
    from dataclasses import replace

    fast_hashing()
    account = service().create_staff(
        username=f"u{uuid.uuid4().hex[:10]}",
        name="Test Person",
        password=password,
        roles=frozenset(roles),
        communities=frozenset(communities),
        phone=phone,
        valid_from=valid_from,
        valid_until=valid_until,
        idle_timeout_minutes=idle_timeout_minutes,
        max_failed_logins=max_failed_logins,
        created_by="test",
    )
    if not must_change:
        account = service().staff.replace(replace(account, must_change_password=False))
    return account


def token_for(
    roles: set[str],
    communities: set[str],
    *,
    subject: str = "u-test",
    kind: str = "staff",
    households: set[str] | None = None,
    ttl: int = 900,
    now: float | None = None,
) -> str:
    from chalicelib.kernel.security.principal import Principal
    from chalicelib.kernel.security.tokens import issue_access_token

    principal = Principal(
        subject=subject,
        kind=kind,
        roles=frozenset(roles),
        communities=frozenset(communities),
        households=frozenset(households or ()),
    )
    return issue_access_token(principal, ttl, now=now)


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}


JSON = {"Content-Type": "application/json"}


def post(client: Any, path: str, body: dict[str, Any], token: str | None = None) -> Any:
    return client.http.post(path, headers=auth(token) if token else JSON, body=json.dumps(body))


def get(client: Any, path: str, token: str | None = None) -> Any:
    return client.http.get(path, headers=auth(token) if token else {})


def body(response: Any) -> Any:
    return json.loads(response.body) if response.body else None


def login(client: Any, username: str, password: str = PASSWORD) -> Any:
    return post(client, "/v1/public/staff/login", {"username": username, "password": password})
