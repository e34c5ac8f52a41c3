"""The open data service end to end through the local cloud: a partner onboarded by the platform admin signs its
requests and reads people (masked per its levels), houses and alarms of its communities; every failed check is
refused with nothing returned; scopes and communities outside its agreement are 403 and audited; the quota
answers 429 with Retry-After; rotation and cut-off take effect; every answered call is counted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from chalicelib.partners.signing import signed_headers
from tests.partners.support import body, onboard, signed
from tests.support.registry import call, make_house, make_person, new_community, token


def _people(cid: str) -> str:
    return f"/v1/partner/communities/{cid}/people"


def test_a_partner_reads_its_community_masked_and_every_call_is_counted(client: Any) -> None:
    cid = new_community(client)
    person, data = make_person(client, cid, name="张三丰")
    make_house(client, cid)
    issued = onboard(client, [cid], masking={"phone": "full", "idNumber": "hidden"})

    response = signed(client, issued, _people(cid), {"limit": "50"})
    assert response.status_code == 200, response.body
    [row] = [r for r in body(response)["items"] if r["personId"] == person["personId"]]
    assert row["name"] == "张**"  # masked (the default)
    assert row["phone"] == data["phone"]  # full, as agreed
    assert row["idNumber"] is None  # hidden
    houses = signed(client, issued, f"/v1/partner/communities/{cid}/houses")
    assert houses.status_code == 200 and body(houses)["items"][0]["label"]

    day = datetime.now(UTC).astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d")
    status, usage = call(
        client,
        "GET",
        f"/v1/admin/partners/{issued['partner']['partnerId']}/usage?day={day}",
        token({"platform.admin"}, {"*"}),
    )
    assert status == 200, usage
    rows = {r["resource"]: r for r in usage["rows"]}
    assert rows["people"]["calls"] == 1 and rows["people"]["records"] >= 1 and rows["people"]["bytes"] > 0
    assert rows["houses"]["calls"] == 1


def test_every_failed_check_is_refused_and_returns_nothing(client: Any) -> None:
    cid = new_community(client)
    make_person(client, cid)
    issued = onboard(client, [cid])
    path = _people(cid)
    old = datetime.now(UTC) - timedelta(minutes=6)
    cases = {
        "bad signature": signed(client, issued, path, secret="not-the-secret"),
        "old timestamp": signed(client, issued, path, now=old),
        "future timestamp": signed(client, issued, path, now=datetime.now(UTC) + timedelta(minutes=6)),
        "unknown key": signed(client, issued, path, tamper={"X-Api-Key": "pk_unknown"}),
        "no signature": client.http.get(path),
        "bearer token": client.http.get(path, headers={"Authorization": f"Bearer {token({'partner'}, {cid})}"}),
    }
    signed_for_five = signed_headers(
        issued["keyId"], issued["secret"], "GET", path, {"limit": "5"}, b"", datetime.now(UTC), "n" * 20
    )
    cases["query changed after signing"] = client.http.get(path + "?limit=6", headers=signed_for_five)
    for name, response in cases.items():
        assert response.status_code == 401, (name, response.body)
        error = body(response)["error"]
        assert error["code"] in ("SIGNATURE_INVALID",), (name, error)
        assert "items" not in body(response)

    first = signed(client, issued, path, nonce="replayed-nonce-0001")
    assert first.status_code == 200
    replay = signed(client, issued, path, nonce="replayed-nonce-0001")
    assert replay.status_code == 401 and "items" not in body(replay)


def test_an_address_outside_the_allow_list_is_refused(client: Any) -> None:
    cid = new_community(client)
    issued = onboard(client, [cid], allowIps=["10.1.2.0/24"])
    response = signed(client, issued, _people(cid))
    assert response.status_code == 401 and body(response)["error"]["code"] == "SIGNATURE_INVALID"


def test_outside_communities_or_scopes_is_403_and_audited(client: Any) -> None:
    cid, other = new_community(client), new_community(client)
    issued = onboard(client, [cid], scopes=["people:read"])
    foreign = signed(client, issued, _people(other))
    assert foreign.status_code == 403 and body(foreign)["error"]["code"] == "COMMUNITY_FORBIDDEN"
    unscoped = signed(client, issued, f"/v1/partner/communities/{cid}/houses")
    assert unscoped.status_code == 403 and body(unscoped)["error"]["code"] == "PARTNER_SCOPE_FORBIDDEN"

    status, log = call(client, "GET", f"/v1/admin/communities/{other}/audit", token({"platform.admin"}, {"*"}))
    assert status == 200, log
    denied = [e for e in log["items"] if e["operation"] == "partner_people" and e["outcome"] == "denied"]
    assert denied and denied[0]["operator"] == issued["partner"]["partnerId"]
    assert denied[0]["operatorKind"] == "partner"


def test_over_the_rate_is_429_with_retry_after(client: Any) -> None:
    cid = new_community(client)
    issued = onboard(client, [cid], ratePerMinute=2)
    statuses = [signed(client, issued, _people(cid)) for _ in range(3)]
    assert [r.status_code for r in statuses[:2]] == [200, 200]
    limited = statuses[2]
    if limited.status_code == 200:  # the first two straddled a minute boundary: one more in this minute
        limited = signed(client, issued, _people(cid))
        limited = limited if limited.status_code == 429 else signed(client, issued, _people(cid))
    assert limited.status_code == 429, limited.body
    assert body(limited)["error"]["code"] == "PARTNER_QUOTA_EXCEEDED"
    assert 1 <= int(limited.headers["Retry-After"]) <= 60


def test_rotation_and_cut_off(client: Any) -> None:
    cid = new_community(client)
    issued = onboard(client, [cid])
    admin = token({"platform.admin"}, {"*"})
    partner_id = issued["partner"]["partnerId"]
    status, rotated = call(client, "POST", f"/v1/admin/partners/{partner_id}/keys", admin, {"graceSeconds": 0})
    assert status == 201, rotated
    assert signed(client, issued, _people(cid)).status_code == 401  # the old key stopped at once
    fresh = {"keyId": rotated["keyId"], "secret": rotated["secret"]}
    assert signed(client, fresh, _people(cid)).status_code == 200

    status, partner = call(client, "POST", f"/v1/admin/partners/{partner_id}/cut-off", admin)
    assert status == 200 and partner["status"] == "cut_off"
    assert signed(client, fresh, _people(cid)).status_code == 401


def test_only_the_platform_admin_manages_partners(client: Any) -> None:
    cid = new_community(client)
    status, _ = call(client, "POST", "/v1/admin/partners", token({"community.admin"}, {cid}), {"name": "x"})
    assert status == 403


def test_the_platform_admin_lists_every_partner_by_name(client: Any) -> None:
    cid = new_community(client)
    first, second = onboard(client, [cid]), onboard(client, [cid])
    admin = token({"platform.admin"}, {"*"})
    status, listed = call(client, "GET", "/v1/admin/partners", admin)
    assert status == 200, listed
    ids = [p["partnerId"] for p in listed["items"]]
    assert {first["partner"]["partnerId"], second["partner"]["partnerId"]} <= set(ids)
    names = [p["name"] for p in listed["items"]]
    assert names == sorted(names)
    call(client, "POST", f"/v1/admin/partners/{first['partner']['partnerId']}/cut-off", admin)
    status, listed = call(client, "GET", "/v1/admin/partners", admin)
    [cut] = [p for p in listed["items"] if p["partnerId"] == first["partner"]["partnerId"]]
    assert cut["status"] == "cut_off" and cut["cutOffAt"], "the listing follows every save"
    status, refused = call(client, "GET", "/v1/admin/partners", token({"community.admin"}, {cid}))
    assert status == 403, refused
