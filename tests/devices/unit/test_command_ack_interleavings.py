"""The command rules under every interleaving of two acks (`done` and `failed`, the same device answering twice)
and the workflow's timeout: each actor's store calls (read, conditional write) are run in one of all the possible
orders, forced by a turnstile, against an in-memory store that keeps the repository's contract (a write lands only
if the stored version is still the one it was read at). Whoever settles the command first wins, the status is the
winner's, every other answer is on the timeline as ignored, and the workflow is told once, the winner's answer.
The local-cloud race over DynamoDB is tests/devices/integration/test_command_ack_race.py."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from itertools import permutations
from typing import Any

from chalicelib.devices import commands as cmd

STEPS = {"done": 3, "failed": 3, "timeout": 2}  # store calls before each actor's first write: get (+get), replace


class Turnstile:
    """Lets store calls through in the order `schedule` names their actors; an actor that has finished is skipped,
    and past the schedule every call goes through in arrival order."""

    def __init__(self, schedule: tuple[str, ...]):
        self.schedule = list(schedule)
        self.finished: set[str] = set()
        self.turn = threading.Condition()
        self.local = threading.local()

    def _next(self) -> str | None:
        while self.schedule and self.schedule[0] in self.finished:
            self.schedule.pop(0)
        return self.schedule[0] if self.schedule else None

    def enter(self) -> None:
        me = self.local.name
        with self.turn:
            assert self.turn.wait_for(lambda: self._next() in (me, None), timeout=10), f"{me} never got its turn"

    def leave(self) -> None:
        with self.turn:
            if self.schedule and self.schedule[0] == self.local.name:
                self.schedule.pop(0)
            self.turn.notify_all()

    def done(self) -> None:
        with self.turn:
            self.finished.add(self.local.name)
            self.turn.notify_all()


@dataclass
class VersionedStore:
    """The repository's contract in memory: `replace` writes only over the version the command was read at."""

    turnstile: Turnstile
    items: dict[str, cmd.Command] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, command: cmd.Command) -> None:
        self.items[command.command_id] = replace(command, version=1)

    def get(self, community_id: str, command_id: str) -> cmd.Command | None:
        self.turnstile.enter()
        try:
            with self.lock:
                return self.items.get(command_id)
        finally:
            self.turnstile.leave()

    def replace(self, command: cmd.Command) -> bool:
        self.turnstile.enter()
        try:
            with self.lock:
                stored = self.items[command.command_id]
                if stored.version != command.version:
                    return False
                self.items[command.command_id] = replace(command, version=(command.version or 0) + 1)
                return True
        finally:
            self.turnstile.leave()


@dataclass
class ToldWorkflows:
    told: list[tuple[str, str]] = field(default_factory=list)  # (token, "done" | error)

    def command_execution_arn(self, command_id: str) -> str:
        return "arn"

    def start_command(self, command: cmd.Command) -> str:
        return "arn"

    def task_succeeded(self, token: str, output: dict[str, Any]) -> None:
        self.told.append((token, output["status"]))

    def task_failed(self, token: str, error: str, cause: str) -> None:
        self.told.append((token, cause.removeprefix("device answered ")))


def _sent_command() -> cmd.Command:
    at = datetime(2026, 3, 1, tzinfo=UTC)
    command = cmd.Command("cmd-1", "c-1", "door-1", "door_controller", "open_door", {}, "staff-1", at)
    return command.moved_to(cmd.PENDING, at).moved_to(cmd.SENT, at, task_token="token-1")


def _run(schedule: tuple[str, ...]) -> tuple[cmd.Command, dict[str, str], list[tuple[str, str]]]:
    turnstile = Turnstile(schedule)
    store = VersionedStore(turnstile)
    store.add(_sent_command())
    workflows = ToldWorkflows()
    service = cmd.CommandService(store, None, None, None, workflows, None)  # type: ignore[arg-type]
    results: dict[str, str] = {}

    def act(name: str) -> None:
        turnstile.local.name = name
        try:
            if name == "timeout":
                results[name] = service.finish("c-1", "cmd-1", "timed_out").status
            else:
                results[name] = service.acknowledge("c-1", "door-1", "cmd-1", name, f"answer {name}")
        finally:
            turnstile.done()

    threads = [threading.Thread(target=act, args=(name,)) for name in STEPS]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert not any(t.is_alive() for t in threads), f"stuck in {schedule}"
    return store.items["cmd-1"], results, workflows.told


