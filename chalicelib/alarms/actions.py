"""What people do to alarms: a resident's emergency button (SOS), a staff member's report of what they see, another
capability's observation (a patrol checkpoint missed, cleared when it is read late), and the
staff's acknowledge, assign, comment and clear (conditional on the alarm's version, re-applied over concurrent
workflow notes), the alarm's detail and the community's alarm list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from chalicelib.alarms.lifecycle import AlarmLifecycle
from chalicelib.alarms.model import (
    ALARM_TYPE,
    CLEARED,
    OBSERVED,
    RESIDENT_SOS,
    SOS_TYPE,
    STAFF_REPORT,
    SYSTEM,
    Alarm,
    AlarmQuery,
    AlarmStoreBusy,
    Candidate,
    DedupeKey,
    new_alarm_id,
)
from chalicelib.kernel.errors import Conflict, InvalidInput, unknown_reference
from chalicelib.kernel.i18n import label


class AlarmActions(AlarmLifecycle):
    """The residents' and staff's use cases."""

    def raise_sos(self, community_id: str, house_id: str, by: str, note: str | None, request_id: str) -> Alarm:
        """A resident's emergency button in the mini-program: a critical home alarm of the house. Pressed again
        while it is unacknowledged and its escalation ran out, the escalation starts again from the top."""
        now = self.now()
        key = DedupeKey(community_id, house_id, f"sos-{request_id}")
        seen = self.repo.seen(key)
        if seen:
            self._ensure_workflow(community_id, seen)  # the first delivery may have failed to start it
            return self._get(community_id, seen)  # the same press delivered twice
        state = self.repo.device_state(community_id, house_id)
        existing_id = state.active.get(SOS_TYPE)
        if existing_id:
            pressed_again = self._press_again(community_id, existing_id, by, note, key)
            if pressed_again is not None:
                return pressed_again
        alarm = Alarm(
            alarm_id=new_alarm_id(),
            community_id=community_id,
            alarm_type=SOS_TYPE,
            severity="critical",
            originator_kind=RESIDENT_SOS,
            originator_id=house_id,
            created_at=now,
            last_seen_at=now,
            house_id=house_id,
            building=self.places.place_of(community_id, house_id).building,
            title="紧急求助",
            data={"note": note} if note else {},
            version=1,
        ).noted(now, by, "raised", severity="critical", note=note)
        alarm = self._with_arn(alarm)
        result = self.repo.create(alarm, key)
        if result != "ok":
            raise Conflict("an emergency request is being recorded; try again", code="ALARM_CHANGED")
        self._start(alarm)
        return self._get(community_id, alarm.alarm_id)

    def _press_again(self, community_id: str, alarm_id: str, by: str, note: str | None, key: DedupeKey) -> Alarm | None:
        """Another press of an open SOS: on its timeline, re-applied over concurrent workflow notes (a press for help
        is never refused because the escalation wrote a note meanwhile); None when the alarm is no longer active."""
        for _ in range(5):
            existing = self._get(community_id, alarm_id)
            if existing.status == CLEARED:
                return None
            now = self.now()
            pressed = replace(existing, count=existing.count + 1, last_seen_at=now, version=existing.version + 1)
            pressed = pressed.noted(now, by, "sos_pressed_again", note=note)
            restart = existing.fires_again_to_nobody
            if restart:
                pressed = self._restarted(pressed, now, by, "pressed_again")
            result = self.repo.update(pressed, existing.version, dedupe=key)
            if result == "duplicate":
                return self._get(community_id, alarm_id)
            if result == "ok":
                if restart:
                    self._start(pressed)
                return pressed
        raise Conflict("the alarm is changing too fast; try again", code="ALARM_CHANGED")

    def report(
        self,
        community_id: str,
        by: str,
        alarm_type: str,
        severity: str,
        building: str | None,
        note: str | None,
        request_id: str,
    ) -> Alarm:
        """A staff member reports what they see (fire lane blocked, fence damaged). The originator is the place
        (the building, or the community), so two guards reporting the same thing make one alarm with count 2."""
        if not ALARM_TYPE.fullmatch(alarm_type):
            raise InvalidInput(
                "type is 1-64 lower-case letters, digits or _",
                code="VALIDATION_FAILED",
                details=[{"field": "type", "code": "pattern", "message": ALARM_TYPE.pattern}],
            )
        if building is not None and not self.places.building_exists(community_id, building):
            raise unknown_reference("building", "building")
        now = self.now()
        originator = f"place-{building or 'community'}"
        key = DedupeKey(community_id, originator, f"report-{request_id}")
        seen = self.repo.seen(key)
        if seen:
            return self._get(community_id, seen)
        state = self.repo.device_state(community_id, originator)
        existing_id = state.active.get(alarm_type)
        if existing_id:
            candidate = Candidate(community_id, originator, "", alarm_type, key.msg_id, now, True, severity, (), {}, "")
            outcome = self._refresh(candidate, existing_id, severity, key, now)
            if outcome is not None:
                return self._get(community_id, existing_id)
        alarm = Alarm(
            alarm_id=new_alarm_id(),
            community_id=community_id,
            alarm_type=alarm_type,
            severity=severity,
            originator_kind=STAFF_REPORT,
            originator_id=originator,
            created_at=now,
            last_seen_at=now,
            building=building,
            title=f"{label('alarm.type', alarm_type)}（员工上报）",
            data={"note": note} if note else {},
            version=1,
        ).noted(now, by, "raised", severity=severity, note=note)
        alarm = self._with_arn(alarm)
        if self.repo.create(alarm, key) != "ok":
            raise Conflict("the same report is being recorded; try again", code="ALARM_CHANGED")
        self._start(alarm)
        return self._get(community_id, alarm.alarm_id)

    def observe(
        self,
        community_id: str,
        originator: str,
        alarm_type: str,
        severity: str,
        title: str,
        data: dict[str, Any],
        dedupe_id: str,
    ) -> Alarm:
        """Another capability observed something the control centre must hear of (a patrol checkpoint missed): one
        active alarm per originator and type, `dedupe_id` makes a retried call a no-op; the alarm's workflow
        notifies and escalates as for any alarm."""
        now = self.now()
        key = DedupeKey(community_id, originator, f"observed-{dedupe_id}")
        seen = self.repo.seen(key)
        if seen:
            return self._get(community_id, seen)
        existing_id = self.repo.device_state(community_id, originator).active.get(alarm_type)
        if existing_id:
            candidate = Candidate(community_id, originator, "", alarm_type, key.msg_id, now, True, severity, (), {}, "")
            if self._refresh(candidate, existing_id, severity, key, now) is not None:
                return self._get(community_id, existing_id)
        alarm = Alarm(
            alarm_id=new_alarm_id(),
            community_id=community_id,
            alarm_type=alarm_type,
            severity=severity,
            originator_kind=OBSERVED,
            originator_id=originator,
            created_at=now,
            last_seen_at=now,
            title=title,
            data=dict(data),
            version=1,
        ).noted(now, SYSTEM, "raised", severity=severity)
        alarm = self._with_arn(alarm)
        if self.repo.create(alarm, key) != "ok":
            raise AlarmStoreBusy(alarm.alarm_id)
        self._start(alarm)
        return self._get(community_id, alarm.alarm_id)

    def clear_observed(self, community_id: str, originator: str, alarm_type: str, reason: str) -> Alarm | None:
        """What was observed is over (the checkpoint was read late): its active alarm clears; None when none is."""
        for _ in range(5):
            alarm_id = self.repo.device_state(community_id, originator).active.get(alarm_type)
            alarm = self.repo.get(community_id, alarm_id) if alarm_id else None
            if alarm is None or alarm.status == CLEARED:
                return None
            try:
                return self._clear(alarm, SYSTEM, reason)
            except AlarmStoreBusy:
                continue
        raise AlarmStoreBusy(originator)

    def _staff_change(self, community_id: str, alarm_id: str, change: Callable[[Alarm], Alarm]) -> tuple[Alarm, Alarm]:
        """Apply a staff action on the latest version; a concurrent workflow note (notified, escalated) is not a
        conflict for the person, so the change is re-read and re-applied. `change` raises when its precondition
        no longer holds (then the loser of a real race gets that 409). Returns (before, after)."""
        for _ in range(5):
            alarm = self._get(community_id, alarm_id)
            changed = replace(change(alarm), version=alarm.version + 1)
            if self.repo.update(changed, alarm.version) == "ok":
                return alarm, changed
        raise Conflict("the alarm is changing too fast; reload and try again", code="ALARM_CHANGED")

    def acknowledge(self, community_id: str, alarm_id: str, by: str) -> Alarm:
        def change(alarm: Alarm) -> Alarm:
            if alarm.acknowledged:
                raise Conflict(f"alarm acknowledged by {alarm.ack_by}", code="ALARM_ALREADY_ACKNOWLEDGED")
            now = self.now()
            acked = replace(alarm, acknowledged=True, ack_at=now, ack_by=by)
            return acked.noted(now, by, "acknowledged", latched=alarm.latched or None)

        before, acked = self._staff_change(community_id, alarm_id, change)
        if before.ack_token:
            self.workflows.task_succeeded(before.ack_token, {"acknowledgedBy": by})
        return acked

    def assign(self, community_id: str, alarm_id: str, assignee: str | None, by: str) -> Alarm:
        def change(alarm: Alarm) -> Alarm:
            if alarm.closed_at is not None:
                raise Conflict("the alarm is closed", code="ALARM_CLOSED")
            now = self.now()
            changed = replace(alarm, assignee=assignee, assigned_at=now)
            return changed.noted(now, by, "assigned" if assignee else "unassigned", assignee=assignee)

        return self._staff_change(community_id, alarm_id, change)[1]

    def comment(self, community_id: str, alarm_id: str, text: str, by: str) -> Alarm:
        return self._staff_change(community_id, alarm_id, lambda a: a.noted(self.now(), by, "commented", text=text))[1]

    def clear(self, community_id: str, alarm_id: str, reason: str, by: str) -> Alarm:
        for _ in range(5):
            alarm = self._get(community_id, alarm_id)
            if alarm.status == CLEARED:
                raise Conflict(f"alarm already cleared by {alarm.cleared_by}", code="ALARM_ALREADY_CLEARED")
            try:
                return self._clear(alarm, by, reason)
            except AlarmStoreBusy:
                continue  # a workflow note or a repeat got in between: re-read and try again
        raise Conflict("the alarm is changing too fast; reload and try again", code="ALARM_CHANGED")

    def get(self, community_id: str, alarm_id: str) -> Alarm:
        return self._get(community_id, alarm_id)

    def find(self, community_id: str, query: AlarmQuery) -> tuple[list[Alarm], str | None]:
        if query.since and query.until and query.since > query.until:
            raise InvalidInput(
                "from is after to",
                code="VALIDATION_FAILED",
                details=[{"field": "query.from", "code": "range", "message": "from must not be after to"}],
            )
        return self.repo.find(community_id, query)
