"""Notifications: one message to many recipients over channels, with a delivery record per recipient.

General on purpose (alarms today, work orders next): a `Message` names its subject (`alarm:<id>`, `workorder:<id>`),
a `key` that makes it unique within the subject (`level-0`), its recipients (channel + address) and its content.
Each (subject, key, channel, address) is one `Delivery`: queued -> sent (with the provider's message id) or
failed (with the reason), with the number of attempts. Sending the same message again (a retried workflow task)
changes nothing for deliveries already sent, and retries those that failed.

A channel failure is retried with exponential backoff inside `send`; what still fails is recorded and reported,
never raised: the caller (an escalation) goes on.

A WeChat subscribe message goes only to a recipient who accepted its kind (`consent.py`): the notifier takes the
consent before sending (a one-time one is used up, and given back when the message could not be delivered);
without one the delivery is `skipped_no_consent` and nothing is sent.

What still fails with a retryable error after the in-process attempts (network, HTTP 5xx, WeChat's errcode -1
"system busy") is `retrying`: the message goes to the retry queue (`RetryQueue`, SQS with a dead-letter queue) and
is sent again after a back-off, at most `MAX_RETRY_ROUNDS` rounds; each round is claimed once (`claim`), so a queue
message delivered twice sends nothing twice, and a delivery already sent is never sent again. Permanent errors
(43101 the user refused, 40003 invalid openid, 47003 invalid data) are recorded as failed at once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Protocol

QUEUED, SENT, FAILED = "queued", "sent", "failed"
SKIPPED_NO_CONSENT = "skipped_no_consent"
RETRYING = "retrying"  # a retryable failure (network, 5xx, WeChat busy): tried again later from the retry queue
MAX_RETRY_ROUNDS = 5  # rounds from the retry queue (each with the in-process attempts) before a delivery fails


def retry_delay(round_: int, base_seconds: int = 30) -> int:
    """Seconds before retry round `round_` (30 s, 60 s, 2 min, 4 min, 8 min; SQS delays at most 15 minutes)."""
    return min(900, base_seconds * 2**round_)  # a WeChat recipient who has not accepted the kind: told in the app only


WECHAT, PUSH, SMS = "wechat", "push", "sms"
CHANNELS = (WECHAT, PUSH, SMS)


class ChannelError(Exception):
    """A provider refused or failed. `retryable` says whether trying again may help (5xx, timeout, rate limit)."""

    def __init__(self, reason: str, retryable: bool = True):
        super().__init__(reason)
        self.reason = reason
        self.retryable = retryable


@dataclass(frozen=True)
class Recipient:
    channel: str  # wechat | push | sms
    address: str  # openid | staff account (push account) | mobile number
    name: str = ""
    role: str = ""  # why they get it: on_duty, manager, owner, emergency_contact, ...
    masked: str = ""  # what may be shown (phone numbers are masked in records)


@dataclass(frozen=True)
class Message:
    community_id: str
    subject: str
    key: str
    title: str
    body: str
    recipients: tuple[Recipient, ...]
    fields: dict[str, str] = field(default_factory=dict)  # the kind's logical fields (templates.py), as people read
    link: str = ""  # where the app / mini-program opens
    kind: str = ""  # the template (templates.KINDS): alarm, sos, work_order, arrears, visitor, refund, ...


@dataclass(frozen=True)
class Delivery:
    delivery_id: str
    community_id: str
    subject: str
    key: str
    channel: str
    address: str  # stored masked for phone numbers
    role: str
    status: str
    attempts: int
    created_at: datetime
    updated_at: datetime
    provider_id: str | None = None
    reason: str | None = None
    history: tuple[tuple[str, str], ...] = ()  # (status or attempt note, at)


class Channel(Protocol):
    def send(self, recipient: Recipient, message: Message) -> str:
        """Deliver to the provider; returns the provider's message id. Raises ChannelError."""
        ...


class DeliveryStore(Protocol):
    def get(self, delivery_id: str) -> Delivery | None: ...

    def put(self, delivery: Delivery) -> None: ...

    def create(self, delivery: Delivery) -> Delivery | None:
        """Store a new delivery unless one with its id exists (a conditional put): None when stored, else the
        existing one, which is left as it is. One request where a read and a write were two."""
        ...

    def claim(self, delivery_id: str, round_: int) -> bool:
        """True for the first caller of this retry round of the delivery (a conditional put), False after."""
        ...


class RetryQueue(Protocol):
    def later(self, payload: dict[str, Any], delay_seconds: int) -> None: ...


def retry_payload(message: Message, recipient: Recipient, round_: int) -> dict[str, Any]:
    from dataclasses import asdict

    doc = asdict(message)
    doc.pop("recipients")
    return {"message": doc, "recipient": asdict(recipient), "round": round_}


def from_retry_payload(payload: dict[str, Any]) -> tuple[Message, Recipient, int]:
    recipient = Recipient(**payload["recipient"])
    message = Message(**payload["message"], recipients=(recipient,))
    return message, recipient, int(payload["round"])


