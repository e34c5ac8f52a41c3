"""Helpers for the partner tests: onboard a partner through the operator route, and send signed requests."""

from __future__ import annotations

import json
import secrets
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from chalicelib.partners.signing import signed_headers
from tests.support.registry import call, token

ALL_READ = ["people:read", "houses:read", "access_records:read", "alarms:read"]


def onboard(client: Any, communities: list[str], **overrides: Any) -> dict[str, Any]:
    body = {
        "name": "阳光派出所",
        "kind": "police_station",
        "communities": communities,
        "scopes": [*ALL_READ, "people:feed", "houses:feed"],
        "allowIps": ["127.0.0.1/32"],
        "dailyQuota": 1000,
        "ratePerMinute": 600,
        **overrides,
    }
    status, issued = call(client, "POST", "/v1/admin/partners", token({"platform.admin"}, {"*"}), body)
    assert status == 201, issued
    return dict(issued)


def signed(
    client: Any,
    issued: dict[str, Any],
    path: str,
    query: dict[str, str] | None = None,
    *,
    secret: str | None = None,
    now: datetime | None = None,
    nonce: str | None = None,
    tamper: dict[str, str] | None = None,
) -> Any:
    headers = signed_headers(
        issued["keyId"],
        secret or issued["secret"],
        "GET",
        path,
        query,
        b"",
        now or datetime.now(UTC),
        nonce or secrets.token_hex(12),
    )
    headers.update(tamper or {})
    url = path + ("?" + urlencode(query) if query else "")
    return client.http.get(url, headers=headers)


def body(response: Any) -> Any:
    return json.loads(response.body) if response.body else None
