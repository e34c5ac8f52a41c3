"""What keeps a burst of alarms fast without changing what happens: the look-ups a consumer batch shares are read
once (and only inside a batch), and a new alarm reaches the duty room's board with its first notification's note
instead of in a message of its own before the guard's phone is told."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from chalicelib.alarms.announcing import AnnouncesWrites
from chalicelib.alarms.batch_memo import BatchMemo, batch_scope, within_batch
from chalicelib.alarms.duty import DutyRoster, Shift
from chalicelib.alarms.model import Alarm
from tests.fakes.alarms import MemoryAlarms, build_service, event


class AnnouncingMemory(AnnouncesWrites, MemoryAlarms):
    """The fake store, telling the board by the production store's rule: (alarm id, its last note)."""

    def __init__(self) -> None:
        super().__init__()
        self.told: list[tuple[str, str]] = []

    def announce(self, alarm: Alarm) -> None:
        self.told.append((alarm.alarm_id, alarm.timeline[-1].action if alarm.timeline else ""))


def test_a_new_alarm_is_announced_once_with_its_first_notification() -> None:
    repo = AnnouncingMemory()
    service, parts = build_service(repo=repo)
    pushes_when_told: list[int] = []
    announce = repo.announce

    def watched(alarm: Alarm) -> None:
        pushes_when_told.append(len(parts["channels"]["push"].sent))
        announce(alarm)

    repo.announce = watched  # type: ignore[method-assign]
    alarm_id = service.handle(event("smoke-1", "smoke_detector", "fire_alarm", "m1")).alarm_ids[0]
    assert repo.told == [(alarm_id, "notified")]
    assert pushes_when_told == [1], "the guard's phone first, then the board"
    # the same message again: nothing new, nothing announced
    assert service.handle(event("smoke-1", "smoke_detector", "fire_alarm", "m1")).action == "duplicate"
    assert repo.told == [(alarm_id, "notified")]


def test_a_new_alarm_whose_first_notification_broke_is_announced_as_created() -> None:
    repo = AnnouncingMemory()
    service, parts = build_service(repo=repo)

    class Down:
        def send(self, message: Any) -> Any:
            raise RuntimeError("notifications table unavailable")

    service.notifier = Down()  # type: ignore[assignment]
    alarm_id = service.handle(event("smoke-1", "smoke_detector", "fire_alarm", "m1")).alarm_ids[0]
    assert repo.told == [(alarm_id, "raised")]
    assert len(parts["workflows"].started) == 1


def test_inside_a_batch_each_fact_is_read_once_even_by_records_at_the_same_time() -> None:
    reads: list[str] = []
    gate = threading.Event()

    def roster() -> list[str]:
        reads.append("roster")
        gate.wait(1)
        return ["guard-1"]

    answers: list[list[str]] = []
    with batch_scope():
        import contextvars

        threads = [
            threading.Thread(
                target=contextvars.copy_context().run,
                args=(lambda: answers.append(within_batch(("roster", "c-1"), roster)),),
            )
            for _ in range(5)
        ]
        for thread in threads:
            thread.start()
        time.sleep(0.05)
        gate.set()
        for thread in threads:
            thread.join()
        assert reads == ["roster"] and answers == [["guard-1"]] * 5
        answers[0].append("changed by a caller")  # every caller has its own copy of a list
        assert within_batch(("roster", "c-1"), roster) == ["guard-1"]
    # outside a batch (workflow tasks, the API) nothing is kept
    within_batch(("roster", "c-1"), roster)
    within_batch(("roster", "c-1"), roster)
    assert reads == ["roster"] * 3


def test_a_failed_read_is_not_kept_for_the_rest_of_the_batch() -> None:
    memo = BatchMemo()
    calls: list[int] = []

    def flaky() -> str:
        calls.append(1)
        if len(calls) == 1:
            raise TimeoutError("throttled")
        return "ok"

    with pytest.raises(TimeoutError):
        memo.get("k", flaky)
    assert memo.get("k", flaky) == "ok" and memo.get("k", flaky) == "ok"
    assert len(calls) == 2


def test_values_read_ahead_are_found_inside_their_batch_and_taken_once() -> None:
    from chalicelib.alarms.batch_memo import seed_batch, taken_from_batch

    seed_batch({"outside": 1})  # no batch: nothing kept
    assert taken_from_batch("outside") == (False, None)
    with batch_scope() as memo:
        assert memo.get("device", lambda: "read") == "read"
        seed_batch({"device": "ahead", "marker": None, "other": "ahead"})
        assert within_batch("device", lambda: "again") == "read", "what was read is not replaced"
        assert within_batch("other", lambda: "again") == "ahead"
        assert taken_from_batch("marker") == (True, None)
        assert taken_from_batch("marker") == (False, None), "a second look reads for itself"
    assert taken_from_batch("other") == (False, None)


def test_the_shifts_on_duty_are_chosen_from_the_shifts_given() -> None:
    class NoReads:
        def of_community(self, community_id: str) -> list[Shift]:
            raise AssertionError("the roster was read again")

    roster = DutyRoster(NoReads(), None, None)  # type: ignore[arg-type]
    everyone = Shift("shf-000000000001", "c-1", "s-1", "*", (1, 2, 3, 4, 5, 6, 7), "00:00", "23:59")
    b2 = Shift("shf-000000000002", "c-1", "s-2", "B2", (1, 2, 3, 4, 5, 6, 7), "00:00", "23:59")
    from datetime import UTC, datetime

    at = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)
    assert roster.on_duty("c-1", "B1", at, [everyone, b2]) == [everyone]
    assert roster.on_duty("c-1", "B2", at, [everyone, b2]) == [everyone, b2]


def test_the_board_hears_of_what_it_shows_not_of_a_task_token_stored() -> None:
    repo = AnnouncingMemory()
    service, _ = build_service(repo=repo)
    alarm_id = service.handle(event("smoke-1", "smoke_detector", "fire_alarm", "m1")).alarm_ids[0]
    (community,) = {c for c, a in repo.alarms if a == alarm_id}
    told = len(repo.told)
    assert service.await_ack(community, alarm_id, "token-1") == {"waiting": True}  # the workflow waits: not shown
    assert len(repo.told) == told
    assert service.acknowledge(community, alarm_id, "guard-1").acknowledged  # a person acknowledges: shown
    assert repo.told[told:] == [(alarm_id, "acknowledged")]
