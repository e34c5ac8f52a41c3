"""Builds the partner service, the change feed and the data sources from their repositories and adapters."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalicelib.kernel.wiring import built

if TYPE_CHECKING:
    from chalicelib.partners.adapters import ActivitySource, RegistrySource
    from chalicelib.partners.feed import ChangeFeed
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
    from chalicelib.partners.adapters import KmsSecretBox
    from chalicelib.partners.repository import DynamoPartnerStore
    from chalicelib.partners.service import PartnerService

    return PartnerService(DynamoPartnerStore(), KmsSecretBox(), utcnow, _new_id, _log_refusal)


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
