"""Reading a barrier's offline upload item by item, and where its own decision disagrees with the cloud's rule."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from chalicelib.parking.offline import (
    NO_ENTRY_RECORD,
    REFUSED_ALLOWED,
    WATCH_LISTED_OPENED,
    ItemRejected,
    OfflineBatch,
    OfflinePassage,
    discrepancy,
    read_batch,
    read_item,
)
from chalicelib.parking.plate_events import Refused

NOW = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)


def plate_number(text: str) -> str | None:
    return text if text.startswith(("川", "沪")) and 7 <= len(text) <= 8 else None


def item(**over: Any) -> dict[str, Any]:
    base = {
        "msgId": "m1",
        "at": "2026-12-07T13:00:00+08:00",
        "plate": "川A12345",
        "plateColour": "blue",
        "direction": "in",
        "decision": "open",
    }
    return {**base, **over}


def test_a_good_item_is_read_with_its_time_in_utc() -> None:
    got = read_item(0, item(reason="whitelist"), plate_number, NOW)
    assert got == OfflinePassage("m1", NOW - timedelta(hours=1), "川A12345", "blue", "in", 1.0, "open", "whitelist")


@pytest.mark.parametrize(
    ("over", "reason"),
    [
        ({"plate": "ABC"}, "INVALID_PLATE"),
        ({"at": "2026-12-07 13:00"}, "INVALID_FIELD"),  # no zone
        ({"at": "2026-12-07T15:00:00+08:00"}, "IN_FUTURE"),
        ({"at": "2026-10-01T13:00:00+08:00"}, "TOO_OLD"),
        ({"decision": "wave"}, "INVALID_FIELD"),
        ({"direction": "up"}, "INVALID_FIELD"),
        ({"confidence": True}, "INVALID_FIELD"),
        ({"reason": "because"}, "INVALID_FIELD"),
        ({"msgId": "bad id"}, "INVALID_FIELD"),
    ],
)
def test_a_bad_item_is_rejected_with_its_reason(over: dict[str, Any], reason: str) -> None:
    got = read_item(3, item(**over), plate_number, NOW)
    assert isinstance(got, ItemRejected) and got.index == 3 and got.reason == reason


def _output(doc: Any) -> dict[str, Any]:
    payload = base64.b64encode(json.dumps(doc).encode()).decode()
    return {"communityId": "c1", "thingName": "barrier-1", "payload": payload}


def test_a_batch_reads_every_item_on_its_own_and_rejects_a_repeated_msg_id() -> None:
    doc = {"msgId": "u1", "event": "offline_passages", "data": {"passages": [item(), item(plate="X"), item()]}}
    batch = read_batch(_output(doc), plate_number, NOW)
    assert isinstance(batch, OfflineBatch) and (batch.community_id, batch.device_id) == ("c1", "barrier-1")
    kinds = [type(i).__name__ if isinstance(i, OfflinePassage) else i.reason for i in batch.items]
    assert kinds == ["OfflinePassage", "INVALID_PLATE", "DUPLICATE_IN_BATCH"]


@pytest.mark.parametrize(
    "doc",
    [
        {"msgId": "u1", "event": "plate_recognized", "data": {}},
        {"msgId": "u1", "event": "offline_passages", "data": {"passages": []}},
        {"msgId": "u1", "event": "offline_passages", "data": {"passages": [item()] * 101}},
        {"event": "offline_passages", "data": {"passages": [item()]}},
    ],
)
def test_an_upload_that_cannot_be_read_is_refused_whole(doc: dict[str, Any]) -> None:
    assert isinstance(read_batch(_output(doc), plate_number, NOW), Refused)


def _p(direction: str, decision: str) -> OfflinePassage:
    return OfflinePassage("m", NOW, "川A12345", "blue", direction, 1.0, decision, None)


def test_where_the_barrier_and_the_cloud_disagree() -> None:
    assert discrepancy(_p("in", "open"), watched=True, free_by_cloud=False, inside=False) == WATCH_LISTED_OPENED
    assert discrepancy(_p("out", "open"), watched=False, free_by_cloud=False, inside=False) == NO_ENTRY_RECORD
    assert discrepancy(_p("in", "refuse"), watched=False, free_by_cloud=True, inside=False) == REFUSED_ALLOWED
    # agreements: a temporary car let in (the cloud opens for it too), a watch-listed car refused, a known car out
    assert discrepancy(_p("in", "open"), watched=False, free_by_cloud=False, inside=False) is None
    assert discrepancy(_p("in", "refuse"), watched=True, free_by_cloud=True, inside=False) is None
    assert discrepancy(_p("out", "open"), watched=False, free_by_cloud=False, inside=True) is None
