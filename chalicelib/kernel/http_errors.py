"""The one error body every API response uses: {"error": {"code", "message", "requestId", "details"}}.

The code is machine-readable and never changes; the message is for people, in the request's language
(`kernel/i18n`: zh-CN unless `Accept-Language` prefers English), and the answer says which (`Content-Language`).
"""

from __future__ import annotations

import json
import re
from typing import Any

from chalice import Response
from pydantic import BaseModel, ConfigDict, Field

from chalicelib.kernel import errors as domain
from chalicelib.kernel import i18n


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


# Python exception class names (KeyError, BadZipFile, InvalidFileException, pydantic_core.ValidationError, ...):
# an implementation detail that must never reach a client, whichever layer built the message.
_EXCEPTION_NAME = re.compile(
    r"(?::\s*)?\b(?:[A-Za-z_][A-Za-z0-9_]*\.)*"
    r"(?:[A-Z][A-Za-z0-9]*(?:Error|Exception|Warning|Exit|Interrupt)|BadZipFile|StopIteration|"
    r"StopAsyncIteration|GeneratorExit)\b(?:\([^)]*\))?"
)


def client_text(text: str) -> str:
    """`text` with any exception class name removed (and the punctuation that introduced it)."""
    if not isinstance(text, str):
        return str(text)
    cleaned = _EXCEPTION_NAME.sub("", text).strip()
    return cleaned.rstrip(":;,- ").strip() or "the request could not be processed"


def _clean_details(details: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {**d, "message": i18n.detail_message(str(d.get("code", "")), client_text(d["message"]))}
        if "message" in d
        else d
        for d in details
    ]


def error_response(
    status: int,
    code: str,
    message: str,
    request_id: str,
    details: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """The one error body. Messages are in the request's language (`kernel/i18n`) and cleaned of exception class
    names here, for every route and layer."""
    body = {
        "error": {
            "code": code,
            "message": i18n.error_message(code, status, client_text(message)),
            "requestId": request_id,
            "details": _clean_details(details or []),
        }
    }
    return Response(
        body=json.dumps(body, ensure_ascii=False),
        status_code=status,
        headers={"Content-Type": "application/json", "Content-Language": i18n.current_locale.get(), **(headers or {})},
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
