"""The notifier's requests to its delivery store: a first send creates each delivery with one conditional write
(no read before it) and records the outcome with one more; a retried send finds the delivery and sends nothing
again; a delivery left queued or failed by an earlier try is sent again, not created again."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from chalicelib.notifications.service import PUSH, Delivery, Message, Notifier, Recipient


class CountingStore:
    def __init__(self) -> None:
        self.items: dict[str, Delivery] = {}
        self.requests: list[str] = []

    def get(self, delivery_id: str) -> Delivery | None:
        self.requests.append("get")
        return self.items.get(delivery_id)

    def put(self, delivery: Delivery) -> None:
        self.requests.append("put")
        self.items[delivery.delivery_id] = delivery

    def create(self, delivery: Delivery) -> Delivery | None:
        self.requests.append("create")
        existing = self.items.get(delivery.delivery_id)
        if existing is None:
            self.items[delivery.delivery_id] = delivery
        return existing

    def claim(self, delivery_id: str, round_: int) -> bool:
        return True


class Push:
    def __init__(self) -> None:
        self.sent: list[str] = []

    def send(self, recipient: Recipient, message: Message) -> str:
        self.sent.append(recipient.address)
        return f"push-{len(self.sent)}"


def message(*addresses: str) -> Message:
    return Message(
        "c-1", "alarm:alm-1", "level-0", "火警", "3栋", tuple(Recipient(PUSH, a) for a in addresses), kind="alarm"
    )


def notifier() -> tuple[Notifier, CountingStore, Push]:
    store, push = CountingStore(), Push()
    return Notifier({PUSH: push}, store, lambda: datetime(2026, 12, 7, tzinfo=UTC), lambda s: None), store, push


def test_a_first_send_is_one_create_and_one_record_per_recipient() -> None:
    sender, store, push = notifier()
    done = sender.send(message("guard-1", "guard-2", "guard-1"))
    assert [d.status for d in done] == ["sent", "sent"] and push.sent == ["guard-1", "guard-2"]
    assert store.requests == ["create", "put", "create", "put"]
    assert all(d.history[0][0] == "queued" for d in store.items.values())


def test_a_retried_send_sends_nothing_twice() -> None:
    sender, store, push = notifier()
    sender.send(message("guard-1"))
    store.requests.clear()
    again = sender.send(message("guard-1"))
    assert [d.status for d in again] == ["sent"] and push.sent == ["guard-1"]
    assert store.requests == ["create"], "the existing delivery is found by the create itself"


def test_a_delivery_an_earlier_try_left_queued_is_sent_and_keeps_its_record() -> None:
    sender, store, push = notifier()
    sender.send(message("guard-1"))
    (delivery,) = store.items.values()
    store.items[delivery.delivery_id] = replace(delivery, status="queued", history=delivery.history[:1])
    push.sent.clear()
    (done,) = sender.send(message("guard-1"))
    assert done.status == "sent" and push.sent == ["guard-1"]
    assert done.created_at == delivery.created_at and done.attempts == 2
