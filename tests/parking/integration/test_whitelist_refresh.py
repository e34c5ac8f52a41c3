"""The barriers' offline whitelist on the local cloud: the daily run (`parking_whitelist_refresh`, invoked as the
schedule would) sends each barrier the day's plates (monthly passes covering the day, registry cars with a space of
their own, today's visitor passes naming a car) once; a second run with the same list sends nothing; a visitor pass
naming a car, issued or revoked, refreshes the list through the visitors capability's port."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.parking.integration.test_parking_flow import STAFF, call, command, park_fixture, token  # noqa: F401
from tests.support.payments import make_house
from tests.support.visitors import invite, new_place


def _vehicle(community: str, plate: str, parking_type: str, **extra: str) -> None:
    from chalicelib.registry import wiring as registry_wiring
    from chalicelib.registry.model import Change, Record

    attrs = {"kind": "car", "plate": plate, "parkingType": parking_type, **extra}
    record = Record(
        kind="vehicle",
        id="v-" + uuid.uuid4().hex[:10],
        community_id=community,
        attrs=attrs,
        ingested_at=datetime.now(UTC),
    )
    registry_wiring.registry_service().repo.commit(Change().create(record))


def _run(client: Any) -> dict[str, Any]:
    event = client.events.generate_cw_event(source="aws.events", detail_type="Scheduled Event", detail={}, resources=[])
    return dict(client.lambda_.invoke("parking_whitelist_refresh", event).payload)


def _mark(community: str, device: str) -> str:
    from chalicelib.parking.repository_whitelist import WhitelistMark

    return str(WhitelistMark.get(f"C#{community}#WHITELIST#{device}", "WHITELIST").mark)


def test_the_daily_run_sends_each_barrier_the_days_plates_once(client: Any, park: dict[str, Any]) -> None:
    from chalicelib.parking import wiring
    from chalicelib.parking.whitelist import digest

    c = park["community"]
    today = (datetime.now(UTC) + timedelta(hours=8)).date()
    house = make_house(c)
    body = {
        "passId": "mp-" + uuid.uuid4().hex[:6],
        "parkId": "p1",
        "houseId": house,
        "plates": ["粤B11111"],
        "validFrom": today.isoformat(),
        "months": 1,
        "monthlyFeeFen": 15000,
    }
    assert call(client, "POST", STAFF.format(c=c) + "/monthly-passes", token(c, "staff.manager"), body)[0] == 201
    _vehicle(c, "粤B22222", "owned_space")
    _vehicle(c, "粤B33333", "temporary")  # no space of its own: not on the list
    _vehicle(c, "粤B55555", "owned_space", validTo=(today - timedelta(days=1)).isoformat())  # its permit ended

    first = _run(client)
    assert first["communities"][c] == 2, first  # one command per barrier
    expected = ["粤B11111", "粤B22222"]
    assert wiring.parking_service().whitelist(c, "p1", today) == expected
    for device in (park["entry"], park["exit"]):
        assert _mark(c, device) == digest(today, expected)
    second = _run(client)
    assert second["communities"][c] == 0, second  # the same list: nothing new

    # a visitor pass naming a car: the barriers get the new list at once (the port plugged in app.py)
    place = new_place(community=c)
    status, visit = invite(client, place, carPlate="京A12345")
    assert status == 201 and visit["status"] == "active", visit
    with_visitor = ["京A12345", *expected]
    assert wiring.parking_service().whitelist(c, "p1", today) == with_visitor
    for device in (park["entry"], park["exit"]):
        assert _mark(c, device) == digest(today, with_visitor)
    assert _run(client)["communities"][c] == 0

    # revoked: off the list again
    path = f"/v1/resident/communities/{c}/houses/{place.house}/visitor-passes/{visit['passId']}/revoke"
    assert call(client, "POST", path, place.resident_token(), {})[0] == 200
    for device in (park["entry"], park["exit"]):
        assert _mark(c, device) == digest(today, expected)

    # a visitor pass without a car changes nothing
    assert invite(client, place)[0] == 201
    assert _run(client)["communities"][c] == 0


def test_a_refresh_sends_the_set_whitelist_command_with_the_days_list(client: Any, park: dict[str, Any]) -> None:
    from chalicelib.parking import wiring

    c = park["community"]
    today = (datetime.now(UTC) + timedelta(hours=8)).date()
    _vehicle(c, "粤B44444", "monthly")
    ids = wiring.parking_service().refresh_whitelist(c, "p1", today)
    assert len(ids) == 2
    for command_id in ids:
        sent = command(c, command_id)
        assert sent.name == "set_whitelist"
        assert sent.params == {"whitelist": ["粤B44444"], "validOn": today.isoformat()}
    assert wiring.parking_service().refresh_whitelist(c, "p1", today) == []
    assert wiring.parking_service().refresh_whitelist(c, "nowhere", today) == []
