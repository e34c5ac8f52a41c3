"""Builds the export service from its job store, file store, queue and the capabilities' rows (once per container)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalicelib.kernel.wiring import built

if TYPE_CHECKING:
    from chalicelib.exports.service import ExportService


@built
def export_service() -> ExportService:
    from chalicelib.exports.adapters import CapabilitySources, S3Files, SqsQueue
    from chalicelib.exports.repository import S3Jobs
    from chalicelib.exports.service import ExportService
    from chalicelib.kernel.clock import utcnow

    return ExportService(sources=CapabilitySources(), jobs=S3Jobs(), files=S3Files(), queue=SqsQueue(), now=utcnow)
