"""Every list route refuses a cursor it did not hand out for that very listing: 400 INVALID_CURSOR, never a 500,
never a page of someone else's data. Cursors are signed (store.pagination) and bound to route, path and filters."""

from __future__ import annotations

import base64
import json
import uuid
from typing import Any

import pytest

from chalicelib.kernel.clock import utcnow
from tests.support.callers import SIGNED, send
from tests.support.identity import token_for
from tests.support.ingestion import register as register_device
from tests.support.registry import make_house
from tests.support.registry import new_community as new_registry_community


def _b64(data: str) -> str:
    return base64.urlsafe_b64encode(data.encode()).decode().rstrip("=")


def signed_for(scope: str, payload: Any) -> str:
    """A cursor as the service would sign it, but for `scope` (another listing, another community...)."""
    from chalicelib.kernel import request_scope
    from chalicelib.kernel.pagination import encode_cursor

    token = request_scope.cursor_scope.set(scope)
    try:
        cursor = encode_cursor(payload)
    finally:
        request_scope.cursor_scope.reset(token)
    assert cursor is not None
    return cursor


def tampered_cursors() -> dict[str, str]:
    genuine = signed_for("some other listing", {"pk": {"S": "C#x#DEV"}, "sk": {"S": "DEVICE"}})
    prefix, payload, mac = genuine.split(".")
    flipped = mac[:-1] + ("A" if mac[-1] != "A" else "B")
    return {
        "review's {a: 1}": "eyJhIjogMX0",
        "plain base64 key": _b64(json.dumps({"pk": {"S": "C#other#PERSON"}, "sk": {"S": "PERSON"}})),
        "base64 list": _b64("[1, 2]"),
        "base64 nested": _b64("[" * 300 + "]" * 300),
        "signed for another listing": genuine,
        "mac flipped": f"{prefix}.{payload}.{flipped}",
        "payload swapped": f"{prefix}.{_b64(json.dumps({'pk': {'S': 'C#b#X'}}))}.{mac}",
        "wrong prefix": f"c0.{payload}.{mac}",
        "extra part": f"{genuine}.x",
        "empty parts": "c1..",
        "non-ASCII": "c1.ü.ß",
        "not base64": "c1.!!!.***",
        "garbage": "%%%%",
    }


@pytest.fixture(scope="module")
def world(app: Any) -> dict[str, str]:
    from chalice.test import Client

    with Client(app) as client:
        community = new_registry_community(client)
        house = make_house(client, community)
    device = register_device(community, "door_controller")
    return {
        "community_id": community,
        "house_id": house["houseId"],
        "device_id": device,
        "building_id": house["buildingId"],
        "unit": str(house["unit"]),
    }


def list_routes() -> list[Any]:
    from chalicelib.kernel.lazy_routes import all_endpoints

    ENDPOINTS = all_endpoints()
    return [ep for ep in ENDPOINTS if ep.query is not None and "cursor" in ep.query.model_fields]


def token_for_route(ep: Any, world: dict[str, str] | None = None) -> str:
    if ep.path.startswith("/v1/resident/"):
        if world is not None and "{community_id}" in ep.path:  # a household's or community's list: a member's token
            return token_for(
                {"resident.owner"},
                {world["community_id"]},
                kind="resident",
                subject="cursor-resident",
                households={world["house_id"]},
            )
        return token_for({"resident.unbound"}, set(), kind="resident", subject="cursor-resident")
    return token_for({"platform.admin"}, {"*"}, kind="admin", subject="cursor-padmin")


def route_query(ep: Any) -> str:
    """The filters a listing needs to list anything at all (history, or one of entry records' keys: a day)."""
    fields = ep.query.model_fields
    query = "history=true&" if "history" in fields else ""
    if "day" in fields:
        query += f"day={utcnow().date().isoformat()}&"
    return query


def test_the_walk_covers_every_list_route() -> None:
    paths = {ep.path for ep in list_routes()}
    assert {
        "/v1/staff/communities/{community_id}/people",
        "/v1/staff/communities/{community_id}/devices",
        "/v1/staff/communities/{community_id}/commands",
        "/v1/staff/communities/{community_id}/devices/{device_id}/commands",
        "/v1/admin/communities/{community_id}/audit",
        "/v1/admin/platform/audit",
    } <= paths
    assert len(paths) >= 14


