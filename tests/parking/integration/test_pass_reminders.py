"""Monthly-pass expiry reminders on the local cloud: the daily run (`parking_pass_reminders`, invoked as the schedule
would) tells the bound residents of the pass's house by WeChat (the local WeChat server) 7 days and 1 day before the
pass ends, in Chinese, with the plate and the Beijing end date, each once; a pass ending later is not reminded."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from tests.lockers.integration.test_parcel_flow import _bind
from tests.parking.integration.test_parking_flow import STAFF, token
from tests.support.alarms import providers  # noqa: F401  (the `providers` fixture: local WeChat server)
from tests.support.registry import make_house, new_community
from tests.support.visitors import add_gate, call


@pytest.fixture(name="park")
def registered_park(client: Any) -> dict[str, Any]:
    """A car park in a community of the registry."""
    community = new_community(client)
    entry = add_gate(community, None, "barrier_gate", cert=False).device_id
    body = {
        "parkId": "p1",
        "name": "地面停车场",
        "capacity": 20,
        "tariff": {"freeMinutes": 15, "unitMinutes": 60, "dayRateFen": 300, "nightRateFen": 100},
        "barriers": [{"deviceId": entry, "direction": "in"}],
    }
    status, created = call(
        client, "POST", STAFF.format(c=community) + "/parks", token(community, "staff.manager"), body
    )
    assert status == 201, created
    return {"community": community}


def _pass(community: str, house: str, plate: str, until: date) -> Any:
    from chalicelib.parking import wiring
    from chalicelib.parking.monthly import MonthlyPass

    mp = MonthlyPass(
        community_id=community,
        pass_id="mp-" + uuid.uuid4().hex[:6],
        park_id="p1",
        house_id=house,
        plates=(plate,),
        valid_from=until - timedelta(days=30),
        valid_until=until,
        monthly_fee_fen=15000,
    )
    wiring.parking_store().add_monthly(mp)
    return mp


def _run(client: Any) -> dict[str, Any]:
    event = client.events.generate_cw_event(source="aws.events", detail_type="Scheduled Event", detail={}, resources=[])
    return dict(client.lambda_.invoke("parking_pass_reminders", event).payload)


def test_a_pass_is_reminded_7_days_and_1_day_before_its_end_once_each(
    client: Any,
    park: dict[str, Any],
    providers: Any,  # noqa: F811
) -> None:
    from chalicelib.parking.reminders import reminder_due

    c = park["community"]
    house = make_house(client, c)["houseId"]
    _, openid = _bind(client, c, house)
    today = (datetime.now(UTC) + timedelta(hours=8)).date()
    in_a_week = _pass(c, house, "粤B70001", today + timedelta(days=7))
    tomorrow = _pass(c, house, "粤B10001", today + timedelta(days=1))
    _pass(c, house, "粤B30001", today + timedelta(days=30))  # not yet

    first = _run(client)
    assert first["failed"] == [], first
    received = [m for m in providers.wechat.received if m["to"] == openid]
    by_plate = {m["values"]["car_number2"]: m["values"] for m in received}
    assert set(by_plate) == {"粤B70001", "粤B10001"}, received
    week = by_plate["粤B70001"]
    due = in_a_week.valid_until
    assert week["thing1"] == "停车月卡即将到期" and week["thing3"] == "地面停车场"
    assert week["date4"] == f"{due.year}年{due.month}月{due.day}日" and week["thing5"] == "还有7天到期"
    assert by_plate["粤B10001"]["thing5"] == "明天到期"

    _run(client)  # the same day again: nothing new
    assert len([m for m in providers.wechat.received if m["to"] == openid]) == 2
    assert tomorrow.valid_until == today + timedelta(days=1)

    # the rule: 7 while 2..7 days are left, 1 while 0..1 are left, nothing before or after
    assert [reminder_due(today + timedelta(days=d), today) for d in (-1, 0, 1, 2, 7, 8)] == [None, 1, 1, 7, 7, None]
