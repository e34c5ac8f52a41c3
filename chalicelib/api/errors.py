"""The one error body every API response uses: {"error": {"code", "message", "requestId", "details"}}."""

from __future__ import annotations

import json
from typing import Any

from chalice import Response
from pydantic import BaseModel, ConfigDict, Field

from chalicelib.domain import errors as domain


class ErrorDetail(BaseModel):
    model_config = ConfigDict(extra="allow")
    field: str | None = Field(default=None, description="Dotted path of the offending field, if any")
    code: str = Field(description="Machine-readable problem, e.g. `missing`, `extra_forbidden`, `too_long`")
    message: str


class ErrorInfo(BaseModel):
    code: str = Field(description="Machine-readable error code (UPPER_SNAKE)")
    message: str
    requestId: str
    details: list[ErrorDetail] = Field(default_factory=list)


class ErrorBody(BaseModel):
    error: ErrorInfo


class ApiError(Exception):
    """An HTTP-level failure raised before or around the domain (bad JSON, wrong media type, ...)."""

    def __init__(self, status: int, code: str, message: str, details: list[dict[str, Any]] | None = None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details or []


STATUS_BY_DOMAIN_ERROR: dict[type[domain.DomainError], int] = {
    domain.InvalidInput: 400,
    domain.Unauthenticated: 401,
    domain.Forbidden: 403,
    domain.NotFound: 404,
    domain.Conflict: 409,
    domain.Gone: 410,
    domain.TooManyRequests: 429,
    domain.UpstreamUnavailable: 503,
}


def status_for(exc: domain.DomainError) -> int:
    for cls in type(exc).__mro__:
        if cls in STATUS_BY_DOMAIN_ERROR:
            return STATUS_BY_DOMAIN_ERROR[cls]
    return 400


def error_response(
    status: int,
    code: str,
    message: str,
    request_id: str,
    details: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    body = {"error": {"code": code, "message": message, "requestId": request_id, "details": details or []}}
    return Response(
        body=json.dumps(body, ensure_ascii=False),
        status_code=status,
        headers={"Content-Type": "application/json", **(headers or {})},
    )


# Chalice answers a few requests itself (405, 415, ...) with {"Code", "Message"}: middleware rewrites those.
CHALICE_CODES = {
    "MethodNotAllowedError": "METHOD_NOT_ALLOWED",
    "UnsupportedMediaType": "UNSUPPORTED_MEDIA_TYPE",
    "BadRequestError": "BAD_REQUEST",
    "BadRequest": "BAD_REQUEST",
    "NotFoundError": "NOT_FOUND",
    "InternalServerError": "INTERNAL_ERROR",
}
