"""Static promises of stepfunctions/alarm_handling.asl.json (its behaviour is tested by executing it in
tests/workflow): every task retries and catches, every callback wait has a deadline from the input, every failure
path ends in the dead-letter queue and a Fail state."""

from __future__ import annotations

import json
from pathlib import Path

ASL = json.loads((Path(__file__).resolve().parents[3] / "stepfunctions" / "alarm_handling.asl.json").read_text())
STATES = ASL["States"]


def test_every_task_has_retry_and_catch() -> None:
    tasks = {name: s for name, s in STATES.items() if s["Type"] == "Task"}
    assert len(tasks) >= 7
    for name, state in tasks.items():
        assert state.get("Retry"), f"{name} has no Retry"
        assert state.get("Catch"), f"{name} has no Catch"


def test_nothing_waits_forever() -> None:
    waits = {n: s for n, s in STATES.items() if s["Type"] == "Task" and s["Resource"].endswith(".waitForTaskToken")}
    assert set(waits) == {"NotifyOnDuty", "NotifyLevel", "AwaitClear"}
    for name, state in waits.items():
        assert state["TimeoutSecondsPath"].startswith("$."), name
        timeout_catch = [c for c in state["Catch"] if "States.Timeout" in c["ErrorEquals"]]
        assert timeout_catch, f"{name} does not handle its timeout"


def test_failures_end_in_the_dead_letter_queue_then_fail() -> None:
    dlq = STATES["SendToDeadLetterQueue"]
    assert dlq["Resource"].endswith(":states:::sqs:sendMessage")
    assert dlq["Next"] == "AlarmHandlingFailed" and STATES["AlarmHandlingFailed"]["Type"] == "Fail"
    for name, state in STATES.items():
        for catch in state.get("Catch", []):
            if "States.ALL" in catch["ErrorEquals"] and name != "SendToDeadLetterQueue":
                assert catch["Next"] == "SendToDeadLetterQueue", name
    assert "arn:aws:" not in json.dumps(ASL), "the partition comes from ${Partition}"


def test_each_level_is_told_and_waited_for_in_one_task() -> None:
    """A level's notification, the first level's linked commands and the acknowledgement's wait are one Lambda
    task: one state transition and one invocation for the first level (three before), one for each later level
    (two before); the linkage runs once."""
    for name, linkage in (("NotifyOnDuty", True), ("NotifyLevel", False)):
        payload = STATES[name]["Parameters"]["Payload"]
        assert payload["task"] == "notify_and_wait" and payload["taskToken.$"] == "$$.Task.Token", name
        assert payload.get("linkage", False) is linkage, name
        assert STATES[name]["TimeoutSecondsPath"] == "$.ackTimeoutSeconds", name
        assert STATES[name]["Next"] == "DispatchWorkOrder", name
    assert STATES["NextLevel"]["Next"] == "NotifyLevel"
