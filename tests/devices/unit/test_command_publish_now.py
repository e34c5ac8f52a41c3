"""A command published at once (`publish_now`: a car or a person waiting at a barrier or a door): the device gets it
before the workflow starts, it is stored as sent before it goes out, the workflow's first dispatch only hands over its
task token (the device gets it once), an ack that comes before that dispatch settles it and the workflow is told at
dispatch; a failed early publish leaves the command to the workflow, which publishes it as usual."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import pytest

from chalicelib.devices import commands as cmd


@dataclass
class Store:
    items: dict[str, cmd.Command] = field(default_factory=dict)

    def add(self, command: cmd.Command) -> None:
        assert command.command_id not in self.items
        self.items[command.command_id] = replace(command, version=1)

    def get(self, community_id: str, command_id: str) -> cmd.Command | None:
        return self.items.get(command_id)

    def replace(self, command: cmd.Command) -> bool:
        if self.items[command.command_id].version != command.version:
            return False
        self.items[command.command_id] = replace(command, version=(command.version or 0) + 1)
        return True


class Devices:
    def find(self, community_id: str, device_id: str) -> cmd.DeviceRef | None:
        return cmd.DeviceRef(community_id, device_id, "barrier_gate", "active") if device_id == "gate-1" else None


class Catalogue:
    def validate(self, device_type: str, name: str, params: dict[str, Any]) -> dict[str, Any]:
        return dict(params)


@dataclass
class Publisher:
    store: Store
    fail: bool = False
    sent: list[tuple[str, dict[str, Any], str]] = field(default_factory=list)  # (topic, message, status stored)

    def publish(self, topic: str, payload: dict[str, Any], qos: int = 1) -> None:
        if self.fail:
            raise ConnectionError("broker unreachable")
        self.sent.append((topic, payload, self.store.items[payload["commandId"]].status))


@dataclass
class Workflows:
    started: list[str] = field(default_factory=list)
    told: list[tuple[str, str]] = field(default_factory=list)

    def command_execution_arn(self, command_id: str) -> str:
        return f"arn:exec:{command_id}"

    def start_command(self, command: cmd.Command) -> str:
        self.started.append(command.command_id)
        return f"arn:exec:{command.command_id}"

    def task_succeeded(self, token: str, output: dict[str, Any]) -> None:
        self.told.append((token, output["status"]))

    def task_failed(self, token: str, error: str, cause: str) -> None:
        self.told.append((token, error))


def _service(fail: bool = False) -> tuple[cmd.CommandService, Store, Publisher, Workflows]:
    store = Store()
    publisher = Publisher(store, fail=fail)
    workflows = Workflows()
    service = cmd.CommandService(
        store,
        Devices(),  # type: ignore[arg-type]
        Catalogue(),  # type: ignore[arg-type]
        publisher,
        workflows,
        lambda community, device, kind: f"sc/{community}/{device}/{kind}",
    )
    return service, store, publisher, workflows


def _open(service: cmd.CommandService, **kw: Any) -> cmd.Command:
    return service.request("c-1", "gate-1", "open_gate", {"plate": "京A12345"}, requested_by="parking", **kw)


def test_published_at_once_stored_as_sent_first_and_the_workflow_does_not_send_it_again() -> None:
    service, store, publisher, workflows = _service()
    command = _open(service, publish_now=True)

    assert [(t, m["commandId"], m["name"], status) for t, m, status in publisher.sent] == [
        ("sc/c-1/gate-1/commands", command.command_id, "open_gate", "sent")  # stored as sent before it went out
    ]
    assert workflows.started == [command.command_id]
    assert [h[0] for h in store.items[command.command_id].history] == ["pending", "sent"]

    dispatched = service.dispatch("c-1", command.command_id, "token-1")
    assert dispatched.status == "sent" and dispatched.task_token == "token-1"
    assert len(publisher.sent) == 1  # the first dispatch only records the token

    assert service.acknowledge("c-1", "gate-1", command.command_id, "done") == "completed"
    assert store.items[command.command_id].status == "done"
    assert workflows.told == [("token-1", "done")]

    # a dispatch retried by the workflow (its token already recorded) publishes again: at least once, as before
    service2, _, publisher2, _ = _service()
    again = _open(service2, publish_now=True)
    service2.dispatch("c-1", again.command_id, "token-1")
    service2.dispatch("c-1", again.command_id, "token-2")
    assert len(publisher2.sent) == 2


def test_an_ack_before_the_workflow_dispatches_settles_the_command_and_the_workflow_is_told_then() -> None:
    service, _store, publisher, workflows = _service()
    command = _open(service, publish_now=True)
    assert service.acknowledge("c-1", "gate-1", command.command_id, "done", "opened") == "completed"
    assert workflows.told == []  # no token yet

    settled = service.dispatch("c-1", command.command_id, "token-1")
    assert settled.status == "done" and settled.ack_detail == "opened"
    assert workflows.told == [("token-1", "done")]
    assert len(publisher.sent) == 1


def test_a_failed_early_publish_leaves_the_command_pending_for_the_workflow_to_send() -> None:
    service, store, publisher, workflows = _service(fail=True)
    command = _open(service, publish_now=True)
    stored = store.items[command.command_id]
    assert stored.status == "pending" and [h[0] for h in stored.history] == ["pending", "sent", "pending"]
    assert workflows.started == [command.command_id]

    publisher.fail = False
    service.dispatch("c-1", command.command_id, "token-1")
    assert [(m["commandId"], status) for _, m, status in publisher.sent] == [(command.command_id, "sent")]


@pytest.mark.parametrize("kw", [{}, {"publish_now": True, "delay_seconds": 60}])
def test_without_publish_now_or_when_delayed_the_workflow_sends_it(kw: dict[str, Any]) -> None:
    service, store, publisher, _workflows = _service()
    command = _open(service, **kw)
    assert publisher.sent == [] and store.items[command.command_id].status == "pending"
    service.dispatch("c-1", command.command_id, "token-1")
    assert [m["commandId"] for _, m, _ in publisher.sent] == [command.command_id]


def test_a_workflow_that_cannot_start_fails_an_early_sent_command_not_yet_answered() -> None:
    service, store, publisher, workflows = _service()

    def cannot_start(command: cmd.Command) -> str:
        raise ConnectionError("states unreachable")

    workflows.start_command = cannot_start  # type: ignore[method-assign]
    with pytest.raises(Exception, match="workflow"):
        _open(service, publish_now=True)
    [stored] = store.items.values()
    assert stored.status == "failed" and len(publisher.sent) == 1
