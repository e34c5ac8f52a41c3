"""The alarm workflow's steps (stepfunctions/alarm_handling.asl.json, run by `tasks.alarm_workflow_task`): linked
device commands, notifying an escalation level's people, waiting for the acknowledgement (its task token is kept on
the alarm), escalating, dispatching a work order, waiting for the clear, and closing. Each step's note is re-applied
over concurrent changes; a lost race is `AlarmStoreBusy`, which the workflow retries, and a retried link or dispatch
finds on the timeline what it already did.

When the last level's wait ends unacknowledged, the round has run out: if the alarm fired again since its people
were last told, the escalation starts again from the top in the same execution (the step answers level 0);
otherwise the alarm is flagged (`exhausted_round`: `unanswered` on the board) and the workflow ends, and the next
repeat starts a new round's execution (lifecycle `_refresh`, actions `raise_sos`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

from chalicelib.alarms.announcing import as_shown
from chalicelib.alarms.guardians import NEXT_GUARDIAN
from chalicelib.alarms.lifecycle import AlarmLifecycle
from chalicelib.alarms.model import (
    ACTIVE,
    CLEARED,
    GUARDIANS_FIRST,
    LEVEL_ADMIN,
    LEVEL_CONTACTS,
    LEVEL_MANAGER,
    LEVEL_NAMES,
    LEVEL_ON_DUTY,
    SOS_TYPE,
    SYSTEM,
    Alarm,
    AlarmStoreBusy,
    linkage_plan,
    linked_command_id,
)
from chalicelib.kernel.i18n import label, local_time
from chalicelib.notifications import Facts, Recipient, compose

log = logging.getLogger(__name__)

# A home whose residents have guardians (the care register): the household and the first guardians are told first,
# then the next guardians, then the on-duty staff, the manager and the community admin (the guardians take the
# emergency contacts' place). The same ASL runs it: the ladder is the levels this step names, one wait each.
GUARDIAN_LEVEL_NAMES = {
    0: "household_guardians",
    1: "next_guardians",
    2: "on_duty",
    3: "manager",
    4: "community_admin",
}
NEXT_GUARDIANS_LEVEL = 1


def linked(alarm: Alarm) -> list[dict[str, Any]]:
    """The linked device commands the alarm's timeline shows sent (or failed)."""
    return [e.detail for e in alarm.timeline if e.action == "linked"]


def _noting_links(done: list[dict[str, Any]], now: datetime) -> Callable[[Alarm], Alarm]:
    def note(a: Alarm) -> Alarm:
        for d in done:
            a = a.noted(now, SYSTEM, "linked", **d)
        return a

    return note


def guardians_first(alarm: Alarm) -> bool:
    """Raised in a home with guardians (the consumer marks it): the household and the guardians hear first."""
    return alarm.home and alarm.data.get("ladder") == GUARDIANS_FIRST


def level_name(alarm: Alarm, level: int) -> str | None:
    """Who a level of this alarm's escalation tells."""
    return (GUARDIAN_LEVEL_NAMES if guardians_first(alarm) else LEVEL_NAMES).get(level)


def told_level(alarm: Alarm, level: int) -> dict[str, Any] | None:
    """The `notified` note of this level in the alarm's current round, if any."""
    round_ = alarm.escalation_round or None
    for entry in reversed(alarm.timeline):
        if entry.action == "notified" and entry.detail.get("level") == level and entry.detail.get("round") == round_:
            return entry.detail
    return None


