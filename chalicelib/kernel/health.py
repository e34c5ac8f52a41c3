"""GET /v1/health: version, stage and whether DynamoDB answers. No authentication."""

from __future__ import annotations

import time
from typing import Any

from chalice import Blueprint
from pydantic import Field

from chalicelib.kernel import config
from chalicelib.kernel.contracts import Contract
from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.observability import logger
from chalicelib.kernel.security.access import Access

bp = Blueprint(__name__)


class DependencyCheck(Contract):
    ok: bool
    latencyMs: float
    detail: str | None = None


class HealthChecks(Contract):
    dynamodb: DependencyCheck


class HealthResponse(Contract):
    status: str = Field(description="`ok` or `degraded`")
    version: str
    stage: str
    checks: HealthChecks


def _check_dynamodb() -> DependencyCheck:
    from chalicelib.kernel.tables import RegistryTable

    started = time.perf_counter()
    try:
        RegistryTable.describe_table()
        return DependencyCheck(ok=True, latencyMs=round((time.perf_counter() - started) * 1000, 1))
    except Exception as exc:  # any failure means "does not answer"; the detail says why
        logger.warning("health: dynamodb check failed", extra={"error": str(exc)})
        # The detail is fixed text: exception class names and messages stay in the log.
        return DependencyCheck(
            ok=False, latencyMs=round((time.perf_counter() - started) * 1000, 1), detail="does not answer"
        )


@endpoint(
    bp,
    "GET",
    "/v1/health",
    audience="public",
    access=Access.anyone(),
    response=HealthResponse,
    summary="Service health: version and whether DynamoDB answers",
    errors=(503,),
    operation_id="getHealth",
)
def health(call: Call[Any]) -> HealthResponse | tuple[HealthResponse, int]:
    dynamodb = _check_dynamodb()
    result = HealthResponse(
        status="ok" if dynamodb.ok else "degraded",
        version=config.version(),
        stage=config.stage(),
        checks=HealthChecks(dynamodb=dynamodb),
    )
    return result if dynamodb.ok else (result, 503)
