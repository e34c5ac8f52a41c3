"""Payments through the API: billing runs (twice for one period), a resident paying only their own house's unpaid
bills, refunds approved by a second manager and closed by WeChat Pay's refund notification, reconciliation with
every kind of mismatch, income and the published ledger."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from chalicelib.payments import wiring
from tests.fakes.wechatpay_server import LocalWechatPay
from tests.support.payments import (
    bills_for,
    deliver_through,
    make_house,
    make_resident,
    new_community,
    pay_fixture,  # noqa: F401  (the `pay` fixture)
    resident_token,
    serialised_writes_fixture,  # noqa: F401  (the `serialised_writes` fixture)
    staff_token,
    wechatpay_fixture,  # noqa: F401  (the `wechatpay` fixture)
)


def call(client: Any, method: str, path: str, token: str, body: dict[str, Any] | None = None) -> tuple[int, Any]:
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    response = client.http.request(method, path, headers=headers, body=json.dumps(body).encode() if body else b"")
    return response.status_code, json.loads(response.body) if response.body else None


def staff(community: str) -> str:
    return f"/v1/staff/communities/{community}"


def test_billing_run_twice_for_one_period_creates_nothing_twice(client: Any) -> None:
    community = new_community()
    a, b = make_house(community, "bld-1", 89.5), make_house(community, "bld-2", 33.335)
    no_area = make_house(community, "bld-2", None)
    manager = staff_token(community)
    fee = {"feeItemId": "prop", "name": "物业费", "kind": "area", "unitPriceFen": 250, "period": "monthly"}
    assert call(client, "POST", staff(community) + "/fee-items", manager, fee)[0] == 201
    first = call(
        client, "POST", staff(community) + "/billing-runs", manager, {"feeItemId": "prop", "period": "2026-11"}
    )
    assert first == (
        200,
        {"created": 2, "existing": 0, "totalFen": 22375 + 8335, "skipped": [{"houseId": no_area, "reason": "no_area"}]},
    )
    second = call(
        client, "POST", staff(community) + "/billing-runs", manager, {"feeItemId": "prop", "period": "2026-11"}
    )
    assert second[1]["created"] == 0 and second[1]["existing"] == 2 and second[1]["totalFen"] == 0
    # the rounding rule: 33.335 m2 -> 33.34 m2 x 250 fen = 8335 fen (half up, once)
    assert [x.amount_fen for x in wiring.payment_store().bills_of_house(community, b)] == [8335]
    assert [x.amount_fen for x in wiring.payment_store().bills_of_house(community, a)] == [22375]
    # a quarterly item is three monthly amounts, a wrong period shape is refused with the field named
    quarterly = {
        **fee,
        "feeItemId": "parking",
        "name": "停车费",
        "kind": "fixed",
        "unitPriceFen": 30000,
        "period": "quarterly",
        "houseIds": [a],
    }
    call(client, "POST", staff(community) + "/fee-items", manager, quarterly)
    status, body = call(
        client, "POST", staff(community) + "/billing-runs", manager, {"feeItemId": "parking", "period": "2026-11"}
    )
    assert status == 400 and body["error"]["details"][0]["field"] == "period"
    status, body = call(
        client, "POST", staff(community) + "/billing-runs", manager, {"feeItemId": "parking", "period": "2026-Q4"}
    )
    assert (status, body["created"], body["totalFen"]) == (200, 1, 90000)
    # metered utilities from readings entered by staff; readings for a house of another community are refused
    water = {**fee, "feeItemId": "water", "name": "水费", "kind": "metered", "unitPriceFen": 500}
    call(client, "POST", staff(community) + "/fee-items", manager, water)
    status, body = call(
        client,
        "POST",
        staff(community) + "/billing-runs",
        manager,
        {"feeItemId": "water", "period": "2026-11", "usage": {"h-elsewhere": "3"}},
    )
    assert status == 400 and body["error"]["details"][0]["code"] == "unknown_house"
    status, body = call(
        client,
        "POST",
        staff(community) + "/billing-runs",
        manager,
        {"feeItemId": "water", "period": "2026-11", "usage": {a: "12.5"}},
    )
    assert (status, body["created"], body["totalFen"]) == (200, 1, 6250)
    # a one-off charge for named houses, labelled by the staff
    repair = {**fee, "feeItemId": "roof", "name": "屋面维修分摊", "kind": "fixed", "unitPriceFen": 12000}
    call(client, "POST", staff(community) + "/fee-items", manager, {**repair, "period": "once", "houseIds": [b]})
    run = {"feeItemId": "roof", "period": "roof-2026"}
    status, body = call(client, "POST", staff(community) + "/billing-runs", manager, run)
    assert (status, body["created"], body["totalFen"], body["skipped"]) == (200, 1, 12000, [])
    # arrears per building
    status, arrears = call(client, "GET", staff(community) + "/arrears", manager)
    assert arrears["unpaidFen"] == 22375 + 8335 + 90000 + 6250 + 12000
    assert {b["buildingId"]: b["unpaidFen"] for b in arrears["buildings"]} == {
        "bld-1": 22375 + 90000 + 6250,
        "bld-2": 8335 + 12000,
    }
    # bad input: negative price, unknown kind, a guard may not bill
    status, body = call(client, "POST", staff(community) + "/fee-items", manager, {**fee, "unitPriceFen": -1})
    assert status == 400 and body["error"]["details"][0]["field"] == "unitPriceFen"
    assert call(client, "POST", staff(community) + "/fee-items", manager, {**fee, "kind": "vibes"})[0] == 400
    assert (
        call(
            client,
            "POST",
            staff(community) + "/billing-runs",
            staff_token(community, "staff.guard"),
            {"feeItemId": "prop", "period": "2026-11"},
        )[0]
        == 403
    )


@pytest.fixture
def two_houses(client: Any) -> dict[str, Any]:
    community = new_community()
    mine, theirs = make_house(community), make_house(community)
    manager = staff_token(community)
    fee = {"feeItemId": "prop", "name": "物业费", "kind": "area", "unitPriceFen": 200, "period": "monthly"}
    call(client, "POST", staff(community) + "/fee-items", manager, fee)
    for period in ("2026-10", "2026-11"):
        call(client, "POST", staff(community) + "/billing-runs", manager, {"feeItemId": "prop", "period": period})
    me = make_resident()
    return {
        "community": community,
        "mine": mine,
        "theirs": theirs,
        "token": resident_token(community, mine, me),
        "my_bills": [b.bill_id for b in wiring.payment_store().bills_of_house(community, mine)],
        "their_bills": [b.bill_id for b in wiring.payment_store().bills_of_house(community, theirs)],
    }


def test_a_resident_pays_only_their_own_houses_unpaid_bills(
    client: Any, pay: LocalWechatPay, two_houses: dict[str, Any]
) -> None:
    h = two_houses
    base = f"/v1/resident/communities/{h['community']}/houses"
    # another house's bill through my house: 403; through their house (not in my token): 403
    status, body = call(client, "POST", f"{base}/{h['mine']}/payments", h["token"], {"billIds": [h["their_bills"][0]]})
    assert (status, body["error"]["code"]) == (403, "BILL_FORBIDDEN")
    status, body = call(
        client, "POST", f"{base}/{h['theirs']}/payments", h["token"], {"billIds": [h["their_bills"][0]]}
    )
    assert (status, body["error"]["code"]) == (403, "HOUSEHOLD_FORBIDDEN")
    assert call(client, "GET", f"{base}/{h['theirs']}/bills", h["token"])[0] == 403
    # bad input
    status, body = call(client, "POST", f"{base}/{h['mine']}/payments", h["token"], {"billIds": []})
    assert status == 400 and body["error"]["details"][0]["field"] == "billIds"
    status, body = call(client, "POST", f"{base}/{h['mine']}/payments", h["token"], {"billIds": ["b-nope"]})
    assert (status, body["error"]["code"]) == (404, "BILL_NOT_FOUND")
    assert (
        call(client, "POST", f"{base}/{h['mine']}/payments", h["token"], {"billIds": [h["my_bills"][0]] * 2})[0] == 400
    )
    assert (
        call(client, "POST", f"{base}/{h['mine']}/payments", h["token"], {"billIds": h["my_bills"], "amountFen": 1})[0]
        == 400
    )
    # one order for both my bills; the same bill cannot be in a second live order
    status, first = call(client, "POST", f"{base}/{h['mine']}/payments", h["token"], {"billIds": h["my_bills"]})
    assert status == 201 and first["order"]["amountFen"] == 2 * 17900
    status, body = call(client, "POST", f"{base}/{h['mine']}/payments", h["token"], {"billIds": [h["my_bills"][0]]})
    assert (status, body["error"]["code"]) == (409, "BILL_IN_ORDER")
    # the same request again (the app lost the answer) resumes the live order instead of a dead end
    jsapi_calls = pay.calls.count(("POST", "/v3/pay/transactions/jsapi"))
    status, resumed = call(client, "POST", f"{base}/{h['mine']}/payments", h["token"], {"billIds": h["my_bills"][::-1]})
    assert status == 201 and resumed["order"]["orderId"] == first["order"]["orderId"]
    assert resumed["requestPayment"]["package"] == first["requestPayment"]["package"]
    assert pay.calls.count(("POST", "/v3/pay/transactions/jsapi")) == jsapi_calls, "no second WeChat Pay order"
    # paid: the receipt is listed; paying again is 409
    deliver_through(client, pay)
    assert pay.pay(first["order"]["orderId"]) == 200
    status, payments = call(client, "GET", f"{base}/{h['mine']}/payments", h["token"])
    assert [(p["status"], bool(p["receiptNo"])) for p in payments["items"]] == [("paid", True)]
    status, body = call(client, "POST", f"{base}/{h['mine']}/payments", h["token"], {"billIds": [h["my_bills"][1]]})
    assert (status, body["error"]["code"]) == (409, "BILL_ALREADY_PAID")
    # someone else's order id through my house is not found
    assert call(client, "GET", f"{base}/{h['mine']}/payments/Pnope_000000000000", h["token"])[0] == 404


def _paid_order(client: Any, pay: LocalWechatPay, h: dict[str, Any]) -> str:
    base = f"/v1/resident/communities/{h['community']}/houses/{h['mine']}"
    _, created = call(client, "POST", base + "/payments", h["token"], {"billIds": h["my_bills"]})
    deliver_through(client, pay)
    assert pay.pay(created["order"]["orderId"]) == 200
    return str(created["order"]["orderId"])


def test_refund_requested_approved_by_another_manager_and_notified(
    client: Any, pay: LocalWechatPay, two_houses: dict[str, Any]
) -> None:
    h = two_houses
    order_id = _paid_order(client, pay, h)
    alice, bob = staff_token(h["community"], subject="u-alice"), staff_token(h["community"], subject="u-bob")
    refunds = staff(h["community"]) + "/refunds"
    # more than was paid, a guard requesting: refused
    status, body = call(
        client, "POST", refunds, alice, {"orderId": order_id, "amountFen": 2 * 17900 + 1, "reason": "多收"}
    )
    assert (status, body["error"]["code"]) == (400, "REFUND_EXCEEDS_PAID")
    assert (
        call(
            client,
            "POST",
            refunds,
            staff_token(h["community"], "staff.guard"),
            {"orderId": order_id, "amountFen": 100, "reason": "x"},
        )[0]
        == 403
    )
    status, requested = call(
        client, "POST", refunds, alice, {"orderId": order_id, "amountFen": 10000, "reason": "多收"}
    )
    assert status == 201 and requested["status"] == "requested"
    refund_id = requested["refundId"]
    # the requester cannot approve their own refund
    status, body = call(client, "POST", f"{refunds}/{refund_id}/approve", alice)
    assert (status, body["error"]["code"]) == (403, "FOUR_EYES")
    status, approved = call(client, "POST", f"{refunds}/{refund_id}/approve", bob)
    assert status == 200 and approved["status"] == "processing" and approved["approvedBy"] == "u-bob"
    assert pay.refunds[refund_id]["amount"] == {"refund": 10000, "total": 2 * 17900}
    assert call(client, "POST", f"{refunds}/{refund_id}/approve", bob)[1]["error"]["code"] == "REFUND_ALREADY_DECIDED"
    # WeChat Pay's refund notification closes the loop; a replay changes nothing
    headers, body_bytes = pay.refund_notification(refund_id)
    for _ in range(3):
        response = client.http.post(
            "/v1/public/wechatpay/notify", headers={"Content-Type": "application/json", **headers}, body=body_bytes
        )
        assert response.status_code == 200
    status, listed = call(client, "GET", refunds, bob)
    assert [(r["refundId"], r["status"]) for r in listed["items"]] == [(refund_id, "refunded")]
    order = wiring.payment_store().get_order(h["community"], order_id)
    assert order.refunded_fen == 10000 and order.status == "paid"
    # a second refund of the rest works; beyond the rest is refused
    status, more = call(
        client, "POST", refunds, bob, {"orderId": order_id, "amountFen": 2 * 17900 - 10000 + 1, "reason": "x"}
    )
    assert status == 400
    status, more = call(
        client, "POST", refunds, bob, {"orderId": order_id, "amountFen": 2 * 17900 - 10000, "reason": "全部"}
    )
    assert status == 201
    status, rejected = call(client, "POST", f"{refunds}/{more['refundId']}/reject", alice)
    assert rejected["status"] == "rejected"
    # income summary shows the payment and the refund
    from chalicelib.payments.model import business_day

    month = business_day(order.paid_at)[:7]
    status, income = call(client, "GET", staff(h["community"]) + f"/income?month={month}", bob)
    assert (income["incomeFen"], income["refundsFen"]) == (2 * 17900, 10000)


def test_reconciliation_records_each_kind_of_mismatch(client: Any, pay: LocalWechatPay) -> None:
    from chalicelib.payments.model import business_day

    community = new_community()
    manager = staff_token(community)
    call(
        client,
        "POST",
        staff(community) + "/fee-items",
        manager,
        {"feeItemId": "prop", "name": "物业费", "kind": "area", "unitPriceFen": 100, "period": "monthly"},
    )
    houses = [make_house(community) for _ in range(4)]
    call(client, "POST", staff(community) + "/billing-runs", manager, {"feeItemId": "prop", "period": "2026-11"})
    deliver_through(client, pay)
    orders = []
    for house in houses:
        bills = [b.bill_id for b in wiring.payment_store().bills_of_house(community, house)]
        order, _ = wiring.payment_service().create_order(community, house, bills, make_resident())
        orders.append(order)
    matching, hidden, different, closed_here = orders
    for order in (matching, hidden, different):
        assert pay.pay(order.order_id) == 200
    pay.bill_hidden.add(hidden.order_id)  # paid here, absent from WeChat's bill
    pay.bill_amount_override[different.order_id] = different.amount_fen - 1  # amounts differ
    wiring.payment_store().mark_closed(closed_here, closed_here.created_at)  # closed here ...
    pay.pay(closed_here.order_id, notify=False)  # ... yet paid at WeChat Pay
    day = business_day(wiring.payment_store().get_order(community, matching.order_id).paid_at)
    stranger = f"P{community}_ffffffffffff"
    pay.extra_bill_rows[day] = [{"out_trade_no": stranger, "transaction_id": "4200stranger", "amount_fen": 500}]
    # refunds: one agrees with the bill, one shows another amount there, one is refunded here but absent there
    service = wiring.payment_service()
    refunds = []
    for amount in (100, 200, 300):
        requested = service.request_refund(community, matching.order_id, amount, "多收", "u-alice")
        service.decide_refund(community, requested.refund_id, True, "u-bob")
        assert pay.complete_refund(requested.refund_id) == 200
        refunds.append(requested.refund_id)
    refund_ok, refund_differs, refund_hidden = refunds
    pay.bill_amount_override[refund_differs] = 199
    pay.bill_hidden.add(refund_hidden)

    status, result = call(client, "POST", staff(community) + "/reconciliations", manager, {"day": day})
    assert status == 200, result
    kinds = {m["orderId"]: m["kind"] for m in result["mismatches"]}
    assert kinds == {
        hidden.order_id: "missing_at_wechat",
        different.order_id: "amount_differs",
        closed_here.order_id: "status_differs",
        stranger: "missing_here",
        refund_differs: "amount_differs",
        refund_hidden: "missing_at_wechat",
    }
    assert matching.order_id not in kinds and refund_ok not in kinds
    again = call(client, "GET", staff(community) + f"/reconciliations/{day}", staff_token(community, "staff.guard"))
    assert again[0] == 200 and len(again[1]["mismatches"]) == 6
    # fixed at WeChat's side: the next run no longer lists it
    pay.bill_hidden.discard(hidden.order_id)
    status, rerun = call(client, "POST", staff(community) + "/reconciliations", manager, {"day": day})
    assert status == 200 and hidden.order_id not in {m["orderId"] for m in rerun["mismatches"]}
    assert len(rerun["mismatches"]) == 5
    assert call(client, "GET", staff(community) + "/reconciliations/yesterday", manager)[0] == 400
    assert call(client, "POST", staff(community) + "/reconciliations", manager, {"day": "29/11/2026"})[0] == 400


def test_a_merchant_wide_run_keeps_every_community_in_scope(client: Any, pay: LocalWechatPay) -> None:
    """The schedule's run (no community) covers every community to the end: an order of the bill it could not match
    once narrowed the rest of the run to that order's community, so the other communities' refunds were reported
    as not found here."""
    from chalicelib.payments.model import business_day

    def paid_order(community: str) -> Any:
        manager = staff_token(community)
        item = {"feeItemId": "prop", "name": "物业费", "kind": "area", "unitPriceFen": 100, "period": "monthly"}
        call(client, "POST", staff(community) + "/fee-items", manager, item)
        house = make_house(community)
        call(client, "POST", staff(community) + "/billing-runs", manager, {"feeItemId": "prop", "period": "2026-11"})
        deliver_through(client, pay)
        bills = [b.bill_id for b in wiring.payment_store().bills_of_house(community, house)]
        order, _ = wiring.payment_service().create_order(community, house, bills, make_resident())
        return order

    first, second = new_community(), new_community()
    closed_here = paid_order(first)
    wiring.payment_store().mark_closed(closed_here, closed_here.created_at)  # closed here ...
    pay.pay(closed_here.order_id, notify=False)  # ... yet paid at WeChat Pay: a row the run cannot match
    paid = paid_order(second)
    assert pay.pay(paid.order_id) == 200
    service = wiring.payment_service()
    refund = service.request_refund(second, paid.order_id, 100, "多收", "u-alice")
    service.decide_refund(second, refund.refund_id, True, "u-bob")
    assert pay.complete_refund(refund.refund_id) == 200
    day = business_day(wiring.payment_store().get_order(second, paid.order_id).paid_at)

    kinds = {m.order_id: m.kind for m in service.reconcile(day)}  # what the daily schedule runs
    assert kinds.get(closed_here.order_id) == "status_differs"
    assert refund.refund_id not in kinds and paid.order_id not in kinds
    assert {m["orderId"] for m in wiring.payment_store().mismatches(second, day)} == set()


def test_income_is_published_to_residents(client: Any, pay: LocalWechatPay, two_houses: dict[str, Any]) -> None:
    from chalicelib.payments.model import business_day

    h = two_houses
    order_id = _paid_order(client, pay, h)
    month = business_day(wiring.payment_store().get_order(h["community"], order_id).paid_at)[:7]
    ledger = f"/v1/resident/communities/{h['community']}/ledger"
    assert call(client, "GET", ledger, h["token"])[1] == {"items": []}
    manager = staff_token(h["community"])
    status, published = call(client, "POST", staff(h["community"]) + f"/ledger/{month}/publish", manager)
    assert status == 200 and published["incomeFen"] == 2 * 17900
    status, seen = call(client, "GET", ledger, h["token"])
    assert [(m["month"], m["incomeFen"], [line["name"] for line in m["lines"]]) for m in seen["items"]] == [
        (month, 2 * 17900, ["物业费"])
    ]
    assert call(client, "POST", staff(h["community"]) + "/ledger/2026-13/publish", manager)[0] == 400


def test_two_orders_racing_for_one_bill_create_one(pay: LocalWechatPay, serialised_writes: None) -> None:
    import threading

    from chalicelib.kernel.errors import Conflict

    community = new_community()
    house = make_house(community)
    bills_for(community)
    bill_ids = [b.bill_id for b in wiring.payment_store().bills_of_house(community, house)]
    residents = [make_resident() for _ in range(4)]
    results: list[str] = []
    gate = threading.Barrier(4)

    def order(resident: str) -> None:
        gate.wait()
        try:
            wiring.payment_service().create_order(community, house, bill_ids, resident)
            results.append("created")
        except Conflict as exc:
            results.append(exc.code)

    threads = [threading.Thread(target=order, args=(r,)) for r in residents]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert results.count("created") == 1, results
    assert set(results) - {"created"} <= {"BILL_NOT_PAYABLE", "BILL_IN_ORDER"}
    assert [b.status for b in wiring.payment_store().bills_of_house(community, house)] == ["in_order"]


def test_a_refund_sent_while_wechat_pay_failed_is_settled_by_sync(
    client: Any, pay: LocalWechatPay, two_houses: dict[str, Any]
) -> None:
    h = two_houses
    order_id = _paid_order(client, pay, h)
    alice, bob = staff_token(h["community"], subject="u-alice"), staff_token(h["community"], subject="u-bob")
    refunds = staff(h["community"]) + "/refunds"
    _, requested = call(client, "POST", refunds, alice, {"orderId": order_id, "amountFen": 500, "reason": "多收"})
    refund_id = requested["refundId"]
    pay.faults.append("500")  # WeChat Pay fails when the approval sends the refund
    status, approved = call(client, "POST", f"{refunds}/{refund_id}/approve", bob)
    assert (status, approved["status"]) == (200, "processing")
    assert refund_id not in pay.refunds
    pay.faults.append("timeout")  # and once more when we ask: 503, nothing changes
    status, body = call(client, "POST", f"{refunds}/{refund_id}/sync", bob)
    assert (status, body["error"]["code"]) == (503, "PAYMENT_PROVIDER_UNAVAILABLE")
    status, synced = call(client, "POST", f"{refunds}/{refund_id}/sync", bob)  # never received: sent again
    assert (status, synced["status"]) == (200, "processing") and pay.refunds[refund_id]["amount"]["refund"] == 500
    pay.refunds[refund_id]["status"] = "SUCCESS"  # WeChat finished it; its notification was lost
    status, settled = call(client, "POST", f"{refunds}/{refund_id}/sync", bob)
    assert (status, settled["status"]) == (200, "refunded")
    assert wiring.payment_store().get_order(h["community"], order_id).refunded_fen == 500


def test_a_refund_wechat_pay_refuses_is_failed_and_gives_the_amount_back(
    client: Any, pay: LocalWechatPay, two_houses: dict[str, Any]
) -> None:
    h = two_houses
    order_id = _paid_order(client, pay, h)
    alice, bob = staff_token(h["community"], subject="u-alice"), staff_token(h["community"], subject="u-bob")
    refunds = staff(h["community"]) + "/refunds"
    _, requested = call(client, "POST", refunds, alice, {"orderId": order_id, "amountFen": 700, "reason": "多收"})
    pay.faults.append("400")
    status, body = call(client, "POST", f"{refunds}/{requested['refundId']}/approve", bob)
    assert (status, body["error"]["code"]) == (409, "REFUND_REFUSED")
    _, listed = call(client, "GET", refunds, bob)
    assert [r["status"] for r in listed["items"]] == ["failed"]
    assert wiring.payment_store().get_order(h["community"], order_id).refunded_fen == 0


def test_wechat_pay_timing_out_when_ordering_answers_503_and_frees_the_bills(
    client: Any, pay: LocalWechatPay, two_houses: dict[str, Any]
) -> None:
    h = two_houses
    base = f"/v1/resident/communities/{h['community']}/houses/{h['mine']}"
    pay.faults.append("timeout")
    status, body = call(client, "POST", base + "/payments", h["token"], {"billIds": h["my_bills"]})
    assert (status, body["error"]["code"]) == (503, "PAYMENT_PROVIDER_UNAVAILABLE")
    assert {b.status for b in wiring.payment_store().bills_of_house(h["community"], h["mine"])} == {"unpaid"}
    status, again = call(client, "POST", base + "/payments", h["token"], {"billIds": h["my_bills"]})
    assert status == 201, again


def test_the_local_wechat_pay_completes_refunds_and_fails_one_when_told(
    client: Any, pay: LocalWechatPay, two_houses: dict[str, Any]
) -> None:
    """What `make up` runs: every approved refund completes a moment later (REFUND.SUCCESS notified), and
    `POST /local/refunds/fail-next` makes the next one end ABNORMAL, which releases its amount."""
    import urllib.request

    h = two_houses
    order_id = _paid_order(client, pay, h)
    alice, bob = staff_token(h["community"], subject="u-alice"), staff_token(h["community"], subject="u-bob")
    refunds = staff(h["community"]) + "/refunds"
    pay.auto_refund = 0.2
    try:
        _, first = call(client, "POST", refunds, alice, {"orderId": order_id, "amountFen": 300, "reason": "多收"})
        assert call(client, "POST", f"{refunds}/{first['refundId']}/approve", bob)[0] == 200
        request = urllib.request.Request(f"{pay.base_url}/local/refunds/fail-next", data=b"", method="POST")
        with urllib.request.urlopen(request, timeout=5) as answer:
            assert json.loads(answer.read()) == {"failNext": 1}
        _, second = call(client, "POST", refunds, alice, {"orderId": order_id, "amountFen": 400, "reason": "多收"})
        assert call(client, "POST", f"{refunds}/{second['refundId']}/approve", bob)[0] == 200

        def statuses() -> dict[str, str]:
            return {r["refundId"]: r["status"] for r in call(client, "GET", refunds, bob)[1]["items"]}

        deadline = time.monotonic() + 10
        while statuses() != {first["refundId"]: "refunded", second["refundId"]: "failed"}:
            assert time.monotonic() < deadline, statuses()
            time.sleep(0.1)
    finally:
        pay.auto_refund = None
    assert wiring.payment_store().get_order(h["community"], order_id).refunded_fen == 300
