"""Non-HTTP entry points of exports: `build_export` consumes ExportsQueue (one job a message; event source mapping
with ReportBatchItemFailures): a failure returns the message for another delivery, and after the queue's
retries it lands in the dead-letter queue. A message naming no job is logged and dropped."""

from __future__ import annotations

import json
from typing import Any

from chalicelib.exports import wiring
from chalicelib.kernel.functions import FunctionBlueprint

bp = FunctionBlueprint(__name__)


@bp.lambda_function(name="build_export")
def build_export(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from chalicelib.kernel.errors import NotFound
    from chalicelib.kernel.observability import logger

    failures: list[dict[str, str]] = []
    for record in event.get("Records", []):
        message_id = str(record.get("messageId", ""))
        try:
            doc = json.loads(str(record.get("body") or "{}"))
            job = wiring.export_service().build(str(doc["communityId"]), str(doc["jobId"]))
            logger.info("export built", extra={"exportId": job.job_id, "rows": job.rows})
        except (ValueError, KeyError, TypeError, NotFound):
            logger.warning("export message without a job; dropped", extra={"messageId": message_id})
        except Exception:
            logger.exception("export failed; delivering again", extra={"messageId": message_id})
            failures.append({"itemIdentifier": message_id})
    return {"batchItemFailures": failures}
