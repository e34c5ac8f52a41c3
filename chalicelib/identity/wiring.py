"""Builds the identity service from its repository and adapters (once per container, on first use)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalicelib.kernel.wiring import built

if TYPE_CHECKING:
    from chalicelib.identity.adapters import FakeWechat, HttpWechat
    from chalicelib.identity.service import IdentityService


@built
def wechat_client() -> HttpWechat | FakeWechat:
    """The mini-program's WeChat server API (login, phone numbers, the access token of subscribe messages)."""
    from chalicelib.identity.adapters import from_environment

    return from_environment()


@built
def identity_service() -> IdentityService:
    from chalicelib.identity.adapters import Argon2Passwords
    from chalicelib.identity.repository import DynamoRefreshFamilies, DynamoResidentAccounts, DynamoStaffAccounts
    from chalicelib.identity.service import IdentityService
    from chalicelib.kernel.clock import utcnow
    from chalicelib.kernel.security.pii import SealedPhones
    from chalicelib.kernel.security.sessions import CachedCutoffWriter
    from chalicelib.registry import memberships_of

    return IdentityService(
        staff=DynamoStaffAccounts(),
        residents=DynamoResidentAccounts(),
        families=DynamoRefreshFamilies(),
        hasher=Argon2Passwords(),
        wechat=wechat_client(),
        personal=SealedPhones(),
        memberships_of=memberships_of,
        now=utcnow,
        cutoffs=CachedCutoffWriter(),
    )
