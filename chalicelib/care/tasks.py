"""The care register's non-HTTP entry points: the signs-of-need run (hourly: every community with a care
register, each profile and "last seen" item read once)."""

from __future__ import annotations

from typing import Any

from chalicelib.care import wiring
from chalicelib.kernel.functions import FunctionBlueprint

bp = FunctionBlueprint(__name__)


@bp.schedule(
    "rate(1 hour)", name="care_signs_run", description="Signs of need: a care alert per sign, one open per kind"
)
def signs_run(event: Any) -> dict[str, Any]:
    """Every community's signs of need."""
    service = wiring.care_service()
    communities = service.communities()
    totals = {"communities": 0, "people": 0, "itemsRead": 0, "raised": 0, "alreadyOpen": 0}
    for community_id in communities:
        report = service.run(community_id)
        totals["communities"] += 1
        totals["people"] += report.people
        totals["itemsRead"] += report.items_read
        totals["raised"] += report.raised
        totals["alreadyOpen"] += report.already_open
    return totals
