"""The access records, alarms and devices feeds: stream records of the visitors, alarms and devices tables (the
items as DynamoDB holds them, read back from the local cloud) become feed entries a partner reads with its signed
cursor, masked at its levels; a redelivered record appends nothing; items that are not passages, alarms or ledger
entries append nothing; a removal by TTL is no delete, a removal by a writer is a tombstone."""

from __future__ import annotations

import os
import uuid
from typing import Any

import boto3

from chalicelib.kernel import config
from chalicelib.kernel.clock import utcnow
from tests.partners.support import body, onboard, signed
from tests.support.registry import new_community

FEEDS = ["access_records:feed", "alarms:feed", "devices:feed"]


def _image(table: str, pk: str, sk: str) -> dict[str, Any]:
    client = boto3.client(
        "dynamodb",
        endpoint_url=os.environ.get("DYNAMODB_ENDPOINT") or os.environ["AWS_ENDPOINT_URL"],
        region_name=config.region(),
    )
    item = client.get_item(TableName=config.table_name(table), Key={"pk": {"S": pk}, "sk": {"S": sk}})["Item"]
    return dict(item)


def _event(name: str, image: dict[str, Any], sequence: str, ttl: bool = False) -> dict[str, Any]:
    record: dict[str, Any] = {
        "eventID": f"evt-{uuid.uuid4().hex}-{sequence}",
        "eventName": name,
        "eventSource": "aws:dynamodb",
        "dynamodb": {
            "Keys": {"pk": image["pk"], "sk": image["sk"]},
            "SequenceNumber": sequence,
            ("OldImage" if name == "REMOVE" else "NewImage"): image,
        },
    }
    if ttl:
        record["userIdentity"] = {"type": "Service", "principalId": "dynamodb.amazonaws.com"}
    return {"Records": [record]}


def _page(client: Any, issued: dict[str, Any], path: str, cursor: str | None = None) -> dict[str, Any]:
    response = signed(client, issued, path, {"cursor": cursor} if cursor else None)
    assert response.status_code == 200, response.body
    return dict(body(response))


def _entry(cid: str, plate: str) -> dict[str, Any]:
    from chalicelib.visitors.model import EntryRecord
    from chalicelib.visitors.repository_entries import DynamoEntryLog, entry_pk

    entry_id = "ent-" + uuid.uuid4().hex[:10]
    record = EntryRecord(entry_id, cid, "gate-1", "in", "plate", "visitor", "pass-1", None, utcnow(), car_plate=plate)
    assert DynamoEntryLog().record(record)
    return _image("visitors", entry_pk(cid, entry_id), "ENTRY")


def _alarm(cid: str) -> dict[str, Any]:
    from chalicelib.alarms.model import Alarm
    from chalicelib.alarms.repository import alarm_pk, to_record

    now = utcnow()
    alarm = Alarm("alm-" + uuid.uuid4().hex[:10], cid, "smoke", "critical", "device", "smoke-1", now, now, title="烟感")
    to_record(alarm).save()
    return _image("alarms", alarm_pk(cid, alarm.alarm_id), "ALARM")


def _device(cid: str) -> tuple[str, dict[str, Any]]:
    from chalicelib.devices.repository import device_pk
    from tests.support.alarms import device

    device_id = device(cid, "smoke_detector")
    return device_id, _image("devices", device_pk(cid, device_id), "DEVICE")


