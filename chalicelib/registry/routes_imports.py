"""Bulk import and export of houses and residents as .xlsx (001 7.3.7 c); the rules are in
`imports.py`, `import_rows.py` and `spreadsheets.py`.

- `GET  .../imports/template` -> a 5-minute link to the template workbook (written under `exports/` in the media
  bucket, `kernel/files.py`; never base64 inside JSON).
- `POST .../imports?mode=strict|partial&dryRun=true|false` with the workbook as the raw body
  (Content-Type `application/vnd.openxmlformats-officedocument.spreadsheetml.sheet` or `application/octet-stream`,
  at most 5 MB) -> a row-by-row report.
- `GET  .../exports/houses-residents?full=false` -> a link to the same two sheets filled from the registry. Exports mask
  phone and ID numbers unless the caller holds `people:reveal` and asks for `full=true` (audited as a bulk
  `person.reveal`); only a full export can be imported again.
"""

from __future__ import annotations

import secrets
from typing import Any, Literal

from chalice import Blueprint
from pydantic import Field

from chalicelib.kernel.contracts import Contract
from chalicelib.kernel.errors import Forbidden
from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.http_errors import ApiError
from chalicelib.kernel.security.access import Access
from chalicelib.kernel.security.permissions import has_permission
from chalicelib.registry.routes_common import audit, importer
from chalicelib.registry.spreadsheets import XLSX_MIME

bp = Blueprint(__name__)

BASE = "/v1/staff/communities/{community_id}"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
ACCEPTED_TYPES = (XLSX_MIME, "application/octet-stream")
IMPORT = Access.community("import:run")


class FileOut(Contract):
    fileName: str
    contentType: str
    url: str = Field(description="a presigned GET that downloads the file, valid for `expiresInSeconds`")
    expiresInSeconds: int
    houses: int = 0
    residents: int = 0


class RowErrorOut(Contract):
    sheet: str
    row: int
    column: str | None = None
    code: str
    message: str


class Counts(Contract):
    received: int
    valid: int
    imported: int


class ImportReport(Contract):
    importId: str
    mode: str
    dryRun: bool
    committed: bool
    houses: Counts
    residents: Counts
    errors: list[RowErrorOut]


class ImportQuery(Contract):
    mode: Literal["strict", "partial"] = "strict"
    dryRun: bool = False


class ExportQuery(Contract):
    full: bool = Field(default=False, description="unmasked phone/ID numbers (needs people:reveal; audited)")


def _file(community_id: str, name: str, data: bytes, houses: int = 0, residents: int = 0) -> FileOut:
    """The workbook written under `exports/` (gone after a day) and handed out as a short-lived link."""
    from chalicelib.kernel import files

    key = f"exports/{community_id}/registry-{secrets.token_hex(8)}.xlsx"
    files.put_file(key, data, XLSX_MIME)
    return FileOut(
        fileName=name,
        contentType=XLSX_MIME,
        url=files.link(key, name),
        expiresInSeconds=files.LINK_SECONDS,
        houses=houses,
        residents=residents,
    )


@endpoint(
    bp,
    "GET",
    f"{BASE}/imports/template",
    audience="staff",
    access=IMPORT,
    summary="Download the .xlsx import template (houses and residents)",
    response=FileOut,
    operation_id="getImportTemplate",
)
def import_template(call: Call[Any]) -> FileOut:
    cid = call.path["community_id"]
    return _file(cid, f"registry-template-{cid}.xlsx", importer().template(cid))


def _content_type(call: Call[Any]) -> str:
    headers = {k.lower(): v for k, v in call.headers.items()}
    return (headers.get("content-type") or "").split(";")[0].strip().lower()


@endpoint(
    bp,
    "POST",
    f"{BASE}/imports",
    audience="staff",
    access=IMPORT,
    summary="Import houses and residents from an .xlsx workbook (strict: all or nothing)",
    query=ImportQuery,
    response=ImportReport,
    errors=(400, 404, 409, 413, 415),
    raw_body=True,
    body_media_type=ACCEPTED_TYPES[0],
)
def run_import(call: Call[Any]) -> ImportReport:
    if _content_type(call) not in ACCEPTED_TYPES:
        raise ApiError(415, "UNSUPPORTED_MEDIA_TYPE", f"send the workbook as {ACCEPTED_TYPES[0]}")
    if len(call.raw_body) > MAX_UPLOAD_BYTES:
        raise ApiError(413, "PAYLOAD_TOO_LARGE", f"workbooks are limited to {MAX_UPLOAD_BYTES} bytes")
    if not call.raw_body:
        raise ApiError(400, "NOT_A_SPREADSHEET", "the request body is empty")
    q = call.query
    outcome = importer().run(call.path["community_id"], call.raw_body, q.mode, q.dryRun, call.who.subject)
    detail = {"received": list(outcome.received), "imported": list(outcome.imported), "errors": len(outcome.errors)}
    audit(call, "registry.import", "import", outcome.import_id, detail, "failed" if outcome.refused else "success")
    if outcome.refused:
        raise outcome.refusal()
    return ImportReport(
        importId=outcome.import_id,
        mode=outcome.mode,
        dryRun=outcome.dry_run,
        committed=outcome.committed,
        houses=Counts(received=outcome.received[0], valid=outcome.valid[0], imported=outcome.imported[0]),
        residents=Counts(received=outcome.received[1], valid=outcome.valid[1], imported=outcome.imported[1]),
        errors=[
            RowErrorOut(sheet=e.sheet, row=e.row, column=e.column, code=e.code, message=e.message)
            for e in outcome.sorted_errors()
        ],
    )


@endpoint(
    bp,
    "GET",
    f"{BASE}/exports/houses-residents",
    audience="staff",
    access=IMPORT,
    summary="Export houses and current residents as .xlsx (masked unless full=true with people:reveal)",
    query=ExportQuery,
    response=FileOut,
    errors=(403,),
)
def export_registry(call: Call[Any]) -> FileOut:
    cid, full = call.path["community_id"], call.query.full
    if full and not has_permission(call.who.roles, "people:reveal"):
        raise Forbidden("full exports need people:reveal", code="PERMISSION_DENIED")
    data, houses, residents = importer().export(cid, full)
    detail = {"houses": houses, "residents": residents, "full": full}
    audit(call, "person.reveal" if full else "registry.export", "export", cid, detail)
    return _file(cid, f"registry-{cid}.xlsx", data, houses, residents)
