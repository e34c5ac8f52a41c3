"""Chalice application: middleware, blueprints and Lambda entry points. No business logic lives here."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from chalice import Chalice, Response

from chalicelib.alarms import tasks as alarm_tasks
from chalicelib.care import plug_into_alarms
from chalicelib.care import plug_into_visitors as plug_care_into_visitors
from chalicelib.care import tasks as care_tasks
from chalicelib.devices import tasks as device_tasks
from chalicelib.exports import tasks as export_tasks
from chalicelib.governance import tasks as governance_tasks
from chalicelib.kernel import lazy_routes
from chalicelib.kernel.call import request_id_of
from chalicelib.kernel.http_errors import CHALICE_CODES, error_response
from chalicelib.kernel.i18n import current_locale, negotiate
from chalicelib.kernel.observability import logger, middleware_for
from chalicelib.live import tasks as live_tasks
from chalicelib.lockers import tasks as locker_tasks
from chalicelib.notices import plug_into_media
from chalicelib.notices import tasks as notice_tasks
from chalicelib.notifications import tasks as notify_tasks
from chalicelib.parking import plug_into_visitors as plug_parking_into_visitors
from chalicelib.parking import tasks as parking_tasks
from chalicelib.partners import tasks as partner_tasks
from chalicelib.patrol import tasks as patrol_tasks
from chalicelib.payments import tasks as payment_tasks
from chalicelib.visitors import tasks as visitor_tasks
from chalicelib.votes import tasks as vote_tasks
from chalicelib.work_orders import tasks as work_order_tasks

app = Chalice(app_name="smartcommunity")

# The API handler's middleware; every other function carries the same chain itself (chalicelib.kernel.functions).
for middleware in middleware_for("api_handler"):
    app.register_middleware(middleware, "http")


@cache
def function_names() -> list[str]:
    """Chalice names of every Lambda function this app deploys (`api_handler` serves the routes)."""
    return ["api_handler", *(fn.name for fn in app.pure_lambda_functions), *(cfg.name for cfg in app.event_sources)]


@app.middleware("http")
def one_error_body(event: Any, get_response: Callable[[Any], Response]) -> Response:
    """Chalice answers some requests itself (405, 415, unhandled errors) as {"Code", "Message"}: rewrite them. The
    request's language (`Accept-Language`: zh-CN unless English is preferred) is set first, for every error body."""
    current_locale.set(negotiate(event.headers.get("accept-language")))
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

# Every route, each loading its module on its first request (chalicelib/kernel/lazy_routes.py: the cold start pays
# for the one route module a request needs).
lazy_routes.install(app)

# The other functions, each capability's `tasks.py`: IoT rule targets, queue consumers, workflow tasks, schedules.
for blueprint in (
    device_tasks.bp,
    notify_tasks.bp,
    work_order_tasks.bp,
    alarm_tasks.bp,
    payment_tasks.bp,
    visitor_tasks.bp,
    live_tasks.bp,
    export_tasks.bp,
    notice_tasks.bp,
    vote_tasks.bp,
    care_tasks.bp,
    partner_tasks.bp,
    governance_tasks.bp,
    parking_tasks.bp,
    patrol_tasks.bp,
    locker_tasks.bp,
):
    app.register_blueprint(blueprint)

# Alarms in a home with guardians (the care register) tell the household and the guardians first.
plug_into_alarms()
# A resident's passage through a gate is a sign of life for a person in care.
plug_care_into_visitors()
# A visitor pass naming a car refreshes the car parks' barrier whitelists.
plug_parking_into_visitors()
# Notice attachments go through the media function (uploads under uploads/notices/).
plug_into_media()
