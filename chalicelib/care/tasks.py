"""The care register's non-HTTP entry points: the signs-of-need run (one code path, two schedules: hourly for the
fast signs, daily for the slow ones; every community with a care register, each profile and "last seen" item read
once), and the home-device feed (the telemetry table's stream, filtered to
wearables, door contacts and meters) that keeps each person's "last seen" item."""

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
    """A batch of the telemetry table's stream records: the device messages ingestion stored (validated, each once),
    which the event source mapping's filter narrows to the device types care reads, so no other message invokes this
    function. A record that is not a device message says nothing; a failure to store fails the batch, which the
    mapping delivers again (a repeated reading changes nothing)."""
    from chalicelib.care.feed import DeviceMessage
    from chalicelib.devices import device_message_from_stream

    messages = []
    for record in event.get("Records", []):
        image = (record.get("dynamodb") or {}).get("NewImage") if isinstance(record, dict) else None
        stored = device_message_from_stream(image) if isinstance(image, dict) else None
        if stored is not None and stored.kind in ("telemetry", "events", "heartbeat"):
            messages.append(DeviceMessage(stored.community_id, stored.device_id, stored.kind, stored.document))
    report = wiring.care_service().device_messages(messages)
    return {"people": report.people, "ignored": report.ignored + len(event.get("Records", [])) - len(messages)}
