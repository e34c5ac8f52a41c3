"""HTTP Digest authentication (RFC 7616, MD5 with qop=auth, as GA/T 1400's `/VIID/System/Register` uses): the
challenge's nonce is the server's own (a time and an HMAC over it, so no state is kept to issue one), fresh for
`NONCE_LIFETIME`; the username is the partner's API key id and the password its secret. Each (nonce, nc) is spent
once by the caller (a replayed response is refused). Pure: hashlib and hmac only."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import datetime, timedelta

REALM = "smartcommunity"
NONCE_LIFETIME = timedelta(minutes=5)
_PARAM = re.compile(r'(\w+)=(?:"([^"]*)"|([^,\s]*))')


def _md5(text: str) -> str:
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def new_nonce(key: bytes, now: datetime) -> str:
    """`{time}.{random}.{mac}`: unique per challenge, verifiable without state."""
    head = f"{int(now.timestamp())}.{secrets.token_hex(8)}"
    return f"{head}.{hmac.new(key, head.encode(), hashlib.sha256).hexdigest()[:32]}"


def nonce_fresh(key: bytes, nonce: str, now: datetime) -> bool:
    head, _, mac = nonce.rpartition(".")
    stamp = head.partition(".")[0]
    if not stamp.isdigit() or len(stamp) > 12 or len(nonce) > 80:
        return False
    expected = hmac.new(key, head.encode(), hashlib.sha256).hexdigest()[:32]
    age = now.timestamp() - int(stamp)
    return hmac.compare_digest(expected, mac) and -5 <= age <= NONCE_LIFETIME.total_seconds()


def challenge(key: bytes, now: datetime) -> str:
    return f'Digest realm="{REALM}", qop="auth", algorithm=MD5, nonce="{new_nonce(key, now)}"'


def parse(header: str | None) -> dict[str, str]:
    if not header or not header.lower().startswith("digest "):
        return {}
    return {
        m.group(1).lower(): m.group(2) if m.group(2) is not None else m.group(3) for m in _PARAM.finditer(header[7:])
    }


def expected_response(params: dict[str, str], secret: str, method: str) -> str:
    ha1 = _md5(f"{params['username']}:{REALM}:{secret}")
    ha2 = _md5(f"{method.upper()}:{params['uri']}")
    return _md5(f"{ha1}:{params['nonce']}:{params['nc']}:{params['cnonce']}:{params['qop']}:{ha2}")


def authorization(key_id: str, secret: str, method: str, uri: str, nonce: str, nc: str, cnonce: str) -> str:
    """The client's `Authorization` header (the local receiver, tests and the README use it)."""
    params = {"username": key_id, "uri": uri, "nonce": nonce, "nc": nc, "cnonce": cnonce, "qop": "auth"}
    response = expected_response(params, secret, method)
    return (
        f'Digest username="{key_id}", realm="{REALM}", nonce="{nonce}", uri="{uri}", qop=auth, nc={nc}, '
        f'cnonce="{cnonce}", response="{response}", algorithm=MD5'
    )
