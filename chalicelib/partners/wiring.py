"""Builds the partner service, the change feed and the data sources from their repositories and adapters."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.kernel.wiring import built

if TYPE_CHECKING:
    from chalicelib.kernel.security.principal import Principal
    from chalicelib.partners.adapters import ActivitySource, RegistrySource
    from chalicelib.partners.feed import ChangeFeed
    from chalicelib.partners.push_service import PushService
    from chalicelib.partners.service import PartnerService


def _log_refusal(reason: str, key_id: str) -> None:
    from chalicelib.kernel.observability import logger

    logger.warning("partner request refused", extra={"reason": reason, "key_id": key_id})


def _new_id(prefix: str) -> str:
    import secrets

    return f"{prefix}_{secrets.token_hex(10)}"


@built
def partner_service() -> PartnerService:
    from chalicelib.kernel.clock import utcnow
    from chalicelib.partners.adapters import ApiGatewayPlans, KmsSecretBox
    from chalicelib.partners.repository import DynamoPartnerStore
    from chalicelib.partners.service import PartnerService

    return PartnerService(DynamoPartnerStore(), KmsSecretBox(), utcnow, _new_id, _log_refusal, ApiGatewayPlans())


@built
def change_feed() -> ChangeFeed:
    from chalicelib.kernel.clock import utcnow
    from chalicelib.partners.feed import ChangeFeed
    from chalicelib.partners.repository_feed import DynamoFeedStore

    return ChangeFeed(DynamoFeedStore(), utcnow)


@built
def registry_source() -> RegistrySource:
    from chalicelib.partners.adapters import RegistrySource

    return RegistrySource()


@built
def activity_source() -> ActivitySource:
    from chalicelib.partners.adapters import ActivitySource

    return ActivitySource()


def verify_signed_request(request: Any) -> Principal:
    """The partner gate the kernel's access check calls for a signed route (`Access.partner`). The signed path is
    the route's path with its values, without any stage prefix."""
    from chalicelib.partners.service import SignedRequest

    context = request.context or {}
    template = str(context.get("resourcePath") or "")
    params = request.uri_params or {}
    path = template.format(**params) if params else template
    raw = request.raw_body or b""
    return partner_service().authenticate(
        SignedRequest(
            method=request.method,
            path=path,
            query=dict(request.query_params or {}),
            body=raw if isinstance(raw, bytes) else raw.encode(),
            headers={k.lower(): v for k, v in request.headers.items()},
            source_ip=str((context.get("identity") or {}).get("sourceIp", "")),
        )
    )


def register_partner_gate() -> None:
    """Called by every partner route module when it loads (whichever a container loads first)."""
    from chalicelib.kernel.security.access import register_signed_verifier

    register_signed_verifier(verify_signed_request)


@built
def push_service() -> PushService:
    from chalicelib.kernel.clock import utcnow
    from chalicelib.partners.adapters import HttpSender, reveal
    from chalicelib.partners.push_service import PushService
    from chalicelib.partners.repository_push import DynamoSubscriptionStore

    service = partner_service()
    return PushService(
        DynamoSubscriptionStore(), change_feed(), service.store.partner, HttpSender(), reveal, utcnow, _new_id
    )


def digest_key() -> bytes:
    """The key of the GA/T 1400 Digest nonces (derived from the API's signing secret)."""
    from chalicelib.kernel.security.tokens import derived_key

    return derived_key("viid-digest-nonce")
