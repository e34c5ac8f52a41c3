"""The demo seed: its resident, guard and manager (and admins) can sign in through the API; seeding twice is a no-op."""

from __future__ import annotations

from typing import Any

from infra.localcloud.seed_identity import seed_identity
from tests.integration.identity_support import body, fast_hashing, get, login, new_community, post


def test_demo_logins_work_and_the_seed_is_idempotent(client: Any) -> None:
    fast_hashing()
    community = new_community()
    first = seed_identity([community])
    second = seed_identity([community])
    assert first == second
    for role in ("guard", "manager", "technician", "community admin", "platform admin"):
        creds = first["staff"][role]
        answer = login(client, creds["username"], creds["password"])
        assert answer.status_code == 200, (role, answer.body)
        assert body(answer)["mustChangePassword"] is False
    manager = body(login(client, first["staff"]["manager"]["username"], first["staff"]["manager"]["password"]))
    # (another test may have seeded the demo accounts first, with its own community)
    assert manager["roles"] == ["staff.manager"] and manager["communities"]
    guard = body(login(client, first["staff"]["guard"]["username"], first["staff"]["guard"]["password"]))
    assert guard["communities"] == manager["communities"]
    own = guard["communities"][0]
    assert get(client, f"/v1/admin/communities/{own}/staff", guard["accessToken"]).status_code == 403

    resident = post(client, "/v1/public/resident/login", {"code": first["resident"]["code"]})
    assert resident.status_code == 200
    me = body(get(client, "/v1/resident/me", body(resident)["accessToken"]))
    assert me["accountId"] == first["resident"]["account_id"]
