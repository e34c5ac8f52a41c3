"""Monthly passes on the local cloud: a manager issues a house's pass; its car comes and goes free while the pass
covers the day, pays like any car once it has lapsed; a resident of the house renews it through WeChat Pay (the
payments capability), and the pass is extended once per paid order."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from tests.parking.integration.test_parking_flow import (
    STAFF,
    call,
    command,
    decide,
    park_fixture,  # noqa: F401  (the `park` fixture)
    plate_event,
    settlements,
    token,
)
from tests.support.payments import (
    deliver_through,
    make_house,
    make_resident,
    pay_fixture,  # noqa: F401  (the `pay` fixture)
    resident_token,
    wechatpay_fixture,  # noqa: F401  (the `wechatpay` fixture)
)


def _issue(client: Any, c: str, house: str, plate: str, first: date, months: int = 1) -> tuple[int, Any]:
    body = {
        "passId": "mp-" + uuid.uuid4().hex[:6],
        "parkId": "p1",
        "houseId": house,
        "plates": [plate],
        "validFrom": first.isoformat(),
        "months": months,
        "monthlyFeeFen": 15000,
    }
    return call(client, "POST", STAFF.format(c=c) + "/monthly-passes", token(c, "staff.manager"), body)


def test_a_monthly_car_comes_and_goes_free_and_its_pass_is_renewed_once_per_payment(
    client: Any, cloud: Any, park: dict[str, Any], pay: Any
) -> None:
    c, plate = park["community"], "粤B12345"
    house = make_house(c)
    today = (datetime.now(UTC) + timedelta(hours=8)).date()
    status, issued = _issue(client, c, house, plate, today.replace(day=1))
    assert status == 201, issued
    assert issued["validUntil"] >= today.isoformat()
    status, taken = _issue(client, c, house, plate, today)
    assert status == 409 and taken["error"]["code"] == "MONTHLY_PASS_EXISTS"
    status, no_house = _issue(client, c, "h-nowhere", "粤B54321", today)
    assert status == 404 and no_house["error"]["code"] == "HOUSE_NOT_FOUND"

    # both barriers got the day's whitelist into their shadows (set_whitelist, a command each)
    from chalicelib.parking import wiring as parking_wiring

    ids = parking_wiring.parking_service().sync_whitelist(c, "p1", today)
    assert len(ids) == 2
    for command_id in ids:
        whitelist = command(c, command_id)
        assert whitelist.name == "set_whitelist" and whitelist.params == {"whitelist": [plate], "validOn": str(today)}

    assert decide(client, c, park["entry"], plate_event(plate, "in"))["reason"] == "MONTHLY"
    assert decide(client, c, park["exit"], plate_event(plate, "out"))["reason"] == "REGISTERED"

    settlements(cloud)
    deliver_through(client, pay)
    resident = make_resident()
    path = f"/v1/resident/communities/{c}/houses/{house}/parking/monthly-passes/{issued['passId']}/renewals"
    status, renewed = call(client, "POST", path, resident_token(c, house, resident), {"months": 2})
    assert status == 201 and renewed["amountFen"] == 30000, renewed
    other_house = make_house(c)
    status, _ = call(client, "POST", path, resident_token(c, other_house, resident), {"months": 2})
    assert status == 403  # the token's household is not the path's house
    pay.pay(renewed["order"]["orderId"])
    records = settlements(cloud)
    assert client.lambda_.invoke("parking_payment_settled", {"Records": records}).payload == {"batchItemFailures": []}
    client.lambda_.invoke("parking_payment_settled", {"Records": records})  # delivered again: counted once

    from chalicelib.parking import wiring

    after = wiring.parking_store().get_monthly(c, issued["passId"])
    assert after is not None
    before_end = date.fromisoformat(issued["validUntil"])
    assert after.valid_until > before_end + timedelta(days=55) and len(after.renewals) == 1
    assert json.loads(records[0]["body"])["reference"].startswith("MP:")


def test_a_lapsed_pass_pays_like_any_car(client: Any, park: dict[str, Any]) -> None:
    c, plate = park["community"], "粤B67890"
    house = make_house(c)
    last_year = (datetime.now(UTC) + timedelta(hours=8)).date() - timedelta(days=400)
    assert _issue(client, c, house, plate, last_year)[0] == 201
    assert decide(client, c, park["entry"], plate_event(plate, "in"))["reason"] == "TEMPORARY"


def test_a_pass_lapsing_during_the_stay_charges_the_part_after_it_ended(
    client: Any, cloud: Any, park: dict[str, Any], pay: Any
) -> None:
    """The car enters on its pass; the pass ends while it is inside (its last day was yesterday, Beijing): at the
    exit it owes the stay from 00:00 Beijing today by the tariff, free minutes not granted again; paid, it leaves."""
    from dataclasses import replace

    from chalicelib.parking import wiring
    from chalicelib.parking.lapse import lapse_instant
    from chalicelib.parking.tariff import Tariff, fee_fen
    from tests.parking.integration.test_parking_flow import RESIDENT, payer_token

    c, plate = park["community"], "粤B24613"
    settlements(cloud)
    house = make_house(c)
    today = (datetime.now(UTC) + timedelta(hours=8)).date()
    status, issued = _issue(client, c, house, plate, today)
    assert status == 201, issued
    entered = decide(client, c, park["entry"], plate_event(plate, "in"))
    assert (entered["action"], entered["reason"]) == ("open", "MONTHLY")
    store = wiring.parking_store()
    mp = store.get_monthly(c, issued["passId"])
    assert mp is not None
    ended = replace(mp, valid_until=today - timedelta(days=1))  # its last day was yesterday
    assert store.replace_monthly(ended, mp)
    lapse = lapse_instant(ended)
    stay = store.current_stay(c, plate)
    assert stay is not None and stay.monthly_pass_id == issued["passId"]
    assert store.replace_stay(replace(stay, entered_at=lapse - timedelta(hours=3)), stay)  # in since 21:00

    at_exit = decide(client, c, park["exit"], plate_event(plate, "out"))
    assert (at_exit["action"], at_exit["reason"]) == ("charge", "PASS_LAPSED"), at_exit
    now = datetime.now(UTC)
    tariff = Tariff(free_minutes=15, unit_minutes=60)
    expected = {fee_fen(replace(tariff, free_minutes=0), lapse, t) for t in (now - timedelta(seconds=5), now)}
    assert at_exit["feeFen"] in expected and at_exit["feeFen"] > 0
    assert at_exit["feeFen"] < fee_fen(tariff, lapse - timedelta(hours=3), now)  # the covered hours are free

    deliver_through(client, pay)
    driver = make_resident()
    status, paid = call(client, "POST", RESIDENT.format(c=c) + "/payments", payer_token(driver), {"plate": plate})
    assert status == 201 and paid["dueFen"] == at_exit["feeFen"], paid
    pay.pay(paid["order"]["orderId"])
    client.lambda_.invoke("parking_payment_settled", {"Records": settlements(cloud)})
    left = store.get_stay(c, paid["stay"]["stayId"])
    assert left is not None and left.status == "left" and left.paid_fen == at_exit["feeFen"]
    assert left.exit_device == park["exit"]
