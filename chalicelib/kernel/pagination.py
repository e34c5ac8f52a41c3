"""Opaque, tamper-evident cursors for Query pagination: the one module every list route pages through.

A cursor is `c1.<payload>.<mac>`: the LastEvaluatedKey (plus any paging state) as JSON, urlsafe base64, and an
HMAC-SHA256 over it and the request's cursor scope (route, path and filter values, set by the HTTP layer), keyed
by a key derived from the API's signing secret. So a client can neither forge nor edit a cursor, nor carry one
from one listing (or community) to another: every such cursor is a 400 INVALID_CURSOR, and nothing a client sends
ever reaches DynamoDB as an ExclusiveStartKey unless this service wrote it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

from chalicelib.kernel.errors import InvalidInput
from chalicelib.kernel.request_scope import cursor_scope

PREFIX = "c1"
MAC_BYTES = 16
MAX_CURSOR_CHARS = 1024


def _key() -> bytes:
    from chalicelib.kernel.security.tokens import derived_key

    return derived_key("pagination-cursor")


def _mac(payload: str, scope: str) -> bytes:
    return hmac.new(_key(), f"{scope}\n{payload}".encode(), hashlib.sha256).digest()[:MAC_BYTES]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode((text + "=" * (-len(text) % 4)).encode())


def invalid_cursor() -> InvalidInput:
    return InvalidInput(
        "cursor is not valid: pass back a nextCursor from the same listing unchanged",
        code="INVALID_CURSOR",
        details=[{"field": "query.cursor", "code": "invalid_cursor", "message": "not a cursor of this listing"}],
    )


def encode_cursor(last_key: dict[str, Any] | None) -> str | None:
    if not last_key:
        return None
    payload = _b64(json.dumps(last_key, separators=(",", ":"), sort_keys=True).encode())
    return f"{PREFIX}.{payload}.{_b64(_mac(payload, cursor_scope.get()))}"


def decode_cursor(cursor: str | None) -> dict[str, Any] | None:
    """The paging state a cursor carries, or InvalidInput for anything this service did not hand out here."""
    if not cursor:
        return None
    try:
        if len(cursor) > MAX_CURSOR_CHARS or not cursor.isascii():
            raise ValueError("cursor too long")
        prefix, payload, mac = cursor.split(".")
        if prefix != PREFIX or not hmac.compare_digest(_unb64(mac), _mac(payload, cursor_scope.get())):
            raise ValueError("cursor signature")
        value = json.loads(_unb64(payload))
    except Exception as exc:
        raise invalid_cursor() from exc
    if not isinstance(value, dict):
        raise invalid_cursor()
    return value
