"""A caller each declared endpoint lets in: the tests that walk every route (hostile input, times, strict types,
declared statuses) reach the body and query parsing, and the handler, instead of stopping at the access check.

The role is the most ordinary one whose permissions (kernel/security/permissions.py) include the route's own, so a
refusal the walker sees is the parser's or the handler's, never the authorisation's (which each walker asserts).
"""

from __future__ import annotations

import json
import re
from typing import Any

from tests.support.identity import token_for

# the least privileged first: a route open to residents is walked as a resident, a staff route as a guard
ROLE_ORDER = (
    "resident.owner",
    "resident.unbound",
    "staff.guard",
    "staff.technician",
    "staff.manager",
    "community.admin",
    "device.gate",
    "partner",
    "account.password_change",
    "platform.admin",
)
KINDS = {"resident": "resident", "community": "admin", "platform": "admin", "device": "device", "partner": "partner"}


SIGNED = "partner-signed:"  # not a token: `send` signs the request as a partner of that community


def role_for(ep: Any) -> str | None:
    """The least privileged role the route's access lets in (None: a public route)."""
    from chalicelib.kernel.security.permissions import has_permission

    if ep.access.public:
        return None
    if getattr(ep.access, "signed", False):
        return "partner"
    for role in ROLE_ORDER:
        if has_permission({role}, ep.access.permission):
            return role
    raise AssertionError(f"no role may call {ep.method} {ep.path}")


def token_through(ep: Any, community: str, house: str, subject: str = "walker") -> str | None:
    """A token the route's access check accepts for this community and house (None: public route)."""
    role = role_for(ep)
    if role is None:
        return None
    if getattr(ep.access, "signed", False):
        return SIGNED + community
    kind = KINDS.get(role.split(".")[0], "staff")
    communities = {"*"} if role == "platform.admin" else {community}
    return token_for({role}, communities, kind=kind, households={house}, subject=f"{subject}-{role}")


def fill(path: str, community: str, house: str, other: str = "dummy-1", **named: str) -> str:
    """The route's path with its community and house, `named` values, and `other` for the remaining ids."""
    path = path.replace("{community_id}", community).replace("{house_id}", house)
    for name, value in named.items():
        path = path.replace("{" + name + "}", value)
    return re.sub(r"\{[a-z_]+\}", other, path)


def send(client: Any, method: str, path: str, body: Any = None, token: str | None = None) -> Any:
    headers = {"Content-Type": "application/json"}
    raw = body if isinstance(body, bytes) else b"" if body is None else json.dumps(body).encode()
    if token and token.startswith(SIGNED):
        headers.update(partner_signature(token.removeprefix(SIGNED), method, path, raw))
    elif token:
        headers["Authorization"] = f"Bearer {token}"
    return client.http.request(method, path, headers=headers, body=raw)


_PARTNERS: dict[str, tuple[str, str]] = {}


def partner_signature(community: str, method: str, url: str, raw: bytes) -> dict[str, str]:
    """Signed-request headers of a partner of `community` holding every scope (onboarded once per community)."""
    import secrets
    from datetime import UTC, datetime
    from urllib.parse import parse_qsl, unquote, urlsplit

    from chalicelib.partners import wiring
    from chalicelib.partners.model import SCOPES
    from chalicelib.partners.signing import signed_headers

    if community not in _PARTNERS:
        _, key_id, secret = wiring.partner_service().onboard(
            name="walker",
            kind="police_station",
            communities=[community],
            scopes=sorted(SCOPES),
            masking={},
            allow_ips=["127.0.0.1/32"],
            quota_per_day=10_000_000,
            rate_per_minute=6_000,
        )
        _PARTNERS[community] = (key_id, secret)
    key_id, secret = _PARTNERS[community]
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    now = datetime.now(UTC)
    return signed_headers(key_id, secret, method, unquote(parts.path), query, raw, now, secrets.token_hex(12))


def error_of(response: Any) -> dict[str, Any]:
    try:
        error = json.loads(response.body)["error"]
    except (ValueError, KeyError, TypeError):
        return {}
    return error if isinstance(error, dict) else {}


def details_of(response: Any) -> list[tuple[str | None, str]]:
    """(field, code) of each detail of an error answer."""
    return [(d.get("field"), d.get("code")) for d in error_of(response).get("details") or []]
