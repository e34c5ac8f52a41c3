"""Chalice application: middleware, blueprints and Lambda entry points. No business logic lives here."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from chalice import Chalice, Response

from chalicelib.api import lazy_routes
from chalicelib.api.errors import CHALICE_CODES, error_response
from chalicelib.api.http import request_id_of
from chalicelib.events import alarms as alarm_events
from chalicelib.events import (
    ingestion,
    payment_tasks,
    provisioning_hook,
    visitor_tasks,
    workflow_tasks,
)
from chalicelib.events import work_orders as work_order_events
from chalicelib.observability import logger, middleware_for

app = Chalice(app_name="smartcommunity")

# The API handler's middleware; every other function carries the same chain itself (chalicelib.events).
for middleware in middleware_for("api_handler"):
    app.register_middleware(middleware, "http")


@cache
def function_names() -> list[str]:
    """Chalice names of every Lambda function this app deploys (`api_handler` serves the routes)."""
    return ["api_handler", *(fn.name for fn in app.pure_lambda_functions), *(cfg.name for cfg in app.event_sources)]


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

# Every route, each loading its module on its first request (chalicelib/api/lazy_routes.py: the cold start pays
# for the one route module a request needs).
lazy_routes.install(app)

# The other functions: IoT rule targets, queue consumers, workflow tasks, schedules (chalicelib/events).
for blueprint in (
    ingestion.bp,
    workflow_tasks.bp,
    provisioning_hook.bp,
    work_order_events.bp,  # work orders and the media pipeline (issue 12)
    alarm_events.bp,  # issue 10
    payment_tasks.bp,  # issue 13
    visitor_tasks.bp,  # issue 11
):
    app.register_blueprint(blueprint)