def test_passages_alarms_and_devices_reach_their_feeds_once_masked(client: Any) -> None:
    cid = new_community(client)
    issued = onboard(client, [cid], scopes=FEEDS, masking={"plate": "masked"})
    base = f"/v1/partner/communities/{cid}/feeds"
    start = {
        name: _page(client, issued, f"{base}/{name}")["nextCursor"] for name in ("access-records", "alarms", "devices")
    }

    entry = _entry(cid, "粤B12345")
    alarm = _alarm(cid)
    device_id, device_image = _device(cid)
    for i, image in enumerate([entry, alarm, device_image]):
        event = _event("INSERT", image, str(200 + i))
        assert client.lambda_.invoke("partner_feed", event).payload == {"batchItemFailures": []}
        assert client.lambda_.invoke("partner_feed", event).payload == {"batchItemFailures": []}  # redelivered

    [passage] = _page(client, issued, f"{base}/access-records", start["access-records"])["items"]
    assert passage["op"] == "upsert" and passage["recordId"] == entry["entry_id"]["S"]
    assert passage["data"]["plate"] == "粤B***45" and passage["data"]["gateId"] == "gate-1"
    assert passage["data"]["direction"] == "in"

    alarms_page = _page(client, issued, f"{base}/alarms", start["alarms"])
    [raised] = alarms_page["items"]
    assert raised["recordId"] == alarm["alarm_id"]["S"]
    assert (raised["data"]["type"], raised["data"]["severity"], raised["data"]["title"]) == (
        "smoke",
        "critical",
        "烟感",
    )

    [ledger] = _page(client, issued, f"{base}/devices", start["devices"])["items"]
    assert ledger["recordId"] == device_id and ledger["data"]["deviceType"] == "smoke_detector"
    assert ledger["data"]["building"] == "B1" and ledger["data"]["status"] == "active"

    # an alarm removed by TTL is retention, not a delete; removed by a writer, it is a tombstone
    client.lambda_.invoke("partner_feed", _event("REMOVE", alarm, "300", ttl=True))
    assert _page(client, issued, f"{base}/alarms", alarms_page["nextCursor"])["items"] == []
    client.lambda_.invoke("partner_feed", _event("REMOVE", alarm, "301"))
    after = _page(client, issued, f"{base}/alarms", alarms_page["nextCursor"])["items"]
    assert [(c["recordId"], c["op"], c["data"]) for c in after] == [(alarm["alarm_id"]["S"], "delete", {})]


def test_other_items_of_those_tables_append_nothing_and_scopes_hold(client: Any) -> None:
    cid = new_community(client)
    issued = onboard(client, [cid], scopes=["alarms:feed"])
    base = f"/v1/partner/communities/{cid}/feeds"
    cursor = _page(client, issued, f"{base}/alarms")["nextCursor"]
    slot = {"pk": {"S": f"C#{cid}#ORIG#smoke-1"}, "sk": {"S": "SLOT#smoke"}, "alarm_id": {"S": "alm-x"}}
    counter = {"pk": {"S": f"C#{cid}#ENTRIES#COUNT"}, "sk": {"S": "DAY#2026-12-07"}, "hits": {"N": "3"}}
    for image in (slot, counter):
        assert client.lambda_.invoke("partner_feed", _event("INSERT", image, "1")).payload == {"batchItemFailures": []}
    assert _page(client, issued, f"{base}/alarms", cursor)["items"] == []
    # the devices feed is another scope: refused
    assert signed(client, issued, f"{base}/devices").status_code == 403


def _modified(old: dict[str, Any], new: dict[str, Any], sequence: str) -> dict[str, Any]:
    record = {
        "eventID": f"evt-{uuid.uuid4().hex}-{sequence}",
        "eventName": "MODIFY",
        "eventSource": "aws:dynamodb",
        "dynamodb": {"Keys": {"pk": new["pk"], "sk": new["sk"]}, "SequenceNumber": sequence},
    }
    record["dynamodb"] |= {"OldImage": old, "NewImage": new}
    return {"Records": [record]}


def test_a_write_that_changes_nothing_a_partner_is_sent_appends_nothing(client: Any) -> None:
    """An alarm's timeline note, task token or acknowledgement (several writes per alarm) is not a change of the
    alarm record a partner reads; its clear is. Without its old image a write is taken as a change."""
    from chalicelib.alarms.model import ACTIVE, CLEARED

    cid = new_community(client)
    issued = onboard(client, [cid], scopes=["alarms:feed"])
    base = f"/v1/partner/communities/{cid}/feeds"
    cursor = _page(client, issued, f"{base}/alarms")["nextCursor"]
    created = _alarm(cid)
    noted = created | {"ack_token": {"S": "token-1"}, "version": {"N": "2"}}
    acknowledged = noted | {"acknowledged": {"BOOL": True}, "ack_by": {"S": "guard-1"}}
    cleared = acknowledged | {"status": {"S": CLEARED}, "cleared_at": {"S": "2026-12-08T03:00:00.000000+0000"}}
    for i, event in enumerate(
        [
            _modified(created, noted, "401"),
            _modified(noted, acknowledged, "402"),
            _modified(acknowledged, cleared, "403"),
            _event("MODIFY", noted, "404"),  # no old image
        ]
    ):
        assert client.lambda_.invoke("partner_feed", event).payload == {"batchItemFailures": []}, i
    changes = _page(client, issued, f"{base}/alarms", cursor)["items"]
    assert [(c["data"]["status"], c["data"]["clearedAt"] is not None) for c in changes] == [
        (CLEARED, True),
        (ACTIVE, False),
    ]
