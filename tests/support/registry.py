"""Helpers for the registry, household and import tests: tokens, a fresh community in the org hierarchy, fake
but checksum-valid ID-card numbers and phones."""

from __future__ import annotations

import json
import random
import uuid
from datetime import date, timedelta
from typing import Any

from chalicelib.kernel.security.pii import id_card_check_char


def token(
    roles: set[str],
    communities: set[str],
    *,
    subject: str | None = None,
    kind: str = "staff",
    households: set[str] | None = None,
) -> str:
    from chalicelib.kernel.security.principal import Principal
    from chalicelib.kernel.security.tokens import issue_access_token

    return issue_access_token(
        Principal(
            subject=subject or f"u-{uuid.uuid4().hex[:8]}",
            kind=kind,
            roles=frozenset(roles),
            communities=frozenset(communities),
            households=frozenset(households or ()),
        )
    )


def headers(tok: str | None, content_type: str = "application/json") -> dict[str, str]:
    h = {"Content-Type": content_type}
    if tok:
        h["Authorization"] = f"Bearer {tok}"
    return h


def call(client: Any, method: str, path: str, tok: str | None, body: dict[str, Any] | None = None) -> tuple[int, Any]:
    fn = getattr(client.http, method.lower())
    kwargs: dict[str, Any] = {"headers": headers(tok)}
    if body is not None:
        kwargs["body"] = json.dumps(body)
    response = fn(path, **kwargs)
    return response.status_code, (json.loads(response.body) if response.body else None)


def fake_id_card(birth: str | None = None) -> str:
    """A valid mainland ID-card number; a random birth day unless given (a test's residents must not collide on
    the three sequence digits alone)."""
    if birth is None:
        day = date(1950, 1, 1) + timedelta(days=random.randint(0, 20_000))
        birth = day.strftime("%Y%m%d")
    first17 = f"110105{birth}{random.randint(0, 999):03d}"
    return first17 + id_card_check_char(first17)


def fake_phone() -> str:
    return f"139{random.randint(0, 99999999):08d}"


def new_community(client: Any) -> str:
    """A community (12-digit code) under a fresh street; returns the community id (= its code)."""
    admin = token({"platform.admin"}, {"*"})
    street = f"110105{random.randint(100, 999)}"
    community = f"{street}{random.randint(0, 999):03d}"
    for level, code, parent in (
        ("province", "110000", None),
        ("city", "110100", "110000"),
        ("district", "110105", "110100"),
        ("street", street, "110105"),
        ("community", community, street),
    ):
        status, body = call(
            client,
            "POST",
            "/v1/admin/org-units",
            admin,
            {"code": code, "level": level, "name": f"{level} {code}", "parentCode": parent},
        )
        assert status in (201, 409), body
    return community


def manager(cid: str) -> str:
    return token({"staff.manager"}, {cid})


def make_building(client: Any, cid: str, number: str = "1", floors: int = 18) -> str:
    """A registry building of community `cid`; returns its id."""
    status, building = call(
        client,
        "POST",
        f"/v1/staff/communities/{cid}/buildings",
        manager(cid),
        {"number": number, "name": f"Building {number}", "floors": floors},
    )
    assert status == 201, building
    return str(building["buildingId"])


def make_house(
    client: Any,
    cid: str,
    *,
    number: str = "1",
    unit: int = 1,
    floor: int = 12,
    room: int = 2,
    building_id: str | None = None,
) -> dict[str, Any]:
    tok = manager(cid)
    if building_id is None:
        building_id = make_building(client, cid, number)
    status, house = call(
        client,
        "POST",
        f"/v1/staff/communities/{cid}/houses",
        tok,
        {"buildingId": building_id, "unit": unit, "floor": floor, "room": room},
    )
    assert status == 201, house
    return house


def make_person(client: Any, cid: str, name: str = "张三", **fields: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    data = {"name": name, "phone": fake_phone(), "idNumber": fake_id_card(), **fields}
    status, person = call(client, "POST", f"/v1/staff/communities/{cid}/people", manager(cid), data)
    assert status == 201, person
    return person, data


def add_member(client: Any, cid: str, house_id: str, person_id: str, relation: str = "owner") -> tuple[int, Any]:
    return call(
        client,
        "POST",
        f"/v1/staff/communities/{cid}/houses/{house_id}/members",
        manager(cid),
        {"personId": person_id, "relation": relation},
    )


def building_with_id(community: str, building_id: str) -> str:
    """A registry building with exactly this id (what tests name as "B1"), through the registry repository."""
    from datetime import UTC, datetime

    from chalicelib.registry import wiring as registry_wiring
    from chalicelib.registry.model import Change, Record

    attrs = {"number": building_id, "name": f"Building {building_id}", "buildingCode": f"{community}-{building_id}"}
    record = Record("building", building_id, community, attrs, ingested_at=datetime.now(UTC))
    registry_wiring.registry_service().repo.commit(Change().create(record))
    return building_id
