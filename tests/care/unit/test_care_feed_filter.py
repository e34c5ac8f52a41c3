"""The care feed's event source mapping lets through exactly the device types the care register reads."""

from __future__ import annotations

from chalicelib.care.feed import BOUND_TYPES, METER_TOTALS
from infra.localcloud.event_filter import matches_any
from tests.care.integration.feed_support import care_filters


def _record(device_type: str, event: str = "INSERT", source: str = "mqtt") -> dict[str, object]:
    image = {"pk": {"S": "C#c#D#d"}, "sk": {"S": "T#m"}, "dt": {"S": device_type}, "src": {"S": source}}
    return {"eventName": event, "dynamodb": {"NewImage": image}}


def test_the_filter_names_the_types_care_reads_and_only_those() -> None:
    [pattern] = care_filters()
    assert set(pattern["dynamodb"]["NewImage"]["dt"]["S"]) == set(BOUND_TYPES) | set(METER_TOTALS)
    for device_type in (*BOUND_TYPES, *METER_TOTALS):
        assert matches_any(care_filters(), _record(device_type))
    for other in ("gas_detector", "smoke_detector", "barrier_gate", "gas_meter"):
        assert not matches_any(care_filters(), _record(other))
    assert not matches_any(care_filters(), _record("wearable", event="MODIFY"))
    assert not matches_any(care_filters(), _record("wearable", event="REMOVE"))  # a TTL expiry
    assert not matches_any(care_filters(), _record("door_contact", source="presence"))