def test_every_list_route_refuses_every_tampered_cursor(client: Any, world: dict[str, str]) -> None:
    from urllib.parse import quote

    failures = []
    for ep in list_routes():
        path = ep.path
        for name, value in world.items():
            path = path.replace("{" + name + "}", value)
        assert "{" not in path, f"give the walk a real id for {path} (add it to the `world` fixture)"
        tok = token_for_route(ep, world)
        if getattr(ep.access, "signed", False):  # a partner's route: the request is signed, not a token's
            tok = SIGNED + world["community_id"]

        def get(url: str, tok: str = tok) -> Any:
            return send(client, "GET", url, None, tok)

        baseline = get(f"{path}?{route_query(ep)}limit=1")
        assert baseline.status_code == 200, (path, baseline.body[:300])
        for case, cursor in tampered_cursors().items():
            response = get(f"{path}?{route_query(ep)}cursor={quote(cursor)}")
            code = json.loads(response.body).get("error", {}).get("code") if response.body else None
            if response.status_code != 400 or code != "INVALID_CURSOR":
                failures.append(f"{ep.method} {ep.path} [{case}]: {response.status_code} {code}")
    assert not failures, "\n".join(failures)


def test_a_genuine_cursor_pages_and_works_only_where_it_was_issued(client: Any) -> None:
    a, b = "c-" + uuid.uuid4().hex[:10], "c-" + uuid.uuid4().hex[:10]
    tok = token_for({"platform.admin"}, {"*"}, kind="admin", subject="cursor-pager")
    headers = {"Authorization": f"Bearer {tok}", "Content-Type": "application/json"}
    door = {"deviceType": "door_controller", "name": "door", "location": {"area": "north gate"}}
    for community in (a, b):
        for _ in range(3):
            created = client.http.post(
                f"/v1/staff/communities/{community}/devices", headers=headers, body=json.dumps(door)
            )
            assert created.status_code == 201, created.body

    seen: list[str] = []
    cursor = ""
    for _ in range(5):
        page = json.loads(
            client.http.get(f"/v1/staff/communities/{a}/devices?limit=2&cursor={cursor}", headers=headers).body
        )
        seen += [d["deviceId"] for d in page["items"]]
        cursor = page.get("nextCursor") or ""
        if not cursor:
            break
    assert len(seen) == 3 and len(set(seen)) == 3

    first = json.loads(client.http.get(f"/v1/staff/communities/{a}/devices?limit=1", headers=headers).body)
    issued = first["nextCursor"]
    ok = client.http.get(f"/v1/staff/communities/{a}/devices?limit=5&cursor={issued}", headers=headers)
    assert ok.status_code == 200  # the page size may change between pages
    someone_else = token_for({"platform.admin"}, {"*"}, kind="admin", subject="cursor-someone-else")
    passed_on = client.http.get(
        f"/v1/staff/communities/{a}/devices?cursor={issued}", headers={"Authorization": f"Bearer {someone_else}"}
    )
    assert passed_on.status_code == 400  # another caller
    for elsewhere in (
        f"/v1/staff/communities/{b}/devices?cursor={issued}",  # another community
        f"/v1/staff/communities/{a}/devices?type=door_controller&cursor={issued}",  # another filter
        f"/v1/staff/communities/{a}/commands?cursor={issued}",  # another listing
    ):
        refused = client.http.get(elsewhere, headers=headers)
        assert refused.status_code == 400, (elsewhere, refused.body)
        assert json.loads(refused.body)["error"]["code"] == "INVALID_CURSOR"


def test_audit_cursors_across_days_are_signed_too(client: Any) -> None:
    from datetime import timedelta

    from chalicelib import audit
    from chalicelib.kernel.clock import iso

    community = "c-" + uuid.uuid4().hex[:10]
    now = utcnow()
    for _ in range(3):
        audit.record(
            actor=None, operation="test.op", target_type="t", target_id="1", community_id=community, outcome="success"
        )
    admin = token_for({"community.admin"}, {community}, kind="admin", subject="cursor-audit")
    headers = {"Authorization": f"Bearer {admin}"}
    window = f"from={iso(now - timedelta(days=2))}&to={iso(now + timedelta(minutes=1))}"
    page = json.loads(
        client.http.get(f"/v1/admin/communities/{community}/audit?{window}&limit=2", headers=headers).body
    )
    assert len(page["items"]) == 2 and page["nextCursor"]
    following = client.http.get(
        f"/v1/admin/communities/{community}/audit?{window}&limit=2&cursor={page['nextCursor']}", headers=headers
    )
    assert following.status_code == 200 and len(json.loads(following.body)["items"]) == 1
    legacy = _b64(json.dumps({"d": "0001-01-01"}))
    refused = client.http.get(f"/v1/admin/communities/{community}/audit?{window}&cursor={legacy}", headers=headers)
    assert refused.status_code == 400 and json.loads(refused.body)["error"]["code"] == "INVALID_CURSOR"