class AlarmWorkflowSteps(AlarmLifecycle):
    """The workflow's tasks, one method per step."""

    def _mutate(
        self, community_id: str, alarm_id: str, change: Callable[[Alarm], Alarm | None], known: Alarm | None = None
    ) -> Alarm:
        """Apply `change` with a conditional write on the version, re-read and re-applied over concurrent changes;
        `known` (the alarm as its caller just wrote it) is tried first without reading it again. The board is told
        of a change people see, not of a task token stored (`await_ack`: one message less per alarm and round)."""
        for _ in range(5):
            alarm, known = known or self._get(community_id, alarm_id), None
            changed = change(alarm)
            if changed is None:
                return alarm
            shown = as_shown(changed) != as_shown(alarm)
            if self.repo.update(replace(changed, version=alarm.version + 1), alarm.version, announce=shown) == "ok":
                return changed
        raise AlarmStoreBusy(alarm_id)

    def link(self, community_id: str, alarm_id: str) -> list[dict[str, Any]]:
        """Workflow task (executions started before the wait took it on): linked device commands, once per alarm
        (a retry finds them on the timeline)."""
        alarm = self._get(community_id, alarm_id)
        done = self._run_linkage(alarm)
        if done:
            self._mutate(community_id, alarm_id, _noting_links(done, self.now()), alarm)
        return linked(alarm) or done

    def _linkage_never_failing(self, alarm: Alarm) -> list[dict[str, Any]]:
        """The linkage as the wait's first level runs it: a failure (the devices not found) is recorded on the
        timeline, and never stops the handling."""
        try:
            return self._run_linkage(alarm)
        except Exception as exc:
            log.warning("linkage of %s failed", alarm.alarm_id, exc_info=True)
            return [{"error": f"{type(exc).__name__}: {exc}"[:200]}]

    def _run_linkage(self, alarm: Alarm) -> list[dict[str, Any]]:
        """Send the alarm's linked device commands (a fire unlocks its building's doors and calls its lifts down; a
        gas leak closes the valve), unless its timeline shows them sent; what was sent or failed, per device."""
        if linked(alarm) or (not alarm.building and not alarm.house_id):
            return []
        types = ("door_controller", "elevator") if alarm.alarm_type == "fire_alarm" else ("gas_meter",)
        devices = self.places.devices_for_linkage(alarm.community_id, alarm.building, types) if alarm.building else []
        done: list[dict[str, Any]] = []
        for target in linkage_plan(alarm, devices):
            command_id = linked_command_id(alarm.alarm_id, target.device_id, target.command)
            try:
                self.commands.send(alarm.community_id, target, command_id, f"alarm:{alarm.alarm_id}")
                done.append({"deviceId": target.device_id, "command": target.command, "commandId": command_id})
            except Exception as exc:  # one unreachable device must not stop the others; it is recorded
                done.append({"deviceId": target.device_id, "command": target.command, "error": str(exc)[:200]})
        return done

    def recipients(self, alarm: Alarm, level: int) -> list[Recipient]:
        if guardians_first(alarm) and alarm.house_id:
            name = GUARDIAN_LEVEL_NAMES.get(level)
            if name in ("household_guardians", "next_guardians"):  # the household and the first guardians, then
                guardians = self.people.guardians(alarm.community_id, alarm.house_id)  # the next ones
                if name == "next_guardians":
                    return [g for g in guardians if g.role == NEXT_GUARDIAN]
                told = self.people.household(alarm.community_id, alarm.house_id)
                return told + [g for g in guardians if g.role != NEXT_GUARDIAN]
            if name == "on_duty":  # then the staff on duty, the manager, the community admin
                return self.people.on_duty(alarm.community_id, alarm.building, self.now())
            return self.people.staff_with_role(
                alarm.community_id, "staff.manager" if name == "manager" else "community.admin"
            )
        if level == LEVEL_ON_DUTY:
            found = self.people.on_duty(alarm.community_id, alarm.building, self.now())
            if alarm.house_id:
                found += self.people.household(alarm.community_id, alarm.house_id)
            return found
        if level == LEVEL_MANAGER:
            return self.people.staff_with_role(alarm.community_id, "staff.manager")
        if level == LEVEL_ADMIN:
            return self.people.staff_with_role(alarm.community_id, "community.admin")
        if level == LEVEL_CONTACTS and alarm.house_id:
            return self.people.emergency_contacts(alarm.community_id, alarm.house_id)
        return []

    def facts(self, alarm: Alarm) -> Facts:
        """What the alarm's messages say (templates `alarm` and `sos`): the house or building and the device as
        people name them, Beijing time, and for an SOS who pressed it, their phone and what they wrote."""
        names = self.places.names(alarm)
        facts: Facts = {
            "title": label("alarm.type", alarm.alarm_type),
            "level": label("alarm.severity", alarm.severity),
            "place": names.place,
            "device": names.device,
            "time": local_time(alarm.created_at),
            "note": str(alarm.data.get("note") or ""),
        }
        if alarm.alarm_type == SOS_TYPE and alarm.house_id:
            pressed_by = next((e.by for e in alarm.timeline if e.action == "raised"), "")
            caller = self.people.caller(alarm.community_id, alarm.house_id, pressed_by)
            facts.update(name=caller.name or "住户", phone=caller.phone, phone_masked=caller.phone_masked)
        return facts

    def notify_level(self, community_id: str, alarm_id: str, level: int, known: Alarm | None = None) -> dict[str, Any]:
        """Workflow task: tell this level's people. Failed deliveries are recorded, never raised. `known`: the alarm as
        the caller just wrote it (the consumer's new alarm), not read again."""
        alarm = known or self._get(community_id, alarm_id)
        if alarm.acknowledged and level > 0:
            return {"level": level, "sent": 0, "failed": 0, "skipped": "acknowledged"}
        recipients = self.recipients(alarm, level)
        told_count, round_ = alarm.count, alarm.escalation_round
        kind = "sos" if alarm.alarm_type == SOS_TYPE else "alarm"
        facts = self.facts(alarm) if recipients or (level == 0 and round_ == 0) else {}
        messages = compose(
            kind,
            facts,
            community_id=community_id,
            subject=f"alarm:{alarm_id}",
            # one delivery per person, level and round: a retried task sends nothing twice, a new round does
            key=f"level-{level}" if round_ == 0 else f"round-{round_}-level-{level}",
            recipients=recipients,
            link=f"pages/alarms/detail?id={alarm_id}",
        )
        deliveries = [d for message in messages for d in self.notifier.send(message)]
        sent = sum(1 for d in deliveries if d.status == "sent")
        failed = [d for d in deliveries if d.status == "failed"]
        now = self.now()

        def note(a: Alarm) -> Alarm | None:
            told = told_level(a, level)
            if told is not None and not told.get("failed") and not failed:
                # Told meanwhile by another step with nothing failed (the consumer, while a redelivered copy of its
                # message started the workflow): the deliveries were the same ones, the note is not written twice.
                return None
            return a.noted(
                now,
                SYSTEM,
                "notified",
                level=level,
                levelName=level_name(alarm, level),
                round=round_ or None,
                count=told_count,
                recipients=len(recipients),
                sent=sent,
                failed=len(failed),
                reasons=sorted({d.reason or "" for d in failed}) or None,
            )

        self._mutate(community_id, alarm_id, note, known)
        answer: dict[str, Any] = {"level": level, "sent": sent, "failed": len(failed), "recipients": len(recipients)}
        if level == 0 and round_ == 0:  # the console's one line per alarm (no name or phone: logs keep no PII)
            where = " ".join(p for p in (facts.get("place"), facts.get("device")) if p) or "位置未登记"
            self.console(f"告警 【{facts['level']}】{facts['title']}：{where}，{facts['time']}")
        return answer

    def notify_step(self, community_id: str, alarm_id: str, level: int) -> dict[str, Any]:
        """Workflow task (executions started before the wait took it on): tell this level's people unless told."""
        return self._notify_unless_told(self._get(community_id, alarm_id), level)[1]

    def _notify_unless_told(self, alarm: Alarm, level: int) -> tuple[bool, dict[str, Any]]:
        """Tell this level's people, unless this round's level was told already with nothing failed (the consumer
        tells a new alarm's on-duty level before the workflow starts; a retried task finds its own note): nothing is
        sent or noted twice. A level told with failures is told again, which retries those. Whether a note was
        written, and what was told."""
        told = told_level(alarm, level)
        if told is not None and not told.get("failed"):
            return False, {
                "level": level,
                "sent": told.get("sent", 0),
                "failed": 0,
                "recipients": told.get("recipients", 0),
            }
        return True, self.notify_level(alarm.community_id, alarm.alarm_id, level, known=alarm)

    def notify_and_wait(
        self, community_id: str, alarm_id: str, level: int, token: str, linkage: bool = False
    ) -> dict[str, Any]:
        """Workflow task, one per escalation level: tell the level's people (unless told), on the first level run
        the linked device commands, then wait for the acknowledgement: its task token is kept on the alarm (or
        answered at once when somebody acknowledged already). One read of the alarm and one write for the linkage
        notes and the token; a retry finds on the timeline what it did."""
        alarm = self._get(community_id, alarm_id)
        noted, told = self._notify_unless_told(alarm, level)
        done = self._linkage_never_failing(alarm) if linkage else []  # a note of its own changes none of this
        alarm = self._wait(community_id, alarm_id, token, _noting_links(done, self.now()), None if noted else alarm)
        return {**told, "linked": len(done), "waiting": not alarm.acknowledged}

    def await_ack(self, community_id: str, alarm_id: str, token: str) -> dict[str, Any]:
        """Workflow task (executions started before the wait took it on): keep the acknowledgement's task token."""
        return {"waiting": not self._wait(community_id, alarm_id, token).acknowledged}

    def _wait(
        self,
        community_id: str,
        alarm_id: str,
        token: str,
        links: Callable[[Alarm], Alarm] = lambda a: a,
        known: Alarm | None = None,
    ) -> Alarm:
        """Keep the acknowledgement's task token on the alarm, with the linkage notes (unless the timeline has
        them) in the same write; answer the token at once when somebody acknowledged already."""

        def waiting(a: Alarm) -> Alarm | None:
            changed = a if linked(a) else links(a)
            changed = changed if a.acknowledged else replace(changed, ack_token=token)
            return None if changed is a else changed

        alarm = self._mutate(community_id, alarm_id, waiting, known)
        if alarm.acknowledged:
            self.workflows.task_succeeded(token, {"acknowledgedBy": alarm.ack_by})
        return alarm

    def escalate(self, community_id: str, alarm_id: str, level: int) -> dict[str, Any]:
        alarm = self._get(community_id, alarm_id)
        nxt = level + 1
        if nxt == NEXT_GUARDIANS_LEVEL and guardians_first(alarm) and alarm.house_id:
            guardians = self.people.guardians(alarm.community_id, alarm.house_id)
            if not any(g.role == NEXT_GUARDIAN for g in guardians):  # nobody to wait for: straight to the staff
                nxt += 1
        now = self.now()
        if nxt <= alarm.max_level():
            self._mutate(
                community_id,
                alarm_id,
                lambda a: (
                    None
                    if a.escalation_level >= nxt
                    else replace(a, escalation_level=nxt).noted(
                        now, SYSTEM, "escalated", level=nxt, levelName=level_name(a, nxt)
                    )
                ),
            )
            return {"level": nxt, "exhausted": False}
        return self._ran_out(community_id, alarm_id, level)

    def _ran_out(self, community_id: str, alarm_id: str, level: int) -> dict[str, Any]:
        """Every level was told and waited for. Acknowledged meanwhile: go on (the next wait completes at once).
        Fired again since its people were last told: the next round, from the top, in this execution. Otherwise
        the round has run out: flagged on the board, and the workflow ends."""
        now = self.now()
        answer: dict[str, Any] = {}

        def ran_out(a: Alarm) -> Alarm | None:
            answer.clear()
            if a.acknowledged:
                answer.update(level=level, exhausted=False)
                return None
            if a.escalation_level < level:  # a retried step: this execution started the next round already
                answer.update(level=0, exhausted=False)
                return None
            if a.escalation_over:  # a retried step: flagged already
                answer.update(level=level, exhausted=True)
                return None
            if a.status == ACTIVE and a.count > a.notified_count():
                answer.update(level=0, exhausted=False)
                return a.restarted(now, SYSTEM, "fired_again")
            answer.update(level=level, exhausted=True)
            flagged = replace(a, exhausted_round=a.escalation_round, ack_token=None)
            return flagged.noted(now, SYSTEM, "escalation_exhausted", level=level, round=a.escalation_round)

        self._mutate(community_id, alarm_id, ran_out)
        return answer

    def dispatch(self, community_id: str, alarm_id: str) -> dict[str, Any]:
        alarm = self._get(community_id, alarm_id)
        if any(e.action == "dispatched" for e in alarm.timeline):
            return {"dispatched": True}
        order = self.work_orders.dispatch(alarm)
        if order:
            now = self.now()
            self._mutate(community_id, alarm_id, lambda a: a.noted(now, SYSTEM, "dispatched", workOrderId=order))
        return {"dispatched": bool(order), "workOrderId": order}

    def await_clear(self, community_id: str, alarm_id: str, token: str) -> dict[str, Any]:
        alarm = self._mutate(
            community_id, alarm_id, lambda a: None if a.status == CLEARED else replace(a, clear_token=token)
        )
        if alarm.status == CLEARED:
            self.workflows.task_succeeded(token, {"cleared": True})
        return {"waiting": alarm.status != CLEARED}

    def close(self, community_id: str, alarm_id: str, outcome: str) -> dict[str, Any]:
        now = self.now()
        alarm = self._mutate(
            community_id,
            alarm_id,
            lambda a: (
                None
                if a.closed_at
                else replace(a, closed_at=now, ack_token=None, clear_token=None).noted(
                    now, SYSTEM, "closed", outcome=outcome
                )
            ),
        )
        return {"closed": True, "status": alarm.combined_status}
