"""Where the open data service reads: the registry (people, houses, vehicles), the entry log (visitors) and the
alarms, each through its package face, turned into the partner-neutral record shape of `masking.py`."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from chalicelib import alarms, devices, registry, visitors
from chalicelib.kernel.clock import iso
from chalicelib.kernel.security import pii


def _sealed(sealed: dict[str, Any], value: str, masked: str) -> dict[str, Any] | None:
    if not sealed.get(value):
        return None
    return {"masked": sealed.get(masked), "sealed": sealed.get(value)}


def person_record(r: Any) -> dict[str, Any]:
    a = r.attrs or {}
    sealed = r.sealed or {}
    return {
        "personId": r.id,
        "name": a.get("name", ""),
        "gender": a.get("gender"),
        "populationType": a.get("populationType"),
        "keyCategory": a.get("keyCategory"),
        "phone": _sealed(sealed, "phone", "phoneMasked"),
        "idNumber": _sealed(sealed, "idNumber", "idMasked"),
        "dataSource": r.data_source,
        "ingestedAt": iso(r.ingested_at),
    }


def house_record(r: Any) -> dict[str, Any]:
    a = r.attrs or {}
    return {
        "houseId": r.id,
        "label": registry.place_labels(r.community_id or "", house_ids=[r.id]).get(r.id, ""),
        "addressCode": a.get("addressCode"),
        "use": a.get("use"),
        "status": a.get("status"),
        "dataSource": r.data_source,
        "ingestedAt": iso(r.ingested_at),
    }


def entry_record(e: Any) -> dict[str, Any]:
    return {
        "entryId": e.entry_id,
        "gateId": e.gate_id,
        "direction": e.direction,
        "method": e.method,
        "subjectKind": e.subject_kind,
        "houseId": e.house_id,
        "plate": e.car_plate,
        "at": iso(e.at),
    }


def alarm_record(a: Any) -> dict[str, Any]:
    return {
        "alarmId": a.alarm_id,
        "type": a.alarm_type,
        "severity": a.severity,
        "status": a.status,
        "title": a.title,
        "houseId": a.house_id,
        "building": a.building,
        "createdAt": iso(a.created_at),
        "clearedAt": iso(a.cleared_at) if a.cleared_at else None,
    }


class RegistrySource:
    def people(self, community_id: str, limit: int, cursor: str | None) -> tuple[list[dict[str, Any]], str | None]:
        records, next_cursor = registry.registry_service().repo.people_by_name(community_id, None, limit, cursor)
        return [person_record(r) for r in records if r.kind == "person"], next_cursor

    def houses(self, community_id: str, limit: int, cursor: str | None) -> tuple[list[dict[str, Any]], str | None]:
        records, next_cursor = registry.registry_service().repo.houses(community_id, None, None, limit, cursor)
        return [house_record(r) for r in records if r.kind == "house"], next_cursor


class ActivitySource:
    def entries(self, community_id: str, since: datetime, until: datetime, limit: int) -> list[dict[str, Any]]:
        return _first(map(entry_record, visitors.entries_between(community_id, since, until)), limit)

    def alarms(self, community_id: str, since: datetime, until: datetime, limit: int) -> list[dict[str, Any]]:
        return _first(map(alarm_record, alarms.alarms_between(community_id, since, until)), limit)


def _first(items: Iterator[dict[str, Any]], limit: int) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for item in items:
        out.append(item)
        if len(out) >= limit:
            break
    return out


def reveal(field_name: str, sealed: str) -> str:
    """A sealed phone or ID number in clear, for a partner granted `full` (the call is audited by the route)."""
    opened = registry.registry_service().personal.reveal({field_name: sealed})
    return str(opened.get(field_name) or "")


class ApiGatewayPlans:
    """The partner API's usage plans in API Gateway: a partner's key id (the `X-Api-Key` it signs with) becomes an
    API key in the plan its quota fits; a cut-off partner's keys are switched off. The plans' ids come from the
    template (`PARTNER_PLAN_*_ID`)."""

    def _client(self) -> Any:
        from chalicelib.kernel import aws

        return aws.client("apigateway")

    def enrol(self, key_id: str, partner_id: str, plan: str) -> None:
        import os

        plan_id = os.environ.get(f"PARTNER_PLAN_{plan.upper()}_ID")
        if not plan_id:
            raise RuntimeError(f"no usage plan id for the {plan} plan (PARTNER_PLAN_{plan.upper()}_ID)")
        client = self._client()
        created = client.create_api_key(
            name=key_id, value=key_id, enabled=True, description=f"partner {partner_id}", tags={"partner": partner_id}
        )
        client.create_usage_plan_key(usagePlanId=plan_id, keyId=created["id"], keyType="API_KEY")

    def disable(self, key_id: str) -> None:
        client = self._client()
        for found in client.get_api_keys(nameQuery=key_id, includeValues=False).get("items", []):
            if found.get("name") == key_id and found.get("enabled"):
                client.update_api_key(
                    apiKey=found["id"], patchOperations=[{"op": "replace", "path": "/enabled", "value": "false"}]
                )


class KmsSecretBox:
    """API secrets sealed with the PII key (envelope encryption); opened only to verify a signature."""

    def seal(self, secret: str) -> str:
        return pii.encrypt(secret, purpose="partner-api-secret")

    def open(self, sealed: str) -> str:
        return pii.decrypt(sealed, purpose="partner-api-secret")


# -- change sources: the registry table's stream -----------------------------------------------------------------------
REGISTRY_RESOURCES = {"person": "people", "house": "houses", "vehicle": "vehicles"}


class _Image:
    """A registry entity as its stream image holds it (the attributes `person_record` and friends read)."""

    def __init__(self, image: dict[str, Any]):
        import json

        self.id = str(image.get("entity_id", ""))
        self.kind = str(image.get("entity", ""))
        self.community_id = image.get("community_id")
        self.attrs = json.loads(image["attrs"]) if isinstance(image.get("attrs"), str) else image.get("attrs") or {}
        self.sealed = json.loads(image["sealed"]) if isinstance(image.get("sealed"), str) else image.get("sealed")
        self.data_source = str(image.get("data_source", "manual"))
        self.ingested_at = _stream_time(image.get("ingested_at"))


def _stream_time(value: Any) -> datetime:
    from chalicelib.kernel.clock import parse_iso, utcnow

    if not isinstance(value, str) or not value:
        return utcnow()
    try:
        return parse_iso(value.replace("+0000", "Z"))
    except ValueError:
        return utcnow()


def vehicle_record(r: Any) -> dict[str, Any]:
    a = r.attrs or {}
    return {
        "vehicleId": r.id,
        "plate": a.get("plate"),
        "houseId": a.get("houseId"),
        "vehicleType": a.get("vehicleType"),
        "dataSource": r.data_source,
        "ingestedAt": iso(r.ingested_at),
    }


def registry_change(record: dict[str, Any]) -> tuple[str, str, str, str, dict[str, Any], str] | None:
    """(community, resource, record id, op, data, event id) for a registry stream record of a person, house or
    vehicle; None for every other item (locks, residencies, organisations)."""
    from boto3.dynamodb.types import TypeDeserializer

    stream = record.get("dynamodb") or {}
    removed = record.get("eventName") == "REMOVE"
    raw = stream.get("OldImage" if removed else "NewImage") or {}
    deserializer = TypeDeserializer()
    image = {k: deserializer.deserialize(v) for k, v in raw.items()}
    resource = REGISTRY_RESOURCES.get(str(image.get("entity", "")))
    if resource is None or not image.get("community_id") or not image.get("entity_id"):
        return None
    entity = _Image(image)
    if removed:
        data: dict[str, Any] = {}
    elif resource == "people":
        data = person_record(entity)
    elif resource == "houses":
        data = {**house_record_plain(entity)}
    else:
        data = vehicle_record(entity)
    event_id = str(record.get("eventID") or stream.get("SequenceNumber") or "")
    op = "delete" if removed else "upsert"
    return str(entity.community_id), resource, entity.id, op, data, event_id


def house_record_plain(r: Any) -> dict[str, Any]:
    """A house without its label look-up (a stream batch reads nothing else)."""
    a = r.attrs or {}
    return {
        "houseId": r.id,
        "addressCode": a.get("addressCode"),
        "use": a.get("use"),
        "status": a.get("status"),
        "dataSource": r.data_source,
        "ingestedAt": iso(r.ingested_at),
    }


def device_record(d: Any) -> dict[str, Any]:
    loc = d.location
    return {
        "deviceId": d.device_id,
        "deviceType": d.device_type,
        "name": d.name,
        "status": d.status,
        "building": loc.building,
        "unit": loc.unit,
        "floor": loc.floor,
        "room": loc.room,
        "area": loc.area,
        "manufacturer": d.manufacturer,
        "model": d.model,
        "dataSource": d.data_source,
        "ingestedAt": iso(d.ingested_at) if d.ingested_at else None,
        "updatedAt": iso(d.updated_at) if d.updated_at else None,
    }


# -- change sources: the visitors, alarms and devices tables' streams -----------------------------------------------
# Each capability reads its own stream image (its face's `*_from_stream`); the record then takes the shape the
# partner's list routes answer, personal fields (a passing car's plate) masked per partner on the way out.
_ACTIVITY: tuple[tuple[str, Any, Any, str], ...] = (
    ("access_records", visitors.entry_from_stream, entry_record, "entry_id"),
    ("alarms", alarms.alarm_from_stream, alarm_record, "alarm_id"),
    ("devices", devices.device_from_stream, device_record, "device_id"),
)


def activity_change(record: dict[str, Any]) -> tuple[str, str, str, str, dict[str, Any], str] | None:
    """(community, resource, record id, op, data, event id) for a stream record of a passage, an alarm or a device
    ledger entry; None for every other item, and for an item removed by its table's TTL (retention is not a delete:
    a partner keeps what it was sent)."""
    stream = record.get("dynamodb") or {}
    removed = record.get("eventName") == "REMOVE"
    if removed and (record.get("userIdentity") or {}).get("principalId") == "dynamodb.amazonaws.com":
        return None
    image = stream.get("OldImage" if removed else "NewImage") or {}
    if not image:
        return None
    for resource, parse, shape, id_attr in _ACTIVITY:
        found = parse(image)
        if found is None:
            continue
        record_id = str(getattr(found, id_attr))
        event_id = str(record.get("eventID") or stream.get("SequenceNumber") or "")
        op = "delete" if removed else "upsert"
        return str(found.community_id), resource, record_id, op, ({} if removed else shape(found)), event_id
    return None


def stream_change(record: dict[str, Any]) -> tuple[str, str, str, str, dict[str, Any], str] | None:
    """The feed change of any stream record `partner_feed` reads: the registry's, or a passage, alarm or device.
    A write that changed nothing a partner is sent (an alarm's timeline note, task token or acknowledgement; a
    ledger or registry write of fields partners are not sent) is no change: nothing is appended, where it would be
    the same record again."""
    change = _change(record)
    if change is not None and _unchanged(record, change):
        return None
    return change


def _change(record: dict[str, Any]) -> tuple[str, str, str, str, dict[str, Any], str] | None:
    return registry_change(record) or activity_change(record)


def _unchanged(record: dict[str, Any], change: tuple[Any, ...]) -> bool:
    """A MODIFY whose old image gives the partner the same record (community, feed, id, data) as its new one.
    Only a MODIFY with its old image can say so; an old image that cannot be read is a change."""
    stream = record.get("dynamodb") or {}
    old = stream.get("OldImage")
    if record.get("eventName") != "MODIFY" or not old:
        return False
    try:
        before = _change({**record, "dynamodb": {**stream, "NewImage": old}})
    except Exception:
        return False
    return before is not None and before[:5] == change[:5]


class HttpSender:
    """Posts a notification batch as JSON to the partner's receive address (10 s timeout); answers the status."""

    def post(self, url: str, body: dict[str, Any]) -> int:
        import json
        import urllib.error
        import urllib.request

        data = json.dumps(body, ensure_ascii=False).encode()
        request = urllib.request.Request(
            url, data=data, method="POST", headers={"Content-Type": "application/VIID+JSON;charset=UTF-8"}
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return int(response.status)
        except urllib.error.HTTPError as exc:
            return int(exc.code)
