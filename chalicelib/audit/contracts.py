"""Request and response models of the audit log's routes."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, StringConstraints

from chalicelib.kernel.contracts import Contract, Cursor, Page, Time


class AuditQuery(Contract):
    from_: Time | None = Field(default=None, alias="from", description="UTC ISO-8601; default: 24 h before `to`")
    to: Time | None = Field(default=None, description="UTC ISO-8601; default: now")
    operator: Annotated[str, StringConstraints(max_length=128)] | None = None
    targetType: Annotated[str, StringConstraints(max_length=64)] | None = None
    targetId: Annotated[str, StringConstraints(max_length=128)] | None = None
    limit: int = Field(default=50, ge=1, le=200)
    cursor: Cursor | None = None


class AuditEntryView(Contract):
    id: str
    at: str
    communityId: str | None
    operator: str
    operatorKind: str
    operation: str
    targetType: str
    targetId: str
    outcome: str
    sourceIp: str
    requestId: str
    detail: dict[str, Any]


class AuditPage(Page):
    items: list[AuditEntryView]
