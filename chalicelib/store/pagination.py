"""Opaque cursors for Query pagination: the LastEvaluatedKey, JSON + urlsafe base64."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from chalicelib.domain.errors import InvalidInput


def encode_cursor(last_key: dict[str, Any] | None) -> str | None:
    if not last_key:
        return None
    return base64.urlsafe_b64encode(json.dumps(last_key, separators=(",", ":")).encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> dict[str, Any] | None:
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise InvalidInput(
            "cursor is not valid",
            code="INVALID_CURSOR",
            details=[{"field": "query.cursor", "code": "invalid", "message": "bad cursor"}],
        ) from exc
    if not isinstance(value, dict):
        raise InvalidInput("cursor is not valid", code="INVALID_CURSOR")
    return value
