"""Partner use cases: onboard, rotate a secret, cut off; authenticate a signed request; admit it under the quota
and the rate; record what it was answered (000 11.2: every call, with its record count and bytes).

Every authentication failure answers the same 401 SIGNATURE_INVALID (nothing tells a prober which check failed);
the reason goes to the log.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

import chalicelib.partners.signing as signing
from chalicelib.kernel.errors import NotFound
from chalicelib.kernel.security.principal import Principal
from chalicelib.partners.model import (
    ROTATION_GRACE,
    ApiKey,
    CallRecord,
    DailyUsage,
    Partner,
    PartnerStore,
    SecretBox,
    UsagePlans,
    address_allowed,
    check_new_partner,
    cut_off,
    key_usable,
    over_limit,
    refused,
    usage_plan_for,
    window_keys,
)

SECRET_CACHE_SECONDS = 300.0
# The partner the current request authenticated as (its masking levels, for the route that answers it).
current_partner: ContextVar[Partner | None] = ContextVar("current_partner", default=None)


@dataclass(frozen=True)
class SignedRequest:
    method: str
    path: str
    query: Mapping[str, str]
    body: bytes
    headers: Mapping[str, str]  # lower-case names
    source_ip: str


class PartnerService:
    def __init__(
        self,
        store: PartnerStore,
        box: SecretBox,
        now: Callable[[], datetime],
        new_id: Callable[[str], str],
        log_refusal: Callable[[str, str], None],
        plans: UsagePlans | None = None,
    ):
        self.plans = plans
        self.store = store
        self.box = box
        self.now = now
        self.new_id = new_id
        self.log_refusal = log_refusal
        self._secrets: dict[str, tuple[float, str]] = {}
        self._lock = threading.Lock()

    # -- the operator's side ----------------------------------------------------------------------------------------
    def onboard(
        self,
        *,
        name: str,
        kind: str,
        communities: list[str],
        scopes: list[str],
        masking: dict[str, str],
        allow_ips: list[str],
        quota_per_day: int,
        rate_per_minute: int,
        partner_id: str | None = None,
    ) -> tuple[Partner, str, str]:
        check_new_partner(name, kind, communities, scopes, masking, allow_ips, quota_per_day, rate_per_minute)
        partner = Partner(
            partner_id=partner_id or self.new_id("ptn"),
            name=name.strip(),
            kind=kind,
            communities=frozenset(communities),
            scopes=frozenset(scopes),
            masking=dict(masking),
            allow_ips=tuple(allow_ips),
            quota_per_day=quota_per_day,
            rate_per_minute=rate_per_minute,
            created_at=self.now(),
        )
        # The key is in its usage plan before anything is stored: a failure there leaves no partner without a key.
        key_id, secret, sealed = self._new_key(partner)
        saved = self.store.save_partner(partner)
        self.store.add_key(ApiKey(key_id, saved.partner_id, sealed, self.now()))
        return saved, key_id, secret

    def get(self, partner_id: str) -> Partner:
        partner = self.store.partner(partner_id)
        if partner is None:
            raise NotFound("no such partner", code="PARTNER_NOT_FOUND")
        return partner

    def all(self) -> list[Partner]:
        """Every partner the platform has onboarded, by name."""
        return sorted(self.store.partners(), key=lambda p: (p.name, p.partner_id))

    def rotate(self, partner_id: str, grace: timedelta = ROTATION_GRACE) -> tuple[str, str, datetime]:
        """A new key; every older key of the partner stops working after `grace` (zero: at once)."""
        partner = self.get(partner_id)
        retire_at = self.now() + grace
        for key in self.store.keys_of(partner.partner_id):
            if key.not_after is None or key.not_after > retire_at:
                self.store.retire_key(key.key_id, retire_at)
                self._forget(key.key_id)
        key_id, secret = self._issue(partner)
        return key_id, secret, retire_at

    def cut_off(self, partner_id: str) -> Partner:
        """Every key of the partner is refused from the next request on."""
        partner = self.get(partner_id)
        saved = self.store.save_partner(cut_off(partner, self.now()))
        if self.plans is not None:
            for key in self.store.keys_of(partner_id):
                self.plans.disable(key.key_id)  # the edge refuses them too (the app already does)
                self.store.mark_edge_off(key.key_id)
        return saved

    def switch_off_retired_keys(self) -> list[str]:
        """Every key the app already refuses (retired by a rotation and past its grace, or of a cut-off partner)
        switched off at the edge too, once: the gateway stops metering and passing its requests. A failure leaves
        the key for the next run (the app refuses it meanwhile). Answers the keys switched off now."""
        if self.plans is None:
            return []
        now, done = self.now(), []
        for partner in self.store.partners():
            for key in self.store.keys_of(partner.partner_id):
                if key.edge_off or key_usable(partner, key, now):
                    continue
                self.plans.disable(key.key_id)
                self.store.mark_edge_off(key.key_id)
                done.append(key.key_id)
        return done

    def usage(self, partner_id: str, day: str) -> list[DailyUsage]:
        self.get(partner_id)
        return self.store.usage(partner_id, day)

    def monthly(self, partner_id: str, month: str) -> list[tuple[str, list[DailyUsage], dict[str, int]]]:
        """Each Beijing day of `month` (YYYY-MM): the calls per resource and the refusals per reason."""
        import calendar

        self.get(partner_id)
        year, number = (int(x) for x in month.split("-"))
        days = [f"{month}-{d:02d}" for d in range(1, calendar.monthrange(year, number)[1] + 1)]
        return [(day, self.store.usage(partner_id, day), self.store.refusals(partner_id, day)) for day in days]

    def _new_key(self, partner: Partner) -> tuple[str, str, str]:
        key_id = self.new_id("pk")
        secret = secrets.token_urlsafe(32)
        if self.plans is not None:
            self.plans.enrol(key_id, partner.partner_id, usage_plan_for(partner.quota_per_day))
        return key_id, secret, self.box.seal(secret)

    def _issue(self, partner: Partner) -> tuple[str, str]:
        key_id, secret, sealed = self._new_key(partner)
        self.store.add_key(ApiKey(key_id, partner.partner_id, sealed, self.now()))
        return key_id, secret

    # -- the partner's request ----------------------------------------------------------------------------------------
    def authenticate(self, request: SignedRequest) -> Principal:
        now = self.now()
        headers = request.headers
        key_id, timestamp, nonce, signature = (headers.get(h, "") for h in signing.HEADERS)
        key_ok = bool(key_id) and len(key_id) <= 64 and key_id.isascii()
        if not (key_ok and timestamp and nonce and signature):
            raise self._refuse("missing signature headers", key_id)
        if not signing.timestamp_fresh(timestamp, now):
            raise self._refuse("timestamp outside the allowed skew", key_id)
        if not signing.NONCE.fullmatch(nonce):
            raise self._refuse("malformed nonce", key_id)
        key = self.store.key(key_id)
        partner = self.store.partner(key.partner_id) if key is not None else None
        if key is None or partner is None or not key_usable(partner, key, now):
            raise self._refuse("unknown, retired or cut-off key", key_id, partner, now)
        if not address_allowed(partner, request.source_ip):
            raise self._refuse(f"address {request.source_ip} outside the allow-list", key_id, partner, now)
        expected = signing.sign(
            self._secret(key), request.method, request.path, request.query, request.body, timestamp, nonce
        )
        if not signing.signature_matches(expected, signature):
            raise self._refuse("signature mismatch", key_id, partner, now)
        # Only a correctly signed request spends its nonce (nobody can burn a partner's nonces for them).
        if not self.store.claim_nonce(key_id, nonce, now + 2 * signing.SKEW):
            raise self._refuse("nonce already used", key_id, partner, now)
        self._admit(partner, now)
        current_partner.set(partner)
        return Principal(
            subject=partner.partner_id,
            kind="partner",
            roles=frozenset({"partner"}),
            communities=partner.communities,
            name=partner.name,
            token_id=key_id,
            issued_ms=int(now.timestamp() * 1000),
            scopes=partner.scopes,
        )

    def _admit(self, partner: Partner, now: datetime) -> None:
        minute, minute_left, day, day_left = window_keys(now)
        if not self.store.take(
            f"rate#{partner.partner_id}#{minute}", partner.rate_per_minute, now + timedelta(hours=1)
        ):
            self.store.count_refusal(partner.partner_id, day, "rate")
            raise over_limit("rate", minute_left)
        if not self.store.take(f"quota#{partner.partner_id}#{day}", partner.quota_per_day, now + timedelta(days=2)):
            self.store.count_refusal(partner.partner_id, day, "quota")
            raise over_limit("daily quota", day_left)

    def record_call(self, partner_id: str, resource: str, records: int, size: int, request_id: str) -> None:
        now = self.now()
        self.store.record_call(CallRecord(partner_id, resource, records, size, now, request_id), window_keys(now)[2])

    def _refuse(
        self, reason: str, key_id: str, partner: Partner | None = None, now: datetime | None = None
    ) -> Exception:
        """401 SIGNATURE_INVALID; counted on the partner's day when the key names one (its monthly report)."""
        self.log_refusal(reason, key_id[:64])
        if partner is not None and now is not None:
            self.store.count_refusal(partner.partner_id, window_keys(now)[2], "signature")
        return refused(reason)

    def _secret(self, key: ApiKey) -> str:
        with self._lock:
            cached = self._secrets.get(key.key_id)
            if cached is not None and cached[0] > time.monotonic():
                return cached[1]
        secret = self.box.open(key.sealed_secret)
        with self._lock:
            self._secrets[key.key_id] = (time.monotonic() + SECRET_CACHE_SECONDS, secret)
        return secret

    def _forget(self, key_id: str) -> None:
        with self._lock:
            self._secrets.pop(key_id, None)


