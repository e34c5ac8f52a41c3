"""Helpers of the care tests against the local cloud: an elderly resident living alone in a registry house, bound
to a WeChat account, with a wearable and a gas detector of the house, and guardians (a resident account, a staff
account)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from tests.support.alarms import device
from tests.support.identity import make_staff
from tests.support.registry import add_member, call, make_house, make_person, new_community, token


@dataclass
class Home:
    community: str
    house_id: str
    building: str | None
    person_id: str
    resident_account: str
    resident_openid: str
    wearable: str
    gas: str


def wechat_account() -> tuple[str, str]:
    from chalicelib.identity.model import ResidentAccount
    from chalicelib.identity.repository import DynamoResidentAccounts
    from chalicelib.kernel.clock import utcnow

    openid = "o" + uuid.uuid4().hex[:27]
    account = DynamoResidentAccounts().add(
        ResidentAccount(account_id=uuid.uuid4().hex, openid=openid, created_at=utcnow())
    )
    assert account is not None
    return account.account_id, openid


def elderly_home(client: Any) -> Home:
    from chalicelib.kernel.clock import utcnow
    from chalicelib.registry import wiring as registry_wiring

    c = new_community(client)
    house = make_house(client, c)
    person, _ = make_person(client, c, name="王奶奶")
    status, _ = add_member(client, c, house["houseId"], person["personId"])
    assert status in (200, 201)
    account, openid = wechat_account()
    repo = registry_wiring.registry_service().repo
    member = repo.residency(c, house["houseId"], person["personId"])
    assert member is not None
    repo.bind(member, account, utcnow())
    building = house.get("buildingId")
    wearable = device(c, "wearable", building, user=house["houseId"])
    gas = device(c, "gas_detector", building, user=house["houseId"])
    return Home(c, house["houseId"], building, person["personId"], account, openid, wearable, gas)


def care_worker(c: str) -> str:
    return token({"staff.care"}, {c})


def registration(home: Home, guardians: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {
        "personId": home.person_id,
        "houseId": home.house_id,
        "categories": ["living_alone", "elderly"],
        "careLevel": "attention",
        "consent": {
            "consentedBy": "王奶奶",
            "consentedAt": "2026-12-01T02:00:00Z",
            "scopes": ["register", "health_data", "wearable", "home_devices", "guardians_notified"],
        },
        "guardians": guardians,
        "wearables": [home.wearable],
        "health": {"conditions": ["高血压"], "medications": ["氨氯地平"], "notes": "独居，女儿在外地"},
        **extra,
    }


def register(client: Any, home: Home, guardians: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    status, body = call(
        client,
        "POST",
        f"/v1/staff/communities/{home.community}/care/people",
        care_worker(home.community),
        registration(home, guardians, **extra),
    )
    assert status == 201, body
    return dict(body)


def staff_guardian(c: str) -> Any:
    return make_staff({c}, {"staff.guard"})
