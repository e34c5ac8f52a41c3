"""The care register in the care table: the only code that knows its keys and indexes.

Layout (`c` = community; every read is a GetItem or a Query):
- profile:     `C#c#CARE` / `P#{person}`; gsi1 `C#c#H#{house}#CARE` / `P#{person}` (the cared-for of a house: who
  an alarm in the home tells first); gsi2 `CARE#{careId}` / `P` (a guardian's handle on the person).
- guardian:    `G#{account}` / `CR#{careId}` (whom an account guards), written with the profile in one transaction.
- last seen:   `C#c#SEEN` / `P#{person}` (one item per person; the signs-of-need run pages through it).
- alert:       `C#c#CA#{id}` / `A`; gsi1 `C#c#CA` / `{raised}#{id}` (the community's); gsi2 `C#c#P#{person}#CA` /
  `{raised}#{id}` (a person's, what guardians read).
- binding:     `C#c#WEAR` / `D#{device}` -> the person of a wearable or door contact (claimed once);
  `D#{device}#P#{person}` -> a meter of the house of a person in care (a household shares its meters).
- open slot:   `C#c#CAOPEN` / `P#{person}#K#{kind}` -> the open alert: claimed (attribute_not_exists) in the
  transaction that records the alert, deleted in the one that resolves it: one open alert per person and kind.
Profiles and alerts carry a version: every change is a conditional write on the version it was read at.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pynamodb.attributes import JSONAttribute, NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib.care.model import (
    RESOLVED,
    CareAlert,
    CareProfile,
    Consent,
    Guardian,
    LastSeen,
    Thresholds,
    VisitRecord,
)
from chalicelib.kernel.clock import iso, parse_iso
from chalicelib.kernel.dynamo import transaction_connection, write_refused
from chalicelib.kernel.pagination import decode_cursor, encode_cursor
from chalicelib.kernel.tables import CareTable

METER_BINDING = "#P#"  # a meter's binding key: `D#{device}#P#{person}` (a household shares its meters)


class ProfileRecord(CareTable):
    care_id = UnicodeAttribute()
    community_id = UnicodeAttribute()
    person_id = UnicodeAttribute()
    house_id = UnicodeAttribute()
    person_name = UnicodeAttribute()
    categories = JSONAttribute()
    care_level = UnicodeAttribute()
    consent = JSONAttribute()
    guardians = JSONAttribute()
    wearables = JSONAttribute()
    door_contacts = JSONAttribute(default=list)
    meters = JSONAttribute(default=list)
    thresholds = JSONAttribute()
    health_sealed = UnicodeAttribute(null=True)
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
    version = NumberAttribute()


class GuardianLink(CareTable):
    care_id = UnicodeAttribute()
    community_id = UnicodeAttribute()
    person_id = UnicodeAttribute()


class SeenRecord(CareTable):
    community_id = UnicodeAttribute()
    person_id = UnicodeAttribute()
    seen = JSONAttribute()


class AlertRecord(CareTable):
    alert_id = UnicodeAttribute()
    community_id = UnicodeAttribute()
    person_id = UnicodeAttribute()
    house_id = UnicodeAttribute()
    kind = UnicodeAttribute()
    raised_at = UTCDateTimeAttribute()
    detail = JSONAttribute()
    status = UnicodeAttribute()
    ack_by = UnicodeAttribute(null=True)
    ack_at = UTCDateTimeAttribute(null=True)
    visit = JSONAttribute(null=True)
    resolved_at = UTCDateTimeAttribute(null=True)
    version = NumberAttribute()


class OpenSlot(CareTable):
    alert_id = UnicodeAttribute()


class CommunityMark(CareTable):
    """`CARE#COMMUNITIES` / `C#{c}`: the communities with a care register (what the scheduled run walks)."""

    community_id = UnicodeAttribute()


class WearableBinding(CareTable):
    """`C#c#WEAR` / `D#{device}` -> the person a wearable or door contact is bound to (what the device feed reads;
    a wearable's data for anyone else is refused)."""

    person_id = UnicodeAttribute()
    device_type = UnicodeAttribute(default="wearable")


def _profile_record(p: CareProfile) -> ProfileRecord:
    r = ProfileRecord(f"C#{p.community_id}#CARE", f"P#{p.person_id}")
    r.gsi1pk, r.gsi1sk = f"C#{p.community_id}#H#{p.house_id}#CARE", f"P#{p.person_id}"
    r.gsi2pk, r.gsi2sk = f"CARE#{p.care_id}", "P"
    r.care_id, r.community_id, r.person_id, r.house_id = p.care_id, p.community_id, p.person_id, p.house_id
    r.person_name, r.categories, r.care_level = p.person_name, list(p.categories), p.care_level
    r.consent = p.consent.as_dict()
    r.guardians = [g.as_dict() for g in p.guardians]
    r.wearables, r.door_contacts, r.meters = list(p.wearables), list(p.door_contacts), list(p.meters)
    t = p.thresholds
    r.thresholds = {
        "quietHours": t.quiet_hours,
        "heartRateLow": t.heart_rate_low,
        "heartRateHigh": t.heart_rate_high,
        "heartRateMinutes": t.heart_rate_minutes,
        "utilityHours": t.utility_hours,
    }
    r.health_sealed = p.health_sealed
    r.created_at, r.updated_at, r.version = p.created_at, p.updated_at, p.version
    return r


def _profile(r: ProfileRecord) -> CareProfile:
    c, t = r.consent, r.thresholds
    return CareProfile(
        care_id=r.care_id,
        community_id=r.community_id,
        person_id=r.person_id,
        house_id=r.house_id,
        person_name=r.person_name,
        categories=tuple(r.categories),
        care_level=r.care_level,
        consent=Consent(c["consentedBy"], parse_iso(c["consentedAt"]), tuple(c["scopes"]), c.get("recordedBy", "")),
        guardians=tuple(
            Guardian(g["accountId"], g["kind"], g["name"], g["relation"], int(g["order"])) for g in r.guardians
        ),
        wearables=tuple(r.wearables),
        door_contacts=tuple(r.door_contacts or ()),
        meters=tuple(r.meters or ()),
        thresholds=Thresholds(
            int(t["quietHours"]),
            int(t["heartRateLow"]),
            int(t["heartRateHigh"]),
            int(t["heartRateMinutes"]),
            int(t.get("utilityHours") or t["quietHours"]),
        ),
        health_sealed=r.health_sealed,
        created_at=r.created_at,
        updated_at=r.updated_at,
        version=int(r.version),
    )


def _link(p: CareProfile, g: Guardian) -> GuardianLink:
    link = GuardianLink(f"G#{g.account_id}", f"CR#{p.care_id}")
    link.care_id, link.community_id, link.person_id = p.care_id, p.community_id, p.person_id
    return link


def _seen_dict(s: LastSeen) -> dict[str, Any]:
    def t(v: datetime | None) -> str | None:
        return iso(v) if v else None

    return {
        "activityAt": t(s.activity_at),
        "wearableAt": t(s.wearable_at),
        "utilityAt": t(s.utility_at),
        "heartRate": s.heart_rate,
        "heartOutSince": t(s.heart_out_since),
        "batteryPct": s.battery_pct,
        "online": s.online,
        "position": list(s.position) if s.position else None,
        "positionAt": t(s.position_at),
        "nightFalls": list(s.night_falls),
        "flagged": list(s.flagged),
        "meterTotals": dict(s.meter_totals),
    }


def _seen(r: SeenRecord) -> LastSeen:
    d = r.seen

    def t(key: str) -> datetime | None:
        v = d.get(key)
        return parse_iso(v) if v else None

    pos = d.get("position")
    return LastSeen(
        community_id=r.community_id,
        person_id=r.person_id,
        activity_at=t("activityAt"),
        wearable_at=t("wearableAt"),
        utility_at=t("utilityAt"),
        heart_rate=d.get("heartRate"),
        heart_out_since=t("heartOutSince"),
        battery_pct=d.get("batteryPct"),
        online=d.get("online"),
        position=(float(pos[0]), float(pos[1])) if pos else None,
        position_at=t("positionAt"),
        night_falls=tuple(d.get("nightFalls") or ()),
        flagged=tuple(d.get("flagged") or ()),
        meter_totals={str(k): float(v) for k, v in (d.get("meterTotals") or {}).items()},
    )


def _alert_record(a: CareAlert) -> AlertRecord:
    r = AlertRecord(f"C#{a.community_id}#CA#{a.alert_id}", "A")
    key = f"{iso(a.raised_at)}#{a.alert_id}"
    r.gsi1pk, r.gsi1sk = f"C#{a.community_id}#CA", key
    r.gsi2pk, r.gsi2sk = f"C#{a.community_id}#P#{a.person_id}#CA", key
    r.alert_id, r.community_id, r.person_id, r.house_id = a.alert_id, a.community_id, a.person_id, a.house_id
    r.kind, r.raised_at, r.detail, r.status = a.kind, a.raised_at, a.detail, a.status
    r.ack_by, r.ack_at, r.resolved_at, r.version = a.ack_by, a.ack_at, a.resolved_at, a.version
    r.visit = a.visit.as_dict() if a.visit else None
    return r


def _alert(r: AlertRecord) -> CareAlert:
    v = r.visit
    return CareAlert(
        alert_id=r.alert_id,
        community_id=r.community_id,
        person_id=r.person_id,
        house_id=r.house_id,
        kind=r.kind,
        raised_at=r.raised_at,
        detail=dict(r.detail or {}),
        status=r.status,
        ack_by=r.ack_by,
        ack_at=r.ack_at,
        visit=VisitRecord(v["visitedBy"], parse_iso(v["visitedAt"]), v["outcome"], v["note"]) if v else None,
        resolved_at=r.resolved_at,
        version=int(r.version),
    )


def _slot(a: CareAlert) -> OpenSlot:
    slot = OpenSlot(f"C#{a.community_id}#CAOPEN", f"P#{a.person_id}#K#{a.kind}")
    slot.alert_id = a.alert_id
    return slot


class DynamoCareStore:
    def create_profile(self, profile: CareProfile, meters: dict[str, str] | None = None) -> bool:
        meters = meters or {}
        try:
            with TransactWrite(connection=transaction_connection(ProfileRecord)) as tx:
                tx.save(_profile_record(profile), condition=ProfileRecord.pk.does_not_exist())
                for g in profile.guardians:
                    tx.save(_link(profile, g))
                mark = CommunityMark("CARE#COMMUNITIES", f"C#{profile.community_id}")
                mark.community_id = profile.community_id
                tx.save(mark)
                bound = [(d, "wearable") for d in profile.wearables] + [
                    (d, "door_contact") for d in profile.door_contacts
                ]
                for device_id, device_type in bound:
                    binding = WearableBinding(f"C#{profile.community_id}#WEAR", f"D#{device_id}")
                    binding.person_id, binding.device_type = profile.person_id, device_type
                    tx.save(binding, condition=WearableBinding.pk.does_not_exist())
                for device_id, meter_type in meters.items():  # a household's: one binding per person in care
                    binding = WearableBinding(
                        f"C#{profile.community_id}#WEAR", f"D#{device_id}{METER_BINDING}{profile.person_id}"
                    )
                    binding.person_id, binding.device_type = profile.person_id, meter_type
                    tx.save(binding)
        except TransactWriteError as exc:
            if write_refused(exc):
                return False
            raise
        return True

    def communities(self) -> list[str]:
        return [r.community_id for r in CommunityMark.query("CARE#COMMUNITIES")]

    def wearer(self, community_id: str, device_id: str) -> str | None:
        try:
            return WearableBinding.get(f"C#{community_id}#WEAR", f"D#{device_id}").person_id
        except WearableBinding.DoesNotExist:
            return None

    def bindings(self, community_id: str) -> dict[str, list[tuple[str, str]]]:
        found: dict[str, list[tuple[str, str]]] = {}
        for r in WearableBinding.query(f"C#{community_id}#WEAR"):
            found.setdefault(r.sk[2:].split(METER_BINDING)[0], []).append((r.person_id, r.device_type))
        return found

    def profile(self, community_id: str, person_id: str) -> CareProfile | None:
        try:
            return _profile(ProfileRecord.get(f"C#{community_id}#CARE", f"P#{person_id}"))
        except ProfileRecord.DoesNotExist:
            return None

    def by_care_id(self, care_id: str) -> CareProfile | None:
        for r in ProfileRecord.gsi2.query(f"CARE#{care_id}", limit=1):
            return _profile(r)  # type: ignore[arg-type]
        return None

    def replace_guardians(self, before: CareProfile, after: CareProfile) -> bool:
        kept = {g.account_id for g in after.guardians}
        try:
            with TransactWrite(connection=transaction_connection(ProfileRecord)) as tx:
                tx.save(_profile_record(after), condition=ProfileRecord.version == before.version)
                for g in before.guardians:
                    if g.account_id not in kept:
                        tx.delete(GuardianLink(f"G#{g.account_id}", f"CR#{before.care_id}"))
                for g in after.guardians:
                    tx.save(_link(after, g))
        except TransactWriteError as exc:
            if write_refused(exc):
                return False
            raise
        return True

    def profiles(self, community_id: str, limit: int, cursor: str | None) -> tuple[list[CareProfile], str | None]:
        page = ProfileRecord.query(
            f"C#{community_id}#CARE",
            ProfileRecord.sk.startswith("P#"),
            limit=limit,
            last_evaluated_key=decode_cursor(cursor),
        )
        items = [_profile(r) for r in page]
        return items, encode_cursor(page.last_evaluated_key)

    def profiles_of_house(self, community_id: str, house_id: str) -> list[CareProfile]:
        return [_profile(r) for r in ProfileRecord.gsi1.query(f"C#{community_id}#H#{house_id}#CARE")]  # type: ignore[arg-type]

    def guarded_by(self, account_id: str) -> list[str]:
        return [r.care_id for r in GuardianLink.query(f"G#{account_id}", GuardianLink.sk.startswith("CR#"))]

    def last_seen(self, community_id: str, person_id: str) -> LastSeen | None:
        try:
            return _seen(SeenRecord.get(f"C#{community_id}#SEEN", f"P#{person_id}"))
        except SeenRecord.DoesNotExist:
            return None

    def last_seen_page(self, community_id: str, cursor: str | None) -> tuple[list[LastSeen], str | None]:
        page = SeenRecord.query(f"C#{community_id}#SEEN", last_evaluated_key=decode_cursor(cursor), limit=1000)
        items = [_seen(r) for r in page]
        return items, encode_cursor(page.last_evaluated_key)

    def save_last_seen(self, seen: LastSeen) -> None:
        r = SeenRecord(f"C#{seen.community_id}#SEEN", f"P#{seen.person_id}")
        r.community_id, r.person_id, r.seen = seen.community_id, seen.person_id, _seen_dict(seen)
        r.save()

    def open_alert(self, alert: CareAlert) -> bool:
        try:
            with TransactWrite(connection=transaction_connection(AlertRecord)) as tx:
                tx.save(_slot(alert), condition=OpenSlot.pk.does_not_exist())
                tx.save(_alert_record(alert), condition=AlertRecord.pk.does_not_exist())
        except TransactWriteError as exc:
            if write_refused(exc):
                return False
            raise
        return True

    def alert(self, community_id: str, alert_id: str) -> CareAlert | None:
        try:
            return _alert(AlertRecord.get(f"C#{community_id}#CA#{alert_id}", "A"))
        except AlertRecord.DoesNotExist:
            return None

    def update_alert(self, before: CareAlert, after: CareAlert) -> bool:
        try:
            with TransactWrite(connection=transaction_connection(AlertRecord)) as tx:
                tx.save(_alert_record(after), condition=AlertRecord.version == before.version)
                if after.status == RESOLVED:
                    tx.delete(_slot(after), condition=OpenSlot.alert_id == after.alert_id)
        except TransactWriteError as exc:
            if write_refused(exc):
                return False
            raise
        return True

    def alerts(
        self, community_id: str, status: str | None, limit: int, cursor: str | None
    ) -> tuple[list[CareAlert], str | None]:
        page = AlertRecord.gsi1.query(
            f"C#{community_id}#CA",
            scan_index_forward=False,
            limit=limit,
            last_evaluated_key=decode_cursor(cursor),
            filter_condition=(AlertRecord.status == status) if status else None,
        )
        items = [_alert(r) for r in page]  # type: ignore[arg-type]
        return items, encode_cursor(page.last_evaluated_key)

    def alerts_of(self, community_id: str, person_id: str, limit: int) -> list[CareAlert]:
        page = AlertRecord.gsi2.query(f"C#{community_id}#P#{person_id}#CA", scan_index_forward=False, limit=limit)
        return [_alert(r) for r in page]  # type: ignore[arg-type]
