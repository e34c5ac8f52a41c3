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


@bp.lambda_function(name="watch_passages")
def watch_passages(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """The visitors table's stream: every new passage is matched against the community's watch list at once; a
    failed record and the rest of its batch come again (matching a passage twice raises nothing twice)."""
    from chalicelib.governance.adapters import passage_from_stream
    from chalicelib.kernel.observability import logger

    service = wiring.watch_service()
    for record in event.get("Records", []):
        sequence = str((record.get("dynamodb") or {}).get("SequenceNumber", ""))
        try:
            passage = passage_from_stream(record)
            if passage is None:
                continue
            for match in service.match(passage):
                logger.info("watch-list match", extra={"alarmId": match.alarm_id, "kind": match.entry.kind})
        except Exception:
            logger.exception("watch-list matching failed; the rest of the batch comes again", extra={"seq": sequence})
            return {"batchItemFailures": [{"itemIdentifier": sequence}]}
    return {"batchItemFailures": []}
