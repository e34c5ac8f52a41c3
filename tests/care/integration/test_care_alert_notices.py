"""A raised care alert is told to the person's guardians (WeChat to a resident account, push to a staff account) and
to the community's care workers (role `staff.care`), once per alert, in Chinese with names and Beijing time; the
local WeChat and push servers record what arrived."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.care import wiring
from tests.care.helpers import elderly_home, register, staff_guardian, wechat_account
from tests.care.integration.test_care_signs import _quiet_for
from tests.support.alarms import providers  # noqa: F401
from tests.support.identity import make_staff

pytestmark = pytest.mark.usefixtures("providers")


def test_guardians_and_care_workers_hear_of_a_care_alert_once(
    client: Any,
    cloud: Any,
    providers: Any,  # noqa: F811
) -> None:
    home = elderly_home(client)
    c = home.community
    daughter, daughter_openid = wechat_account()
    neighbour = staff_guardian(c)
    worker = make_staff({c}, {"staff.care"})
    bystander = make_staff({c}, {"staff.guard"})
    register(
        client,
        home,
        [
            {"accountId": daughter, "kind": "resident", "relation": "family", "order": 1},
            {"accountId": neighbour.account_id, "kind": "staff", "relation": "neighbour", "order": 2},
        ],
    )
    _quiet_for(home, 30)
    wechat_before, push_before = len(providers.wechat.received), len(providers.push.received)
    service = wiring.care_service()
    report = service.run(c)
    assert report.raised == 2, report  # no sign of life, no wearable data

    wechat = providers.wechat.received[wechat_before:]
    pushed = providers.push.received[push_before:]
    assert [m["to"] for m in wechat].count(daughter_openid) == 2, wechat
    to = [p["to"] for p in pushed]
    assert to.count(neighbour.account_id) == 2 and to.count(worker.account_id) == 2, pushed
    assert bystander.account_id not in to, "only the care role hears"
    text = str(pushed[0])
    assert "王奶奶" in text and "年" in text and home.person_id not in text, pushed[0]

    # retried: the same alert told again delivers nothing new; the next run raises nothing
    page, _ = service.alerts(c, "open", 10, None)
    profile = service.get(c, home.person_id)
    assert service.notices is not None
    service.notices.alert_raised(profile, page[0])
    service.run(c)
    assert len(providers.wechat.received) - wechat_before == 2
    assert len(providers.push.received) - push_before == 4
