"""Every building, house or area a request body names goes through the registry: another community's, or one that
does not exist, is refused naming the field, and nothing is written.

The review found four bodies that took anything (an alarm's `building`, a staff work order's `houseId`/`buildingId`,
a fee item's `houseIds`, a duty roster's `area`: 201 for 12 foreign and 12 non-existent ids), the class the device
building was in. The class, walked: every body field of the API that names a building, a house or an area is in
REFERENCES below (a new one fails `test_every_reference_field_is_walked` until it is), and each is sent a building
or house of another community and one of no community, by a caller its route lets in, on a target that exists.
The answer is the one stated per field (400 naming it, as for the device building; the registry's and the
visitor passes' own look-ups answer 404 with the entity's code), the target's listing is unchanged, and the same
body with this community's own building or house is accepted.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.support.callers import details_of, error_of, send
from tests.support.walk import every_field

# Body fields whose name says building, house or area but that name no registry object, and why.
NOT_REFERENCES = {
    ("POST /v1/staff/communities/{community_id}/work-orders", "area"): "a public area in words (`north lobby`)",
    ("POST /v1/staff/communities/{community_id}/devices", "location.area"): "a named place outside buildings",
    ("PATCH /v1/staff/communities/{community_id}/devices/{device_id}", "location.area"): "the same, changed",
    ("POST /v1/staff/communities/{community_id}/buildings", "totalAreaSqm"): "a number",
    ("POST /v1/staff/communities/{community_id}/buildings/{building_id}/units", "housesPerFloor"): "a number",
    ("POST /v1/staff/communities/{community_id}/houses", "houseNumber"): "the house's own number",
    ("POST /v1/staff/communities/{community_id}/houses", "areaSqm"): "a number",
    ("PATCH /v1/staff/communities/{community_id}/houses/{house_id}", "houseNumber"): "the house's own number",
    ("PATCH /v1/staff/communities/{community_id}/houses/{house_id}", "areaSqm"): "a number",
}
REFERENCE_NAME = re.compile(r"(?i)(building|house|area|usage)")


@dataclass
class World:
    client: Any
    a: str  # the community under test
    b: str  # another community
    building: str  # A's
    house: str  # A's
    person: str  # lives in A's house
    foreign_building: str  # B's
    foreign_house: str  # B's
    guard: Any  # a staff account of A
    manager: str  # token

    def staff(self, role: str) -> str:
        from tests.support.identity import token_for

        return token_for({role}, {self.a}, subject=f"refs-{role}-{self.a}")

    def base(self) -> str:
        return f"/v1/staff/communities/{self.a}"

    def get(self, path: str, token: str | None = None) -> Any:
        response = send(self.client, "GET", self.base() + path, None, token or self.manager)
        assert response.status_code == 200, (path, response.body)
        return json.loads(response.body)

    def device(self) -> dict[str, Any]:
        body = {"deviceType": "door_controller", "name": "refs door", "location": {"building": self.building}}
        response = send(self.client, "POST", self.base() + "/devices", body, self.manager)
        assert response.status_code == 201, response.body
        return dict(json.loads(response.body))

    def credential(self) -> dict[str, Any]:
        response = send(self.client, "POST", self.base() + "/credentials", self.card(self.house, []), self.manager)
        assert response.status_code == 201, response.body
        return dict(json.loads(response.body))

    def card(self, house: str, areas: list[str]) -> dict[str, Any]:
        until = (datetime.now(UTC) + timedelta(days=30)).isoformat(timespec="seconds")
        return {
            "holderKind": "resident",
            "holderId": self.person,
            "houseId": house,
            "kind": "card",
            "reference": "CARD-" + uuid.uuid4().hex[:10],
            "validUntil": until,
            **({"areas": areas} if areas else {}),
        }


@dataclass(frozen=True)
class Reference:
    """One body field naming a registry object: how to send it, what a wrong one answers, what must not change."""

    method: str
    path: str  # the declared path
    field: str  # as the walk names it (`location.building`, `houseIds`)
    kind: str  # "building" | "house"
    send: Callable[[World, str], tuple[str, Any, str]]  # (world, id) -> (path, body, token)
    answer: tuple[int, str, str, str]  # status, error code, detail field, detail code
    listing: Callable[[World], Any]  # what the refused call must leave as it was
    # this community's own building or house: accepted (a binding goes on to match the person: the house resolved)
    own_accepted: Callable[[Any], bool] = lambda response: response.status_code < 300

    @property
    def op(self) -> str:
        return f"{self.method} {self.path}"


S = "/v1/staff/communities/{community_id}"


def _unknown(field: str, kind: str) -> tuple[int, str, str, str]:
    return 400, "VALIDATION_FAILED", field, f"unknown_{kind}"


def _roster(w: World, ref: str) -> tuple[str, Any, str]:
    body = {"staffId": w.guard.account_id, "area": ref, "days": [1], "start": "08:00", "end": "16:00"}
    return w.base() + "/duty-roster", body, w.manager


def _alarm(w: World, ref: str) -> tuple[str, Any, str]:
    body = {"requestId": uuid.uuid4().hex, "type": "fence_damaged", "severity": "minor", "building": ref}
    return w.base() + "/alarms", body, w.staff("staff.guard")


def _new_device(w: World, ref: str) -> tuple[str, Any, str]:
    body = {"deviceType": "door_controller", "name": "refs", "location": {"building": ref}}
    return w.base() + "/devices", body, w.manager


def _move_device(w: World, ref: str) -> tuple[str, Any, str]:
    device = w.device()
    body = {"version": device["version"], "location": {"building": ref}}
    return w.base() + f"/devices/{device['deviceId']}", body, w.manager


def _broadcast(w: World, ref: str) -> tuple[str, Any, str]:
    return w.base() + "/commands/broadcast", {"name": "open_door", "building": ref}, w.manager


def _fee_item(w: World, ref: str) -> tuple[str, Any, str]:
    body = {"feeItemId": "parking", "name": "停车费", "kind": "fixed", "unitPriceFen": 30000, "period": "monthly"}
    return w.base() + "/fee-items", {**body, "houseIds": [ref]}, w.manager


def _billing_run(w: World, ref: str) -> tuple[str, Any, str]:
    water = {"feeItemId": "water", "name": "水费", "kind": "metered", "unitPriceFen": 500, "period": "monthly"}
    assert send(w.client, "POST", w.base() + "/fee-items", water, w.manager).status_code == 201
    return w.base() + "/billing-runs", {"feeItemId": "water", "period": "2026-11", "usage": {ref: "3.5"}}, w.manager


def _house(w: World, ref: str) -> tuple[str, Any, str]:
    return (
        w.base() + "/houses",
        {"buildingId": ref, "unit": 1, "floor": 3, "room": int(uuid.uuid4().int % 90) + 10},
        w.manager,
    )


def _vehicle(w: World, ref: str) -> tuple[str, Any, str]:
    plate = "京A" + uuid.uuid4().hex[:5].upper()
    return w.base() + "/vehicles", {"plate": plate, "houseId": ref}, w.manager


def _card_house(w: World, ref: str) -> tuple[str, Any, str]:
    return w.base() + "/credentials", w.card(ref, []), w.manager


def _card_areas(w: World, ref: str) -> tuple[str, Any, str]:
    return w.base() + "/credentials", w.card(w.house, [ref]), w.manager


def _authorise(w: World, ref: str) -> tuple[str, Any, str]:
    credential = w.credential()
    return w.base() + f"/credentials/{credential['credentialId']}/authorise", {"areas": [ref]}, w.manager


def _walk_in(w: World, ref: str) -> tuple[str, Any, str]:
    from tests.support.registry import fake_id_card

    body = {
        "houseId": ref,
        "visitorName": "Han Meimei",
        "visitorPhone": "13912345678",
        "reason": "delivery",
        "idNumber": fake_id_card(),
    }
    return w.base() + "/visitor-passes/walk-in", body, w.staff("staff.guard")


def _work_order(field: str) -> Callable[[World, str], tuple[str, Any, str]]:
    def build(w: World, ref: str) -> tuple[str, Any, str]:
        body: dict[str, Any] = {"kind": "repair", "categoryId": "repair-plumbing", "description": "leak"}
        body.update({"houseId": ref} if field == "houseId" else {"area": "north lobby", "buildingId": ref})
        return w.base() + "/work-orders", body, w.staff("staff.guard")

    return build


def _application(w: World, ref: str) -> tuple[str, Any, str]:
    from tests.support.identity import token_for

    resident = token_for({"resident.unbound"}, set(), kind="resident", subject="refs-applicant-" + uuid.uuid4().hex[:6])
    body = {"houseId": ref, "name": "李四", "phone": "13912345679", "relation": "tenant"}
    return f"/v1/resident/communities/{w.a}/household-applications", body, resident


def _binding(w: World, ref: str) -> tuple[str, Any, str]:
    from tests.support.identity import token_for

    resident = token_for({"resident.unbound"}, set(), kind="resident", subject="refs-binder-" + uuid.uuid4().hex[:6])
    return (
        f"/v1/resident/communities/{w.a}/bindings",
        {"houseId": ref, "name": "王五", "phone": "13912345670"},
        resident,
    )


_LAST_VOTE: dict[str, str] = {}


def _vote_and_scan(w: World) -> tuple[str, str]:
    """An open owners' vote of A and a scan uploaded for it (a paper ballot or a delegation letter)."""
    import os

    from chalicelib.kernel.aws import client

    closes = (datetime.now(UTC) + timedelta(days=1)).isoformat(timespec="seconds")
    body = {"title": "refs", "matter": "other_major", "closesAt": closes}
    response = send(w.client, "POST", w.base() + "/votes", body, w.manager)
    assert response.status_code == 201, response.body
    vote = json.loads(response.body)["voteId"]
    slot = send(w.client, "POST", w.base() + f"/votes/{vote}/scan-uploads", {"contentType": "image/png", "size": 8},
                w.manager)  # fmt: skip
    key = json.loads(slot.body)["key"]
    client("s3").put_object(Bucket=os.environ["MEDIA_BUCKET"], Key=key, Body=b"\x89PNG")
    _LAST_VOTE[w.a] = vote
    return vote, key


