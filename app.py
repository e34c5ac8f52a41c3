"""Chalice application: middleware, blueprints and Lambda entry points. No business logic lives here."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from chalice import Chalice, Response

from chalicelib.api import (
    admin,
    alarm_settings,
    alarms_resident,
    alarms_staff,
    auth,
    device_commands,
    devices,
    health,
    registry,
    work_orders,
    work_orders_staff,
)
from chalicelib.api.errors import CHALICE_CODES, error_response
from chalicelib.api.http import request_id_of
from chalicelib.events import alarms as alarm_events
from chalicelib.events import ingestion, provisioning_hook, workflow_tasks
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

for blueprint in (
    health.bp,
    ingestion.bp,
    auth.bp,
    *admin.BLUEPRINTS,
    workflow_tasks.bp,
    devices.bp,
    device_commands.bp,
    provisioning_hook.bp,
    *registry.BLUEPRINTS,
    # work orders and the media pipeline (issue 12)
    work_orders.bp,
    work_orders_staff.bp,
    work_order_events.bp,
    alarms_staff.bp,  # issue 10
    alarm_settings.bp,  # issue 10
    alarms_resident.bp,  # issue 10
    alarm_events.bp,  # issue 10
):
    app.register_blueprint(blueprint)

# -- payments (issue 13): bills, WeChat Pay orders and notifications, refunds, ledger; workflow tasks, schedules
from chalicelib.api import payments, payments_staff  # noqa: E402
from chalicelib.events import payment_tasks  # noqa: E402

for blueprint in (payments.bp, payments_staff.bp, payment_tasks.bp):
    app.register_blueprint(blueprint)
# -- visitor passes and access (issue 11) --
from chalicelib.api import access_credentials, resident_doors, visitor_gates, visitors_resident, visitors_staff  # noqa: E402
from chalicelib.events import visitor_tasks  # noqa: E402

for blueprint in (
    visitors_resident.bp,
    visitors_staff.bp,
    visitor_gates.bp,
    resident_doors.bp,
    access_credentials.bp,
    visitor_tasks.bp,
):
    app.register_blueprint(blueprint)
# -- end of visitor passes --
