"""Builds the warning service from its repository and the community sources."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalicelib.kernel.wiring import built

if TYPE_CHECKING:
    from chalicelib.governance.service import WarningService
    from chalicelib.governance.watching import WatchService


@built
def warning_service() -> WarningService:
    import uuid

    from chalicelib.governance.adapters import CommunitySources
    from chalicelib.governance.repository import DynamoWarningStore
    from chalicelib.governance.service import WarningService
    from chalicelib.kernel.clock import utcnow

    return WarningService(DynamoWarningStore(), CommunitySources(), utcnow, lambda: f"wrn_{uuid.uuid4().hex[:16]}")


@built
def watch_service() -> WatchService:
    from chalicelib.governance.adapters import AlarmCentre, WatchMatchLog, id_index
    from chalicelib.governance.repository_watch import DynamoWatchStore
    from chalicelib.governance.watching import WatchService
    from chalicelib.kernel.clock import utcnow

    store = DynamoWatchStore()
    return WatchService(store, AlarmCentre(), WatchMatchLog(store), id_index, utcnow)
