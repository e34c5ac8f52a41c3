"""The demo registry seed: idempotent, and the printed binding data matches an unbound owner record."""

from __future__ import annotations

from typing import Any

from tests.support.registry import call, manager


def test_seed_is_idempotent_and_bindable(client: Any) -> None:
    from infra.localcloud.seed_registry import seed_registry

    first = seed_registry()
    second = seed_registry()
    assert first == second
    binding = first["resident_binding"]
    cid, hid = binding["community_id"], binding["house_id"]
    status, house = call(client, "GET", f"/v1/staff/communities/{cid}/houses/{hid}", manager(cid))
    assert status == 200 and house["addressCode"] == binding["address_code"]
    status, found = call(client, "GET", f"/v1/staff/communities/{cid}/people?phone={binding['phone']}", manager(cid))
    assert [p["name"] for p in found["items"]] == [binding["name"]]
    status, members = call(client, "GET", f"/v1/staff/communities/{cid}/houses/{hid}/members", manager(cid))
    [owner] = [m for m in members["items"] if m["name"] == binding["name"]]
    assert owner["relation"] == "owner"
    status, houses = call(client, "GET", f"/v1/staff/communities/{cid}/houses?limit=100", manager(cid))
    assert len(houses["items"]) == 10
    status, cars = call(client, "GET", f"/v1/staff/communities/{cid}/vehicles?plate=京", manager(cid))
    assert {c["plate"] for c in cars["items"]} == {"京A12345", "京N8D123"}
