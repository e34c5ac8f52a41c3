"""Change feeds through the local cloud: registry stream records become feed entries a partner reads with its
signed cursor (masked at its levels; a delete is a tombstone; a redelivered record appends nothing), and many
writers appending at once to one feed in DynamoDB leave neither a gap nor a repeat for a reader paging meanwhile."""

from __future__ import annotations

import os
import threading
import time
from typing import Any

import boto3

from chalicelib.kernel import config
from tests.partners.support import body, onboard, signed
from tests.support.registry import make_person, new_community


def _registry_image(person_id: str) -> dict[str, Any]:
    client = boto3.client(
        "dynamodb",
        endpoint_url=os.environ.get("DYNAMODB_ENDPOINT") or os.environ["AWS_ENDPOINT_URL"],
        region_name=config.region(),
    )
    found = client.scan(
        TableName=config.table_name("registry"),
        FilterExpression="entity_id = :id AND entity = :kind",
        ExpressionAttributeValues={":id": {"S": person_id}, ":kind": {"S": "person"}},
    )["Items"]
    assert len(found) == 1, found
    return dict(found[0])


def _stream_event(name: str, image: dict[str, Any], sequence: str) -> dict[str, Any]:
    key = "OldImage" if name == "REMOVE" else "NewImage"
    return {
        "Records": [
            {
                "eventID": f"evt-{sequence}",
                "eventName": name,
                "eventSource": "aws:dynamodb",
                "dynamodb": {"SequenceNumber": sequence, key: image, "StreamViewType": "NEW_AND_OLD_IMAGES"},
            }
        ]
    }


def test_registry_changes_reach_the_partner_feed_once_masked_with_tombstones(client: Any) -> None:
    cid = new_community(client)
    person, data = make_person(client, cid, name="李四")
    image = _registry_image(person["personId"])
    issued = onboard(client, [cid], masking={"idNumber": "hidden"})
    feed = f"/v1/partner/communities/{cid}/feeds/people"

    first = signed(client, issued, feed)
    assert first.status_code == 200, first.body
    assert body(first)["items"] == []
    cursor = body(first)["nextCursor"]

    event = _stream_event("INSERT", image, "100")
    assert client.lambda_.invoke("partner_feed", event).payload == {"batchItemFailures": []}
    assert client.lambda_.invoke("partner_feed", event).payload == {"batchItemFailures": []}  # redelivered

    page = body(signed(client, issued, feed, {"cursor": cursor}))
    [change] = page["items"]
    assert change["recordId"] == person["personId"] and change["op"] == "upsert"
    assert change["data"]["name"] == "李*" and change["data"]["idNumber"] is None
    assert change["data"]["phone"] == data["phone"][:3] + "****" + data["phone"][-4:]

    client.lambda_.invoke("partner_feed", _stream_event("REMOVE", image, "101"))
    after = body(signed(client, issued, feed, {"cursor": page["nextCursor"]}))
    assert [(c["recordId"], c["op"], c["data"]) for c in after["items"]] == [(person["personId"], "delete", {})]
    # a restart from the same cursor sees the same page; from the newest cursor, nothing
    again = body(signed(client, issued, feed, {"cursor": page["nextCursor"]}))
    assert [c["seq"] for c in again["items"]] == [c["seq"] for c in after["items"]]
    assert body(signed(client, issued, feed, {"cursor": after["nextCursor"]}))["items"] == []


def test_concurrent_writers_in_dynamodb_leave_no_gap_and_no_repeat(app: Any) -> None:
    from datetime import timedelta

    from chalicelib.kernel.clock import utcnow
    from chalicelib.partners import record_change
    from chalicelib.partners.feed import ChangeFeed
    from chalicelib.partners.repository_feed import DynamoFeedStore

    community = "c-feed-race"
    # A short grace: a number taken and never filled (a writer's counter increment retried after a client timeout,
    # which happens on a loaded machine as in AWS) is sealed after 2 s instead of 10, so the reader drains quickly.
    feed = ChangeFeed(DynamoFeedStore(), utcnow, grace=timedelta(seconds=2))
    read: list[str] = []
    failures: list[BaseException] = []
    done = threading.Event()

    def writer(w: int) -> None:
        try:
            for i in range(25):
                record_change(community, "houses", f"h{w}-{i}", "upsert", {"i": i}, event_id=f"race-{w}-{i}")
                if i % 5 == 0:  # a retried source record
                    record_change(community, "houses", f"h{w}-{i}", "upsert", {"i": i}, event_id=f"race-{w}-{i}")
        except BaseException as exc:  # reported by the assertion below
            failures.append(exc)

    def reader() -> None:
        # Pages until every change is read, or 30 s after the writers finished: a reader stops before a hole that
        # is younger than the grace, so "nothing new" alone does not mean the feed is drained.
        cursor = 0
        deadline: float | None = None
        while len(read) < 100:
            if done.is_set() and deadline is None:
                deadline = time.monotonic() + 30
            if deadline is not None and time.monotonic() > deadline:
                return
            page, cursor = feed.page(community, "houses", cursor, 13)
            read.extend(c.record_id for c in page)
            if not page:
                time.sleep(0.05)

    writers = [threading.Thread(target=writer, args=(w,)) for w in range(4)]
    reading = threading.Thread(target=reader)
    reading.start()
    for t in writers:
        t.start()
    for t in writers:
        t.join()
    done.set()
    reading.join()
    assert failures == []
    assert len(read) == len(set(read)) == 100
    # a restart from the beginning reads the same changes in the same order, and nothing after them
    again, cursor = feed.page(community, "houses", 0, 1000)
    assert [c.record_id for c in again] == read
    assert feed.page(community, "houses", cursor, 1000)[0] == []
