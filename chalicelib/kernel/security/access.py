"""Route access declarations and the one place they are enforced. Deny by default.

Every HTTP endpoint declares an `Access`; `authorize` turns the Authorization header plus the path parameters
into a Principal or raises. A route's data scope is read from its path: `{community_id}` must be one of the
token's communities, `{house_id}` one of a resident's households.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Literal

from chalicelib.kernel.errors import Forbidden, Unauthenticated
from chalicelib.kernel.security import sessions
from chalicelib.kernel.security.permissions import has_permission
from chalicelib.kernel.security.principal import Principal
from chalicelib.kernel.security.tokens import verify_access_token

Scope = Literal["none", "community", "household"]


@dataclass(frozen=True)
class Access:
    permission: str | None  # None only for public routes
    public: bool = False
    scope: Scope = "community"
    signed: bool = False  # a partner's signed request (HMAC), not a bearer token

    @staticmethod
    def anyone() -> Access:
        """No token needed (health, login, WeChat Pay notifications, gate scans verified by their own signature)."""
        return Access(permission=None, public=True, scope="none")

    @staticmethod
    def signed_in(permission: str, scope: Scope = "none") -> Access:
        return Access(permission=permission, scope=scope)

    @staticmethod
    def community(permission: str) -> Access:
        return Access(permission=permission, scope="community")

    @staticmethod
    def household(permission: str) -> Access:
        return Access(permission=permission, scope="household")

    @staticmethod
    def partner(permission: str) -> Access:
        """A partner organisation's signed request (API key + HMAC signature, not a token): the partner must hold
        the scope `permission` (`people:read`) and the path's community must be one of its communities."""
        return Access(permission=permission, scope="community", signed=True)

    def describe(self) -> str:
        if self.public:
            return "public"
        if self.signed:
            return f"partner signature, scope {self.permission} (community scope)"
        return f"{self.permission} ({self.scope} scope)"


# Who verifies a partner's signed request: the partners capability registers its gate when its routes load (the
# kernel sits below every capability and cannot import it). Unset, every signed route refuses.
SignedVerifier = Callable[[Any], Principal]
_signed_verifier: list[SignedVerifier] = []
# The partner a signed request authenticated as (for the refusal's audit record), reset per request.
signed_caller: ContextVar[Principal | None] = ContextVar("signed_caller", default=None)


def register_signed_verifier(verifier: SignedVerifier) -> None:
    _signed_verifier[:] = [verifier]


def _authorize_signed(access: Access, request: Any, path_params: dict[str, str]) -> Principal:
    if not _signed_verifier or request is None:
        raise Unauthenticated("this route takes a partner's signed request", code="SIGNATURE_INVALID")
    principal = _signed_verifier[0](request)
    if principal.kind != "partner":
        raise Unauthenticated("this route takes a partner's signed request", code="SIGNATURE_INVALID")
    signed_caller.set(principal)
    if access.permission is None or access.permission not in principal.scopes:
        raise Forbidden("your partner agreement does not cover this data", code="PARTNER_SCOPE_FORBIDDEN")
    community_id = path_params.get("community_id")
    if community_id is None:
        raise RuntimeError("a partner route needs {community_id} in its path")
    if community_id not in principal.communities:
        raise Forbidden("your partner agreement does not cover this community", code="COMMUNITY_FORBIDDEN")
    return principal


def bearer_token(authorization: str | None) -> str:
    if not authorization:
        raise Unauthenticated("missing bearer token", code="TOKEN_MISSING")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("malformed Authorization header", code="TOKEN_INVALID")
    return token.strip()


def authorize(
    access: Access, authorization: str | None, path_params: dict[str, str], request: Any = None
) -> Principal | None:
    if access.public:
        return None
    if access.signed:
        return _authorize_signed(access, request, path_params)
    principal = verify_access_token(bearer_token(authorization))
    sessions.cutoffs.check(principal.subject, principal.issued_ms)
    if access.permission is None or not has_permission(principal.roles, access.permission):
        raise Forbidden("your role may not do this", code="PERMISSION_DENIED")
    community_id = path_params.get("community_id")
    if access.scope in ("community", "household"):
        if community_id is None:
            raise RuntimeError("a community-scoped route needs {community_id} in its path")
        if not principal.in_community(community_id):
            raise Forbidden("token is not valid for this community", code="COMMUNITY_FORBIDDEN")
    if access.scope == "household" and principal.kind == "resident":
        house_id = path_params.get("house_id")
        if house_id is None or house_id not in principal.households:
            raise Forbidden("not one of your households", code="HOUSEHOLD_FORBIDDEN")
    return principal
