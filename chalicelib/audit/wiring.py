"""Builds the audit trail from the audit table (once per container, on first use)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalicelib.kernel.wiring import built

if TYPE_CHECKING:
    from chalicelib.audit.repository import DynamoAuditLog
    from chalicelib.audit.service import AuditEntry, AuditTrail


def _log_failure(entry: AuditEntry) -> None:
    """CloudWatch Logs keeps the whole entry; the metric drives an alarm."""
    from dataclasses import asdict

    from aws_lambda_powertools.metrics import MetricUnit

    from chalicelib.kernel.clock import iso
    from chalicelib.kernel.observability import logger, metrics

    data = asdict(entry)
    data["at"] = iso(entry.at)
    logger.exception("audit write failed", extra={"audit_entry": data})
    metrics.add_metric(name="AuditWriteFailed", unit=MetricUnit.Count, value=1)


@built
def audit_trail() -> AuditTrail:
    from chalicelib.audit.repository import DynamoAuditLog
    from chalicelib.audit.service import AuditTrail
    from chalicelib.kernel.clock import utcnow

    return AuditTrail(store=DynamoAuditLog(), now=utcnow, on_failure=_log_failure)


def audit_log() -> DynamoAuditLog:
    """The log's query side."""
    from chalicelib.audit.repository import DynamoAuditLog

    return DynamoAuditLog()
