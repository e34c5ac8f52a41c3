"""The notifier's consent gate with in-memory ports: a one-time consent taken for a WeChat message is given back
when the message could not be delivered; SMS and push are not gated."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from chalicelib.notifications.service import PUSH, WECHAT, ChannelError, Delivery, Message, Notifier, Recipient


class Book:
    def __init__(self, remaining: int):
        self.remaining = remaining

    def take(self, openid: str, kind: str) -> bool:
        if self.remaining < 1:
            return False
        self.remaining -= 1
        return True

    def give_back(self, openid: str, kind: str) -> None:
        self.remaining += 1


class Store:
    def __init__(self) -> None:
        self.items: dict[str, Delivery] = {}

    def get(self, delivery_id: str) -> Delivery | None:
        return self.items.get(delivery_id)

    def put(self, delivery: Delivery) -> None:
        self.items[delivery.delivery_id] = delivery

    def create(self, delivery: Delivery) -> Delivery | None:
        existing = self.items.get(delivery.delivery_id)
        if existing is None:
            self.items[delivery.delivery_id] = delivery
        return existing


class Refusing:
    def send(self, recipient: Recipient, message: Message) -> str:
        raise ChannelError("43101 user refuse to accept the msg", retryable=False)


class Accepting:
    def send(self, recipient: Recipient, message: Message) -> str:
        return "msg-1"


def notifier(channels: dict[str, Any], book: Book) -> Notifier:
    return Notifier(channels, Store(), lambda: datetime(2026, 12, 7, tzinfo=UTC), lambda s: None, consents=book)


def message(*recipients: Recipient) -> Message:
    return Message("c-1", "notice:n1", "published", "t", "b", recipients, kind="notice")


def test_a_failed_send_gives_the_one_time_consent_back() -> None:
    book = Book(1)
    [done] = notifier({WECHAT: Refusing()}, book).send(message(Recipient(WECHAT, "o-1")))
    assert done.status == "failed" and book.remaining == 1


def test_push_is_not_gated_and_wechat_without_consent_is_skipped() -> None:
    book = Book(0)
    sent = notifier({WECHAT: Accepting(), PUSH: Accepting()}, book).send(
        message(Recipient(WECHAT, "o-1"), Recipient(PUSH, "staff-1"))
    )
    assert [(d.channel, d.status) for d in sent] == [(WECHAT, "skipped_no_consent"), (PUSH, "sent")]
