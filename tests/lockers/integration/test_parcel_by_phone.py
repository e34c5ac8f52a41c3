"""A parcel for a recipient found by the phone typed at the locker, on the local cloud: device ingestion stores the
event with the phone replaced by the registry's keyed blind index and a masked form (never as typed); the lockers'
queue finds the resident by the same index and delivers to their household (the code by WeChat); no match -> the
parcel waits for staff with the masked phone. Staff list the waiting parcels (locker, age, reminders)."""

from __future__ import annotations

import os
import uuid
from typing import Any

import pytest

from tests.lockers.integration.test_parcel_flow import _bind, deliver, envelope
from tests.support.alarms import providers  # noqa: F401  (the `providers` fixture: local WeChat server)
from tests.support.identity import token_for
from tests.support.ingestion import ingest_batch, register, rule_output, series_items
from tests.support.registry import add_member, call, make_house, make_person, new_community


@pytest.fixture(name="home")
def home_fixture(client: Any, providers: Any) -> dict[str, Any]:  # noqa: F811
    community = new_community(client)
    house = make_house(client, community)["houseId"]
    _, openid = _bind(client, community, house)
    person, data = make_person(client, community, "李四")
    status, body = add_member(client, community, house, person["personId"], "family")
    assert status in (200, 201), body
    return {
        "community": community,
        "house": house,
        "openid": openid,
        "phone": data["phone"],
        "locker": register(community, "parcel_locker"),
        "wechat": providers.wechat,
    }


def stored_everywhere(cloud: Any, phone: str) -> list[str]:
    """Tables whose items hold the phone as typed (none may)."""
    ddb = cloud.client("dynamodb")
    found = []
    for var in ("TABLE_TELEMETRY", "TABLE_LOCKERS"):
        items = ddb.scan(TableName=os.environ[var])["Items"]
        if phone in str(items):
            found.append(var)
    return found


def test_a_phone_typed_at_the_locker_finds_the_household_and_is_never_stored(
    cloud: Any, client: Any, home: dict[str, Any]
) -> None:
    from chalicelib.kernel.security.pii import blind_index

    c, locker, phone = home["community"], home["locker"], home["phone"]
    event = envelope("parcel_stored", compartment="B03", parcelId="YT123456789", recipientPhone=phone, size="S")
    # the device ingestion path records the event with the phone replaced
    _, retried = ingest_batch(client, "ingest_events_batch", [rule_output(c, locker, "events", event)])
    assert retried == []
    [item] = [i for i in series_items(cloud, c, locker) if event["msgId"] in str(i)]
    assert phone not in str(item)
    assert blind_index("phone", phone) in str(item) and f"{phone[:3]}****{phone[-4:]}" in str(item)

    # the lockers' queue: the resident found by the same keyed index, the household told its code
    [outcome] = deliver(client, c, locker, event)
    assert outcome["action"] == "stored" and outcome["reason"] == "", outcome
    sent = [m for m in home["wechat"].received if m["to"] == home["openid"]]
    assert len(sent) == 1 and sent[0]["values"]["thing5"] == "B03号格口"
    assert stored_everywhere(cloud, phone) == []

    staff = token_for({"staff.guard"}, {c})
    status, body = call(client, "GET", f"/v1/staff/communities/{c}/parcels/waiting", staff)
    assert status == 200, body
    [waiting] = body["items"]
    assert (waiting["houseId"], waiting["compartment"], waiting["reminders"], waiting["waitingHours"]) == (
        home["house"],
        "B03",
        0,
        0,
    )
    assert waiting["recipientPhone"] == f"{phone[:3]}****{phone[-4:]}" and waiting["locker"] == "test parcel_locker"


def test_no_match_waits_for_staff_with_the_masked_phone(cloud: Any, client: Any, home: dict[str, Any]) -> None:
    c, locker = home["community"], home["locker"]
    stranger = "139" + f"{uuid.uuid4().int % 10**8:08d}"
    event = envelope("parcel_stored", compartment="C07", recipientPhone=stranger)
    [outcome] = deliver(client, c, locker, event)
    assert (outcome["action"], outcome["reason"]) == ("stored", "RECIPIENT_NOT_FOUND")
    assert deliver(client, c, locker, event)[0]["action"] == "duplicate"  # delivered again: nothing new
    assert [m for m in home["wechat"].received if m["to"] == home["openid"]] == []
    status, body = call(client, "GET", f"/v1/staff/communities/{c}/parcels/waiting", token_for({"staff.guard"}, {c}))
    assert status == 200, body
    [waiting] = body["items"]
    assert waiting["house"] is None and waiting["houseId"] is None
    assert waiting["recipientPhone"] == f"{stranger[:3]}****{stranger[-4:]}"
    assert stored_everywhere(cloud, stranger) == []


def test_a_bad_phone_or_no_recipient_is_refused(client: Any, home: dict[str, Any]) -> None:
    c, locker = home["community"], home["locker"]
    [bad] = deliver(client, c, locker, envelope("parcel_stored", compartment="D01", recipientPhone="12345"))
    [none] = deliver(client, c, locker, envelope("parcel_stored", compartment="D02"))
    assert (bad["action"], none["action"]) == ("rejected", "rejected")