def delivery_id(subject: str, key: str, channel: str, address: str) -> str:
    digest = hashlib.sha256(f"{subject}|{key}|{channel}|{address}".encode()).hexdigest()[:24]
    return f"dlv-{digest}"


@dataclass
class Notifier:
    channels: dict[str, Channel]
    store: DeliveryStore
    now: Callable[[], datetime]
    sleep: Callable[[float], None]
    attempts: int = 3
    backoff_seconds: float = 0.2
    consents: Any = None  # consent.ConsentBook: WeChat recipients need one per kind (None: not checked)
    retries: RetryQueue | None = None  # where retryable failures go to be tried again later (None: failed at once)
    retry_base_seconds: int = 30

    def send(self, message: Message) -> list[Delivery]:
        from chalicelib.kernel.clock import iso

        results: list[Delivery] = []
        seen: set[str] = set()
        for recipient in message.recipients:
            did = delivery_id(message.subject, message.key, recipient.channel, recipient.address)
            if did in seen:
                continue
            seen.add(did)
            now = self.now()
            fresh = Delivery(
                did,
                message.community_id,
                message.subject,
                message.key,
                recipient.channel,
                recipient.masked or recipient.address,
                recipient.role,
                QUEUED,
                0,
                now,
                now,
                history=((QUEUED, iso(now)),),
            )
            existing = self.store.create(fresh)  # a retried task finds its delivery
            if existing is not None and existing.status == SENT:
                results.append(existing)  # already delivered
                continue
            delivery = existing or fresh
            gated = recipient.channel == WECHAT and self.consents is not None
            if gated and not self.consents.take(recipient.address, message.kind):
                if delivery.status != SKIPPED_NO_CONSENT:
                    delivery = self._record(delivery, SKIPPED_NO_CONSENT, reason=f"no consent to {message.kind}")
                results.append(delivery)
                continue
            done, retryable = self._deliver(delivery, recipient, message)
            results.append(self._after(done, retryable, recipient, message, 0, gated))
        return results

    def retry(self, payload: dict[str, Any]) -> Delivery | None:
        """A retry round from the queue: sent at most once (a delivery sent already, or a round claimed already,
        sends nothing); a retryable failure goes back to the queue for the next round."""
        message, recipient, round_ = from_retry_payload(payload)
        did = delivery_id(message.subject, message.key, recipient.channel, recipient.address)
        existing = self.store.get(did)
        if existing is None or existing.status == SENT or not self.store.claim(did, round_):
            return existing
        gated = recipient.channel == WECHAT and self.consents is not None  # its consent was taken before round 0
        done, retryable = self._deliver(existing, recipient, message)
        return self._after(done, retryable, recipient, message, round_ + 1, gated)

    def _after(
        self, done: Delivery, retryable: bool, recipient: Recipient, message: Message, next_round: int, gated: bool
    ) -> Delivery:
        if done.status == SENT:
            return done
        if retryable and self.retries is not None and next_round < MAX_RETRY_ROUNDS:
            self.retries.later(
                retry_payload(message, recipient, next_round), retry_delay(next_round, self.retry_base_seconds)
            )
            return self._record(done, RETRYING)
        if gated:
            self.consents.give_back(recipient.address, message.kind)
        return done

    def _deliver(self, delivery: Delivery, recipient: Recipient, message: Message) -> tuple[Delivery, bool]:
        """The delivery sent (or failed), and whether its last failure may pass if tried again later."""
        from chalicelib.kernel.clock import iso

        channel = self.channels.get(recipient.channel)
        if channel is None:
            return self._record(delivery, FAILED, reason=f"no {recipient.channel} channel configured"), False
        reason = "not attempted"
        retryable = False
        for attempt in range(self.attempts):
            if attempt:
                self.sleep(self.backoff_seconds * (2 ** (attempt - 1)))
            try:
                provider_id = channel.send(recipient, message)
            except ChannelError as exc:
                reason, retryable = exc.reason, exc.retryable
                delivery = replace(
                    delivery,
                    attempts=delivery.attempts + 1,
                    history=(*delivery.history, (f"attempt failed: {exc.reason}", iso(self.now()))),
                )
                if not exc.retryable:
                    break
                continue
            except Exception as exc:  # a client bug must not stop the escalation; it is recorded
                reason, retryable = f"{type(exc).__name__}: {exc}", False
                delivery = replace(delivery, attempts=delivery.attempts + 1)
                continue
            sent = self._record(replace(delivery, attempts=delivery.attempts + 1), SENT, provider_id=provider_id)
            return sent, False
        return self._record(delivery, FAILED, reason=reason), retryable

    def _record(self, delivery: Delivery, status: str, **changes: Any) -> Delivery:
        from chalicelib.kernel.clock import iso

        now = self.now()
        done = replace(
            delivery, status=status, updated_at=now, history=(*delivery.history, (status, iso(now))), **changes
        )
        self.store.put(done)
        return done
