"""Access tokens: short-lived HS256 JWTs carrying the principal's roles and community/household scope."""

from __future__ import annotations

import os
import secrets
import time
from typing import Any

from chalicelib.domain.errors import Unauthenticated
from chalicelib.security.principal import Principal

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
            from chalicelib.gateways.aws import client

            _cached_secret[arn] = client("secretsmanager").get_secret_value(SecretId=arn)["SecretString"]
        secret = _cached_secret[arn]
    if len(secret) < 32:
        # Fail closed: never sign or accept tokens with a missing or weak key.
        raise RuntimeError("JWT_SECRET is not configured (needs >= 32 characters)")
    return secret


def issue_access_token(principal: Principal, ttl_seconds: int = ACCESS_TTL_SECONDS, now: float | None = None) -> str:
    import jwt

    issued = int(now if now is not None else time.time())
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
        "exp": issued + ttl_seconds,
        "jti": principal.token_id or secrets.token_urlsafe(12),
    }
    return jwt.encode(claims, _secret(), algorithm="HS256")


def verify_access_token(token: str) -> Principal:
    import jwt

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
    if claims.get("typ") != "access":
        raise Unauthenticated("not an access token", code="TOKEN_INVALID")
    return Principal(
        subject=str(claims["sub"]),
        kind=str(claims.get("knd", "")),
        roles=frozenset(claims.get("rol", [])),
        communities=frozenset(claims.get("cty", [])),
        households=frozenset(claims.get("hh", [])),
        name=str(claims.get("nam", "")),
        token_id=str(claims.get("jti", "")),
    )