def _schedules() -> list[tuple[str, ...]]:
    steps = [name for name, n in STEPS.items() for _ in range(n)]
    return sorted(set(permutations(steps)))


def test_every_interleaving_of_two_acks_and_the_timeout_settles_the_command_once() -> None:
    schedules = _schedules()
    assert len(schedules) == 560  # 8! / (3! 3! 2!)
    winners: dict[str, int] = {}
    for schedule in schedules:
        stored, results, told = _run(schedule)
        acks = {k: v for k, v in results.items() if k != "timeout"}
        completed = [name for name, verdict in acks.items() if verdict == "completed"]
        assert len(completed) <= 1, (schedule, results)
        if completed:
            winner = completed[0]
            assert (stored.status, stored.ack_status, stored.ack_detail) == (winner, winner, f"answer {winner}")
            assert told == [("token-1", winner)], (schedule, told)
            assert results["timeout"] == winner, "the workflow's timeout step found the command settled"
        else:
            winner = "timeout"
            assert (stored.status, stored.ack_status) == (cmd.TIMED_OUT, None), (schedule, stored)
            assert told == []
        losers = sorted(name for name, verdict in acks.items() if verdict == "ignored")
        assert losers == sorted(set(acks) - set(completed)), (schedule, results)
        assert sorted(h[2] for h in stored.history if h[0] == cmd.ACK_IGNORED) == losers
        transitions = [h[0] for h in stored.history if h[0] != cmd.ACK_IGNORED]
        assert transitions == ["pending", "sent", stored.status], (schedule, stored.history)
        winners[winner] = winners.get(winner, 0) + 1
    assert set(winners) == {"done", "failed", "timeout"}, winners  # every actor wins in some interleaving


def test_the_settling_ack_again_is_a_duplicate_and_a_different_one_is_ignored_once() -> None:
    store = VersionedStore(Turnstile(()))
    store.turnstile.local.name = "free"
    store.add(_sent_command())
    workflows = ToldWorkflows()
    service = cmd.CommandService(store, None, None, None, workflows, None)  # type: ignore[arg-type]
    assert service.acknowledge("c-1", "door-1", "cmd-1", "done") == "completed"
    assert service.acknowledge("c-1", "door-1", "cmd-1", "done") == "duplicate"  # QoS 1 redelivery
    assert service.acknowledge("c-1", "door-1", "cmd-1", "failed", "jammed") == "ignored"
    assert service.acknowledge("c-1", "door-1", "cmd-1", "failed", "jammed") == "ignored"  # redelivered: noted once
    assert service.acknowledge("c-2", "door-2", "cmd-1", "done") == "foreign"
    stored = store.items["cmd-1"]
    assert (stored.status, stored.ack_status) == (cmd.DONE, "done")
    assert [h for h in stored.history if h[0] == cmd.ACK_IGNORED] == [
        (cmd.ACK_IGNORED, stored.history[-1][1], "failed", "jammed")
    ]
    # The settling ack told the workflow; its redelivery told it again (the first telling may have failed), until
    # the workflow's last step forgets the token.
    assert workflows.told == [("token-1", "done"), ("token-1", "done")]
    assert service.finish("c-1", "cmd-1", "done").status == cmd.DONE
    assert store.items["cmd-1"].task_token is None
    assert service.acknowledge("c-1", "door-1", "cmd-1", "done") == "duplicate"
    assert len(workflows.told) == 2


def test_a_chattering_device_cannot_grow_the_timeline_without_bound() -> None:
    store = VersionedStore(Turnstile(()))
    store.turnstile.local.name = "free"
    store.add(_sent_command())
    service = cmd.CommandService(store, None, None, None, ToldWorkflows(), None)  # type: ignore[arg-type]
    service.acknowledge("c-1", "door-1", "cmd-1", "done")
    for i in range(100):
        assert service.acknowledge("c-1", "door-1", "cmd-1", "failed", f"noise {i}") == "ignored"
    ignored = [h for h in store.items["cmd-1"].history if h[0] == cmd.ACK_IGNORED]
    assert len(ignored) == cmd.MAX_IGNORED_ACKS