def _paper_ballot(w: World, ref: str) -> tuple[str, Any, str]:
    vote, key = _vote_and_scan(w)
    return w.base() + f"/votes/{vote}/paper-ballots", {"houseId": ref, "choice": "agree", "scanKey": key}, w.manager


def _delegation(w: World, ref: str) -> tuple[str, Any, str]:
    vote, key = _vote_and_scan(w)
    body = {"houseId": ref, "personId": w.person, "letterKey": key}
    return w.base() + f"/votes/{vote}/delegations", body, w.manager


def _ballots(w: World) -> Any:
    from chalicelib.votes import wiring

    vote = _LAST_VOTE.get(w.a)
    return [b.house_id for b in wiring.vote_service().store.ballots(w.a, vote)] if vote else []


def _care(w: World, ref: str) -> tuple[str, Any, str]:
    body = {
        "personId": w.person,
        "houseId": ref,
        "categories": ["elderly"],
        "careLevel": "basic",
        "consent": {"consentedBy": "本人", "consentedAt": "2026-12-01T02:00:00Z", "scopes": ["register"]},
        "guardians": [{"accountId": w.guard.account_id, "kind": "staff", "relation": "community_worker", "order": 1}],
    }
    return w.base() + "/care/people", body, w.manager


def _credentials(w: World) -> Any:
    return w.get(f"/credentials?houseId={w.house}")["items"]


