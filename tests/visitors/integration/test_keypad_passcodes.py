"""Keypad passcodes cannot be guessed, through the gate routes against the local cloud.

- every kind of wrong code gets the very same answer (no tell between a free slot and a live one);
- a gate's budget of wrong codes (10 per 15 minutes) locks its keypad, even against the right code, while other
  gates carry on; right codes do not count; sixteen threads guessing at once get exactly ten tries;
- a pass's budget (5 wrong codes per hour for its slot, across every gate) locks that pass's code, and the QR
  still works;
- spending a budget raises a `passcode_guessing` alarm of the gate at the control centre (the gate's event handed
  to the alarm evaluation, which raises it by the catalogue's default rule);
- a keypad-only gate downloads its keypad list (keys, never tokens; only passes valid at it) and checks codes
  offline with the same refusal and limits, then uploads what it admitted.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from tests.support.alarms import providers  # noqa: F401  (the alarm workflow's notification providers)
from tests.support.ingestion import queue_messages
from tests.support.visitors import Gate, Place, add_gate, call, gate_token, invite, new_place
from tests.support.windows import inside_one_window

GATE_BUDGET, SLOT_BUDGET = 10, 5


@pytest.fixture
def place(cloud: Any) -> Place:
    _inside_one_window()
    return new_place()


def _inside_one_window() -> None:
    """The gate's 15 minutes and the slot's hour: every end of a slot window is an end of a gate window (80 guesses
    from 16 threads across one saw two budgets)."""
    from chalicelib.visitors.keypad import GATE_LIMIT, SLOT_LIMIT

    assert SLOT_LIMIT.window_seconds % GATE_LIMIT.window_seconds == 0
    inside_one_window(GATE_LIMIT.window_seconds)


def verify_path(place: Place) -> str:
    return f"/v1/gate/communities/{place.community}/verify"


def passcode_of(client: Any, place: Place, pass_id: str) -> str:
    path = f"/v1/resident/communities/{place.community}/houses/{place.house}/visitor-passes/{pass_id}/passcode"
    status, body = call(client, "GET", path, place.resident_token())
    assert status == 200, body
    return str(body["passcode"])


def enter(client: Any, place: Place, session: str, passcode: str) -> dict[str, Any]:
    status, body = call(client, "POST", verify_path(place), session, {"passcode": passcode})
    assert status == 200, body
    return dict(body)


def wrong(code: str) -> str:
    """The same slot, a code that is not right now (nor the minute before or after)."""
    from chalicelib.visitors import keypad

    return code[:4] + f"{(int(code[4:]) + 500_000) % 10**keypad.CODE_DIGITS:06d}"


def elsewhere(code: str, i: int) -> str:
    """A guess at another slot each time (so only the gate's budget is spent, never one slot's)."""
    return f"{(int(code[:4]) + 1 + i) % 10_000:04d}{i:06d}"


def gate_with_session(client: Any, place: Place) -> tuple[Gate, str]:
    gate = add_gate(place.community)
    return gate, gate_token(client, place.community, gate)


def test_every_wrong_code_gets_the_same_answer(client: Any, place: Place) -> None:
    from chalicelib.visitors import keypad

    _, session = gate_with_session(client, place)
    live = invite(client, place)[1]
    other = invite(client, place)[1]
    code, other_code = passcode_of(client, place, live["passId"]), passcode_of(client, place, other["passId"])
    elsewhere = new_place()
    foreign = invite(client, elsewhere)[1]
    free_slot = next(f"{n:04d}" for n in range(10_000) if f"{n:04d}" not in {code[:4], other_code[:4]})
    stale, _ = keypad.current_code(keypad.passcode_key(live["token"]), time.time() - 600)
    cases = {
        "a free slot": free_slot + code[4:],
        "a live slot, a wrong code": wrong(code),
        "a live slot, the code of ten minutes ago": code[:4] + stale,
        "a live slot, another pass's code": code[:4] + other_code[4:],
        "another community's pass": passcode_of(client, elsewhere, foreign["passId"]),
    }
    if stale == code[4:]:  # one chance in 10^6 that the old code is the current one
        cases.pop("a live slot, the code of ten minutes ago")
    answers = {case: enter(client, place, session, typed) for case, typed in cases.items()}
    expected = {
        "admitted": False,
        "reason": "INVALID_PASSCODE",
        "passId": None,
        "entryId": None,
        "entriesLeft": None,
        "status": None,
        "visitorName": None,
        "carPlate": None,
        "freeParkingUntil": None,
    }
    assert {case: answer for case, answer in answers.items() if answer != expected} == {}
    assert enter(client, place, session, code)["admitted"]  # the right one still works


@pytest.mark.usefixtures("providers")
def test_a_gates_budget_locks_its_keypad_and_raises_an_alarm(client: Any, place: Place, cloud: Any) -> None:
    gate, session = gate_with_session(client, place)
    _, neighbour = gate_with_session(client, place)
    created = invite(client, place, entries=5)[1]
    code = passcode_of(client, place, created["passId"])
    # right codes are given back: nine wrong, three right (admitted), then the tenth wrong spends the budget
    for i in range(GATE_BUDGET - 1):
        assert enter(client, place, session, elsewhere(code, i))["reason"] == "INVALID_PASSCODE"
    for _ in range(3):
        assert enter(client, place, session, code)["admitted"]
    assert queue_messages(cloud, "ALARM_EVENTS_QUEUE_URL", place.community) == []
    assert enter(client, place, session, elsewhere(code, GATE_BUDGET))["reason"] == "INVALID_PASSCODE"
    locked = enter(client, place, session, code)
    assert (locked["admitted"], locked["reason"], locked["passId"]) == (False, "LOCKED_OUT", None)
    assert enter(client, place, session, elsewhere(code, GATE_BUDGET + 1))["reason"] == "LOCKED_OUT"
    # another gate of the community is not locked
    assert enter(client, place, neighbour, code)["admitted"]
    [candidate] = queue_messages(cloud, "ALARM_EVENTS_QUEUE_URL", place.community)
    assert (candidate["device_id"], candidate["event"], candidate["raises"]) == (
        gate.device_id,
        "passcode_guessing",
        True,
    )
    assert candidate["severity"] == "major" and candidate["data"]["scope"] == "gate"
    assert candidate["data"]["failures"] == GATE_BUDGET and candidate["data"]["windowSeconds"] == 900
    _raises_the_gates_alarm(cloud, place, gate, candidate)


def _raises_the_gates_alarm(cloud: Any, place: Place, gate: Gate, candidate: dict[str, Any]) -> None:
    """The candidate goes where ingestion's go: the alarm evaluation raises it at the gate (by the catalogue)."""
    from chalicelib.alarms import wiring
    from chalicelib.alarms.model import AlarmQuery
    from iot import catalogue
    from tests.support.alarms import consume

    message = {"msgId": candidate["msg_id"], "ts": candidate["occurred_at"], "event": "passcode_guessing"}
    catalogue.validate_message("door_controller", "events", {**message, "data": candidate["data"]})
    result = consume(cloud, [candidate])
    assert result["batchItemFailures"] == [] and list(result["outcomes"].values()) == ["raised"]
    [alarm], _ = wiring.alarm_service().find(place.community, AlarmQuery())
    assert (alarm.alarm_type, alarm.severity, alarm.originator_id) == ("passcode_guessing", "major", gate.device_id)


