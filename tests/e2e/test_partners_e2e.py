"""The open data service on the `make up` stack over real HTTP: the seeded demo partner (阳光派出所), with the
credentials the seed wrote to the work directory, reads the demo community's people and houses with signed
requests; a replayed nonce and a wrong signature are refused with nothing returned."""

from __future__ import annotations

import json
import secrets
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from chalicelib.partners.signing import signed_headers


def _get(api: str, path: str, headers: dict[str, str]) -> tuple[int, Any]:
    request = urllib.request.Request(api.rstrip("/") + path, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def test_the_demo_partner_reads_its_community_with_signed_requests(stack: dict[str, Any]) -> None:
    creds = json.loads((Path(stack["workdir"]) / "partner-demo.json").read_text())
    community = stack["demo"]["registry"]["community_ids"][0]
    path = f"/v1/partner/communities/{community}/people"
    nonce = secrets.token_hex(12)
    headers = signed_headers(creds["keyId"], creds["secret"], "GET", path, None, b"", datetime.now(UTC), nonce)
    status, page = _get(stack["api"], path, headers)
    assert status == 200, page
    assert page["items"], page
    assert all("*" in (p["phone"] or "*") for p in page["items"])  # phones masked for this partner

    status, replay = _get(stack["api"], path, headers)
    assert status == 401 and "items" not in replay
    wrong = signed_headers(creds["keyId"], "x" * 43, "GET", path, None, b"", datetime.now(UTC), secrets.token_hex(12))
    status, refused = _get(stack["api"], path, wrong)
    assert status == 401 and refused["error"]["code"] == "SIGNATURE_INVALID"

    houses = f"/v1/partner/communities/{community}/houses"
    fresh = signed_headers(
        creds["keyId"], creds["secret"], "GET", houses, None, b"", datetime.now(UTC), secrets.token_hex(12)
    )
    status, page = _get(stack["api"], houses, fresh)
    assert status == 200 and page["items"][0]["label"], page


def test_the_registry_streams_into_the_partner_people_feed(stack: dict[str, Any]) -> None:
    """The seeded people reach the feed through the registry table's stream (polled by `make up`): in order, once."""
    import time

    creds = json.loads((Path(stack["workdir"]) / "partner-demo.json").read_text())
    community = stack["demo"]["registry"]["community_ids"][0]
    path = f"/v1/partner/communities/{community}/feeds/people"
    deadline = time.monotonic() + 60
    items: list[dict[str, Any]] = []
    cursor: str | None = None
    while time.monotonic() < deadline:
        query = {"cursor": cursor} if cursor else None
        url = path + (f"?cursor={cursor}" if cursor else "")
        headers = signed_headers(
            creds["keyId"], creds["secret"], "GET", path, query, b"", datetime.now(UTC), secrets.token_hex(12)
        )
        status, page = _get(stack["api"], url, headers)
        assert status == 200, page
        items.extend(page["items"])
        cursor = page["nextCursor"]
        if items and not page["items"]:
            break
        time.sleep(1)
    assert items, "no registry change reached the people feed"
    seqs = [c["seq"] for c in items]
    assert seqs == sorted(seqs) and len(seqs) == len(set(seqs))
    assert all(c["data"]["phone"] is None or "*" in c["data"]["phone"] for c in items if c["op"] == "upsert")


def test_the_demo_subscription_pushes_people_changes_to_the_local_receiver(stack: dict[str, Any]) -> None:
    """make up's partner_push (every minute) posts the demo community's people changes to the local receiving
    server as GA/T 1400 SubscribeNotifications."""
    import time

    receiver = stack["viid_receiver"]
    deadline = time.monotonic() + 150
    received: list[dict[str, Any]] = []
    while time.monotonic() < deadline and not received:
        with urllib.request.urlopen(receiver + "/_received", timeout=10) as response:
            received = json.loads(response.read())["received"]
        time.sleep(3)
    assert received, "nothing reached the local receiving server"
    note = received[0]["body"]["SubscribeNotificationListObject"]["SubscribeNotificationObject"][0]
    people = note["PersonListObject"]["PersonObject"]
    assert people and [p["Seq"] for p in people] == sorted(p["Seq"] for p in people)
