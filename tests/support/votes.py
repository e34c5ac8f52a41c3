"""Helpers for the owners' vote tests: a community of houses with registered areas and owners (one owner may hold
several houses; a house with no owner is the developer's), resident accounts bound to them, tokens, API calls."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.support.identity import token_for


def now() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass
class Estate:
    community: str
    houses: list[str]
    account_of_house: dict[str, str] = field(default_factory=dict)  # the owner's account (absent: unsold)
    person_of_account: dict[str, str] = field(default_factory=dict)

    def owner_token(self, house: str) -> str:
        account = self.account_of_house[house]
        mine = {h for h, a in self.account_of_house.items() if a == account}
        return token_for({"resident.owner"}, {self.community}, kind="resident", households=mine, subject=account)

    def resident_token(self, account: str, house: str, relation: str) -> str:
        return token_for(
            {f"resident.{relation}"}, {self.community}, kind="resident", households={house}, subject=account
        )

    def staff_token(self, role: str = "staff.manager", subject: str = "mgr-1") -> str:
        return token_for({role}, {self.community}, subject=subject)


def estate(
    areas: list[str], owners: list[str | None] | None = None, community: str | None = None, wechat: bool = False
) -> Estate:
    """Houses with these areas; `owners[i]` names house i's owner (the same name: the same person and account;
    None: unsold). Written through the registry repository, as the registry does (owner markers, bindings)."""
    from chalicelib.registry import find_record
    from chalicelib.registry import wiring as registry_wiring
    from chalicelib.registry.model import Change, Record, Residency
    from tests.support.registry import building_with_id

    community = community or "c-" + uuid.uuid4().hex[:10]
    if find_record(community, "building", "B1") is None:
        building_with_id(community, "B1")
    names = owners if owners is not None else [f"o{i}" for i in range(len(areas))]
    people: dict[str, tuple[str, str]] = {}
    found = Estate(community, [])
    repo = registry_wiring.registry_service().repo
    at = now()
    for i, area in enumerate(areas):
        house = "h" + uuid.uuid4().hex[:10]
        attrs = {
            "buildingId": "B1",
            "unit": 1,
            "floor": 1 + i // 4,
            "room": 101 + i % 10_000,
            "addressCode": f"T-{house}",
            "areaSqm": float(area),
        }
        change = Change().create(Record(kind="house", id=house, community_id=community, attrs=attrs, ingested_at=at))
        name = names[i]
        if name is not None:
            if name not in people:
                people[name] = ("p" + uuid.uuid4().hex[:12], "acct-" + uuid.uuid4().hex[:8])
                if wechat:
                    with_openid(people[name][1])
            person, account = people[name]
            change.move_in(Residency(community, house, person, name, "owner", at, at, account_id=account, bound_at=at))
            found.account_of_house[house] = account
            found.person_of_account[account] = person
        repo.commit(change)
        found.houses.append(house)
    return found


def with_openid(account_id: str) -> None:
    """A resident account signed in through WeChat (so it can be sent subscribe messages)."""
    from chalicelib.identity.model import ResidentAccount
    from chalicelib.identity.repository import DynamoResidentAccounts

    DynamoResidentAccounts().add(
        ResidentAccount(account_id=account_id, openid="o" + uuid.uuid4().hex[:27], created_at=now())
    )


def add_member(place: Estate, house: str, relation: str) -> tuple[str, str]:
    """A family member or tenant of the house with a bound account: (account, person)."""
    from chalicelib.registry import wiring as registry_wiring
    from chalicelib.registry.model import Change, Residency

    person, account, at = "p" + uuid.uuid4().hex[:12], "acct-" + uuid.uuid4().hex[:8], now()
    member = Residency(place.community, house, person, "Member", relation, at, at, account_id=account, bound_at=at)
    registry_wiring.registry_service().repo.commit(Change().move_in(member))
    return account, person


def headers(token: str | None) -> dict[str, str]:
    h = {"Content-Type": "application/json"}
    if token:
        h["Authorization"] = f"Bearer {token}"
    return h


def call(client: Any, method: str, path: str, token: str | None, body: Any = None) -> tuple[int, Any]:
    kwargs: dict[str, Any] = {"headers": headers(token)}
    if body is not None:
        kwargs["body"] = json.dumps(body)
    response = getattr(client.http, method.lower())(path, **kwargs)
    return response.status_code, (json.loads(response.body) if response.body else None)


def open_vote(client: Any, place: Estate, *, hours: float = 24, **changes: Any) -> dict[str, Any]:
    body = {"title": "续聘物业服务企业", "matter": "property_manager", "closesAt": iso(now() + timedelta(hours=hours))}
    body.update(changes)
    status, created = call(client, "POST", f"/v1/staff/communities/{place.community}/votes", place.staff_token(), body)
    assert status == 201, created
    return created


def ballot_path(place: Estate, house: str, vote_id: str) -> str:
    return f"/v1/resident/communities/{place.community}/houses/{house}/votes/{vote_id}/ballot"
