"""The device-command ASL executed by moto's Step Functions engine, with its Lambda tasks running in-process.

Covers the Choice (scheduled or not), the Wait driven by input, the `.waitForTaskToken` step completed by
SendTaskSuccess (device ack), its timeout, a device rejection (SendTaskFailure) and duplicate acks.
"""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

import pytest

from chalicelib.devices import commands as cmd
from chalicelib.devices import wiring
from chalicelib.kernel.clock import utcnow


def _device(community: str, device_type: str = "door_controller") -> str:
    from chalicelib.devices.repository import DeviceRecord, device_pk

    device_id = "dev-" + uuid.uuid4().hex[:8]
    DeviceRecord(
        device_pk(community, device_id),
        "DEVICE",
        device_id=device_id,
        community_id=community,
        device_type=device_type,
        name="East gate door",
        status="active",
        ingested_at=utcnow(),
    ).save()
    return device_id


def _wait_for_status(community: str, command_id: str, status: str, timeout: float = 15) -> cmd.Command:
    repo = wiring.command_service().repo
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = repo.get(community, command_id)
        if found is not None and found.status == status:
            return found
        time.sleep(0.1)
    raise AssertionError(f"{command_id} never reached {status}: {repo.get(community, command_id)}")


def _history(cloud: Any, arn: str) -> list[str]:
    events = cloud.client("stepfunctions").get_execution_history(executionArn=arn)["events"]
    return [e["type"] for e in events]


def _published(cloud: Any, topic: str, timeout: float = 10) -> list[dict[str, Any]]:
    """Messages published to `topic` through the IoT data plane (moto records them). The publish task records
    the task token before publishing, so poll briefly rather than race it."""
    from moto.iotdata.models import iotdata_backends

    backend = iotdata_backends["123456789012"][cloud.region]
    deadline = time.monotonic() + timeout
    while True:
        found = [json.loads(payload) for t, payload in backend.published_payloads if t == topic]
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


@pytest.fixture
def community() -> str:
    return "c-" + uuid.uuid4().hex[:8]


def test_acknowledged_command_completes_the_workflow(cloud: Any, community: str) -> None:
    device = _device(community)
    service = wiring.command_service()
    command = service.request(community, device, "open_door", {}, requested_by="staff-1", ack_timeout_seconds=20)

    sent = _wait_for_status(community, command.command_id, cmd.SENT)
    assert sent.task_token, "the publish task stored its task token"
    published = _published(cloud, f"sc/{community}/{device}/commands")
    assert [m["commandId"] for m in published] == [command.command_id]
    assert published[0]["name"] == "open_door"

    assert service.acknowledge(community, device, command.command_id, "done") == "completed"
    result = cloud.wait_for_execution(command.execution_arn)
    assert result["status"] == "SUCCEEDED"
    assert json.loads(result["output"])["result"] == {"status": "done"}
    done = _wait_for_status(community, command.command_id, cmd.DONE)
    assert [h[0] for h in done.history] == ["pending", "sent", "done"]
    history = _history(cloud, command.execution_arn)
    assert "WaitStateEntered" not in history, "an unscheduled command skips the Wait state"

    # A QoS 1 redelivery of the same ack changes nothing.
    assert service.acknowledge(community, device, command.command_id, "done") == "duplicate"
    assert wiring.command_service().repo.get(community, command.command_id).status == cmd.DONE


def test_delay_from_input_runs_the_wait_state(cloud: Any, community: str) -> None:
    device = _device(community)
    service = wiring.command_service()
    started = time.monotonic()
    command = service.request(community, device, "open_door", {}, requested_by="staff-1", delay_seconds=1)
    _wait_for_status(community, command.command_id, cmd.SENT)
    assert time.monotonic() - started >= 1.0
    service.acknowledge(community, device, command.command_id, "done")
    assert cloud.wait_for_execution(command.execution_arn)["status"] == "SUCCEEDED"
    history = _history(cloud, command.execution_arn)
    assert history.index("WaitStateEntered") < history.index("WaitStateExited") < history.index("TaskScheduled")


def test_unacknowledged_command_times_out(cloud: Any, community: str) -> None:
    device = _device(community)
    command = wiring.command_service().request(
        community, device, "open_door", {}, requested_by="staff-1", ack_timeout_seconds=1
    )
    result = cloud.wait_for_execution(command.execution_arn, timeout=20)
    assert result["status"] == "FAILED"
    assert result.get("error") == "CommandNotAcknowledged"
    timed_out = _wait_for_status(community, command.command_id, cmd.TIMED_OUT)
    assert timed_out.task_token is None
    # A late ack after the timeout is no resurrection: kept on the timeline as ignored, the status stays.
    assert wiring.command_service().acknowledge(community, device, command.command_id, "done") == "ignored"
    late = wiring.command_service().repo.get(community, command.command_id)
    assert late is not None and (late.status, late.ack_status) == (cmd.TIMED_OUT, None)
    assert late.history[-1][0] == cmd.ACK_IGNORED and late.history[-1][2] == "done"


def test_rejected_command_fails_with_the_device_error(cloud: Any, community: str) -> None:
    device = _device(community)
    service = wiring.command_service()
    command = service.request(community, device, "open_door", {}, requested_by="staff-1", ack_timeout_seconds=20)
    _wait_for_status(community, command.command_id, cmd.SENT)
    other = _device(community)
    assert service.acknowledge(community, other, command.command_id, "done") == "foreign"
    assert service.acknowledge(community, device, command.command_id, "rejected", "door jammed") == "completed"
    result = cloud.wait_for_execution(command.execution_arn)
    assert result["status"] == "FAILED"
    assert result.get("error") == "CommandRejected"
    rejected = _wait_for_status(community, command.command_id, cmd.REJECTED)
    assert rejected.ack_detail == "door jammed"


def test_a_command_for_an_unknown_device_starts_nothing(cloud: Any, community: str) -> None:
    from chalicelib.kernel.errors import NotFound

    with pytest.raises(NotFound):
        wiring.command_service().request(community, "dev-missing", "open_door", {}, requested_by="staff-1")
