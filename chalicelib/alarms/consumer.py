"""The alarm consumer: one AlarmEventsQueue message (a device event or a batch of readings) evaluated against the
community's rules. An event raises (or refreshes) the alarm of its rule, or clears the alarms it names; readings
start and end threshold breaches, which raise and clear their alarms. A message that can never be processed is a
`PoisonMessage` (dead-lettered with its reason); a lost race is `AlarmStoreBusy` (delivered again).

A new alarm's on-duty level is told here, as soon as the alarm is recorded and before its workflow starts: the first
notification waits neither for Step Functions to start the execution nor for a workflow task's container (in a
burst, one cold start per execution). The workflow's first step then finds that level told and sends nothing again
(`AlarmWorkflowSteps.notify_step`); what could not be sent here (a provider outage, a failure before the note) it
sends, as it always did. The notifier's one delivery per person, level and round keeps both from telling anyone
twice.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from chalicelib.alarms.lifecycle import AlarmLifecycle
from chalicelib.alarms.model import (
    ACTIVE,
    DEVICE,
    GUARDIANS_FIRST,
    LEVEL_ON_DUTY,
    PRESENCE,
    SYSTEM,
    Alarm,
    AlarmStoreBusy,
    Candidate,
    DedupeKey,
    DeviceAlarmState,
    Outcome,
    PoisonMessage,
    jsonable,
    new_alarm_id,
    parse_timestamp,
)
from chalicelib.alarms.rules import EVENT, OFFLINE, OFFLINE_TYPE, AlarmRule, evaluate_reading
from chalicelib.kernel.i18n import label

log = logging.getLogger(__name__)


class AlarmConsumer(AlarmLifecycle):
    """The consumer's use case, `handle`, and its evaluation."""

    def handle(self, doc: Any) -> Outcome:
        """One AlarmEventsQueue message. Raises PoisonMessage (dead letter) or a retryable error."""
        candidate = Candidate.parse(doc)
        key = DedupeKey(candidate.community_id, candidate.device_id, candidate.msg_id)
        rules = [r for r in self.rules.rules_for(candidate.community_id, candidate.device_type) if r.enabled]
        if candidate.event == "telemetry":
            # Readings carry no marker (that would be a write per batch and device): evaluating a redelivered batch
            # again only refreshes the alarms it raised, and clears nothing twice.
            return self._readings(
                candidate, rules, self.repo.device_state(candidate.community_id, candidate.device_id), key
            )
        seen = self.repo.seen(key)
        if seen is not None:
            if seen:
                self._ensure_workflow(candidate.community_id, seen)
            return Outcome("duplicate", [seen] if seen else [])
        state = self.repo.device_state(candidate.community_id, candidate.device_id)
        if candidate.clears and not candidate.raises:
            outcome = Outcome("ignored")
            for alarm_type in candidate.clears:
                cleared_type = OFFLINE_TYPE if alarm_type == "device_offline" else alarm_type
                if self._clear_by_rule(candidate, state, cleared_type, key, {"event": candidate.event}):
                    outcome = Outcome("cleared", [state.active[cleared_type]])
            if outcome.action == "ignored":
                self.repo.mark_seen(key)
            return outcome
        rule = self._rule_for_event(candidate, rules)
        if rule is None:
            self.repo.mark_seen(key)
            return Outcome("ignored")
        detail = {"event": candidate.event, "data": candidate.data, "msgId": candidate.msg_id}
        return self._raise(candidate, rule, rule.severity, state, key, detail)

    def _rule_for_event(self, c: Candidate, rules: list[AlarmRule]) -> AlarmRule | None:
        if c.event == "device_offline":
            return next((r for r in rules if r.kind == OFFLINE), None)
        return next((r for r in rules if r.kind == EVENT and r.event == c.event), None)

    def _readings(self, c: Candidate, rules: list[AlarmRule], state: DeviceAlarmState, key: DedupeKey) -> Outcome:
        readings = c.data.get("readings")
        if not isinstance(readings, list):
            raise PoisonMessage("invalid_message", "telemetry candidates carry data.readings")
        breaches = dict(state.breaches)
        started: dict[str, datetime] = {}
        ended: set[str] = set()
        outcome = Outcome("evaluated")
        active = dict(state.active)
        for reading in readings:
            if not isinstance(reading, dict) or not isinstance(reading.get("metrics"), dict):
                raise PoisonMessage("invalid_message", "a reading has no metrics object")
            at = parse_timestamp(reading.get("ts"), "readings[].ts")
            result = evaluate_reading(rules, reading["metrics"], at, breaches)
            for rule_id, since in result.started.items():
                breaches[rule_id] = since
                started[rule_id] = since
                ended.discard(rule_id)
            for rule_id in result.ended:
                breaches.pop(rule_id, None)
                started.pop(rule_id, None)
                if rule_id in state.breaches:
                    ended.add(rule_id)
            for verdict in result.verdicts:
                current = DeviceAlarmState(active, breaches)
                detail = {"rule": verdict.rule.rule_id, **{k: jsonable(v) for k, v in verdict.detail.items()}}
                if verdict.action == "raise":
                    done = self._raise(c, verdict.rule, verdict.rule.severity, current, None, detail)
                    if done.action == "raised":
                        active[verdict.rule.alarm_type] = done.alarm_ids[0]
                    outcome.alarm_ids.extend(done.alarm_ids)
                elif verdict.rule.alarm_type in active and self._clear_by_rule(
                    c, current, verdict.rule.alarm_type, None, detail
                ):
                    outcome.alarm_ids.append(active.pop(verdict.rule.alarm_type))
        if started or ended:
            self.repo.set_breaches(c.community_id, c.device_id, started, ended)
        return outcome

    def _raise(
        self,
        c: Candidate,
        rule: AlarmRule,
        severity: str,
        state: DeviceAlarmState,
        key: DedupeKey | None,
        detail: dict[str, Any],
    ) -> Outcome:
        now = self.now()
        existing_id = state.active.get(rule.alarm_type)
        if existing_id:
            refreshed = self._refresh(c, existing_id, severity, key, now)
            if refreshed is not None:
                return refreshed
        place = self.places.place_of(c.community_id, c.device_id)
        kind = PRESENCE if c.source == "presence" else DEVICE
        ladder = {"ladder": GUARDIANS_FIRST} if place.house_id and self._guarded(c.community_id, place.house_id) else {}
        alarm = Alarm(
            alarm_id=new_alarm_id(),
            community_id=c.community_id,
            alarm_type=rule.alarm_type,
            severity=severity,
            originator_kind=kind,
            originator_id=c.device_id,
            created_at=now,
            last_seen_at=c.occurred_at,
            device_type=c.device_type,
            building=place.building,
            house_id=place.house_id,
            area=place.area,
            title=f"{label('alarm.type', rule.alarm_type)}（{place.name or c.device_id}）",
            data={k: jsonable(v) for k, v in detail.items()} | ladder,
            version=1,
        ).noted(now, SYSTEM, "raised", rule=rule.rule_id, severity=severity)
        alarm = self._with_arn(alarm)
        # Not announced yet: the first notification's note (its write) announces it to the board, a moment later,
        # so the guard's phone does not wait for the board's message (and a burst sends one message per alarm less).
        result = self.repo.create(alarm, key, announce=False)
        if result == "duplicate":
            return Outcome("duplicate")
        if result == "taken":
            raise AlarmStoreBusy(f"{c.device_id}/{rule.alarm_type}")  # a concurrent raise won; retry refreshes it
        if not self._tell_on_duty(alarm):
            self.repo.announce(alarm)  # no note was written: the board hears of the alarm as it was created
        self._start(alarm)
        return Outcome("raised", [alarm.alarm_id])

    def _guarded(self, community_id: str, house_id: str) -> bool:
        """Has someone in the house guardians (then they hear first)? A failed look-up keeps the usual ladder."""
        try:
            return bool(self.people.guardians(community_id, house_id))
        except Exception:
            log.warning("guardians of %s unknown; the usual ladder", house_id, exc_info=True)
            return False

    def _tell_on_duty(self, alarm: Alarm) -> bool:
        """The new alarm's first notification, before its workflow starts; whether its note was written (which
        announced the alarm). Never raises: whatever stopped it here (a store or provider failure), the workflow's
        first step sends what was not sent."""
        try:
            self.notify_level(alarm.community_id, alarm.alarm_id, LEVEL_ON_DUTY, known=alarm)
            return True
        except Exception:
            log.warning("first notification of %s left to its workflow", alarm.alarm_id, exc_info=True)
            return False

    def _clear_by_rule(
        self, c: Candidate, state: DeviceAlarmState, alarm_type: str, key: DedupeKey | None, detail: dict[str, Any]
    ) -> bool:
        alarm_id = state.active.get(alarm_type)
        if not alarm_id:
            return False
        for _ in range(5):  # the workflow notes (notified, escalated) race with this: re-read and re-apply
            alarm = self.repo.get(c.community_id, alarm_id)
            if alarm is None or alarm.status != ACTIVE:
                return False
            try:
                self._clear(alarm, SYSTEM, "back to normal", key, detail)
                return True
            except AlarmStoreBusy:
                continue
        raise AlarmStoreBusy(alarm_id)
