"""Payments test helpers: the local WeChat Pay server wired into the app, a community with houses, fee items and
bills, resident accounts with an openid, and tokens."""

from __future__ import annotations

import json
import os
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from tests.fakes.wechatpay_server import LocalWechatPay

NOTIFY = "/v1/public/wechatpay/notify"


@pytest.fixture(scope="session", name="wechatpay")
def wechatpay_fixture(cloud: Any) -> Iterator[LocalWechatPay]:
    """One local WeChat Pay per session; the app's merchant secret holds its generated keys."""
    from chalicelib.kernel import wiring as kernel_wiring

    server = LocalWechatPay(appid="wx-local-demo", mchid="1900000109").start()
    cloud.client("secretsmanager").put_secret_value(
        SecretId=os.environ["WECHATPAY_SECRET_ARN"], SecretString=json.dumps(server.settings())
    )
    os.environ.update(
        WECHATPAY_API_BASE=server.base_url,
        WECHATPAY_NOTIFY_URL="http://127.0.0.1:9" + NOTIFY,
        WECHATPAY_TIMEOUT_SECONDS="1",
    )
    server.slow_seconds = 1.6
    kernel_wiring.reset()
    yield server
    server.stop()


@pytest.fixture(name="pay")
def pay_fixture(wechatpay: LocalWechatPay) -> Iterator[LocalWechatPay]:
    """The server with a clean fault queue and bill knobs for each test."""
    wechatpay.faults.clear()
    wechatpay.bill_hidden.clear()
    wechatpay.bill_amount_override.clear()
    wechatpay.extra_bill_rows.clear()
    yield wechatpay
    wechatpay.faults.clear()


def deliver_through(client: Any, server: LocalWechatPay) -> list[Any]:
    """Make the server's notifications go through the app's route (chalice test client); returns the answers."""
    answers: list[Any] = []

    def deliver(url: str, headers: dict[str, str], body: bytes) -> int:
        response = client.http.post(NOTIFY, headers={"Content-Type": "application/json", **headers}, body=body)
        answers.append(response)
        return int(response.status_code)

    server.deliver = deliver
    return answers


def new_community() -> str:
    return "c" + uuid.uuid4().hex[:10]


def make_house(community_id: str, building_id: str = "bld-1", area: float | None = 89.5) -> str:
    """A house record written through the registry repository (no building or address checks: billing reads only
    the house's area and building)."""
    from chalicelib.registry import wiring as registry_wiring
    from chalicelib.registry.model import Change, Record

    house_id = "h-" + uuid.uuid4().hex[:10]
    attrs: dict[str, Any] = {"buildingId": building_id, "houseNumber": "1-1-101", "addressCode": f"T-{house_id}"}
    if area is not None:
        attrs["areaSqm"] = area
    record = Record(kind="house", id=house_id, community_id=community_id, attrs=attrs, ingested_at=datetime.now(UTC))
    registry_wiring.registry_service().repo.commit(Change().create(record))
    return house_id


def make_resident() -> str:
    from chalicelib.identity.model import ResidentAccount
    from chalicelib.identity.repository import DynamoResidentAccounts

    account_id = "r-" + uuid.uuid4().hex[:10]
    DynamoResidentAccounts().add(
        ResidentAccount(account_id=account_id, openid="o" + uuid.uuid4().hex[:27], created_at=datetime.now(UTC))
    )
    return account_id


def resident_token(community_id: str, house_id: str, account_id: str) -> str:
    from tests.support.identity import token_for

    return token_for({"resident.owner"}, {community_id}, kind="resident", households={house_id}, subject=account_id)


def staff_token(community_id: str, role: str = "staff.manager", subject: str | None = None) -> str:
    from tests.support.identity import token_for

    return token_for({role}, {community_id}, subject=subject or "u-" + uuid.uuid4().hex[:8])


def property_fee(community_id: str, rate_fen: int = 250, fee_item_id: str = "prop") -> Any:
    from chalicelib.payments import wiring as payments_wiring
    from chalicelib.payments.bills import FeeItem

    return payments_wiring.billing_service().define_fee_item(
        FeeItem(community_id, fee_item_id, "物业费", "area", rate_fen, "monthly", created_by="test")
    )


def bills_for(community_id: str, period: str = "2026-11", rate_fen: int = 250) -> None:
    from chalicelib.payments import wiring as payments_wiring

    property_fee(community_id, rate_fen)
    payments_wiring.billing_service().generate(community_id, "prop", period)


def wait_for_order(community_id: str, order_id: str, status: str, timeout: float = 20) -> Any:
    from chalicelib.payments import wiring as payments_wiring

    store = payments_wiring.payment_store()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = store.get_order(community_id, order_id)
        if found is not None and found.status == status:
            return found
        time.sleep(0.1)
    raise AssertionError(f"{order_id} never reached {status}: {store.get_order(community_id, order_id)}")


def wait_for_token(community_id: str, order_id: str, timeout: float = 15) -> Any:
    from chalicelib.payments import wiring as payments_wiring

    store = payments_wiring.payment_store()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = store.get_order(community_id, order_id)
        if found is not None and found.task_token:
            return found
        time.sleep(0.05)
    raise AssertionError(f"{order_id} never stored its task token")


@pytest.fixture(name="serialised_writes")
def serialised_writes_fixture(monkeypatch: pytest.MonkeyPatch) -> None:
    """DynamoDB serialises writes to an item and runs a transaction atomically; moto does neither under threads
    (a failed TransactWriteItems restores a deep copy of the whole table taken before it ran, wiping a concurrent
    transaction's writes). Concurrency tests run moto's write calls one at a time, as DynamoDB would order them;
    the application's own reads and races are untouched."""
    from moto.dynamodb.models import DynamoDBBackend

    lock = threading.RLock()
    for name in ("transact_write_items", "put_item", "update_item", "delete_item"):
        original = getattr(DynamoDBBackend, name)

        def locked(self: Any, *args: Any, _original: Any = original, **kwargs: Any) -> Any:
            with lock:
                return _original(self, *args, **kwargs)

        monkeypatch.setattr(DynamoDBBackend, name, locked)
