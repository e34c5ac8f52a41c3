"""Domain errors. Each carries a stable machine-readable code; the API layer maps kinds to HTTP statuses."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base class: `code` is machine-readable (UPPER_SNAKE), `details` is a list of field-level problems."""

    code = "DOMAIN_ERROR"

    def __init__(self, message: str, *, code: str | None = None, details: list[dict[str, Any]] | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.details = details or []


class InvalidInput(DomainError):
    code = "INVALID_INPUT"


class NotFound(DomainError):
    code = "NOT_FOUND"


class Conflict(DomainError):
    code = "CONFLICT"


class Forbidden(DomainError):
    code = "FORBIDDEN"


class Unauthenticated(DomainError):
    code = "UNAUTHENTICATED"


class TooManyRequests(DomainError):
    code = "RATE_LIMITED"
    retry_after: int | None = None  # seconds; answered as `Retry-After` when set


class Gone(DomainError):
    code = "GONE"


class UpstreamUnavailable(DomainError):
    """An outbound dependency (WeChat, IoT, ...) failed; safe to retry later."""

    code = "UPSTREAM_UNAVAILABLE"


def unknown_reference(field_name: str, kind: str) -> InvalidInput:
    """A body names a registry object (`building`, `house`) its community does not hold: 400 naming the field, the
    same answer whether the id belongs to another community or to nothing (look-ups are scoped to the community)."""
    return InvalidInput(
        f"{field_name} does not name a {kind} of this community",
        code="VALIDATION_FAILED",
        details=[{"field": field_name, "code": f"unknown_{kind}", "message": f"no such {kind} in this community"}],
    )
