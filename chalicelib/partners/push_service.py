"""Push subscription use cases: subscribe (the partner's own communities and feed scopes only), and the delivery
round the schedule runs every minute (each due subscription gets its new changes in one batch, masked for its
partner; failures back off and dead-letter, every attempt logged)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from chalicelib.kernel.errors import Conflict, Forbidden, InvalidInput, NotFound
from chalicelib.partners.feed import FEED_RESOURCES, ChangeFeed
from chalicelib.partners.masking import for_partner
from chalicelib.partners.model import Partner
from chalicelib.partners.push import (
    BATCH,
    Delivery,
    Sender,
    Subscription,
    SubscriptionStore,
    after_failure,
    after_success,
    due,
    ended,
    lapsed,
    notification,
    revived,
)


class PushService:
    def __init__(
        self,
        store: SubscriptionStore,
        feed: ChangeFeed,
        partner_of: Callable[[str], Partner | None],
        sender: Sender,
        reveal: Callable[[str, str], str],
        now: Callable[[], datetime],
        new_id: Callable[[str], str],
    ):
        self.store = store
        self.feed = feed
        self.partner_of = partner_of
        self.sender = sender
        self.reveal = reveal
        self.now = now
        self.new_id = new_id

    def subscribe(
        self,
        partner: Partner,
        community_id: str,
        resource: str,
        receive_addr: str,
        report_interval: int,
        begin: datetime,
        end: datetime,
        title: str,
        source: str = "api",
    ) -> Subscription:
        self.check(partner, community_id, resource, receive_addr, begin, end)
        sub = Subscription(
            self.new_id("sub"),
            partner.partner_id,
            community_id,
            resource,
            receive_addr,
            report_interval,
            begin,
            end,
            title,
            source=source,
        )
        return self.store.save(sub)

    def check(
        self, partner: Partner, community_id: str, resource: str, receive_addr: str, begin: datetime, end: datetime
    ) -> None:
        """Refuses (403, 400 with field details) a subscription the partner may not make or that is not valid."""
        if community_id not in partner.communities or f"{resource}:feed" not in partner.scopes:
            raise Forbidden("your partner agreement does not cover this feed", code="PARTNER_SCOPE_FORBIDDEN")
        problems = []
        if resource not in FEED_RESOURCES:
            problems.append({"field": "ResourceURI", "code": "unknown_resource", "message": ", ".join(FEED_RESOURCES)})
        address = urlsplit(receive_addr)
        if address.scheme not in ("http", "https") or not address.hostname:
            problems.append({"field": "ReceiveAddr", "code": "invalid_address", "message": "an http(s) URL"})
        if end <= begin:
            problems.append({"field": "EndTime", "code": "range_invalid", "message": "after BeginTime"})
        if problems:
            raise InvalidInput("the subscription is not valid", code="VALIDATION_FAILED", details=problems)

    def revive(self, partner_id: str, subscription_id: str) -> Subscription:
        """A dead-lettered subscription of this partner active again (409 when it is not dead)."""
        sub = self.store.get(subscription_id)
        if sub is None or sub.partner_id != partner_id:
            raise NotFound("no such subscription", code="SUBSCRIPTION_NOT_FOUND")
        if sub.status != "dead":
            raise Conflict("only a dead-lettered subscription is revived", code="SUBSCRIPTION_NOT_DEAD")
        return self.store.save(revived(sub))

    def kept_alive(self, partner_id: str) -> None:
        self.store.keepalive(partner_id, self.now())

    def deliver_due(self) -> list[Delivery]:
        now = self.now()
        done: list[Delivery] = []
        for sub in self.store.active():
            if ended(sub, now):
                self.store.save(replace(sub, status="ended"))
                continue
            if not due(sub, now):
                continue
            partner = self.partner_of(sub.partner_id)
            if partner is None or partner.status != "active":
                continue  # a cut-off partner receives nothing
            if lapsed(sub, self.store.last_keepalive(sub.partner_id) if sub.source == "viid" else None, now):
                continue  # its platform stopped keeping alive: paused, the cursor waits
            delivery = self._deliver(sub, partner, now)
            if delivery is not None:
                done.append(delivery)
        return done

    def _deliver(self, sub: Subscription, partner: Partner, now: datetime) -> Delivery | None:
        changes, last = self.feed.page(sub.community_id, sub.resource, sub.cursor, BATCH)
        if not changes:
            self.store.save(after_success(sub, last, now))
            return None
        batch: list[tuple[Any, dict[str, Any]]] = [
            (c, for_partner(dict(c.data), partner, self.reveal)) for c in changes
        ]
        body = notification(sub, batch, now)
        status: int | None = None
        error: str | None = None
        try:
            status = self.sender.post(sub.receive_addr, body)
        except Exception as exc:  # the receiver is down: a failure like any other
            error = type(exc).__name__
        first = changes[0].seq
        if status is not None and 200 <= status < 300:
            self.store.save(after_success(sub, last, now))
            delivery = Delivery(sub.subscription_id, now, len(changes), first, last, "delivered", status)
        else:
            failed = after_failure(sub, now)
            self.store.save(failed)
            outcome = "dead_lettered" if failed.status == "dead" else "failed"
            delivery = Delivery(sub.subscription_id, now, len(changes), first, last, outcome, status, error)
        self.store.log(delivery)
        return delivery
