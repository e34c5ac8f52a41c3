"""The partner request signature: HMAC-SHA256 with the API key's secret over the canonical request.

    canonical = METHOD \\n PATH \\n QUERY \\n SHA256(body) hex \\n TIMESTAMP \\n NONCE

QUERY is the query parameters sorted by name and value, each `name=value` percent-encoded (RFC 3986) and joined
with `&`; TIMESTAMP is Unix seconds; NONCE is 16-64 characters [A-Za-z0-9_-], never used twice by one key.
The headers: `X-Api-Key`, `X-Timestamp`, `X-Nonce`, `X-Signature` (lower-case hex). A request is refused when
its timestamp is more than `SKEW` from the server's clock, its nonce was seen (kept for twice the skew), its key is
unknown, retired or its partner cut off, its source address is outside the partner's allow-list, or the signature
does not match (compared in constant time). Pure: hashlib and hmac only.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping
from datetime import datetime, timedelta
from urllib.parse import quote

SKEW = timedelta(minutes=5)
NONCE = re.compile(r"[A-Za-z0-9_-]{16,64}")
HEADERS = ("x-api-key", "x-timestamp", "x-nonce", "x-signature")


def canonical_query(params: Mapping[str, str] | None) -> str:
    pairs = sorted((quote(str(k), safe="-_.~"), quote(str(v), safe="-_.~")) for k, v in (params or {}).items())
    return "&".join(f"{k}={v}" for k, v in pairs)


def canonical_request(
    method: str, path: str, query: Mapping[str, str] | None, body: bytes, timestamp: str, nonce: str
) -> str:
    return "\n".join([method.upper(), path, canonical_query(query), hashlib.sha256(body).hexdigest(), timestamp, nonce])


def sign(
    secret: str, method: str, path: str, query: Mapping[str, str] | None, body: bytes, timestamp: str, nonce: str
) -> str:
    message = canonical_request(method, path, query, body, timestamp, nonce).encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_matches(expected: str, given: str) -> bool:
    return hmac.compare_digest(expected.encode(), given.strip().lower().encode())


def timestamp_fresh(timestamp: str, now: datetime) -> bool:
    if not timestamp.isdigit() or len(timestamp) > 12:
        return False
    return abs(now.timestamp() - int(timestamp)) <= SKEW.total_seconds()


def signed_headers(
    key_id: str,
    secret: str,
    method: str,
    path: str,
    query: Mapping[str, str] | None,
    body: bytes,
    now: datetime,
    nonce: str,
) -> dict[str, str]:
    """The four headers a partner sends (the client side, used by the seed's demo, tests and the README)."""
    timestamp = str(int(now.timestamp()))
    return {
        "X-Api-Key": key_id,
        "X-Timestamp": timestamp,
        "X-Nonce": nonce,
        "X-Signature": sign(secret, method, path, query, body, timestamp, nonce),
    }