def _nothing(w: World) -> None:
    return None


def _monthly_pass(w: World, ref: str) -> tuple[str, Any, str]:
    body = {
        "passId": "mp-" + uuid.uuid4().hex[:8],
        "parkId": "no-park",
        "houseId": ref,
        "plates": ["京A" + str(uuid.uuid4().int % 90000 + 10000)],
        "validFrom": "2026-12-01",
        "months": 1,
        "monthlyFeeFen": 15000,
    }
    return w.base() + "/parking/monthly-passes", body, w.manager


_LOTS: dict[str, str] = {}  # community -> its car park's spaces path (made once, with a zone)


def _space(w: World, ref: str) -> tuple[str, Any, str]:
    from tests.support.visitors import add_gate

    if w.a not in _LOTS:
        park = {
            "parkId": "refs-park",
            "name": "地下停车场",
            "capacity": 10,
            "tariff": {"freeMinutes": 15, "unitMinutes": 60, "dayRateFen": 300, "nightRateFen": 100},
            "barriers": [{"deviceId": add_gate(w.a, None, "barrier_gate", cert=False).device_id, "direction": "in"}],
        }
        made = send(w.client, "POST", w.base() + "/parking/parks", park, w.manager)
        assert made.status_code == 201, made.body
        zone = send(w.client, "POST", w.base() + "/parking/parks/refs-park/zones", {"zoneId": "B1", "name": "B1区"},
                    w.manager)  # fmt: skip
        assert zone.status_code == 201, zone.body
        _LOTS[w.a] = w.base() + "/parking/parks/refs-park/spaces"
    body = {"spaceId": "S-" + uuid.uuid4().hex[:6], "zoneId": "B1", "type": "owned", "houseId": ref}
    return _LOTS[w.a], body, w.manager


