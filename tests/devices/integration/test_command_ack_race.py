"""A device answering a command twice (`done` then `failed`, back to back) races its own acks through ingestion: the
first terminal ack wins under any interleaving, the command's status is the winner's, and the losers stay on the
command's timeline as ignored. Real concurrency: each ack is its own `ingest_event` invocation (a Chalice test client
per thread, as each would be its own Lambda invocation), all released together by a barrier, against the local
cloud's DynamoDB and the command workflow."""

from __future__ import annotations

import json
import threading
import time
from typing import Any

from chalicelib.devices import commands as cmd
from chalicelib.devices import wiring as devices_wiring
from chalicelib.devices.repository_commands import command_view
from iot.simulator import payloads
from tests.support.ingestion import new_community, register, rule_output

ROUNDS = 8
ANSWERS = ("done", "failed", "rejected")


def _sent(community: str, command_id: str) -> cmd.Command:
    repo = devices_wiring.command_service().repo
    deadline = time.monotonic() + 15
    while True:
        found = repo.get(community, command_id)
        if found is not None and found.status == cmd.SENT:
            return found
        assert time.monotonic() < deadline, f"{command_id} was never sent: {found}"
        time.sleep(0.05)


def _race(app: Any, outputs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Invoke `ingest_event` once per output, each on its own thread and test client, all released together."""
    from chalice.test import Client

    barrier = threading.Barrier(len(outputs))
    results: list[dict[str, Any]] = [{} for _ in outputs]
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            with Client(app) as own:
                barrier.wait(timeout=30)
                results[i] = own.lambda_.invoke("ingest_event", outputs[i]).payload
        except BaseException as exc:  # reported below, not swallowed by the thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(outputs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    return results


def test_the_first_terminal_ack_wins_under_any_interleaving(cloud: Any, app: Any) -> None:
    community = new_community()
    door = register(community, "door_controller")
    service = devices_wiring.command_service()
    winners: list[str] = []
    for round_ in range(ROUNDS):
        command = service.request(community, door, "open_door", {}, requested_by="staff-1", ack_timeout_seconds=30)
        _sent(community, command.command_id)
        answers = ANSWERS[: 2 + round_ % 2]  # done+failed, then done+failed+rejected, ...
        outputs = [
            rule_output(community, door, "commands/ack", payloads.ack(command.command_id, a, f"answer {a}"))
            for a in answers
        ]
        results = _race(app, outputs)
        outcomes = [r["acks"][command.command_id] for r in results]
        assert sorted(outcomes) == ["completed"] + ["ignored"] * (len(answers) - 1), outcomes
        winner = answers[outcomes.index("completed")]
        winners.append(winner)

        stored = service.repo.get(community, command.command_id)
        assert stored is not None
        assert stored.status == winner and stored.ack_status == winner, (stored.status, stored.ack_status)
        assert stored.ack_detail == f"answer {winner}"
        view = command_view(stored)
        assert [h["status"] for h in view["history"][:3]] == ["pending", "sent", winner]
        ignored = [h for h in view["history"] if h["status"] == cmd.ACK_IGNORED]
        assert sorted(h["ackStatus"] for h in ignored) == sorted(a for a in answers if a != winner)

        # The workflow follows the winner, and its last step leaves the status as the winner made it.
        execution = cloud.wait_for_execution(command.execution_arn)
        assert execution["status"] == ("SUCCEEDED" if winner == "done" else "FAILED"), execution
        if winner == "done":
            assert json.loads(execution["output"])["result"] == {"status": "done"}
        else:
            assert execution.get("error") == "CommandRejected"
        after = service.repo.get(community, command.command_id)
        assert after is not None and (after.status, after.ack_status) == (winner, winner)
    print(f"ack race: {ROUNDS} rounds, winners {winners}")
