"""The partners table (`kernel/tables.py: PartnerTable`): partners, keys, nonces, counters, call records, usage.

Items (pk / sk):
- `PARTNER#{id}` / `PROFILE`: the partner (JSON body, `version` for optimistic locking)
- `PARTNERS` / `PARTNER#{id}`: a copy of its body, written after every save, so the operator lists partners with one
  query (partners are tens, not thousands; one partition is enough)
- `PARTNER#{id}` / `KEY#{keyId}` and `KEY#{keyId}` / `KEY`: its keys (listed under the partner; found by id)
- `NONCE#{keyId}#{nonce}` / `NONCE`: a spent nonce, written only if absent, expires by TTL after twice the skew
- `COUNTER#{name}` / `COUNTER`: a quota or rate window, incremented only while under its limit
- `CALLS#{partnerId}#{day}` / `{at}#{requestId}`: one answered call (kept 190 days)
- `USAGE#{partnerId}#{day}` / `{resource}`: the day's totals per resource (calls, records, bytes)
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from pynamodb.attributes import NumberAttribute, TTLAttribute, UnicodeAttribute, VersionAttribute
from pynamodb.exceptions import PutError, UpdateError

from chalicelib.kernel.clock import iso, parse_iso, utcnow
from chalicelib.kernel.dynamo import condition_failed
from chalicelib.kernel.tables import PartnerTable
from chalicelib.partners.model import ApiKey, CallRecord, DailyUsage, Partner

LISTED = "PARTNERS"  # the listing partition
CALL_RETENTION = timedelta(days=190)  # call records >= 6 months (000 11.2; ops logs >= 6 months)


class PartnerItem(PartnerTable):
    body = UnicodeAttribute(null=True)
    version = VersionAttribute(null=True)
    expires_at = TTLAttribute(null=True)


class PlainItem(PartnerTable):
    """Keys and nonces: written whole, never edited concurrently (no version)."""

    body = UnicodeAttribute(null=True)
    expires_at = TTLAttribute(null=True)


class CounterItem(PartnerTable):
    hits = NumberAttribute(null=True)
    records = NumberAttribute(null=True)
    bytes = NumberAttribute(null=True)
    expires_at = TTLAttribute(null=True)


def _partner_body(p: Partner) -> str:
    return json.dumps(
        {
            "name": p.name,
            "kind": p.kind,
            "communities": sorted(p.communities),
            "scopes": sorted(p.scopes),
            "masking": p.masking,
            "allowIps": list(p.allow_ips),
            "dailyQuota": p.quota_per_day,
            "ratePerMinute": p.rate_per_minute,
            "status": p.status,
            "createdAt": iso(p.created_at) if p.created_at else None,
            "cutOffAt": iso(p.cut_off_at) if p.cut_off_at else None,
        },
        ensure_ascii=False,
    )


def _partner(partner_id: str, body: str | None, version: int | None) -> Partner:
    b: dict[str, Any] = json.loads(body or "{}")
    return Partner(
        partner_id=partner_id,
        name=b["name"],
        kind=b["kind"],
        communities=frozenset(b["communities"]),
        scopes=frozenset(b["scopes"]),
        masking=dict(b["masking"]),
        allow_ips=tuple(b["allowIps"]),
        quota_per_day=int(b["dailyQuota"]),
        rate_per_minute=int(b["ratePerMinute"]),
        status=b["status"],
        created_at=parse_iso(b["createdAt"]) if b.get("createdAt") else None,
        cut_off_at=parse_iso(b["cutOffAt"]) if b.get("cutOffAt") else None,
        version=int(version or 0),
    )


def _key_body(k: ApiKey) -> str:
    return json.dumps(
        {
            "partnerId": k.partner_id,
            "sealed": k.sealed_secret,
            "createdAt": iso(k.created_at),
            "notAfter": iso(k.not_after) if k.not_after else None,
            "edgeOff": k.edge_off,
        }
    )


def _key(key_id: str, item: PlainItem) -> ApiKey:
    b = json.loads(item.body or "{}")
    return ApiKey(
        key_id,
        b["partnerId"],
        b["sealed"],
        parse_iso(b["createdAt"]),
        parse_iso(b["notAfter"]) if b.get("notAfter") else None,
        bool(b.get("edgeOff")),
    )


class DynamoPartnerStore:
    def save_partner(self, partner: Partner) -> Partner:
        """Create (version 0) or update on the version read: a concurrent edit is a conflict, never lost."""
        from chalicelib.kernel.errors import Conflict

        item = PartnerItem(f"PARTNER#{partner.partner_id}", "PROFILE", body=_partner_body(partner))
        if partner.version:
            item.version = partner.version
        try:
            item.save()
        except PutError as exc:
            if condition_failed(exc):
                raise Conflict("the partner changed meanwhile; read it again", code="PARTNER_CONFLICT") from exc
            raise
        PlainItem(LISTED, f"PARTNER#{partner.partner_id}", body=item.body).save()
        return _partner(partner.partner_id, item.body, item.version)

    def partners(self) -> list[Partner]:
        """Every partner, by id (the listing copies; a partner saved before they existed is not listed until its
        next save)."""
        items = PlainItem.query(LISTED, PlainItem.sk.startswith("PARTNER#"))
        return [_partner(item.sk.removeprefix("PARTNER#"), item.body, None) for item in items]

    def partner(self, partner_id: str) -> Partner | None:
        try:
            item = PartnerItem.get(f"PARTNER#{partner_id}", "PROFILE")
        except PartnerItem.DoesNotExist:
            return None
        return _partner(partner_id, item.body, item.version)

    def add_key(self, key: ApiKey) -> None:
        body = _key_body(key)
        PlainItem(f"KEY#{key.key_id}", "KEY", body=body).save(condition=PlainItem.pk.does_not_exist())
        PlainItem(f"PARTNER#{key.partner_id}", f"KEY#{key.key_id}", body=body).save()

    def key(self, key_id: str) -> ApiKey | None:
        try:
            return _key(key_id, PlainItem.get(f"KEY#{key_id}", "KEY"))
        except PlainItem.DoesNotExist:
            return None

    def keys_of(self, partner_id: str) -> list[ApiKey]:
        items = PlainItem.query(f"PARTNER#{partner_id}", PlainItem.sk.startswith("KEY#"))
        return [_key(item.sk.removeprefix("KEY#"), item) for item in items]

    def retire_key(self, key_id: str, not_after: datetime) -> None:
        key = self.key(key_id)
        if key is not None:
            self._save_key(replace(key, not_after=not_after))

    def mark_edge_off(self, key_id: str) -> None:
        key = self.key(key_id)
        if key is not None and not key.edge_off:
            self._save_key(replace(key, edge_off=True))

    @staticmethod
    def _save_key(key: ApiKey) -> None:
        body = _key_body(key)
        PlainItem(f"KEY#{key.key_id}", "KEY", body=body).save()
        PlainItem(f"PARTNER#{key.partner_id}", f"KEY#{key.key_id}", body=body).save()

    def claim_nonce(self, key_id: str, nonce: str, expires_at: datetime) -> bool:
        item = PlainItem(f"NONCE#{key_id}#{nonce}", "NONCE", expires_at=expires_at)
        try:
            item.save(condition=PlainItem.pk.does_not_exist())
        except PutError as exc:
            if condition_failed(exc):
                return False
            raise
        return True

    def take(self, counter: str, limit: int, expires_at: datetime) -> bool:
        """One more in the window if it is still under `limit` (one conditional update: no read, no race)."""
        item = CounterItem(f"COUNTER#{counter}", "COUNTER")
        try:
            item.update(
                actions=[CounterItem.hits.add(1), CounterItem.expires_at.set(expires_at)],
                condition=CounterItem.hits.does_not_exist() | (CounterItem.hits < limit),
            )
        except UpdateError as exc:
            if condition_failed(exc):
                return False
            raise
        return True

    def record_call(self, record: CallRecord, day: str) -> None:
        CounterItem(
            f"CALLS#{record.partner_id}#{day}", f"{iso(record.at)}#{record.request_id}#{record.resource}"
        ).update(
            actions=[
                CounterItem.records.set(record.records),
                CounterItem.bytes.set(record.bytes),
                CounterItem.hits.set(1),
                CounterItem.expires_at.set(record.at + CALL_RETENTION),
            ]
        )
        CounterItem(f"USAGE#{record.partner_id}#{day}", record.resource).update(
            actions=[
                CounterItem.hits.add(1),
                CounterItem.records.add(record.records),
                CounterItem.bytes.add(record.bytes),
                CounterItem.expires_at.set(record.at + timedelta(days=400)),
            ]
        )

    def count_refusal(self, partner_id: str, day: str, reason: str) -> None:
        """One more refused request (signature, rate, quota) on the partner's Beijing day, kept 400 days."""
        CounterItem(f"REFUSALS#{partner_id}#{day}", reason).update(
            actions=[CounterItem.hits.add(1), CounterItem.expires_at.set(utcnow() + timedelta(days=400))]
        )

    def refusals(self, partner_id: str, day: str) -> dict[str, int]:
        return {i.sk: int(i.hits or 0) for i in CounterItem.query(f"REFUSALS#{partner_id}#{day}")}

    def usage(self, partner_id: str, day: str) -> list[DailyUsage]:
        return [
            DailyUsage(i.sk, int(i.hits or 0), int(i.records or 0), int(i.bytes or 0))
            for i in CounterItem.query(f"USAGE#{partner_id}#{day}")
        ]