def _spaces(w: World) -> Any:
    return w.get("/parking/parks/refs-park/spaces")["items"]


def _checkpoint(w: World, ref: str) -> tuple[str, Any, str]:
    tag = "NFC-" + uuid.uuid4().hex[:10]
    body = {"checkpointId": tag, "name": "refs", "tagId": tag, "latitude": 30.0, "longitude": 104.0, "building": ref}
    return w.base() + "/patrol/checkpoints", body, w.manager


REFERENCES = [
    # the review's four
    Reference("POST", S + "/duty-roster", "area", "building", _roster, _unknown("area", "building"),
              lambda w: w.get("/duty-roster")["items"]),
    Reference("POST", S + "/alarms", "building", "building", _alarm, _unknown("building", "building"),
              lambda w: w.get("/alarms")["items"]),
    Reference("POST", S + "/work-orders", "houseId", "house", _work_order("houseId"), _unknown("houseId", "house"),
              lambda w: w.get("/work-orders")["items"]),
    Reference("POST", S + "/work-orders", "buildingId", "building", _work_order("buildingId"),
              _unknown("buildingId", "building"), lambda w: w.get("/work-orders")["items"]),
    Reference("POST", S + "/fee-items", "houseIds", "house", _fee_item, _unknown("houseIds.0", "house"),
              lambda w: w.get("/fee-items")["items"]),
    # access credentials' areas (the same class, found by this walk)
    Reference("POST", S + "/credentials", "areas", "building", _card_areas, _unknown("areas.0", "building"),
              _credentials),
    Reference("POST", S + "/credentials/{credential_id}/authorise", "areas", "building", _authorise,
              _unknown("areas.0", "building"), lambda w: [c["areas"] for c in _credentials(w)]),
    # checked before this issue, stated here so the class stays whole
    Reference("POST", S + "/devices", "location.building", "building", _new_device,
              _unknown("location.building", "building"), lambda w: w.get("/devices")["items"]),
    Reference("PATCH", S + "/devices/{device_id}", "location.building", "building", _move_device,
              _unknown("location.building", "building"),
              lambda w: [d["location"] for d in w.get("/devices")["items"]]),
    Reference("POST", S + "/commands/broadcast", "building", "building", _broadcast,
              _unknown("building", "building"), lambda w: w.get("/commands")["items"]),
    Reference("POST", S + "/billing-runs", "usage", "house", _billing_run, (400, "VALIDATION_FAILED", "usage.{ref}",
              "unknown_house"), lambda w: w.get("/arrears")),
    Reference("POST", S + "/houses", "buildingId", "building", _house,
              (404, "BUILDING_NOT_FOUND", "", ""), lambda w: w.get("/houses")["items"]),
    Reference("POST", S + "/vehicles", "houseId", "house", _vehicle, (404, "HOUSE_NOT_FOUND", "houseId", "not_found"),
              lambda w: w.get("/vehicles")["items"]),
    Reference("POST", S + "/credentials", "houseId", "house", _card_house, (404, "HOUSE_NOT_FOUND", "", ""),
              _credentials),
    Reference("POST", S + "/visitor-passes/walk-in", "houseId", "house", _walk_in, (404, "HOUSE_NOT_FOUND", "", ""),
              lambda w: w.get("/visitor-passes")["items"]),
    Reference("POST", "/v1/resident/communities/{community_id}/household-applications", "houseId", "house",
              _application, (404, "HOUSE_NOT_FOUND", "", ""),
              lambda w: w.get("/household-applications?status=pending")["items"]),
    Reference("POST", S + "/care/people", "houseId", "house", _care, _unknown("houseId", "house"),
              lambda w: w.get("/care/people")["items"]),
    Reference("POST", "/v1/resident/communities/{community_id}/bindings", "houseId", "house", _binding,
              (404, "HOUSE_NOT_FOUND", "", ""), _nothing,
              lambda response: error_of(response).get("code") == "BINDING_NO_MATCH"),
    # owners' votes: a paper ballot's unit and a written delegation's house
    Reference("POST", S + "/votes/{vote_id}/paper-ballots", "houseId", "house", _paper_ballot,
              (404, "HOUSE_NOT_FOUND", "", ""), _ballots),
    Reference("POST", S + "/votes/{vote_id}/delegations", "houseId", "house", _delegation,
              (404, "HOUSE_NOT_FOUND", "", ""), _ballots),
    # parking and patrol (no monthly-pass listing: the own house resolves, then the made-up car park is refused)
    Reference("POST", S + "/parking/monthly-passes", "houseId", "house", _monthly_pass,
              (404, "HOUSE_NOT_FOUND", "houseId", "unknown_house"), _nothing,
              lambda response: error_of(response).get("code") == "PARK_NOT_FOUND"),
    Reference("POST", S + "/parking/parks/{park_id}/spaces", "houseId", "house", _space,
              (404, "HOUSE_NOT_FOUND", "houseId", "unknown_house"), _spaces),
    Reference("POST", S + "/patrol/checkpoints", "building", "building", _checkpoint,
              _unknown("building", "building"), lambda w: w.get("/patrol/checkpoints")["items"]),
]  # fmt: skip


