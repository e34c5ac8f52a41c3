"""Local stand-in for EventBridge schedules: runs the app's `@schedule` functions at their `rate(...)`.

Only `rate(N minute|minutes|hour|hours|day|days)` is supported locally; a cron expression is reported and skipped.
Each run gets a CloudWatch scheduled-event-shaped event and a Lambda-shaped context, like the deployed function.
"""

from __future__ import annotations

import re
import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from infra.localcloud.lambdas import LocalLambdaContext

UNIT_SECONDS = {"minute": 60, "hour": 3600, "day": 86400}


def interval_seconds(expression: str) -> float | None:
    match = re.fullmatch(r"rate\((\d+)\s+(minute|hour|day)s?\)", expression.strip())
    if not match:
        return None
    return int(match.group(1)) * UNIT_SECONDS[match.group(2)]


@dataclass
class Schedule:
    name: str
    expression: str
    handler: Any
    interval: float


class LocalScheduler:
    def __init__(self, app_obj: Any, region: str, account: str, speedup: float = 1.0):
        self.schedules: list[Schedule] = []
        self.skipped: list[str] = []
        self.region = region
        self.account = account
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        for source in getattr(app_obj, "event_sources", []):
            expression = str(getattr(source, "schedule_expression", "") or "")
            if not expression:
                continue
            seconds = interval_seconds(expression)
            if seconds is None:
                self.skipped.append(f"{source.name}: {expression}")
                continue
            handler = app_obj.handler_map[source.name]  # the wrapped handler chalice registered
            self.schedules.append(Schedule(source.name, expression, handler, seconds / speedup))

    def run_once(self, schedule: Schedule) -> Any:
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        event = {
            "version": "0",
            "id": str(uuid.uuid4()),
            "detail-type": "Scheduled Event",
            "source": "aws.events",
            "account": self.account,
            "time": now,
            "region": self.region,
            "resources": [f"arn:aws:events:{self.region}:{self.account}:rule/{schedule.name}"],
            "detail": {},
        }
        context = LocalLambdaContext(function_name=schedule.name, invoked_function_arn=schedule.name)
        return schedule.handler(event, context)

    def start(self) -> LocalScheduler:
        for schedule in self.schedules:
            thread = threading.Thread(
                target=self._loop, args=(schedule,), name=f"schedule-{schedule.name}", daemon=True
            )
            thread.start()
            self._threads.append(thread)
        return self

    def _loop(self, schedule: Schedule) -> None:
        from chalicelib.kernel.observability import logger

        while not self._stop.wait(schedule.interval):
            try:
                self.run_once(schedule)
            except Exception:  # a failed run is logged and the schedule goes on, as EventBridge would
                logger.exception("scheduled function failed", extra={"schedule": schedule.name})

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=5)
