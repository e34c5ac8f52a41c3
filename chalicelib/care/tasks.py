"""The care register's non-HTTP entry points: the signs-of-need run (one code path, two schedules: hourly for the
fast signs, daily for the slow ones; every community with a care register, each profile and "last seen" item read
once), and the home-device feed (CareSignalsQueue: a copy of the
devices' telemetry, events and heartbeats, from the care topic rule) that keeps each person's "last seen" item."""

from __future__ import annotations

from typing import Any

from chalicelib.care import wiring
from chalicelib.care.model import DAILY_SIGNS, HOURLY_SIGNS
from chalicelib.kernel.functions import FunctionBlueprint

bp = FunctionBlueprint(__name__)


@bp.schedule(
    "rate(1 hour)",
    name="care_signs_run",
    description="Signs of need, hourly: the wearable silent, heart rate, night falls (a care alert per sign)",
)
def signs_run(event: Any) -> dict[str, Any]:
    """Every community's fast signs of need (the hourly schedule)."""
    return run_signs(HOURLY_SIGNS)


@bp.schedule(
    "cron(0 1 * * ? *)",
    name="care_signs_daily",
    description="Signs of need, daily at 09:00 Beijing: a long quiet, no water or electricity use",
)
def signs_daily(event: Any) -> dict[str, Any]:
    """Every community's slow signs of need (the daily schedule)."""
    return run_signs(DAILY_SIGNS)


def run_signs(kinds: tuple[str, ...]) -> dict[str, Any]:
    """The one signs-of-need run of both schedules: every community with a care register, the `kinds` looked for."""
    service = wiring.care_service()
    communities = service.communities()
    totals = {"communities": 0, "people": 0, "itemsRead": 0, "raised": 0, "alreadyOpen": 0}
    for community_id in communities:
        report = service.run(community_id, kinds)
        totals["communities"] += 1
        totals["people"] += report.people
        totals["itemsRead"] += report.items_read
        totals["raised"] += report.raised
        totals["alreadyOpen"] += report.already_open
    return totals


@bp.lambda_function(name="care_device_signs")
def device_signs(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """A batch of CareSignalsQueue messages. A message that cannot be read says nothing (it is not retried); a
    failure to store fails the batch, which SQS delivers again (a repeated reading changes nothing)."""
    import json

    from chalicelib.care.feed import read_rule_output

    messages = []
    for record in event.get("Records", []):
        try:
            doc = json.loads(record.get("body") or "")
        except ValueError:
            continue
        message = read_rule_output(doc)
        if message is not None:
            messages.append(message)
    report = wiring.care_service().device_messages(messages)
    return {"people": report.people, "ignored": report.ignored + len(event.get("Records", [])) - len(messages)}
