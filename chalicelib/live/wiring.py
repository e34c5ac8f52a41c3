"""Builds the live service from the connections table, the Management API and the API's own access check."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from chalicelib.kernel.wiring import built

if TYPE_CHECKING:
    from chalicelib.kernel.security.principal import Principal
    from chalicelib.live.service import LiveService


def authorise(token: str, community_id: str) -> Principal:
    """The API's own check for a community-scoped read of alarms (token, session cutoff, role, community)."""
    from chalicelib.kernel.security.access import Access, authorize
    from chalicelib.live.model import PERMISSION

    principal = authorize(Access.community(PERMISSION), f"Bearer {token}", {"community_id": community_id})
    assert principal is not None  # a community access is never public
    return principal


def push_failed(connection_id: str, error: Exception) -> None:
    from chalicelib.kernel.observability import logger

    logger.warning("live push failed", extra={"connection": connection_id, "error": type(error).__name__})


@built
def live_service() -> LiveService:
    from chalicelib.kernel.security.tokens import ACCESS_TTL_SECONDS
    from chalicelib.live.adapters import CutoffSessions, ManagementApiGateway
    from chalicelib.live.repository import DynamoConnections
    from chalicelib.live.service import LiveService

    return LiveService(
        connections=DynamoConnections(),
        gateway=ManagementApiGateway(),
        sessions=CutoffSessions(),
        authorise=authorise,
        token_seconds=ACCESS_TTL_SECONDS,
        now_ms=lambda: int(time.time() * 1000),
        on_failure=push_failed,
    )
