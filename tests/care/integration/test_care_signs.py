"""Signs of life beyond the bound devices, against the local cloud: a resident's passage through a gate (the
visitors capability's access record, heard through its passage listener) and the household's water and electricity
meters (use only when the cumulative reading increases)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from chalicelib.care import wiring
from chalicelib.care.model import LastSeen
from chalicelib.kernel.clock import iso, utcnow
from tests.care.helpers import elderly_home, register, wechat_account
from tests.support.registry import call, token


def _quiet_for(home: Any, hours: int) -> None:
    """Nothing seen of the person for `hours` (and the wearable silent as long)."""
    long_ago = utcnow() - timedelta(hours=hours)
    wiring.care_service().store.save_last_seen(
        LastSeen(home.community, home.person_id, activity_at=long_ago, wearable_at=long_ago)
    )


def _open_kinds(c: str) -> set[str]:
    page, _ = wiring.care_service().alerts(c, "open", 50, None)
    return {a.kind for a in page}


def test_a_passage_at_a_gate_is_a_sign_of_life(client: Any, cloud: Any) -> None:
    from tests.support.visitors import add_gate, gate_token

    home = elderly_home(client)
    c = home.community
    daughter, _ = wechat_account()
    register(client, home, [{"accountId": daughter, "kind": "resident", "relation": "family", "order": 1}])
    _quiet_for(home, 30)
    card = "CARD-" + uuid.uuid4().hex[:8]
    status, credential = call(
        client,
        "POST",
        f"/v1/staff/communities/{c}/credentials",
        token({"staff.manager"}, {c}),
        {
            "holderKind": "resident",
            "holderId": home.person_id,
            "houseId": home.house_id,
            "kind": "card",
            "reference": card,
            "validUntil": iso(utcnow() + timedelta(days=365)),
        },
    )
    assert status == 201, credential
    door = add_gate(c, None)
    status, passed = call(
        client,
        "POST",
        f"/v1/gate/communities/{c}/credentials/present",
        gate_token(client, c, door),
        {"kind": "card", "reference": card},
    )
    assert status == 200 and passed["allowed"], passed
    seen = wiring.care_service().store.last_seen(c, home.person_id)
    assert seen is not None and seen.activity_at is not None
    assert (utcnow() - seen.activity_at).total_seconds() < 60, "the passage is the person's last activity"
    wiring.care_service().run(c)
    assert "no_activity" not in _open_kinds(c), "seen at the gate: no 'no sign of life' alert"
    assert "no_wearable_data" in _open_kinds(c), "the wearable is still silent"


def test_a_failing_listener_never_breaks_the_gate(client: Any, cloud: Any) -> None:
    from chalicelib.visitors.passage_listeners import listeners, passage_recorded

    calls: list[Any] = []

    def broken(entry: Any) -> None:
        calls.append(entry)
        raise RuntimeError("care is down")

    listeners.append(broken)
    try:
        passage_recorded(object())  # logged, not raised
    finally:
        listeners.remove(broken)
    assert len(calls) == 1


def test_a_passage_of_someone_not_in_care_writes_nothing(client: Any, cloud: Any) -> None:
    from chalicelib.care import passage_seen
    from chalicelib.visitors.model import EntryRecord

    c, person = "c-" + uuid.uuid4().hex[:8], "p-" + uuid.uuid4().hex[:8]
    entry = EntryRecord("e-1", c, "gate-1", "in", "card", "resident", person, "h-1", utcnow())
    passage_seen(entry)
    assert wiring.care_service().store.last_seen(c, person) is None
