"""The alarm service's common part: its ports and settings, and the lifecycle steps every group of use cases shares
(look an alarm up, refresh a repeat, clear, start the alarm's workflow, escalate again from the top).

`AlarmService` (service.py) is this base with its three groups of use cases: the consumer's evaluation
(consumer.py), what residents and staff do (actions.py) and the alarm workflow's steps (workflow_steps.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from chalicelib.alarms.model import (
    ACK_TIMEOUTS,
    ACTIVE,
    ALARM_ID,
    CLEAR_TIMEOUT_SECONDS,
    CLEARED,
    SYSTEM,
    Alarm,
    AlarmNotifier,
    AlarmPeople,
    AlarmRepository,
    AlarmStoreBusy,
    AlarmWorkflows,
    Candidate,
    DedupeKey,
    DevicePlaces,
    LinkedCommands,
    NoWorkOrders,
    Outcome,
    RuleBook,
    WorkflowStartFailed,
    WorkOrderDispatch,
    more_severe,
)
from chalicelib.kernel.errors import NotFound


@dataclass
class AlarmLifecycle:
    """The ports and settings (`AlarmService` is built by keyword with these fields)."""

    repo: AlarmRepository
    rules: RuleBook
    workflows: AlarmWorkflows
    places: DevicePlaces
    people: AlarmPeople
    notifier: AlarmNotifier
    commands: LinkedCommands
    now: Callable[[], datetime]
    work_orders: WorkOrderDispatch = field(default_factory=NoWorkOrders)
    ack_timeouts: dict[str, int] = field(default_factory=lambda: dict(ACK_TIMEOUTS))
    clear_timeout_seconds: int = CLEAR_TIMEOUT_SECONDS
    console: Callable[[str], None] = field(default=lambda line: None)  # the operator's one line per new alarm

    def _get(self, community_id: str, alarm_id: str) -> Alarm:
        alarm = self.repo.get(community_id, alarm_id) if ALARM_ID.fullmatch(alarm_id) else None
        if alarm is None:
            raise NotFound(f"alarm {alarm_id} not found", code="ALARM_NOT_FOUND")
        return alarm

    def _refresh(
        self, c: Candidate, alarm_id: str, severity: str, key: DedupeKey | None, now: datetime
    ) -> Outcome | None:
        """A repeat of an active alarm: count and last seen (re-applied over concurrent workflow notes); None when
        the slot's alarm is no longer active (a new alarm is raised instead). An unacknowledged alarm whose
        escalation ran out is escalated again from the top (`restarted`)."""
        for _ in range(5):
            existing = self.repo.get(c.community_id, alarm_id)
            if existing is None or existing.status != ACTIVE:
                return None
            refreshed = replace(
                existing,
                count=existing.count + 1,
                last_seen_at=max(existing.last_seen_at, c.occurred_at),
                severity=more_severe(existing.severity, severity),
                version=existing.version + 1,
            )
            if refreshed.severity != existing.severity:
                refreshed = refreshed.noted(now, SYSTEM, "severity_changed", to=refreshed.severity)
            restart = existing.fires_again_to_nobody
            if restart:
                refreshed = self._restarted(refreshed, now, SYSTEM, "fired_again")
            result = self.repo.update(refreshed, existing.version, dedupe=key)
            if result == "duplicate":
                return Outcome("duplicate")
            if result == "ok":
                if restart:
                    self._start(refreshed)
                return Outcome("restarted" if restart else "refreshed", [alarm_id])
        raise AlarmStoreBusy(alarm_id)

    def _restarted(self, alarm: Alarm, now: datetime, by: str, reason: str) -> Alarm:
        """The alarm's next escalation round, with the execution ARN of that round's workflow."""
        return self._with_arn(alarm.restarted(now, by, reason))

    def _ensure_workflow(self, community_id: str, alarm_id: str) -> None:
        """A redelivered message (or request) whose first delivery wrote the alarm but may have failed to start the
        workflow of its round."""
        alarm = self.repo.get(community_id, alarm_id)
        if alarm is None or alarm.closed_at is not None or alarm.escalation_over:
            return
        if alarm.execution_arn is None or not self.workflows.exists(alarm.execution_arn):
            self._start(alarm)

    def _clear(
        self, alarm: Alarm, by: str, reason: str, key: DedupeKey | None = None, detail: dict[str, Any] | None = None
    ) -> Alarm:
        now = self.now()
        cleared = replace(
            alarm, status=CLEARED, cleared_at=now, cleared_by=by, clear_reason=reason, version=alarm.version + 1
        ).noted(now, by, "cleared", reason=reason, **(detail or {}))
        result = self.repo.update(cleared, alarm.version, dedupe=key, release=True)
        if result == "conflict":
            raise AlarmStoreBusy(alarm.alarm_id)
        if result == "ok" and cleared.clear_token:
            self.workflows.task_succeeded(cleared.clear_token, {"cleared": True})
        return cleared

    def _start(self, alarm: Alarm) -> None:
        """Start the alarm's workflow. Its execution ARN is known in advance (the execution is named after the
        alarm) and stored with the alarm when it is created, so starting costs no second write."""
        timeout = int(self.ack_timeouts.get(alarm.severity, ACK_TIMEOUTS["indeterminate"]))
        try:
            self.workflows.start_alarm(alarm, alarm.workflow_input(timeout, self.clear_timeout_seconds))
        except Exception as exc:
            raise WorkflowStartFailed(f"could not start the workflow of {alarm.alarm_id}: {exc}") from exc

    def notify_level(self, community_id: str, alarm_id: str, level: int, known: Alarm | None = None) -> dict[str, Any]:
        """Tell one escalation level's people: the workflow's step (workflow_steps.py), which the consumer also
        uses for a new alarm's first notification (consumer.py)."""
        raise NotImplementedError

    def _with_arn(self, alarm: Alarm) -> Alarm:
        return replace(alarm, execution_arn=self.workflows.execution_arn(alarm.execution_name))