def with_version(partner: Partner, version: int) -> Partner:
    return replace(partner, version=version)


REQUIRED_DIGEST = ("username", "uri", "nonce", "nc", "cnonce", "qop", "response")


def authenticate_digest(
    service: PartnerService, key_bytes: bytes, header: str | None, method: str, path: str, source_ip: str
) -> Partner | None:
    """The partner a GA/T 1400 Digest `Authorization` proves (None: answer a fresh challenge)."""
    import chalicelib.partners.digest as digest

    params = digest.parse(header)
    if any(not params.get(k) for k in REQUIRED_DIGEST) or params.get("qop") != "auth" or params["uri"] != path:
        return None
    now = service.now()
    if not digest.nonce_fresh(key_bytes, params["nonce"], now):
        return None
    key = service.store.key(params["username"][:64])
    partner = service.store.partner(key.partner_id) if key is not None else None
    if key is None or partner is None or not key_usable(partner, key, now):
        return None
    if not address_allowed(partner, source_ip):
        return None
    expected = digest.expected_response(params, service._secret(key), method)
    if not signing.signature_matches(expected, params["response"]):
        return None
    if not service.store.claim_nonce(key.key_id, f"digest-{params['nonce']}-{params['nc']}", now + 2 * signing.SKEW):
        return None  # a replayed response
    return partner
