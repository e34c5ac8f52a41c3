"""Non-HTTP entry points of governance: `governance_daily_warnings` runs every rule for each enrolled community
at 02:00 Beijing time (18:00 UTC); a failing community is logged and the others still run."""

from __future__ import annotations

from typing import Any

from chalicelib.governance import wiring
from chalicelib.kernel.functions import FunctionBlueprint

bp = FunctionBlueprint(__name__)


@bp.schedule("cron(0 18 * * ? *)", name="governance_daily_warnings", description="Run the anomaly warning rules")
def daily_warnings(event: Any) -> dict[str, Any]:
    from chalicelib.kernel.observability import logger

    service = wiring.warning_service()
    out: dict[str, Any] = {}
    for community_id in service.store.communities():
        try:
            result = service.run(community_id)
            out[community_id] = {"passages": result.passages, "raised": result.raised}
        except Exception:
            logger.exception("warning run failed", extra={"communityId": community_id})
            out[community_id] = {"error": True}
    return out
