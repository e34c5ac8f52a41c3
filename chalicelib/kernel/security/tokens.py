"""Access tokens: short-lived HS256 JWTs carrying the principal's roles and community/household scope."""

from __future__ import annotations

import os
import secrets
import time
from typing import Any

from chalicelib.kernel.errors import Unauthenticated
from chalicelib.kernel.security.principal import Principal

ISSUER = "smartcommunity"
AUDIENCE = "smartcommunity-api"
ACCESS_TTL_SECONDS = 15 * 60


_cached_secret: dict[str, str] = {}


def _secret() -> str:
    """The signing key: JWT_SECRET, or the Secrets Manager secret at JWT_SECRET_ARN (fetched once per container)."""
    secret = os.environ.get("JWT_SECRET", "")
    arn = os.environ.get("JWT_SECRET_ARN", "")
    if not secret and arn:
        if arn not in _cached_secret:
            from chalicelib.kernel.aws import client

            _cached_secret[arn] = client("secretsmanager").get_secret_value(SecretId=arn)["SecretString"]
        secret = _cached_secret[arn]
    if len(secret) < 32:
        # Fail closed: never sign or accept tokens with a missing or weak key.
        raise RuntimeError("JWT_SECRET is not configured (needs >= 32 characters)")
    return secret


def derived_key(purpose: str) -> bytes:
    """A key for `purpose` (cursors, ...) derived from the signing secret: one secret to rotate, no key reuse."""
    import hashlib
    import hmac

    return hmac.new(_secret().encode(), f"smartcommunity/{purpose}".encode(), hashlib.sha256).digest()


def issue_access_token(principal: Principal, ttl_seconds: int = ACCESS_TTL_SECONDS, now: float | None = None) -> str:
    import jwt

    moment = now if now is not None else time.time()
    issued = int(moment)
    claims: dict[str, Any] = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": principal.subject,
        "typ": "access",
        "knd": principal.kind,
        "rol": sorted(principal.roles),
        "cty": sorted(principal.communities),
        "hh": sorted(principal.households),
        "nam": principal.name,
        "iat": issued,
        "iam": int(moment * 1000),  # issue time in ms: a session ended at T refuses tokens issued before T
        "exp": issued + ttl_seconds,
        "jti": principal.token_id or secrets.token_urlsafe(12),
    }
    if principal.certificate:
        claims["crt"] = principal.certificate
    return jwt.encode(claims, _secret(), algorithm="HS256")


MAX_TOKEN_CHARS = 8192


def verify_access_token(token: str) -> Principal:
    import jwt

    if len(token) > MAX_TOKEN_CHARS or not token.isascii():
        raise Unauthenticated("access token invalid", code="TOKEN_INVALID")
    try:
        claims = jwt.decode(
            token,
            _secret(),
            algorithms=["HS256"],
            audience=AUDIENCE,
            issuer=ISSUER,
            options={"require": ["exp", "iat", "sub", "aud", "iss"]},
        )
    except jwt.ExpiredSignatureError as exc:
        raise Unauthenticated("access token expired", code="TOKEN_EXPIRED") from exc
    except jwt.PyJWTError as exc:
        raise Unauthenticated("access token invalid", code="TOKEN_INVALID") from exc
    except Exception:
        raise Unauthenticated("access token invalid", code="TOKEN_INVALID") from None
    if claims.get("typ") != "access":
        raise Unauthenticated("not an access token", code="TOKEN_INVALID")
    try:
        return Principal(
            subject=str(claims["sub"]),
            kind=str(claims.get("knd", "")),
            roles=frozenset(_strings(claims.get("rol", []))),
            communities=frozenset(_strings(claims.get("cty", []))),
            households=frozenset(_strings(claims.get("hh", []))),
            name=str(claims.get("nam", "")),
            token_id=str(claims.get("jti", "")),
            issued_ms=int(claims.get("iam") or int(claims["iat"]) * 1000),
            certificate=str(claims.get("crt", "")),
        )
    except (TypeError, ValueError) as exc:
        raise Unauthenticated("access token invalid", code="TOKEN_INVALID") from exc


def _strings(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError("claim must be a list of strings")
    return value
