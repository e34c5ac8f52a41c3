"""The visitor-pass ASL executed by moto's Step Functions engine, its Lambda tasks running in-process.

Covers: approval awaited with a task token and a timeout from the input (timeout -> rejected), approval and
rejection completing the task (SendTaskSuccess / SendTaskFailure), and the Wait on the window's end
(TimestampPath) -> expired. The table is never polled by the workflow."""

from __future__ import annotations

import json
import time
from datetime import timedelta
from typing import Any

import pytest

from chalicelib.visitors import model as v
from chalicelib.visitors import wiring
from tests.support.visitors import Place, new_place, now


@pytest.fixture
def place(cloud: Any) -> Place:
    return new_place()


def set_policy(place: Place, **changes: Any) -> None:
    from chalicelib.visitors.repository import DynamoPolicyStore

    DynamoPolicyStore().put(v.VisitorPolicy(place.community, **changes))


def invite(place: Place, seconds: float = 3600) -> v.VisitorPass:
    start = now()
    return wiring.visitor_service().invite(
        place.resident,
        place.community,
        place.house,
        name="Li Lei",
        phone="13912345678",
        reason="visit",
        starts_at=start,
        ends_at=start + timedelta(seconds=seconds),
        entries=1,
    )


def wait_for_status(place: Place, pass_id: str, status: str, timeout: float = 20) -> v.VisitorPass:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = wiring.visitor_service().repo.get(place.community, pass_id)
        if found is not None and found.status == status:
            return found
        time.sleep(0.1)
    raise AssertionError(
        f"{pass_id} never reached {status}: {wiring.visitor_service().repo.get(place.community, pass_id)}"
    )


def history(cloud: Any, arn: str) -> list[str]:
    return [e["type"] for e in cloud.client("stepfunctions").get_execution_history(executionArn=arn)["events"]]


def test_approval_timeout_rejects_the_pass(cloud: Any, place: Place) -> None:
    set_policy(place, approval_required=True, approval_timeout_seconds=1)
    created = invite(place)
    assert created.status == v.PENDING and created.token is None
    result = cloud.wait_for_execution(created.execution_arn, timeout=20)
    assert result["status"] == "SUCCEEDED"
    rejected = wait_for_status(place, created.pass_id, v.REJECTED)
    assert rejected.reason == "approval_timeout"
    assert [s for s, _ in rejected.history] == ["pending", "rejected"]
    # A late approval changes nothing.
    from chalicelib.kernel.errors import Conflict

    with pytest.raises(Conflict):
        wiring.visitor_service().decide(place.community, created.pass_id, True, "mgr-1")


def test_window_over_expires_the_pass(cloud: Any, place: Place) -> None:
    created = invite(place, seconds=2)
    assert created.status == v.ACTIVE and created.token
    result = cloud.wait_for_execution(created.execution_arn, timeout=20)
    assert result["status"] == "SUCCEEDED", result
    assert json.loads(result["output"])["result"] == {"status": "expired"}
    expired = wait_for_status(place, created.pass_id, v.EXPIRED)
    assert expired.ends_at <= now()
    events = history(cloud, created.execution_arn)
    assert "WaitStateEntered" in events and "TaskStateEntered" in events


def test_approval_completes_the_waiting_task_then_the_window_expires(cloud: Any, place: Place) -> None:
    set_policy(place, approval_required=True, approval_timeout_seconds=30)
    created = invite(place, seconds=4)
    deadline = time.monotonic() + 90
    while not wiring.visitor_service().get(place.community, created.pass_id).task_token:
        assert time.monotonic() < deadline, "the await task never stored its token"
        time.sleep(0.1)
    # the token is stored inside the task; the engine waits for the callback once the task has returned, which its
    # history records as TaskSubmitted: wait for that state, not for a second that usually suffices
    while "TaskSubmitted" not in history(cloud, created.execution_arn):
        assert time.monotonic() < deadline, "the engine never started waiting for the approval"
        time.sleep(0.1)
    approved = wiring.visitor_service().decide(place.community, created.pass_id, True, "mgr-1")
    assert approved.status == v.ACTIVE and approved.token
    result = cloud.wait_for_execution(created.execution_arn, timeout=40)
    assert result["status"] == "SUCCEEDED", result
    events = history(cloud, created.execution_arn)
    assert "TaskSucceeded" in events and "TaskTimedOut" not in events, "the approval completed the waiting task"
    wait_for_status(place, created.pass_id, v.EXPIRED)


def test_rejection_ends_the_workflow(cloud: Any, place: Place) -> None:
    set_policy(place, approval_required=True, approval_timeout_seconds=30)
    created = invite(place)
    deadline = time.monotonic() + 90
    while not wiring.visitor_service().get(place.community, created.pass_id).task_token:
        assert time.monotonic() < deadline, "the await task never stored its token"
        time.sleep(0.1)
    wiring.visitor_service().decide(place.community, created.pass_id, False, "mgr-1")
    result = cloud.wait_for_execution(created.execution_arn, timeout=20)
    assert result["status"] == "SUCCEEDED"
    assert "WaitStateEntered" not in history(cloud, created.execution_arn)
    assert wiring.visitor_service().get(place.community, created.pass_id).status == v.REJECTED


def test_a_decision_before_the_task_stored_its_token_still_completes_it(cloud: Any, place: Place) -> None:
    # The await task finds the pass decided and completes its own task token at once. moto's engine may not be
    # listening yet while the task runs (AWS is), and then drops that callback: the approval timeout path must
    # still end with the pass approved and later expired, never rejected.
    set_policy(place, approval_required=True, approval_timeout_seconds=3)
    created = invite(place, seconds=4)
    wiring.visitor_service().decide(place.community, created.pass_id, True, "mgr-1")  # likely before the task ran
    result = cloud.wait_for_execution(created.execution_arn, timeout=40)
    assert result["status"] == "SUCCEEDED", result
    expired = wait_for_status(place, created.pass_id, v.EXPIRED)
    assert [s for s, _ in expired.history] == ["pending", "active", "expired"]


def test_a_token_the_first_task_stores_while_the_invite_returns_is_kept(
    cloud: Any, place: Place, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The workflow's first task may store its token at any moment after the start, also between a read and a
    write `invite` makes afterwards: nothing `invite` writes after the start may put back the pass as it was read
    (the approval would then never reach the waiting task). The task is run at that worst moment: just before the
    first write to the pass after the start."""
    set_policy(place, approval_required=True, approval_timeout_seconds=30)
    service = wiring.visitor_service()
    started: list[v.VisitorPass] = []
    real_replace = service.repo.replace

    def start(visitor_pass: v.VisitorPass, approval_timeout_seconds: int) -> str:
        started.append(visitor_pass)
        return service.workflows.pass_execution_arn(visitor_pass.pass_id)

    def replace_after_the_task(visitor_pass: v.VisitorPass, expected_status: str) -> bool:
        if started and started[-1].pass_id == visitor_pass.pass_id and not visitor_pass.task_token:
            first = started.pop()
            service.await_decision(first.community_id, first.pass_id, "token-from-the-first-task")
        return bool(real_replace(visitor_pass, expected_status))

    monkeypatch.setattr(service.workflows, "start_pass", start)
    monkeypatch.setattr(service.repo, "replace", replace_after_the_task)
    created = invite(place)
    if started:  # invite wrote nothing after the start: the task runs now
        service.await_decision(place.community, created.pass_id, "token-from-the-first-task")
    stored = service.get(place.community, created.pass_id)
    assert stored.task_token == "token-from-the-first-task"
    assert stored.execution_arn == created.execution_arn and created.execution_arn.endswith(":" + created.pass_id)
