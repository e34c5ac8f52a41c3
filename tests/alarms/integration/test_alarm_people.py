"""The alarm service's people adapter against the registry and identity data the other slices write: a home's bound
residents by WeChat openid, its people's emergency contacts by SMS (phone decrypted from the envelope), staff by
role and the duty roster by push. These are the reads the registry refactoring must keep working."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from chalicelib.alarms import wiring as alarms_wiring
from chalicelib.registry import wiring as registry_wiring
from tests.support.identity import make_staff
from tests.support.registry import add_member, fake_phone, make_house, make_person, new_community


def test_household_contacts_staff_and_roster(client: Any, cloud: Any) -> None:
    from chalicelib.alarms.adapters import AlarmPeopleDirectory, LedgerPlaces
    from chalicelib.identity.model import ResidentAccount
    from chalicelib.identity.repository import DynamoResidentAccounts
    from chalicelib.kernel.clock import utcnow

    c = new_community(client)
    house = make_house(client, c)
    contact_phone = fake_phone()
    owner, _ = make_person(
        client, c, emergencyContacts=[{"name": "王五", "phone": contact_phone, "relation": "daughter"}]
    )
    status, _ = add_member(client, c, house["houseId"], owner["personId"])
    assert status in (200, 201)
    openid = "o" + uuid.uuid4().hex[:27]
    account = DynamoResidentAccounts().add(
        ResidentAccount(account_id=uuid.uuid4().hex, openid=openid, created_at=utcnow())
    )
    assert account is not None
    registry = registry_wiring.registry_service().repo
    member = registry.residency(c, house["houseId"], owner["personId"])
    assert member is not None
    registry.bind(member, account.account_id, utcnow())
    guard = make_staff({c}, {"staff.guard"})
    manager = make_staff({c}, {"staff.manager"})
    alarms_wiring.duty_roster().add(
        c, guard.account_id, house.get("buildingId") or "*", [1, 2, 3, 4, 5, 6, 7], "00:00", "23:59", "t"
    )

    people = AlarmPeopleDirectory(alarms_wiring.duty_roster())
    assert [(r.channel, r.address, r.role) for r in people.household(c, house["houseId"])] == [
        ("wechat", openid, "owner")
    ]
    (contact,) = people.emergency_contacts(c, house["houseId"])
    assert (contact.channel, contact.address, contact.name) == ("sms", contact_phone, "王五")
    assert contact.masked and contact.masked != contact_phone, "records keep the masked number"
    assert [r.address for r in people.staff_with_role(c, "staff.manager")] == [manager.account_id]
    on_duty = people.on_duty(c, house.get("buildingId"), datetime.now(UTC))
    assert [(r.channel, r.address) for r in on_duty] == [("push", guard.account_id)]
    place = LedgerPlaces().place_of(c, house["houseId"])  # SOS: the originator is the house
    assert place.house_id == house["houseId"] and place.building == house.get("buildingId")