def test_every_reference_field_is_walked(app: Any) -> None:
    walked = {(r.op, r.field) for r in REFERENCES}
    found = {
        (f"{f.ep.method} {f.ep.path}", ".".join(f.path))
        for f in every_field()
        if f.where == "body" and REFERENCE_NAME.search(f.name)
    }
    missing = found - walked - NOT_REFERENCES.keys()
    assert not missing, f"body fields naming a building, house or area that no case walks: {sorted(missing)}"
    assert not walked - found, f"cases for fields that no longer exist: {sorted(walked - found)}"


@pytest.fixture(scope="module")
def world(app: Any) -> World:
    from chalice.test import Client

    from tests.support.identity import make_staff, token_for
    from tests.support.registry import add_member, make_house, make_person, new_community

    with Client(app) as client:
        a, b = new_community(client), new_community(client)
        house, foreign = make_house(client, a), make_house(client, b)
        person, _ = make_person(client, a)
        assert add_member(client, a, house["houseId"], person["personId"])[0] == 201
        guard = make_staff({a}, {"staff.guard"})
        return World(
            client=None,
            a=a,
            b=b,
            building=house["buildingId"],
            house=house["houseId"],
            person=person["personId"],
            foreign_building=foreign["buildingId"],
            foreign_house=foreign["houseId"],
            guard=guard,
            manager=token_for({"staff.manager"}, {a}, subject="refs-manager-" + a),
        )


@pytest.mark.parametrize("case", REFERENCES, ids=lambda r: f"{r.op} {r.field}")
def test_a_foreign_or_missing_reference_is_refused_and_changes_nothing(
    client: Any, world: World, case: Reference
) -> None:
    world.client = client
    own = world.building if case.kind == "building" else world.house
    foreign = world.foreign_building if case.kind == "building" else world.foreign_house
    for label, ref in (
        ("another community's", foreign),
        ("no community's", f"{case.kind[0]}nothing{uuid.uuid4().hex[:8]}"),
    ):
        path, body, token = case.send(world, ref)
        before = case.listing(world)
        response = send(client, case.method, path, body, token)
        status, code, field, detail = case.answer
        got = (response.status_code, error_of(response).get("code"))
        assert got == (status, code), f"{label} {case.kind}: {response.status_code} {response.body[:300]!r}"
        if field:
            assert (field.format(ref=ref), detail) in details_of(response), (label, details_of(response))
        assert case.listing(world) == before, f"{label} {case.kind}: the refused call changed something"
    path, body, token = case.send(world, own)
    accepted = send(client, case.method, path, body, token)
    assert case.own_accepted(accepted), f"own {case.kind}: {accepted.status_code} {accepted.body[:300]!r}"
