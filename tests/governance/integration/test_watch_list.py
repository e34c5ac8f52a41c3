"""Watch lists through the local cloud: entries added by the community admin (plate) and by a police partner's
signed request (ID number, kept only as its blind index), a passage from the visitors table's stream that matches
raises one critical alarm to the control centre at once (a redelivered record raises nothing twice) and an audit
record; a passage that matches nothing raises nothing; a guard may not manage entries."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from tests.partners.support import onboard
from tests.support.registry import call, fake_id_card, make_house, make_person, new_community, token


def _entry_event(cid: str, subject_id: str, kind: str, plate: str | None, house_id: str | None) -> dict[str, Any]:
    from chalicelib.visitors.repository_entries import EntryItem

    entry_id = uuid.uuid4().hex[:12]
    item = EntryItem(
        f"C#{cid}#ENTRY#{entry_id}",
        "ENTRY",
        entry_id=entry_id,
        community_id=cid,
        gate_id="gate-east",
        direction="in",
        method="face",
        subject_kind=kind,
        subject_id=subject_id,
        house_id=house_id,
        at=datetime.now(UTC),
        car_plate=plate,
        recorded_at=datetime.now(UTC),
    )
    image = item.serialize()
    record = {
        "eventID": f"e-{entry_id}",
        "eventName": "INSERT",
        "dynamodb": {"SequenceNumber": entry_id, "NewImage": image},
    }
    return {"Records": [record]}


def _alarms(client: Any, cid: str) -> list[dict[str, Any]]:
    status, page = call(client, "GET", f"/v1/staff/communities/{cid}/alarms", token({"staff.guard"}, {cid}))
    assert status == 200, page
    return [a for a in page["items"] if a["type"] == "watchlist_match"]


def test_a_watched_plate_and_a_watched_id_number_raise_alarms_at_once(client: Any) -> None:
    cid = new_community(client)
    house = make_house(client, cid)
    id_number = fake_id_card()
    person, _ = make_person(client, cid, name="王五", idNumber=id_number)
    admin = token({"community.admin"}, {cid})

    status, plate_entry = call(
        client,
        "POST",
        f"/v1/staff/communities/{cid}/watch-list",
        admin,
        {"kind": "plate", "value": "京A12345", "label": "京A12345", "reason": "协查车辆"},
    )
    assert status == 201, plate_entry
    status, _ = call(
        client,
        "POST",
        f"/v1/staff/communities/{cid}/watch-list",
        token({"staff.guard"}, {cid}),
        {"kind": "plate", "value": "京B11111", "label": "x", "reason": "x"},
    )
    assert status == 403

    issued = onboard(client, [cid], scopes=["watchlist:manage"])
    from tests.partners.support import body

    path = f"/v1/partner/communities/{cid}/watch-list"
    payload = {"kind": "id_number", "value": id_number, "label": "王某", "reason": "在逃人员协查"}
    raw = json.dumps(payload, ensure_ascii=False).encode()
    from chalicelib.partners.signing import signed_headers

    headers = signed_headers(
        issued["keyId"], issued["secret"], "POST", path, None, raw, datetime.now(UTC), uuid.uuid4().hex
    )
    added = client.http.post(path, headers={**headers, "Content-Type": "application/json"}, body=raw)
    assert added.status_code == 201, added.body
    assert id_number not in added.body.decode() if isinstance(added.body, bytes) else id_number not in added.body
    assert body(added)["key"] != id_number and len(body(added)["key"]) == 64

    quiet = _entry_event(cid, "someone-else", "visitor", "京C99999", None)
    assert client.lambda_.invoke("watch_passages", quiet).payload == {"batchItemFailures": []}
    assert _alarms(client, cid) == []

    car = _entry_event(cid, "pass-1", "visitor", "京A12345", None)
    assert client.lambda_.invoke("watch_passages", car).payload == {"batchItemFailures": []}
    assert client.lambda_.invoke("watch_passages", car).payload == {"batchItemFailures": []}  # redelivered
    resident = _entry_event(cid, person["personId"], "resident", None, house["houseId"])
    assert client.lambda_.invoke("watch_passages", resident).payload == {"batchItemFailures": []}

    alarms = _alarms(client, cid)
    assert alarms and all(a["severity"] == "critical" for a in alarms)
    status, log = call(client, "GET", f"/v1/admin/communities/{cid}/audit", admin)
    matches = [e for e in log["items"] if e["operation"] == "watchlist_match"]
    assert len(matches) == 2, matches  # the plate once (not twice for the redelivery), the ID number once
    assert {e["detail"]["label"] for e in matches} == {"京A12345", "王某"}
    added_by = [e for e in log["items"] if e["operation"] == "watchlist_add"]
    assert {e["operatorKind"] for e in added_by} == {"staff", "partner"}  # the admin token of tests is kind staff
