"""Builds the warning service from its repository and the community sources."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalicelib.kernel.wiring import built

if TYPE_CHECKING:
    from chalicelib.governance.service import WarningService


@built
def warning_service() -> WarningService:
    import uuid

    from chalicelib.governance.adapters import CommunitySources
    from chalicelib.governance.repository import DynamoWarningStore
    from chalicelib.governance.service import WarningService
    from chalicelib.kernel.clock import utcnow

    return WarningService(DynamoWarningStore(), CommunitySources(), utcnow, lambda: f"wrn_{uuid.uuid4().hex[:16]}")
