"""Delivery records of the notifier in the notifications table.

Layout: `N#{deliveryId}` / `DELIVERY`; gsi1 `C#c#SUBJ#{subject}` / `{created}#{id}` (a subject's deliveries, e.g. one
alarm's); gsi2 `C#c#DELIVERIES` / `{created}#{id}` (the community's, newest first). Kept 400 days (they prove who
was told about an alarm, including emergency-help requests, > 1 year). A retry round of a delivery is claimed by a
conditional put of `N#{deliveryId}` / `RETRY#{round}` (a queue message delivered twice sends once).
"""

from __future__ import annotations

from datetime import timedelta

from pynamodb.attributes import JSONAttribute, NumberAttribute, TTLAttribute, UnicodeAttribute, UTCDateTimeAttribute

from chalicelib.kernel.clock import iso
from chalicelib.kernel.dynamo import condition_failed
from chalicelib.kernel.pagination import decode_cursor, encode_cursor
from chalicelib.kernel.tables import NotificationTable
from chalicelib.notifications.service import Delivery

RETENTION_DAYS = 400


class DeliveryRecord(NotificationTable):
    delivery_id = UnicodeAttribute()
    community_id = UnicodeAttribute()
    subject = UnicodeAttribute()
    key = UnicodeAttribute()
    channel = UnicodeAttribute()
    address = UnicodeAttribute()
    role = UnicodeAttribute(default="")
    status = UnicodeAttribute()
    attempts = NumberAttribute(default=0)
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
    provider_id = UnicodeAttribute(null=True)
    reason = UnicodeAttribute(null=True)
    history = JSONAttribute(default=list)
    expires_at = TTLAttribute(null=True)


class RetryClaim(NotificationTable):
    pass


def _record(d: Delivery) -> DeliveryRecord:
    created = f"{iso(d.created_at)}#{d.delivery_id}"
    return DeliveryRecord(
        f"N#{d.delivery_id}",
        "DELIVERY",
        gsi1pk=f"C#{d.community_id}#SUBJ#{d.subject}",
        gsi1sk=created,
        gsi2pk=f"C#{d.community_id}#DELIVERIES",
        gsi2sk=created,
        delivery_id=d.delivery_id,
        community_id=d.community_id,
        subject=d.subject,
        key=d.key,
        channel=d.channel,
        address=d.address,
        role=d.role,
        status=d.status,
        attempts=d.attempts,
        created_at=d.created_at,
        updated_at=d.updated_at,
        provider_id=d.provider_id,
        reason=d.reason,
        history=[list(h) for h in d.history],
        expires_at=d.created_at + timedelta(days=RETENTION_DAYS),
    )


def _delivery(r: DeliveryRecord) -> Delivery:
    return Delivery(
        r.delivery_id,
        r.community_id,
        r.subject,
        r.key,
        r.channel,
        r.address,
        r.role or "",
        r.status,
        int(r.attempts or 0),
        r.created_at,
        r.updated_at,
        r.provider_id,
        r.reason,
        tuple(tuple(h) for h in (r.history or [])),  # type: ignore[misc]
    )


class DynamoDeliveries:
    def get(self, delivery_id: str) -> Delivery | None:
        try:
            return _delivery(DeliveryRecord.get(f"N#{delivery_id}", "DELIVERY", consistent_read=True))
        except DeliveryRecord.DoesNotExist:
            return None

    def put(self, delivery: Delivery) -> None:
        _record(delivery).save()

    def create(self, delivery: Delivery) -> Delivery | None:
        """A new delivery, put unless its record exists (then that record, read again)."""
        from pynamodb.exceptions import PutError

        try:
            _record(delivery).save(condition=DeliveryRecord.pk.does_not_exist())
        except PutError as exc:
            if condition_failed(exc):
                return self.get(delivery.delivery_id)
            raise
        return None

    def claim(self, delivery_id: str, round_: int) -> bool:
        """A retry round's claim, `N#{deliveryId}` / `RETRY#{round}`: the first put wins, a second finds it."""
        from pynamodb.exceptions import PutError

        try:
            RetryClaim(f"N#{delivery_id}", f"RETRY#{round_}").save(condition=RetryClaim.pk.does_not_exist())
        except PutError as exc:
            if condition_failed(exc):
                return False
            raise
        return True

    def page(
        self, community_id: str, subject: str | None, limit: int, cursor: str | None
    ) -> tuple[list[Delivery], str | None]:
        if subject:
            results = DeliveryRecord.gsi1.query(
                f"C#{community_id}#SUBJ#{subject}", limit=limit, last_evaluated_key=decode_cursor(cursor)
            )
        else:
            results = DeliveryRecord.gsi2.query(
                f"C#{community_id}#DELIVERIES",
                scan_index_forward=False,
                limit=limit,
                last_evaluated_key=decode_cursor(cursor),
            )
        return [_delivery(r) for r in results], encode_cursor(results.last_evaluated_key)
