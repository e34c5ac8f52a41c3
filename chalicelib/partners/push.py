"""Push subscriptions, GA/T 1400 style (`SubscribeNotifications`): a partner subscribes to a resource of a
community (its change feed) with a receive address, a report interval and a begin/end time; every interval the
new changes are posted in one batch. A failed post is retried with exponential back-off (interval x 2^failures,
at most an hour); after `MAX_FAILURES` in a row the subscription is dead-lettered (status `dead`, nothing more is
sent until an operator revives it). Every attempt is logged. The cursor moves only after a delivery succeeded, so
a partner receives every change once, in order (a repeat only if its receiver failed after storing a batch). Pure."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, Protocol

from chalicelib.kernel.clock import gat_time, iso
from chalicelib.partners.model import Change

MAX_FAILURES = 5
MAX_BACKOFF = timedelta(hours=1)
BATCH = 500


@dataclass(frozen=True)
class Subscription:
    subscription_id: str
    partner_id: str
    community_id: str
    resource: str
    receive_addr: str
    report_interval: int  # seconds
    begin: datetime
    end: datetime
    title: str = ""
    cursor: int = 0
    failures: int = 0
    next_due: datetime | None = None
    status: str = "active"  # active | dead | ended
    version: int = 0
    source: str = "api"  # api (signed request) | viid (GA/T 1400 `/VIID/Subscribes`: delivered while alive)


@dataclass(frozen=True)
class Delivery:
    subscription_id: str
    at: datetime
    changes: int
    first_seq: int
    last_seq: int
    outcome: str  # delivered | failed | dead_lettered
    http_status: int | None
    error: str | None = None


# A GA/T 1400 platform keeps alive every KEEPALIVE_INTERVAL; after KEEPALIVE_MISSES intervals without one its
# subscriptions are paused (nothing is posted, the cursor stays) until a keepalive or registration comes again.
KEEPALIVE_INTERVAL = timedelta(seconds=60)
KEEPALIVE_MISSES = 3


def lapsed(sub: Subscription, last_alive: datetime | None, now: datetime) -> bool:
    """A `/VIID/Subscribes` subscription whose platform has not kept alive lately: no push until it does."""
    if sub.source != "viid":
        return False
    return last_alive is None or now - last_alive > KEEPALIVE_MISSES * KEEPALIVE_INTERVAL


def revived(sub: Subscription) -> Subscription:
    """A dead-lettered subscription back to active: due at once, from where its cursor stood (nothing is lost)."""
    return replace(sub, status="active", failures=0, next_due=None)


def due(sub: Subscription, now: datetime) -> bool:
    if sub.status != "active" or now < sub.begin:
        return False
    return sub.next_due is None or now >= sub.next_due


def ended(sub: Subscription, now: datetime) -> bool:
    return now >= sub.end


def after_success(sub: Subscription, last_seq: int, now: datetime) -> Subscription:
    return replace(sub, cursor=last_seq, failures=0, next_due=now + timedelta(seconds=sub.report_interval))


def after_failure(sub: Subscription, now: datetime) -> Subscription:
    failures = sub.failures + 1
    if failures >= MAX_FAILURES:
        return replace(sub, failures=failures, status="dead", next_due=None)
    backoff = min(MAX_BACKOFF, timedelta(seconds=sub.report_interval * 2**failures))
    return replace(sub, failures=failures, next_due=now + backoff)


LIST_OBJECTS = {
    "people": ("PersonListObject", "PersonObject"),
    "houses": ("HouseListObject", "HouseObject"),
    "vehicles": ("MotorVehicleListObject", "MotorVehicleObject"),
    "access_records": ("AccessRecordListObject", "AccessRecordObject"),
    "alarms": ("AlarmListObject", "AlarmObject"),
    "devices": ("DeviceListObject", "DeviceObject"),
}


def notification(sub: Subscription, changes: list[tuple[Change, dict[str, Any]]], now: datetime) -> dict[str, Any]:
    """One `SubscribeNotificationListObject` holding the batch (data already masked for the partner)."""
    list_name, object_name = LIST_OBJECTS.get(sub.resource, ("ObjectListObject", "Object"))
    first, last = changes[0][0].seq, changes[-1][0].seq
    return {
        "SubscribeNotificationListObject": {
            "SubscribeNotificationObject": [
                {
                    "NotificationID": f"{sub.subscription_id}-{first}-{last}",
                    "SubscribeID": sub.subscription_id,
                    "Title": sub.title,
                    "TriggerTime": gat_time(now),  # GA/T 1400: YYYYMMDDhhmmss, Beijing time
                    "InfoIDs": ",".join(c.record_id for c, _ in changes),
                    list_name: {
                        object_name: [
                            {"Seq": c.seq, "ID": c.record_id, "Op": c.op, "At": iso(c.at), **data}
                            for c, data in changes
                        ]
                    },
                }
            ]
        }
    }


class SubscriptionStore(Protocol):
    def save(self, sub: Subscription) -> Subscription: ...
    def get(self, subscription_id: str) -> Subscription | None: ...
    def active(self) -> list[Subscription]: ...
    def of_partner(self, partner_id: str) -> list[Subscription]: ...
    def log(self, delivery: Delivery) -> None: ...
    def deliveries(self, subscription_id: str, limit: int) -> list[Delivery]: ...
    def keepalive(self, partner_id: str, at: datetime) -> None: ...
    def last_keepalive(self, partner_id: str) -> datetime | None: ...


class Sender(Protocol):
    def post(self, url: str, body: dict[str, Any]) -> int:
        """The receiver's HTTP status (raises on a connection failure)."""
        ...
