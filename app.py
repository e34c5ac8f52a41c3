"""Chalice application: middleware, blueprints and Lambda entry points. No business logic lives here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalice import Chalice, ConvertToMiddleware, Response

from chalicelib.api import admin, auth, device_commands, devices, health, households, imports, registry

# alarm handling (issue 10)
from chalicelib.api import alarms as alarm_routes
from chalicelib.api.errors import CHALICE_CODES, error_response
from chalicelib.api.http import request_id_of
from chalicelib.events import alarms as alarm_events
from chalicelib.events import ingestion, provisioning_hook, workflow_tasks
from chalicelib.observability import logger, metrics, tracer

app = Chalice(app_name="smartcommunity")

app.register_middleware(ConvertToMiddleware(logger.inject_lambda_context(clear_state=True)))
app.register_middleware(ConvertToMiddleware(metrics.log_metrics(capture_cold_start_metric=True)))
if (_tracer := tracer()) is not None:
    app.register_middleware(ConvertToMiddleware(_tracer.capture_lambda_handler(capture_response=False)))


@app.middleware("http")
def one_error_body(event: Any, get_response: Callable[[Any], Response]) -> Response:
    """Chalice answers some requests itself (405, 415, unhandled errors) as {"Code", "Message"}: rewrite them."""
    request_id = request_id_of(event)
    logger.append_keys(request_id=request_id)
    response = get_response(event)
    if response.status_code >= 400 and isinstance(response.body, dict) and "Code" in response.body:
        code = CHALICE_CODES.get(str(response.body["Code"]), "ERROR")
        message = "an internal error occurred" if response.status_code >= 500 else str(response.body["Message"])
        headers = {k: str(v) for k, v in response.headers.items() if k.lower() != "content-type"}
        return error_response(response.status_code, code, message, request_id, headers=headers)
    if response.status_code >= 500 and not (isinstance(response.body, str) and response.body.startswith('{"error"')):
        # Debug-mode stack traces and anything else unexpected never leave the process.
        return error_response(500, "INTERNAL_ERROR", "an internal error occurred", request_id)
    return response


# Spreadsheet uploads (registry import) arrive as binary bodies; API Gateway must pass them through untouched.
app.api.binary_types.append("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

for blueprint in (
    health.bp,
    ingestion.bp,
    auth.bp,
    admin.bp,
    workflow_tasks.bp,
    devices.bp,
    device_commands.bp,
    provisioning_hook.bp,
    registry.bp,
    households.bp,
    imports.bp,
    alarm_routes.bp,  # issue 10
    alarm_events.bp,  # issue 10
):
    app.register_blueprint(blueprint)
