"""The endpoint decorator: every route is declared once with its audience, access, request and response models.

The declaration drives three things: the Chalice route, the authorisation check (deny by default) and the
OpenAPI document (`mobile_contracts/openapi.yaml`). A handler receives a `Call` and returns a pydantic model;
everything around it (body limits, JSON parsing, validation, error mapping, logging) happens here, once.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from chalice import Blueprint, Chalice, Response
from pydantic import BaseModel, ValidationError

from chalicelib import audit
from chalicelib.kernel import config, method_override
from chalicelib.kernel.call import Call, Handler, request_id_of
from chalicelib.kernel.errors import DomainError
from chalicelib.kernel.http_errors import ApiError, error_response, status_for
from chalicelib.kernel.i18n import current_locale, negotiate
from chalicelib.kernel.observability import logger
from chalicelib.kernel.request_scope import cursor_scope
from chalicelib.kernel.security.access import Access, authorize, bearer_token, signed_caller
from chalicelib.kernel.security.principal import Principal
from chalicelib.kernel.security.tokens import verify_access_token

AUDIENCES = ("public", "resident", "staff", "gate", "admin", "partner", "device")


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
    audit_refusals: bool = True
    # A provider callback answers its errors in the provider's own shape (WeChat Pay's {"code", "message"}).
    error_model: type[BaseModel] | None = None
    # What the contract and the typed client call it: verb first, camelCase (`bindHouse`, `acknowledgeAlarm`).
    operation_id: str = ""


def camel_case(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(word[:1].upper() + word[1:] for word in rest)


ENDPOINTS: list[Endpoint] = []


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


MAX_JSON_DEPTH = 32
MAX_NUMBER_DIGITS = 30  # beyond any id, amount or reading this API takes; DynamoDB keeps 38 digits at most


class _OutOfRange:
    """Stands in for a number (or NaN/Infinity) this API cannot take while decoding goes on, so the refusal can
    name its field."""

    def __init__(self, message: str, code: str = "NUMBER_OUT_OF_RANGE"):
        self.message = message
        self.code = code


def _int(text: str) -> int | _OutOfRange:
    if len(text.lstrip("-")) > MAX_NUMBER_DIGITS:
        return _OutOfRange(f"a JSON number has more than {MAX_NUMBER_DIGITS} digits")
    return int(text)


def _float(text: str) -> float | _OutOfRange:
    if len(text) > MAX_NUMBER_DIGITS + 10:
        return _OutOfRange(f"a JSON number has more than {MAX_NUMBER_DIGITS} digits")
    value = float(text)
    # DynamoDB keeps numbers of magnitude 1e-130 .. 1e126: anything outside could never be stored.
    if not math.isfinite(value) or abs(value) >= 1e125 or (value != 0 and abs(value) < 1e-129):
        return _OutOfRange("a JSON number is out of range")
    return value


def _out_of_range(value: Any) -> tuple[str, _OutOfRange] | None:
    """The first stand-in and its field path (`location.floor`, `items.2`), iteratively."""
    stack: list[tuple[str, Any]] = [("", value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, _OutOfRange):
            return path or "body", item
        if isinstance(item, dict):
            stack.extend((f"{path}.{k}" if path else str(k), v) for k, v in item.items())
        elif isinstance(item, list):
            stack.extend((f"{path}.{i}" if path else str(i), v) for i, v in enumerate(item))
    return None


def _constant(text: str) -> Any:
    return _OutOfRange(f"{text} is not JSON", code="MALFORMED_JSON")


def _depth_ok(value: Any) -> bool:
    """Iteratively (no recursion of our own): is every array/object at most MAX_JSON_DEPTH deep?"""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > MAX_JSON_DEPTH:
            return False
        stack.extend((child, depth + 1) for child in children)
    return True


def parse_json(raw: bytes | str) -> Any:
    """The one JSON parser for request bytes: strict UTF-8 and RFC 8259 (no NaN/Infinity), numbers that fit,
    nesting at most MAX_JSON_DEPTH. Any failure at all is a 400 with a code, never an exception escaping."""
    too_deep = ApiError(
        400, "JSON_TOO_DEEP", f"request body nests deeper than {MAX_JSON_DEPTH} levels", [_body_detail("too_deep")]
    )
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        data = json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant)
    except RecursionError:
        raise too_deep from None
    except UnicodeDecodeError:
        raise ApiError(400, "MALFORMED_JSON", "request body is not UTF-8", [_body_detail("not_utf8")]) from None
    except json.JSONDecodeError as exc:
        message = f"request body is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        raise ApiError(400, "MALFORMED_JSON", message, [_body_detail("malformed")]) from None
    except Exception:
        raise ApiError(400, "MALFORMED_JSON", "request body is not valid JSON", [_body_detail("malformed")]) from None
    if not _depth_ok(data):
        raise too_deep
    found = _out_of_range(data)
    if found is not None:
        field, number = found
        detail = {"field": field, "code": number.code.lower(), "message": number.message}
        raise ApiError(400, number.code, number.message, [detail])
    return data


def _storable_numbers(model: BaseModel, prefix: str = "") -> BaseModel:
    """After validation, whatever a field's type coerced (a string "Infinity" or "1e400" into a float): every float
    must be finite and storable (DynamoDB keeps magnitudes 1e-130 .. 1e126). One check for every model."""
    stack: list[tuple[str, Any]] = [(prefix.rstrip("."), model.model_dump())]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            stack.extend((f"{path}.{k}" if path else str(k), v) for k, v in value.items())
        elif isinstance(value, list | tuple):
            stack.extend((f"{path}.{i}" if path else str(i), v) for i, v in enumerate(value))
        elif isinstance(value, float) and (
            not math.isfinite(value) or abs(value) >= 1e125 or (value != 0 and abs(value) < 1e-129)
        ):
            raise ApiError(
                400,
                "VALIDATION_FAILED",
                "a number is out of range",
                [{"field": path, "code": "number_out_of_range", "message": "must be finite and storable"}],
            )
    return model


def _body_detail(code: str) -> dict[str, Any]:
    return {"field": "body", "code": code, "message": code.replace("_", " ")}


def _parse_body(model: type[BaseModel], request: Any) -> BaseModel:
    raw: bytes = request.raw_body or b""
    if len(raw) > config.max_body_bytes():
        raise ApiError(413, "PAYLOAD_TOO_LARGE", f"request body exceeds {config.max_body_bytes()} bytes")
    content_type = (request.headers.get("content-type") or "application/json").split(";")[0].strip().lower()
    if content_type != "application/json":
        raise ApiError(415, "UNSUPPORTED_MEDIA_TYPE", "send the body as application/json")
    data = parse_json(raw) if raw.strip() else None
    if not isinstance(data, dict):
        raise ApiError(400, "MALFORMED_JSON", "request body must be a JSON object", [_body_detail("not_an_object")])
    try:
        # Strict: a JSON body already has its types, so nothing is coerced (`true`, `"10"`, `10.0` or `1e2` is not
        # an integer, `1` or `"true"` not a boolean). Query strings are text and stay lax (_parse_query).
        return _storable_numbers(model.model_validate(data, strict=True))
    except ValidationError as exc:
        raise ApiError(400, "VALIDATION_FAILED", "request body failed validation", validation_details(exc)) from exc
    except RecursionError:
        raise ApiError(400, "JSON_TOO_DEEP", "request body nests too deep", [_body_detail("too_deep")]) from None


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
        return _storable_numbers(model.model_validate(params), "query.")
    except ValidationError as exc:
        raise ApiError(
            400, "VALIDATION_FAILED", "query parameters failed validation", validation_details(exc, "query.")
        ) from exc
    except ApiError:
        raise
    except Exception:
        raise ApiError(400, "VALIDATION_FAILED", "query parameters failed validation") from None


# Every id this API puts in a path: generated ids, division codes, community ids. Anything else names nothing.
PATH_PARAM = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:~-]{0,127}")


def _check_path(path_params: dict[str, str]) -> None:
    bad = sorted(k for k, v in path_params.items() if not isinstance(v, str) or not PATH_PARAM.fullmatch(v))
    if bad:
        raise ApiError(
            404,
            "NOT_FOUND",
            "no such resource",
            [{"field": f"path.{k}", "code": "invalid_id", "message": "not an id this API issues"} for k in bad],
        )


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


_SENSITIVE_READ = re.compile(r"/(reveal|phone|exports?)(/|$)")


def _sensitive(method: str, path: str) -> bool:
    return method.upper() != "GET" or bool(_SENSITIVE_READ.search(path))


def _cursor_scope(ep: Endpoint, principal: Principal | None, path_params: dict[str, str], request: Any) -> str:
    """What a cursor is valid for: this caller, this route, these path and filter values (the page size may
    change between pages). A cursor passed to anyone or anything else is refused."""
    params = {k: v for k, v in (request.query_params or {}).items() if k not in ("cursor", "limit")}
    caller = principal.subject if principal is not None else ""
    return json.dumps([caller, ep.method, ep.path, sorted(path_params.items()), sorted(params.items())])


def _audit_refusal(ep: Endpoint, request: Any, path_params: dict[str, str], code: str, request_id: str) -> None:
    """The one place a refused attempt is audited (if the handler did not audit it itself): who, what, which
    target, `denied`. The target community's log gets it, so a probe from another community shows there."""
    if audit.denial_recorded():
        return
    principal: Principal | None = signed_caller.get()  # a partner's signed request names its partner
    if principal is None:
        try:
            principal = verify_access_token(bearer_token(request.headers.get("authorization")))
        except DomainError:
            principal = None
    # Path values are the caller's text: only well-formed ids go into audit keys.
    ids = {k: (v if PATH_PARAM.fullmatch(v) else "invalid-id") for k, v in path_params.items()}
    community_id = path_params.get("community_id")
    if community_id is not None and not PATH_PARAM.fullmatch(community_id):
        community_id = None
    targets = [(k, v) for k, v in ids.items() if k != "community_id"]
    if targets:
        target_type, target_id = targets[-1][0].removesuffix("_id"), targets[-1][1]
    else:
        target_type, target_id = "community", community_id or "-"
    try:
        audit.record(
            actor=principal,
            operation=ep.name,
            target_type=target_type,
            target_id=target_id,
            community_id=community_id,
            outcome="denied",
            source_ip=str((request.context.get("identity") or {}).get("sourceIp", "")),
            request_id=request_id,
            detail={"code": code, "route": f"{ep.method} {ep.path}"},
        )
    except Exception:  # the refusal stands whatever happens to its record (audit.record logs and counts failures)
        logger.exception("refusal audit failed", extra={"route": f"{ep.method} {ep.path}"})


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
    audit_refusals: bool | None = None,
    error_model: type[BaseModel] | None = None,
    operation_id: str | None = None,
) -> Callable[[Handler], Handler]:
    """Declare a route. `raw_body=True` hands the unparsed bytes to the handler (signed callbacks).

    A 403 answer on a route with `audit_refusals` leaves an audit entry (outcome `denied`) unless the handler
    already recorded one. The default covers every write and every read that hands out personal data in full
    (reveal, export, full phone numbers).

    `operation_id` names the operation in the contract and the typed client; it defaults to the handler's name in
    camelCase (`acknowledge_alarm` -> `acknowledgeAlarm`), so a handler named for what it does needs none.

    `registry` defaults to ENDPOINTS (the app's routes); tests of this module pass their own list.
    """
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}")
    if not path.startswith(("/v1/", "/VIID/")):  # GA/T 1400 fixes its own paths (`/VIID/System/Register`)
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
            _sensitive(method, path) if audit_refusals is None else audit_refusals,
            error_model,
            operation_id or camel_case(handler.__name__),
        )
        (ENDPOINTS if registry is None else registry).append(ep)

        def view(**path_params: str) -> Response:
            req = bp.current_request
            assert req is not None, "Chalice sets current_request for every HTTP invocation"
            request_id = request_id_of(req)
            logger.append_keys(request_id=request_id)
            audit.begin_request()
            current_locale.set(negotiate(req.headers.get("accept-language")))
            cursor_scope.set("")
            signed_caller.set(None)
            try:
                principal = authorize(access, req.headers.get("authorization"), path_params, req)
                _check_path(path_params)
                cursor_scope.set(_cursor_scope(ep, principal, path_params, req))
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
                code = status_for(exc)
                if code == 403 and ep.audit_refusals:
                    _audit_refusal(ep, req, path_params, exc.code, request_id)
                retry_after = getattr(exc, "retry_after", None)
                headers = {"Retry-After": str(retry_after)} if retry_after else None
                return error_response(code, exc.code, exc.message, request_id, exc.details, headers=headers)
            except Exception:
                logger.exception("unhandled error", extra={"route": f"{ep.method} {ep.path}"})
                return error_response(500, "INTERNAL_ERROR", "an internal error occurred", request_id)

        view.__name__ = handler.__name__
        view.__doc__ = handler.__doc__
        # PATCH is also routed as POST + X-HTTP-Method-Override (wx.request has no PATCH): see method_override.
        method_override.route(bp, ep.method, path, view)
        return handler

    return decorate
