"""The local stand-in for EventBridge schedules."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from chalice import Chalice

from infra.localcloud.scheduler import LocalScheduler, interval_seconds


@pytest.mark.parametrize(
    ("expression", "seconds"),
    [
        ("rate(1 minute)", 60),
        ("rate(5 minutes)", 300),
        ("rate(2 hours)", 7200),
        ("rate(1 day)", 86400),
        ("cron(0 12 * * ? *)", None),
        ("rate(minute)", None),
    ],
)
def test_rate_expressions(expression: str, seconds: int | None) -> None:
    assert interval_seconds(expression) == seconds


calls: list[dict[str, Any]] = []
ran = threading.Event()
demo = Chalice(app_name="scheduler-test")


@demo.schedule("rate(1 minute)", name="tick")
def tick(event: Any) -> None:
    calls.append(event.to_dict())
    ran.set()


@demo.schedule("cron(0 12 * * ? *)", name="noon")
def noon(event: Any) -> None:
    raise AssertionError("cron schedules are not run locally")


def test_scheduler_runs_rate_schedules_and_reports_cron_ones() -> None:
    scheduler = LocalScheduler(demo, region="cn-north-1", account="123456789012", speedup=600)  # 1 minute = 0.1 s
    assert [s.name for s in scheduler.schedules] == ["tick"]
    assert scheduler.skipped == ["noon: cron(0 12 * * ? *)"]
    scheduler.start()
    try:
        assert ran.wait(5), "the rate schedule fired"
    finally:
        scheduler.stop()
    assert calls[0]["detail-type"] == "Scheduled Event"
    assert calls[0]["source"] == "aws.events"
