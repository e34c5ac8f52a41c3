"""The care register's use cases: register a person in care (with consent and guardians), change the guardians,
read a profile (health data only through `health`, which the route audits), the guardians' view, care alerts
(raise with one open per person and kind, acknowledge, resolve with a visit record), a wearable's report, and the
signs-of-need run.

The visit that resolves a care alert is a work order of type `care_visit` (`VisitOrders`): acknowledging the alert
opens it (a care worker sees it with the community's work orders, can assign it); resolving the alert with the visit
record records the visit on the work order and completes it, then resolves the alert. One flow: the work order is
completed only through the alert (its own transitions may assign and start it; cancelling it leaves the alert open,
and resolving it then is refused)."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from chalicelib.care.absence import Absent, long_absent
from chalicelib.care.feed import METER_TOTALS, DeviceMessage, Signal, apply_meter, signal_of
from chalicelib.care.model import (
    ACKNOWLEDGED,
    ALERT_KINDS,
    CATEGORIES,
    OPEN,
    RESOLVED,
    AlertNotices,
    CareAlert,
    CareProfile,
    CareStore,
    Consent,
    Guardian,
    LastSeen,
    People,
    Sealer,
    Thresholds,
    VisitOrders,
    VisitRecord,
    default_quiet_hours,
    new_alert_id,
    new_care_id,
)
from chalicelib.care.signs import Reading, apply_reading, signs_of_need
from chalicelib.kernel.errors import Conflict, InvalidInput, NotFound

log = logging.getLogger(__name__)
BINDINGS_TTL = 60.0  # a newly bound device is heard within a minute


@dataclass(frozen=True)
class Registration:
    person_id: str
    house_id: str
    categories: tuple[str, ...]
    care_level: str
    consent: Consent
    guardians: tuple[Guardian, ...]
    wearables: tuple[str, ...] = ()
    door_contacts: tuple[str, ...] = ()
    meters: tuple[str, ...] = ()
    quiet_hours: int | None = None
    utility_hours: int | None = None
    heart_rate_low: int | None = None
    heart_rate_high: int | None = None
    heart_rate_minutes: int | None = None
    health: dict[str, Any] | None = None


@dataclass(frozen=True)
class FeedReport:
    people: int
    ignored: int


@dataclass(frozen=True)
class RunReport:
    people: int
    items_read: int
    raised: int
    already_open: int


class CareService:
    def __init__(
        self,
        store: CareStore,
        people: People,
        sealer: Sealer,
        now: Callable[[], datetime],
        notices: AlertNotices | None = None,
        visits: VisitOrders | None = None,
    ):
        self.store, self.people, self.sealer, self.now, self.notices = store, people, sealer, now, notices
        self.visits = visits
        self._binding_cache: dict[str, tuple[float, dict[str, list[tuple[str, str]]]]] = {}

    # ---- the register --------------------------------------------------------------------------------------------
    def register(self, community_id: str, reg: Registration, recorded_by: str) -> CareProfile:
        if not self.people.house_exists(community_id, reg.house_id):
            raise InvalidInput(
                "no such house in this community",
                code="VALIDATION_FAILED",
                details=[{"field": "houseId", "code": "unknown_house", "message": "no such house in this community"}],
            )
        name = self.people.resident_name(community_id, reg.house_id, reg.person_id)
        if name is None:
            raise InvalidInput(
                "the person does not live in that house of this community",
                code="CARE_PERSON_NOT_RESIDENT",
                details=[{"field": "personId", "code": "not_resident", "message": "does not live in that house"}],
            )
        if not set(reg.consent.scopes) >= {"register"}:
            raise InvalidInput(
                "the consent must cover the register itself",
                code="CARE_CONSENT_REQUIRED",
                details=[
                    {
                        "field": "consent.scopes",
                        "code": "missing_register",
                        "message": "the consent must cover the register",
                    }
                ],
            )
        if reg.health and "health_data" not in reg.consent.scopes:
            raise InvalidInput(
                "health data needs consent to health_data",
                code="CARE_CONSENT_REQUIRED",
                details=[
                    {
                        "field": "consent.scopes",
                        "code": "missing_health_data",
                        "message": "the consent must cover health data",
                    }
                ],
            )
        if reg.wearables and "wearable" not in reg.consent.scopes:
            raise InvalidInput(
                "a wearable needs consent to wearable",
                code="CARE_CONSENT_REQUIRED",
                details=[
                    {
                        "field": "consent.scopes",
                        "code": "missing_wearable",
                        "message": "the consent must cover the wearable",
                    }
                ],
            )
        for field_name, devices in (("wearables", reg.wearables), ("doorContacts", reg.door_contacts)):
            for i, device_id in enumerate(devices):
                if self.people.device_of_house(community_id, device_id) != reg.house_id:
                    raise InvalidInput(
                        "the device is not a device of the person's house",
                        code="CARE_DEVICE_NOT_IN_HOUSE",
                        details=[
                            {
                                "field": f"{field_name}[{i}]",
                                "code": "not_in_house",
                                "message": "not a device of that house",
                            }
                        ],
                    )
        meters: dict[str, str] = {}
        for i, device_id in enumerate(reg.meters):
            meter_type = self.people.device_type(community_id, device_id)
            if self.people.device_of_house(community_id, device_id) != reg.house_id or meter_type not in METER_TOTALS:
                raise InvalidInput(
                    "the device is not a water or electricity meter of the person's house",
                    code="CARE_DEVICE_NOT_IN_HOUSE",
                    details=[
                        {
                            "field": f"meters[{i}]",
                            "code": "not_a_meter_of_house",
                            "message": "not a meter of that house",
                        }
                    ],
                )
            meters[device_id] = meter_type
        guardians = self._guardians(community_id, reg.guardians)
        low = reg.heart_rate_low if reg.heart_rate_low is not None else Thresholds.heart_rate_low
        high = reg.heart_rate_high if reg.heart_rate_high is not None else Thresholds.heart_rate_high
        if low >= high:
            raise InvalidInput(
                "the heart-rate range is empty",
                code="VALIDATION_FAILED",
                details=[
                    {"field": "heartRateLow", "code": "not_below_high", "message": "must be below the upper limit"}
                ],
            )
        now = self.now()
        profile = CareProfile(
            care_id=new_care_id(),
            community_id=community_id,
            person_id=reg.person_id,
            house_id=reg.house_id,
            person_name=name,
            categories=tuple(c for c in CATEGORIES if c in reg.categories),
            care_level=reg.care_level,
            consent=replace(reg.consent, recorded_by=recorded_by),
            guardians=guardians,
            wearables=reg.wearables,
            door_contacts=reg.door_contacts,
            meters=tuple(meters),
            thresholds=Thresholds(
                quiet_hours=reg.quiet_hours or default_quiet_hours(reg.categories),
                utility_hours=reg.utility_hours or default_quiet_hours(reg.categories),
                heart_rate_low=low,
                heart_rate_high=high,
                heart_rate_minutes=reg.heart_rate_minutes or Thresholds.heart_rate_minutes,
            ),
            health_sealed=self.sealer.seal(json.dumps(reg.health, ensure_ascii=False)) if reg.health else None,
            created_at=now,
            updated_at=now,
        )
        if not self.store.create_profile(profile, meters):
            if self.store.profile(community_id, reg.person_id) is None:
                raise Conflict("a wearable is bound to somebody else", code="CARE_WEARABLE_TAKEN")
            raise Conflict("the person is in the care register already", code="CARE_ALREADY_REGISTERED")
        return profile

    def _guardians(self, community_id: str, given: tuple[Guardian, ...]) -> tuple[Guardian, ...]:
        seen: set[str] = set()
        named: list[Guardian] = []
        for i, g in enumerate(sorted(given, key=lambda g: g.order)):
            if g.account_id in seen:
                raise InvalidInput(
                    "a guardian is named twice",
                    code="VALIDATION_FAILED",
                    details=[{"field": f"guardians[{i}].accountId", "code": "duplicate", "message": "named twice"}],
                )
            seen.add(g.account_id)
            name = self.people.guardian_name(community_id, g.account_id, g.kind)
            if name is None:
                raise InvalidInput(
                    "no such account to be a guardian",
                    code="CARE_GUARDIAN_UNKNOWN",
                    details=[
                        {"field": f"guardians[{i}].accountId", "code": "unknown_account", "message": "no such account"}
                    ],
                )
            named.append(replace(g, name=g.name or name, order=i + 1))
        return tuple(named)

    def get(self, community_id: str, person_id: str) -> CareProfile:
        profile = self.store.profile(community_id, person_id)
        if profile is None:
            raise NotFound("no such person in care", code="CARE_PERSON_NOT_FOUND")
        return profile

    def health(self, profile: CareProfile) -> dict[str, Any]:
        """The sealed health record opened (the caller audits the read before answering)."""
        return dict(json.loads(self.sealer.open(profile.health_sealed))) if profile.health_sealed else {}

    def set_guardians(self, community_id: str, person_id: str, guardians: tuple[Guardian, ...]) -> CareProfile:
        before = self.get(community_id, person_id)
        after = before.with_guardians(self._guardians(community_id, guardians), self.now())
        if not self.store.replace_guardians(before, after):
            raise Conflict("the profile changed meanwhile; read it again", code="CARE_PROFILE_CHANGED")
        return after

    def page(self, community_id: str, limit: int, cursor: str | None) -> tuple[list[CareProfile], str | None]:
        return self.store.profiles(community_id, limit, cursor)

    def last_seen(self, profile: CareProfile) -> LastSeen | None:
        return self.store.last_seen(profile.community_id, profile.person_id)

    def communities(self) -> list[str]:
        return self.store.communities()

    def online(self, profile: CareProfile) -> bool | None:
        """Whether the person's wearable is online, as the devices capability's presence says (not data seen)."""
        return self.people.devices_online(profile.community_id, profile.wearables) if profile.wearables else None

    def alerts(
        self, community_id: str, status: str | None, limit: int, cursor: str | None
    ) -> tuple[list[CareAlert], str | None]:
        return self.store.alerts(community_id, status, limit, cursor)

    def alerts_of(self, profile: CareProfile, limit: int = 20) -> list[CareAlert]:
        return self.store.alerts_of(profile.community_id, profile.person_id, limit)

    # ---- guardians -----------------------------------------------------------------------------------------------
    def guarded(self, account_id: str) -> list[CareProfile]:
        found = []
        for care_id in self.store.guarded_by(account_id):
            profile = self.store.by_care_id(care_id)
            if profile is not None and profile.guards(account_id):
                found.append(profile)
        return found

    def guarded_one(self, account_id: str, care_id: str) -> CareProfile:
        """The person behind `care_id` when the account guards them; anyone else's reads as not found."""
        profile = self.store.by_care_id(care_id)
        if profile is None or not profile.guards(account_id):
            raise NotFound("no such person in your care", code="CARE_PERSON_NOT_FOUND")
        return profile

    def guardians_of_house(self, community_id: str, house_id: str) -> list[Guardian]:
        """Every guardian of the house's cared-for residents, in order of contact, each once."""
        found: dict[str, Guardian] = {}
        for profile in self.store.profiles_of_house(community_id, house_id):
            for g in profile.guardians:  # a guardian of two people: their earliest place in an order of contact
                if g.account_id not in found or g.order < found[g.account_id].order:
                    found[g.account_id] = g
        return sorted(found.values(), key=lambda g: g.order)

    # ---- care alerts ---------------------------------------------------------------------------------------------
    def raise_alert(self, profile: CareProfile, kind: str, detail: dict[str, Any]) -> CareAlert | None:
        """A new open alert, or None when one of this person and kind is open already. A new one is told to the
        guardians and the care workers (a failure to tell is logged: the alert stands, on the board)."""
        alert = CareAlert(
            alert_id=new_alert_id(),
            community_id=profile.community_id,
            person_id=profile.person_id,
            house_id=profile.house_id,
            kind=kind,
            raised_at=self.now(),
            detail=detail,
        )
        if not self.store.open_alert(alert):
            return None
        self.tell(profile, alert)
        return alert

    def tell(self, profile: CareProfile, alert: CareAlert) -> None:
        if self.notices is None:
            return
        try:
            self.notices.alert_raised(profile, alert)
        except Exception:
            log.exception("could not tell of care alert %s", alert.alert_id)

    def alert(self, community_id: str, alert_id: str) -> CareAlert:
        found = self.store.alert(community_id, alert_id)
        if found is None:
            raise NotFound("no such care alert", code="CARE_ALERT_NOT_FOUND")
        return found

    def acknowledge(self, community_id: str, alert_id: str, by: str) -> CareAlert:
        alert = self.alert(community_id, alert_id)
        if alert.status != OPEN:
            raise Conflict("the alert is acknowledged already", code="CARE_ALERT_ALREADY_ACKNOWLEDGED")
        after = replace(alert, status=ACKNOWLEDGED, ack_by=by, ack_at=self.now(), version=alert.version + 1)
        if not self.store.update_alert(alert, after):
            raise Conflict("the alert is acknowledged already", code="CARE_ALERT_ALREADY_ACKNOWLEDGED")
        if self.visits is not None:
            try:  # the visit's work order; resolving opens it when this failed
                self.visits.open(self.get(community_id, alert.person_id), after)
            except Exception:
                log.exception("could not open the care visit of alert %s", alert_id)
        return after

    def resolve(self, community_id: str, alert_id: str, visit: VisitRecord) -> CareAlert:
        alert = self.alert(community_id, alert_id)
        if alert.status == RESOLVED:
            raise Conflict("the alert is resolved already", code="CARE_ALERT_RESOLVED")
        now = self.now()
        if visit.visited_at > now:
            raise InvalidInput(
                "the visit is in the future",
                code="VALIDATION_FAILED",
                details=[{"field": "visitedAt", "code": "in_future", "message": "may not be in the future"}],
            )
        if self.visits is not None:  # the work order first: a retry after a failure below finds it completed
            self.visits.open(self.get(community_id, alert.person_id), alert)
            self.visits.record(alert, visit)
        after = replace(
            alert,
            status=RESOLVED,
            ack_by=alert.ack_by or visit.visited_by,
            ack_at=alert.ack_at or now,
            visit=visit,
            resolved_at=now,
            version=alert.version + 1,
        )
        if not self.store.update_alert(alert, after):
            raise Conflict("the alert changed meanwhile; read it again", code="CARE_ALERT_CHANGED")
        return after

    # ---- signs ---------------------------------------------------------------------------------------------------
    def wearable_report(self, community_id: str, person_id: str, device_id: str, reading: Reading) -> LastSeen:
        """A wearable's data for a person: refused unless the wearable is bound to them; implausible values flagged."""
        profile = self.get(community_id, person_id)
        if device_id not in profile.wearables or self.store.wearer(community_id, device_id) != person_id:
            raise InvalidInput(
                "the wearable is not bound to this person",
                code="CARE_WEARABLE_NOT_BOUND",
                details=[{"field": "deviceId", "code": "not_bound", "message": "not bound to this person"}],
            )
        seen = self.store.last_seen(community_id, person_id) or LastSeen(community_id, person_id)
        after = apply_reading(profile, seen, reading)
        self.store.save_last_seen(after)
        return after

    def device_messages(self, messages: list[DeviceMessage]) -> FeedReport:
        """Messages of the community's home devices (from the telemetry table's stream): those of a bound wearable or
        door contact update their person's "last seen" item, a meter of their house every cared-for person's of it (one
        read and one write per person and batch); the rest say nothing. The bindings of a community are read once
        per `BINDINGS_TTL` seconds."""
        by_person: dict[tuple[str, str], list[Signal]] = {}
        ignored = 0
        for message in messages:
            heard = False
            for person_id, device_type in self._bindings(message.community_id).get(message.device_id, ()):
                signal = signal_of(device_type, message)
                if signal is not None:
                    by_person.setdefault((message.community_id, person_id), []).append(signal)
                    heard = True
            ignored += 0 if heard else 1
        for (community_id, person_id), signals in by_person.items():
            profile = self.store.profile(community_id, person_id)
            if profile is None:
                continue
            seen = self.store.last_seen(community_id, person_id) or LastSeen(community_id, person_id)
            for signal in sorted(signals, key=lambda s: s.at or self.now()):
                if signal.meter is not None:
                    seen = apply_meter(seen, *signal.meter)
                if signal.reading is not None:
                    seen = apply_reading(profile, seen, signal.reading)
                if signal.activity_at is not None and (
                    seen.activity_at is None or signal.activity_at > seen.activity_at
                ):
                    seen = replace(seen, activity_at=signal.activity_at)
            self.store.save_last_seen(seen)
        return FeedReport(people=len(by_person), ignored=ignored)

    def _bindings(self, community_id: str) -> dict[str, list[tuple[str, str]]]:
        cached = self._binding_cache.get(community_id)
        if cached is None or time.monotonic() - cached[0] > BINDINGS_TTL:
            cached = (time.monotonic(), self.store.bindings(community_id))
            self._binding_cache[community_id] = cached
        return cached[1]

    def long_absence(self, community_id: str, limit: int, cursor: str | None) -> tuple[list[Absent], str | None]:
        """A page of houses (ordered by id, `limit` houses after `cursor`), their residents without a passage in
        half a year (000 7.2.1 d); one Query per resident for the last record."""
        houses = sorted(h for h in self.people.house_ids(community_id) if not cursor or h > cursor)
        page = houses[:limit]
        residents = [
            (r, self.people.last_entry(community_id, r.person_id))
            for house_id in page
            for r in self.people.residents(community_id, house_id)
        ]
        return long_absent(residents, self.now()), (page[-1] if len(houses) > limit else None)

    def activity(self, community_id: str, person_id: str, at: datetime) -> None:
        """A door opening or an access record of the person: a sign of life."""
        seen = self.store.last_seen(community_id, person_id) or LastSeen(community_id, person_id)
        if seen.activity_at is None or at > seen.activity_at:
            self.store.save_last_seen(replace(seen, activity_at=at))

    def passage(self, community_id: str, person_id: str, at: datetime) -> bool:
        """A resident's passage through a gate: a sign of life when they are in the care register (False, nothing
        written, for anyone else)."""
        if self.store.profile(community_id, person_id) is None:
            return False
        self.activity(community_id, person_id, at)
        return True

    def run(self, community_id: str, kinds: Collection[str] = ALERT_KINDS) -> RunReport:
        """The signs-of-need run: every profile and every "last seen" item of the community, each read once (two
        paged Queries), and a care alert for each sign of the `kinds` looked for (the hourly schedule's fast ones,
        the daily schedule's slow ones; none while one of that person and kind is open)."""
        seen: dict[str, LastSeen] = {}
        read = raised = already = people = 0
        for item in _pages(lambda c: self.store.last_seen_page(community_id, c)):
            seen[item.person_id] = item
            read += 1
        now = self.now()
        for profile in _pages(lambda c: self.store.profiles(community_id, 500, c)):
            people += 1
            read += 1
            for sign in signs_of_need(profile, seen.get(profile.person_id), now, kinds):
                if self.raise_alert(profile, sign.kind, sign.detail) is None:
                    already += 1
                else:
                    raised += 1
        return RunReport(people, read, raised, already)


def _pages(fetch: Callable[[str | None], tuple[list[Any], str | None]]) -> Iterator[Any]:
    cursor: str | None = None
    while True:
        items, cursor = fetch(cursor)
        yield from items
        if not cursor:
            return
