"""Generate mobile_contracts/openapi.yaml (OpenAPI 3.1) from the declared endpoints and their pydantic models, and
beside it the partner contract `partner-openapi.yaml`: the routes partner organisations call with a signed request
(`Access.partner`), from the same declarations; neither document holds the other's routes.

`python -m mobile_contracts.generate --check` fails when the committed document differs from a fresh generation.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "mobile_contracts" / "openapi.yaml"
PARTNER_OUTPUT = ROOT / "mobile_contracts" / "partner-openapi.yaml"
PARTNER_DESCRIPTION = (
    "The open data service for partner organisations (police stations, street offices, health commissions). "
    "Generated from the code by `make openapi`; do not edit.\n\n"
    "Every request is signed: headers `X-Api-Key` (the key id), `X-Timestamp` (Unix seconds, within 5 minutes of "
    "the server), `X-Nonce` (16-64 characters [A-Za-z0-9_-], never reused by a key) and `X-Signature`, the "
    "lower-case hex HMAC-SHA256 with the key's secret over `METHOD\\nPATH\\nQUERY\\nSHA256(body)\\nTIMESTAMP\\nNONCE` "
    "(QUERY: parameters sorted, RFC 3986 encoded, `k=v` joined by `&`; PATH without any stage prefix). A bad "
    "signature, old timestamp, reused nonce, retired key or address outside the allow-list answers 401 "
    "`SIGNATURE_INVALID` and nothing else; a community or resource outside the agreement 403 (audited); over the "
    "rate or the daily quota 429 with `Retry-After`. Personal fields come at the partner's masking levels."
)

TAG_DESCRIPTIONS = {
    "public": "No token: health, logins, token refresh",
    "resident": "Residents (owners, family, tenants) through the WeChat mini-program",
    "staff": "Property staff (guards, technicians, managers) through the mobile app",
    "gate": "Gates and guards scanning passes",
    "admin": "Community and platform administrators",
    "partner": "Partners (police, street office, government platforms): scoped open data",
    "device": "Device-facing HTTP endpoints",
}

ERROR_STATUS_TEXT = {
    400: "Bad input: malformed JSON, wrong types, unknown fields (see `details`)",
    401: "Missing, expired or invalid token",
    403: "The token's role, community or household does not allow this",
    404: "Not found",
    409: "Conflict with the current state (duplicate, stale version)",
    410: "Gone (expired)",
    413: "Body too large",
    415: "Body is not application/json",
    429: "Rate limited",
    500: "Unexpected error (logged with its stack trace; never returned)",
    503: "A dependency is unavailable; retry later",
}


def build(partner: bool = False) -> dict[str, Any]:
    from pydantic.json_schema import models_json_schema

    from chalicelib.kernel import config, method_override
    from chalicelib.kernel.http_errors import ErrorBody
    from chalicelib.kernel.lazy_routes import all_endpoints

    ENDPOINTS = [
        ep for ep in all_endpoints() if (getattr(ep.access, "signed", False) or ep.path.startswith("/VIID/")) == partner
    ]
    pairs: set[tuple[type, str]] = {(ErrorBody, "serialization")}
    for ep in ENDPOINTS:
        if ep.request is not None:
            pairs.add((ep.request, "validation"))
        if ep.response is not None:
            pairs.add((ep.response, "serialization"))
        if ep.error_model is not None:
            pairs.add((ep.error_model, "serialization"))
    ordered = sorted(pairs, key=lambda p: (p[0].__module__, p[0].__qualname__, p[1]))
    refs, schema = models_json_schema(ordered, ref_template="#/components/schemas/{model}")  # type: ignore[arg-type]
    components = dict(sorted(schema.get("$defs", {}).items()))

    def ref(model: type, mode: str) -> dict[str, Any]:
        return refs[(model, mode)]

    paths: dict[str, Any] = {}
    for ep in sorted(ENDPOINTS, key=lambda e: (e.path, e.method)):
        op: dict[str, Any] = {
            "operationId": ep.operation_id,
            "summary": ep.summary,
            "tags": [ep.audience],
            "x-access": ep.access.describe(),
        }
        params = [
            {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
            for name in re.findall(r"{(\w+)}", ep.path)
        ]
        if ep.query is not None:
            qschema = ep.query.model_json_schema()
            for name, prop in qschema.get("properties", {}).items():
                params.append(
                    {
                        "name": name,
                        "in": "query",
                        "required": name in qschema.get("required", []),
                        "schema": {k: v for k, v in prop.items() if k != "title"},
                    }
                )
        if params:
            op["parameters"] = params
        if ep.raw_body:
            op["requestBody"] = {
                "required": True,
                "content": {ep.body_media_type: {"schema": {"type": "string", "contentMediaType": ep.body_media_type}}},
            }
        elif ep.request is not None:
            op["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": ref(ep.request, "validation")}},
            }
        responses: dict[str, Any] = {}
        if ep.response is not None:
            responses[str(ep.status)] = {
                "description": "OK",
                "content": {"application/json": {"schema": ref(ep.response, "serialization")}},
            }
        else:
            responses[str(ep.status)] = {"description": "OK"}
        error_codes = set(ep.errors) | {500}
        if "{" in ep.path:
            # A path value no id can have (`kernel/http.py::_check_path`) is 404 before any handler runs, whatever
            # the operation; so is a well-formed id that names nothing.
            error_codes.add(404)
        if ep.request is not None or ep.query is not None or ep.raw_body:
            error_codes |= {400, 413, 415}
        if not ep.access.public:
            error_codes |= {401, 403}
        for status in sorted(error_codes):
            schema = ref(ErrorBody, "serialization")
            if ep.error_model is not None and status in ep.errors:
                # The handler answers in the provider's shape; the framework's own refusals keep the usual body.
                schema = {"anyOf": [ref(ep.error_model, "serialization"), schema]}
            responses[str(status)] = {
                "description": ERROR_STATUS_TEXT.get(status, "Error"),
                "content": {"application/json": {"schema": schema}},
            }
        op["responses"] = responses
        # Public operations say so explicitly: no `security` would inherit a global requirement (redocly's rule).
        op["security"] = [] if ep.access.public else [{"partnerSignature": []}] if partner else [{"bearer": []}]
        if ep.path.startswith("/VIID/"):
            op["security"] = [{"viidDigest": []}]
        if method_override.needs_override(ep.method):
            op["description"] = (
                f"`wx.request` has no {ep.method}: send `{method_override.TUNNEL_METHOD}` with "
                f"`{method_override.OVERRIDE_HEADER}: {ep.method}` to the same path."
            )
            op["x-method-override"] = {
                "method": method_override.TUNNEL_METHOD,
                "headers": {method_override.OVERRIDE_HEADER: ep.method},
            }
        paths.setdefault(ep.path, {})[ep.method.lower()] = op

    if partner:
        return {
            "openapi": "3.1.0",
            "info": {
                "title": "Smart community partner API",
                "version": config.version(),
                "description": PARTNER_DESCRIPTION,
            },
            "servers": [{"url": "http://127.0.0.1:8000", "description": "make up"}],
            "tags": [{"name": "partner", "description": TAG_DESCRIPTIONS["partner"]}],
            "paths": paths,
            "components": {
                "schemas": components,
                "securitySchemes": {
                    "viidDigest": {"type": "http", "scheme": "digest", "description": "API key id and secret"},
                    "partnerSignature": {
                        "type": "apiKey",
                        "in": "header",
                        "name": "X-Signature",
                        "description": "with X-Api-Key, X-Timestamp and X-Nonce (see the description above)",
                    },
                },
            },
        }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Smart community API",
            "version": config.version(),
            "description": "Generated from the code by `make openapi`; do not edit. Every error uses the body "
            '`{"error": {"code", "message", "requestId", "details"}}`. Times are UTC ISO-8601; money is '
            "integer fen.\n\n"
            "Methods: every operation is callable from a WeChat mini-program, whose `wx.request` knows only OPTIONS, "
            "GET, HEAD, POST, PUT, DELETE, TRACE and CONNECT. An operation declared with another method (PATCH) is "
            "also served, here and behind API Gateway, as `POST` to the same path with the header "
            "`X-HTTP-Method-Override: PATCH`; such operations carry `x-method-override`. The same access check, "
            "validation and error body apply. A POST whose override names a method the path does not declare "
            "answers 405 `METHOD_NOT_ALLOWED`. The typed client in `mobile_contracts/client/` does this for you.",
        },
        "servers": [{"url": "http://127.0.0.1:8000", "description": "make up"}],
        "tags": [{"name": name, "description": text} for name, text in TAG_DESCRIPTIONS.items()],
        "paths": paths,
        "components": {
            "schemas": components,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
        },
    }


class _NoAliasDumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def render(document: dict[str, Any]) -> str:
    return yaml.dump(document, Dumper=_NoAliasDumper, sort_keys=False, allow_unicode=True, width=120)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    for output, partner in ((OUTPUT, False), (PARTNER_OUTPUT, True)):
        text = render(build(partner))
        if args.check:
            if not output.exists() or output.read_text() != text:
                print(f"{output.relative_to(ROOT)} is out of date: run `make openapi`", file=sys.stderr)
                return 1
            print(f"{output.relative_to(ROOT)} is up to date")
            continue
        output.write_text(text)
        print(f"wrote {output.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
