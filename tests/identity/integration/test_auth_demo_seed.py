"""The demo seed: its resident, guard and manager (and admins) can sign in through the API; seeding twice is a no-op."""

from __future__ import annotations

from typing import Any

from infra.localcloud.seed_identity import seed_identity
from tests.support.identity import body, fast_hashing, get, login, new_community, post


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


def test_each_demo_community_has_its_own_staff_and_one_platform_admin(client: Any) -> None:
    from infra.localcloud.seed_identity import demo_staff

    fast_hashing()
    first, second = new_community(), new_community()
    plan = demo_staff([first, second])
    assert plan["manager"][3] == {first} and plan["manager 2"][3] == {second}
    assert plan["platform admin"][3] == {"*"}
    assert len({username for username, *_ in plan.values()}) == len(plan) == 11
    # two managers per community: one requests a refund, the other approves it (four eyes)
    assert plan["second manager"][2] == plan["manager"][2] == {"staff.manager"}
    assert plan["second manager"][3] == {first} and plan["second manager 2"][3] == {second}

    seeded = seed_identity([first, second])["staff"]
    # (the accounts may already exist from an earlier seed, with that seed's communities: read what they have)
    sessions = {role: body(login(client, creds["username"], creds["password"])) for role, creds in seeded.items()}
    assert sessions["platform admin"]["communities"] == ["*"]
    for role, session in sessions.items():
        if role != "platform admin":
            assert len(session["communities"]) == 1, (role, session["communities"])
    one, two = sessions["community admin"]["communities"][0], sessions["community admin 2"]["communities"][0]
    assert one != two
    admin_one = sessions["community admin"]["accessToken"]
    listed = body(get(client, f"/v1/admin/communities/{one}/staff", admin_one))["items"]
    assert {a["username"] for a in listed} >= {"demo.manager", "demo.guard", "demo.technician"}
    assert not [a for a in listed if a["username"].startswith("demo2.")]
    assert get(client, f"/v1/admin/communities/{two}/staff", admin_one).status_code == 403
