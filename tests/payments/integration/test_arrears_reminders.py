"""Arrears reminders through the one notifier (the notifications capability): the daily schedule reminds each
house with overdue bills once a week, by WeChat, every bound resident with an openid; a second run the same day
sends nothing new."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from chalicelib.notifications import wiring as notifications_wiring
from chalicelib.payments import wiring as payments_wiring
from chalicelib.registry import wiring as registry_wiring
from tests.support.alarms import providers  # noqa: F401  (the `providers` fixture: local WeChat server)
from tests.support.registry import add_member, make_house, make_person, new_community


def _bind(client: Any, community: str, house_id: str, relation: str) -> str:
    """A resident of the house bound to an account with a WeChat openid; returns the openid."""
    from chalicelib.identity.model import ResidentAccount
    from chalicelib.identity.repository import DynamoResidentAccounts
    from chalicelib.kernel.clock import utcnow

    person, _ = make_person(client, community)
    status, body = add_member(client, community, house_id, person["personId"], relation)
    assert status in (200, 201), body
    openid = "o" + uuid.uuid4().hex[:27]
    account = DynamoResidentAccounts().add(
        ResidentAccount(account_id=uuid.uuid4().hex, openid=openid, created_at=utcnow())
    )
    assert account is not None
    registry = registry_wiring.registry_service().repo
    member = registry.residency(community, house_id, person["personId"])
    assert member is not None
    registry.bind(member, account.account_id, utcnow())
    return openid


def _bills(community: str, fee_item_id: str, period_kind: str, period: str, house_id: str, fen: int) -> None:
    from chalicelib.payments.bills import FeeItem

    billing = payments_wiring.billing_service()
    billing.define_fee_item(
        FeeItem(community, fee_item_id, "物业费", "fixed", fen, period_kind, house_ids=(house_id,), created_by="test")
    )
    assert billing.generate(community, fee_item_id, period).created == 1


def _deliveries(community: str, house_id: str) -> list[Any]:
    found, _ = notifications_wiring.deliveries().page(community, f"arrears:{house_id}", 50, None)
    return list(found)


def _run(client: Any) -> dict[str, Any]:
    event = client.events.generate_cw_event(source="aws.events", detail_type="Scheduled Event", detail={}, resources=[])
    payload: dict[str, Any] = client.lambda_.invoke("payment_arrears_reminders", event).payload
    return payload


def test_overdue_houses_remind_their_bound_residents_once(client: Any, request: pytest.FixtureRequest) -> None:
    wechat = request.getfixturevalue("providers").wechat  # the local WeChat subscribe-message server
    community = new_community(client)
    first_house = make_house(client, community, room=1)
    overdue = first_house["houseId"]
    not_due = make_house(client, community, room=2, building_id=first_house["buildingId"])["houseId"]
    nobody = make_house(client, community, room=3, building_id=first_house["buildingId"])["houseId"]

    owner = _bind(client, community, overdue, "owner")
    family = _bind(client, community, overdue, "family")
    tenant, _ = make_person(client, community)  # a resident with no bound account: no openid, no reminder
    assert add_member(client, community, overdue, tenant["personId"], "tenant")[0] in (200, 201)
    _bind(client, community, not_due, "owner")

    _bills(community, "old-a", "monthly", "2020-01", overdue, 22375)
    _bills(community, "old-b", "monthly", "2020-02", overdue, 8335)
    _bills(community, "old-c", "monthly", "2020-01", nobody, 5000)  # overdue, but no one to remind
    _bills(community, "future", "yearly", "2099", not_due, 90000)  # not yet due

    first = _run(client)
    second = _run(client)
    assert first["failed"] == 0 and second["failed"] == 0

    deliveries = _deliveries(community, overdue)
    assert sorted(d.address for d in deliveries) == sorted([owner, family])
    assert {d.channel for d in deliveries} == {"wechat"}
    assert [(d.status, d.attempts) for d in deliveries] == [("sent", 1)] * 2, "the second run sent nothing new"
    assert {d.role for d in deliveries} == {"owner", "family"}
    assert len({d.key for d in deliveries}) == 1 and deliveries[0].key.startswith("week-")
    sent_to = [m["to"] for m in wechat.received if m["to"] in {owner, family}]
    assert sorted(sent_to) == sorted([owner, family]), "one WeChat message per resident over both runs"
    assert _deliveries(community, not_due) == []
    assert _deliveries(community, nobody) == []
