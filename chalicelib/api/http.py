"""The endpoint decorator: every route is declared once with its audience, access, request and response models.

The declaration drives three things: the Chalice route, the authorisation check (deny by default) and the
OpenAPI document (`mobile_contracts/openapi.yaml`). A handler receives a `Call` and returns a pydantic model;
everything around it (body limits, JSON parsing, validation, error mapping, logging) happens here, once.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from chalice import Blueprint, Chalice, Response
from pydantic import BaseModel, ValidationError

from chalicelib import config
from chalicelib.api import method_override
from chalicelib.api.errors import ApiError, error_response, status_for
from chalicelib.domain.errors import DomainError
from chalicelib.observability import logger
from chalicelib.security.access import Access, authorize
from chalicelib.security.principal import Principal

AUDIENCES = ("public", "resident", "staff", "gate", "admin", "partner", "device")

B = TypeVar("B", bound=BaseModel)


@dataclass
class Call(Generic[B]):
    """What a handler gets: the parsed, validated request and who made it."""

    request_id: str
    principal: Principal | None
    path: dict[str, str]
    body: Any = None
    query: Any = None
    source_ip: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    raw_body: bytes = b""

    @property
    def who(self) -> Principal:
        if self.principal is None:
            raise RuntimeError("public route asked for a principal")
        return self.principal


Handler = Callable[[Call[Any]], Any]


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    name: str
    summary: str
    audience: str
    access: Access
    request: type[BaseModel] | None
    query: type[BaseModel] | None
    response: type[BaseModel] | None
    status: int
    errors: tuple[int, ...]
    raw_body: bool
    body_media_type: str = "application/json"


ENDPOINTS: list[Endpoint] = []


def request_id_of(request: Any) -> str:
    context = getattr(request, "context", None) or {}
    return str(context.get("requestId") or uuid.uuid4())


def _field_path(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc if part != "__root__")


def validation_details(exc: ValidationError, prefix: str = "") -> list[dict[str, Any]]:
    details = []
    for err in exc.errors(include_url=False, include_input=False):
        path = _field_path(err["loc"])
        details.append(
            {
                "field": f"{prefix}{path}" if path else prefix.rstrip(".") or None,
                "code": err["type"],
                "message": err["msg"],
            }
        )
    return details


def _parse_body(model: type[BaseModel], request: Any) -> BaseModel:
    raw: bytes = request.raw_body or b""
    if len(raw) > config.max_body_bytes():
        raise ApiError(413, "PAYLOAD_TOO_LARGE", f"request body exceeds {config.max_body_bytes()} bytes")
    content_type = (request.headers.get("content-type") or "application/json").split(";")[0].strip().lower()
    if content_type != "application/json":
        raise ApiError(415, "UNSUPPORTED_MEDIA_TYPE", "send the body as application/json")
    try:
        data = json.loads(raw.decode("utf-8")) if raw.strip() else None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ApiError(400, "MALFORMED_JSON", f"request body is not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise ApiError(400, "MALFORMED_JSON", "request body must be a JSON object")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ApiError(400, "VALIDATION_FAILED", "request body failed validation", validation_details(exc)) from exc


def _parse_query(model: type[BaseModel] | None, request: Any) -> BaseModel | None:
    params = dict(request.query_params or {})
    if model is None:
        if params:
            raise ApiError(
                400,
                "VALIDATION_FAILED",
                "this route takes no query parameters",
                [
                    {"field": f"query.{k}", "code": "extra_forbidden", "message": "unknown parameter"}
                    for k in sorted(params)
                ],
            )
        return None
    try:
        return model.model_validate(params)
    except ValidationError as exc:
        raise ApiError(
            400, "VALIDATION_FAILED", "query parameters failed validation", validation_details(exc, "query.")
        ) from exc


def _as_bytes(value: str | bytes | None) -> bytes:
    if value is None:
        return b""
    return value.encode() if isinstance(value, str) else value


def _render(result: Any, status: int) -> Response:
    if isinstance(result, Response):
        return result
    if isinstance(result, tuple):
        result, status = result
    if result is None:
        return Response(body="", status_code=204 if status == 200 else status)
    if isinstance(result, BaseModel):
        body = result.model_dump_json(by_alias=True)
    else:
        body = json.dumps(result, ensure_ascii=False, default=str)
    return Response(body=body, status_code=status, headers={"Content-Type": "application/json"})


def endpoint(
    bp: Blueprint | Chalice,
    method: str,
    path: str,
    *,
    audience: str,
    access: Access,
    summary: str,
    request: type[BaseModel] | None = None,
    query: type[BaseModel] | None = None,
    response: type[BaseModel] | None = None,
    status: int = 200,
    errors: tuple[int, ...] = (),
    raw_body: bool = False,
    body_media_type: str = "application/json",
    registry: list[Endpoint] | None = None,
) -> Callable[[Handler], Handler]:
    """Declare a route. `raw_body=True` hands the unparsed bytes to the handler (signed callbacks).

    `registry` defaults to ENDPOINTS (the app's routes); tests of this module pass their own list.
    """
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}")
    if not path.startswith("/v1/"):
        raise ValueError(f"API paths are versioned: {path}")

    def decorate(handler: Handler) -> Handler:
        ep = Endpoint(
            method.upper(),
            path,
            handler.__name__,
            summary,
            audience,
            access,
            request,
            query,
            response,
            status,
            errors,
            raw_body,
            body_media_type,
        )
        (ENDPOINTS if registry is None else registry).append(ep)

        def view(**path_params: str) -> Response:
            req = bp.current_request
            assert req is not None, "Chalice sets current_request for every HTTP invocation"
            request_id = request_id_of(req)
            logger.append_keys(request_id=request_id)
            try:
                principal = authorize(access, req.headers.get("authorization"), path_params)
                body = _parse_body(request, req) if request is not None and not raw_body else None
                call: Call[Any] = Call(
                    request_id=request_id,
                    principal=principal,
                    path=path_params,
                    body=body,
                    query=_parse_query(query, req),
                    source_ip=str((req.context.get("identity") or {}).get("sourceIp", "")),
                    headers=dict(req.headers),
                    raw_body=_as_bytes(req.raw_body) if raw_body else b"",
                )
                return _render(handler(call), status)
            except ApiError as exc:
                return error_response(exc.status, exc.code, exc.message, request_id, exc.details)
            except DomainError as exc:
                return error_response(status_for(exc), exc.code, exc.message, request_id, exc.details)
            except Exception:
                logger.exception("unhandled error", extra={"route": f"{ep.method} {ep.path}"})
                return error_response(500, "INTERNAL_ERROR", "an internal error occurred", request_id)

        view.__name__ = handler.__name__
        view.__doc__ = handler.__doc__
        # PATCH is also routed as POST + X-HTTP-Method-Override (wx.request has no PATCH): see method_override.
        method_override.route(bp, ep.method, path, view)
        return handler

    return decorate
