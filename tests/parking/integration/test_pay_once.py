"""A double tap on "pay" makes one order: twice in a row and twice at once (over real HTTP, each request on its own
connection, both held until both have read the stay or the pass), the same payer gets the same unpaid order with
the same wx.requestPayment parameters while it can be paid; another payer meanwhile is told PAYMENT_PENDING; once
the order is paid and counted, nothing is owed twice. The same for a monthly pass's renewal."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.parking.integration.test_parking_flow import (
    RESIDENT,
    STAFF,
    backdate,
    call,
    decide,
    park_fixture,  # noqa: F401  (the `park` fixture)
    payer_token,
    plate_event,
    settlements,
    token,
)
from tests.support.live_api import race
from tests.support.payments import (
    deliver_through,
    make_house,
    make_resident,
    pay_fixture,  # noqa: F401  (the `pay` fixture)
    resident_token,
    wechatpay_fixture,  # noqa: F401  (the `wechatpay` fixture)
)


def orders_at_wechatpay(pay: Any, text: str) -> list[str]:
    """The orders WeChat Pay was asked to open whose description names `text` (a plate)."""
    return sorted(no for no, o in pay.orders.items() if text in str(o.get("description", "")))


def hold_first_reads(monkeypatch: pytest.MonkeyPatch, target: Any, method: str, racers: int = 2) -> set[int]:
    """Each of the first `racers` request threads to call `target.method` waits there until all of them have: every
    request has read the stay (or pass) before any of them orders. Returns the threads that arrived."""
    barrier = threading.Barrier(racers, timeout=20)
    arrived: set[int] = set()
    lock = threading.Lock()
    real = getattr(target, method)

    def held(*args: Any, **kwargs: Any) -> Any:
        me = threading.get_ident()
        with lock:
            first = me not in arrived and len(arrived) < racers
            if first:
                arrived.add(me)
        if first:
            barrier.wait()
        return real(*args, **kwargs)

    monkeypatch.setattr(target, method, held)
    return arrived


def post(url: str, bearer: str, body: dict[str, Any]) -> Callable[[Any], Any]:
    return lambda s: s.post(url, headers={"Authorization": f"Bearer {bearer}"}, json=body, timeout=60)


def test_paying_twice_in_a_row_gives_the_same_order_and_another_payer_waits(
    client: Any, cloud: Any, park: dict[str, Any], pay: Any
) -> None:
    c, plate = park["community"], "川A13579"
    settlements(cloud)
    decide(client, c, park["entry"], plate_event(plate, "in"))
    backdate(c, plate, 90)
    deliver_through(client, pay)
    driver, other = make_resident(), make_resident()
    url = RESIDENT.format(c=c) + "/payments"
    status, first = call(client, "POST", url, payer_token(driver), {"plate": plate})
    assert status == 201, first
    status, second = call(client, "POST", url, payer_token(driver), {"plate": plate})
    assert status == 201, second
    assert second["order"] == first["order"] and second["requestPayment"] == first["requestPayment"]
    assert second["dueFen"] == first["dueFen"] == first["order"]["amountFen"]
    status, refused = call(client, "POST", url, payer_token(other), {"plate": plate})
    assert status == 409 and refused["error"]["code"] == "PAYMENT_PENDING", refused
    assert orders_at_wechatpay(pay, plate) == [first["order"]["orderId"]]

    # paid and counted: the car owes nothing; a tap after that opens no second order for the same money
    pay.pay(first["order"]["orderId"])
    client.lambda_.invoke("parking_payment_settled", {"Records": settlements(cloud)})
    status, nothing = call(client, "POST", url, payer_token(driver), {"plate": plate})
    assert status == 409 and nothing["error"]["code"] == "NOTHING_TO_PAY", nothing
    assert orders_at_wechatpay(pay, plate) == [first["order"]["orderId"]]
    from chalicelib.parking import wiring

    stay = wiring.parking_store().get_stay(c, first["stay"]["stayId"])
    assert stay is not None and stay.paid_orders == (first["order"]["orderId"],)


def test_paid_but_not_yet_counted_is_not_ordered_again(client: Any, cloud: Any, park: dict[str, Any], pay: Any) -> None:
    c, plate = park["community"], "川A24680"
    settlements(cloud)
    decide(client, c, park["entry"], plate_event(plate, "in"))
    backdate(c, plate, 90)
    deliver_through(client, pay)
    driver = make_resident()
    url = RESIDENT.format(c=c) + "/payments"
    status, first = call(client, "POST", url, payer_token(driver), {"plate": plate})
    assert status == 201, first
    pay.pay(first["order"]["orderId"])  # paid at payments; parking has not counted it yet
    status, settling = call(client, "POST", url, payer_token(driver), {"plate": plate})
    assert status == 409 and settling["error"]["code"] == "PAYMENT_SETTLING", settling
    assert orders_at_wechatpay(pay, plate) == [first["order"]["orderId"]]
    client.lambda_.invoke("parking_payment_settled", {"Records": settlements(cloud)})


def test_a_closed_order_lets_the_driver_order_again(client: Any, park: dict[str, Any], pay: Any) -> None:
    c, plate = park["community"], "川A11223"
    decide(client, c, park["entry"], plate_event(plate, "in"))
    backdate(c, plate, 90)
    driver = make_resident()
    url = RESIDENT.format(c=c) + "/payments"
    status, first = call(client, "POST", url, payer_token(driver), {"plate": plate})
    assert status == 201, first
    from chalicelib.payments import wiring as payments_wiring

    store = payments_wiring.payment_store()
    order = store.get_order(c, first["order"]["orderId"])
    assert order is not None and store.mark_closed(order, datetime.now(UTC))  # the payment workflow timed it out
    status, again = call(client, "POST", url, payer_token(driver), {"plate": plate})
    assert status == 201, again
    assert again["order"]["orderId"] != first["order"]["orderId"]


def test_two_taps_at_once_make_one_order(
    live_api: str, client: Any, park: dict[str, Any], pay: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chalicelib.parking import wiring

    c, plate = park["community"], "川A97531"
    decide(client, c, park["entry"], plate_event(plate, "in"))
    backdate(c, plate, 90)
    driver = payer_token(make_resident())
    arrived = hold_first_reads(monkeypatch, wiring.parking_store(), "current_stay")
    url = live_api + RESIDENT.format(c=c) + "/payments"
    answers = race([post(url, driver, {"plate": plate}), post(url, driver, {"plate": plate})])
    assert len(arrived) == 2, "both taps read the stay before either ordered"
    assert [a.status_code for a in answers] == [201, 201], [a.text for a in answers]
    first, second = (a.json() for a in answers)
    assert first["order"] == second["order"] and first["requestPayment"] == second["requestPayment"]
    assert orders_at_wechatpay(pay, plate) == [first["order"]["orderId"]]


def _monthly(client: Any, c: str, plate: str) -> tuple[str, str, str]:
    house = make_house(c)
    today = (datetime.now(UTC) + timedelta(hours=8)).date()
    pass_id = "mp-" + uuid.uuid4().hex[:6]
    body = {
        "passId": pass_id,
        "parkId": "p1",
        "houseId": house,
        "plates": [plate],
        "validFrom": today.isoformat(),
        "months": 1,
        "monthlyFeeFen": 15000,
    }
    status, issued = call(client, "POST", STAFF.format(c=c) + "/monthly-passes", token(c, "staff.manager"), body)
    assert status == 201, issued
    owner = make_resident()
    path = f"/v1/resident/communities/{c}/houses/{house}/parking/monthly-passes/{pass_id}/renewals"
    return path, resident_token(c, house, owner), pass_id


def test_renewing_twice_gives_the_same_order_and_other_months_wait(
    client: Any, cloud: Any, park: dict[str, Any], pay: Any
) -> None:
    c, plate = park["community"], "粤B86420"
    settlements(cloud)
    path, owner, pass_id = _monthly(client, c, plate)
    status, first = call(client, "POST", path, owner, {"months": 2})
    assert status == 201, first
    status, second = call(client, "POST", path, owner, {"months": 2})
    assert status == 201, second
    assert second["order"] == first["order"] and second["requestPayment"] == first["requestPayment"]
    status, other = call(client, "POST", path, owner, {"months": 3})
    assert status == 409 and other["error"]["code"] == "PAYMENT_PENDING", other
    assert orders_at_wechatpay(pay, plate) == [first["order"]["orderId"]]
    deliver_through(client, pay)
    pay.pay(first["order"]["orderId"])
    client.lambda_.invoke("parking_payment_settled", {"Records": settlements(cloud)})
    from chalicelib.parking import wiring

    renewed = wiring.parking_store().get_monthly(c, pass_id)
    assert renewed is not None and renewed.renewals == (first["order"]["orderId"],)
    # counted: the next renewal is a new order for new months
    status, third = call(client, "POST", path, owner, {"months": 1})
    assert status == 201 and third["order"]["orderId"] != first["order"]["orderId"], third


def test_two_renewals_at_once_make_one_order(
    live_api: str, client: Any, park: dict[str, Any], pay: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chalicelib.parking import wiring

    c, plate = park["community"], "粤B97531"
    path, owner, _ = _monthly(client, c, plate)
    arrived = hold_first_reads(monkeypatch, wiring.parking_store(), "get_monthly")
    url = live_api + path
    answers = race([post(url, owner, {"months": 1}), post(url, owner, {"months": 1})])
    assert len(arrived) == 2, "both renewals read the pass before either ordered"
    assert [a.status_code for a in answers] == [201, 201], [a.text for a in answers]
    first, second = (a.json() for a in answers)
    assert first["order"] == second["order"] and first["requestPayment"] == second["requestPayment"]
    assert orders_at_wechatpay(pay, plate) == [first["order"]["orderId"]]
