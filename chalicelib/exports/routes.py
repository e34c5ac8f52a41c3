"""Staff export routes: start an export (the file at once, or a job for a large one) and read a job (its link
once ready). Managers and admins (`export:run`); every export is audited, and so is a refusal."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.audit import audited
from chalicelib.exports import wiring
from chalicelib.exports.contracts import ExportRequest, ExportView
from chalicelib.exports.model import Job, Params
from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.security.access import Access

bp = Blueprint(__name__)

EXPORTS = "/v1/staff/communities/{community_id}/exports"
EXPORT = Access.community("export:run")


def export_view(job: Job) -> ExportView:
    from chalicelib.kernel.clock import iso
    from chalicelib.kernel.files import LINK_SECONDS

    url = wiring.export_service().link(job)
    return ExportView(
        exportId=job.job_id,
        kind=job.kind,
        status=job.status,  # type: ignore[arg-type]
        rows=job.rows,
        fileName=job.file_name,
        url=url,
        expiresInSeconds=LINK_SECONDS if url else None,
        createdAt=iso(job.created_at),
        finishedAt=iso(job.finished_at) if job.finished_at else None,
    )


@endpoint(
    bp,
    "POST",
    EXPORTS,
    audience="staff",
    access=EXPORT,
    request=ExportRequest,
    response=ExportView,
    status=201,
    errors=(400, 403),
    summary="Export a spreadsheet (.xlsx, Chinese headers): ready at once with a 5-minute link, or (over 2,000 "
    "rows) built by a task: read it again until ready",
    operation_id="exportSpreadsheet",
)
def start_export(call: Call[ExportRequest]) -> ExportView:
    b = call.body
    params = Params(period=b.period, month=b.month, since=b.since, until=b.until)
    with audited(call, "export.start", "export", b.kind, {"kind": b.kind, **params.as_dict()}) as detail:
        job = wiring.export_service().start(call.path["community_id"], b.kind, params, call.who.subject)
        detail.update(exportId=job.job_id, status=job.status, rows=job.rows)
    return export_view(job)


@endpoint(
    bp,
    "GET",
    EXPORTS + "/{export_id}",
    audience="staff",
    access=EXPORT,
    response=ExportView,
    errors=(404,),
    summary="An export: its status, and a fresh 5-minute link once ready",
    operation_id="getExport",
)
def get_export(call: Call[Any]) -> ExportView:
    return export_view(wiring.export_service().get(call.path["community_id"], call.path["export_id"]))