def test_sixteen_threads_guessing_at_once_get_exactly_the_budget(client: Any, place: Place, cloud: Any) -> None:
    _, session = gate_with_session(client, place)
    code = passcode_of(client, place, invite(client, place)[1]["passId"])
    start = threading.Barrier(16)
    reasons: list[str] = []

    def guesser(n: int) -> None:
        start.wait()
        for i in range(5):
            typed = f"{(n * 5 + i) % 10_000:04d}{(n * 7919 + i * 104_729) % 10**6:06d}"
            if typed[:4] == code[:4]:
                typed = wrong(code)
            reasons.append(enter(client, place, session, typed)["reason"])

    threads = [threading.Thread(target=guesser, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(set(reasons)) == ["INVALID_PASSCODE", "LOCKED_OUT"]
    assert reasons.count("INVALID_PASSCODE") == GATE_BUDGET and reasons.count("LOCKED_OUT") == 80 - GATE_BUDGET
    assert len(queue_messages(cloud, "ALARM_EVENTS_QUEUE_URL", place.community)) == 1


def test_a_passes_budget_locks_its_code_everywhere_and_the_qr_still_works(
    client: Any, place: Place, cloud: Any
) -> None:
    created = invite(client, place, entries=5)[1]
    code = passcode_of(client, place, created["passId"])
    bystander = passcode_of(client, place, invite(client, place)[1]["passId"])
    gates = [gate_with_session(client, place) for _ in range(SLOT_BUDGET + 1)]
    for _, session in gates[:SLOT_BUDGET]:  # one wrong code at each of five gates
        assert enter(client, place, session, wrong(code))["reason"] == "INVALID_PASSCODE"
    last = gates[-1][1]
    answer = enter(client, place, last, code)  # even the right code, at a gate that saw no guess
    assert (answer["admitted"], answer["reason"], answer["passId"]) == (False, "INVALID_PASSCODE", None)
    assert enter(client, place, last, bystander)["admitted"]  # other passes' codes are not locked
    status, scanned = call(client, "POST", verify_path(place), last, {"token": created["token"]})
    assert status == 200 and scanned["admitted"]
    [candidate] = queue_messages(cloud, "ALARM_EVENTS_QUEUE_URL", place.community)
    assert candidate["data"]["scope"] == "slot" and candidate["device_id"] == gates[SLOT_BUDGET - 1][0].device_id
    assert code[:4] not in candidate["msg_id"]  # the slot (a secret half) stays out of the alarm


def test_a_keypad_gate_checks_codes_offline_with_its_list(client: Any, place: Place) -> None:
    from chalicelib.visitors.keypad import INVALID, OfflineKeypad

    gate, session = gate_with_session(client, place)
    other_gate = add_gate(place.community)
    here = invite(client, place, entries=2)[1]
    not_here = invite(client, place, gates=[other_gate.device_id])[1]
    revoked = invite(client, place)[1]
    revoke = f"/v1/resident/communities/{place.community}/houses/{place.house}/visitor-passes/{revoked['passId']}"
    code_revoked = passcode_of(client, place, revoked["passId"])
    assert call(client, "POST", revoke + "/revoke", place.resident_token(), {})[0] == 200
    status, listed = call(client, "GET", f"/v1/gate/communities/{place.community}/keypad-passes", session)
    assert status == 200, listed
    assert {p["passId"] for p in listed["passes"]} == {here["passId"]}  # not the other gate's, not the revoked
    assert all(here["token"] not in str(v) for v in listed["passes"][0].values())  # keys only, never the token
    assert (listed["codeDigits"], listed["stepSeconds"], listed["acceptedSteps"]) == (10, 60, [-1, 0, 1])
    _, keys = call(client, "GET", f"/v1/gate/communities/{place.community}/pass-keys", session)

    offline = OfflineKeypad.from_published(gate.device_id, listed, keys["revoked"])
    code = passcode_of(client, place, here["passId"])
    now = time.time()
    assert offline.enter(wrong(code), now).reason == INVALID
    assert offline.enter(passcode_of(client, place, not_here["passId"]), now).reason == INVALID
    assert offline.enter(code_revoked, now).reason == INVALID  # its slot is not on the list
    assert offline.enter(code, now).ok and offline.enter(code, now).ok
    assert offline.enter(code, now).reason == "NO_ENTRIES_LEFT"
    status, uploaded = call(
        client,
        "POST",
        f"/v1/gate/communities/{place.community}/offline-entries",
        session,
        {"admissions": [{**a, "at": _iso(a["at"]), "method": "passcode"} for a in offline.admitted]},
    )
    assert status == 200 and [r["result"] for r in uploaded["results"]] == ["recorded", "recorded"]


def _iso(at: float) -> str:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(at, UTC).isoformat().replace("+00:00", "Z")
