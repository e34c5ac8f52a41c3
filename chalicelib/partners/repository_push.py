"""Push subscriptions and their delivery log in the partners table.

- `SUBS` / `{subscriptionId}`: a subscription (JSON body, `rev` for conditional updates)
- `SUBS#PARTNER#{partnerId}` / `{subscriptionId}`: the partner's subscriptions (a reference)
- `DELIVERY#{subscriptionId}` / `{at}#{firstSeq}`: one attempt (kept 190 days)
- `VIIDALIVE` / `{partnerId}`: the partner platform's last GA/T 1400 registration or keepalive (kept 30 days)
"""

from __future__ import annotations

import json
from dataclasses import asdict, replace
from datetime import datetime, timedelta

from pynamodb.attributes import NumberAttribute, TTLAttribute, UnicodeAttribute
from pynamodb.exceptions import PutError

from chalicelib.kernel.clock import iso, parse_iso
from chalicelib.kernel.dynamo import condition_failed
from chalicelib.kernel.errors import Conflict
from chalicelib.kernel.tables import PartnerTable
from chalicelib.partners.push import Delivery, Subscription

LOG_RETENTION = timedelta(days=190)


class PushItem(PartnerTable):
    body = UnicodeAttribute(null=True)
    rev = NumberAttribute(null=True)
    expires_at = TTLAttribute(null=True)


def _dump(value: object) -> str:
    data = asdict(value)  # type: ignore[call-overload]
    return json.dumps({k: iso(v) if hasattr(v, "isoformat") else v for k, v in data.items()}, ensure_ascii=False)


def _sub(item: PushItem) -> Subscription:
    b = json.loads(item.body or "{}")
    for key in ("begin", "end", "next_due"):
        b[key] = parse_iso(b[key]) if b.get(key) else None
    b["version"] = int(item.rev or 0)
    return Subscription(**b)


class DynamoSubscriptionStore:
    def save(self, sub: Subscription) -> Subscription:
        item = PushItem("SUBS", sub.subscription_id, body=_dump(sub), rev=sub.version + 1)
        condition = PushItem.pk.does_not_exist() if sub.version == 0 else PushItem.rev == sub.version
        try:
            item.save(condition=condition)
        except PutError as exc:
            if condition_failed(exc):
                raise Conflict("the subscription changed meanwhile", code="SUBSCRIPTION_CONFLICT") from exc
            raise
        if sub.version == 0:
            PushItem(f"SUBS#PARTNER#{sub.partner_id}", sub.subscription_id).save()
        return replace(sub, version=sub.version + 1)

    def get(self, subscription_id: str) -> Subscription | None:
        try:
            return _sub(PushItem.get("SUBS", subscription_id, consistent_read=True))
        except PushItem.DoesNotExist:
            return None

    def active(self) -> list[Subscription]:
        return [s for s in map(_sub, PushItem.query("SUBS")) if s.status == "active"]

    def of_partner(self, partner_id: str) -> list[Subscription]:
        ids = [i.sk for i in PushItem.query(f"SUBS#PARTNER#{partner_id}")]
        return [s for s in (self.get(i) for i in ids) if s is not None]

    def log(self, delivery: Delivery) -> None:
        PushItem(
            f"DELIVERY#{delivery.subscription_id}",
            f"{iso(delivery.at)}#{delivery.first_seq:012d}",
            body=_dump(delivery),
            expires_at=delivery.at + LOG_RETENTION,
        ).save()

    def deliveries(self, subscription_id: str, limit: int) -> list[Delivery]:
        out = []
        for item in PushItem.query(f"DELIVERY#{subscription_id}", scan_index_forward=False, limit=limit):
            b = json.loads(item.body or "{}")
            b["at"] = parse_iso(b["at"])
            out.append(Delivery(**b))
        return out

    def keepalive(self, partner_id: str, at: datetime) -> None:
        PushItem("VIIDALIVE", partner_id, body=iso(at), expires_at=at + timedelta(days=30)).save()

    def last_keepalive(self, partner_id: str) -> datetime | None:
        try:
            item = PushItem.get("VIIDALIVE", partner_id, consistent_read=True)
        except PushItem.DoesNotExist:
            return None
        return parse_iso(item.body) if item.body else None
