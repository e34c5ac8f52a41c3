"""The audit log (001 10.2.2): a community's and the platform's, newest first, by time and optionally operator or
target."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from chalice import Blueprint

from chalicelib.audit.contracts import AuditEntryView, AuditPage, AuditQuery
from chalicelib.kernel.errors import InvalidInput
from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.security.access import Access

bp = Blueprint(__name__)

MAX_AUDIT_RANGE_DAYS = 92


def _audit_page(community_id: str | None, q: AuditQuery) -> AuditPage:
    from chalicelib.audit import wiring
    from chalicelib.kernel.clock import iso, utcnow

    store = wiring.audit_log()

    end = q.to or utcnow()
    start = q.from_ or end - timedelta(days=1)
    if start > end:
        raise InvalidInput(
            "`from` is after `to`",
            code="VALIDATION_FAILED",
            details=[{"field": "query.from", "code": "after_to", "message": "from > to"}],
        )
    if end - start > timedelta(days=MAX_AUDIT_RANGE_DAYS):
        raise InvalidInput(
            f"query at most {MAX_AUDIT_RANGE_DAYS} days at a time",
            code="VALIDATION_FAILED",
            details=[{"field": "query.from", "code": "range_too_long", "message": "range too long"}],
        )
    if (q.targetType is None) != (q.targetId is None):
        raise InvalidInput(
            "targetType and targetId go together",
            code="VALIDATION_FAILED",
            details=[{"field": "query.targetId", "code": "missing", "message": "give both"}],
        )
    target = (q.targetType, q.targetId) if q.targetType and q.targetId else None
    entries, cursor = store.query(
        community_id, start, end, operator=q.operator, target=target, limit=q.limit, cursor=q.cursor
    )
    return AuditPage(
        nextCursor=cursor,
        items=[
            AuditEntryView(
                id=e.entry_id,
                at=iso(e.at),
                communityId=e.community_id,
                operator=e.operator,
                operatorKind=e.operator_kind,
                operation=e.operation,
                targetType=e.target_type,
                targetId=e.target_id,
                outcome=e.outcome,
                sourceIp=e.source_ip,
                requestId=e.request_id,
                detail=e.detail,
            )
            for e in entries
        ],
    )


@endpoint(
    bp,
    "GET",
    "/v1/admin/communities/{community_id}/audit",
    audience="admin",
    access=Access.community("audit:read"),
    query=AuditQuery,
    response=AuditPage,
    errors=(400,),
    summary="This community's audit log, newest first, by time and optionally operator or target",
    operation_id="listCommunityAudit",
)
def community_audit(call: Call[Any]) -> AuditPage:
    return _audit_page(call.path["community_id"], call.query)


@endpoint(
    bp,
    "GET",
    "/v1/admin/platform/audit",
    audience="admin",
    access=Access.signed_in("platform:audit"),
    query=AuditQuery,
    response=AuditPage,
    errors=(400,),
    summary="Platform-level audit log (sign-ins, platform accounts), newest first",
    operation_id="listPlatformAudit",
)
def platform_audit(call: Call[Any]) -> AuditPage:
    return _audit_page(None, call.query)
