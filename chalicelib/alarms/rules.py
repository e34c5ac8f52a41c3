"""Alarm rules per device type, overridable per community.

Three kinds, all evaluated by the alarm consumer:

- `event`: a device-reported event opens (or refreshes) an alarm of the rule's type. Defaults come from the
  catalogue (`iot/device_types/*.json`: every event with `alarm.raises`), one rule per event; `alarm.clearWhen`
  names the telemetry that means back to normal.
- `threshold`: a telemetry metric compared with a value, optionally for a duration ("PM2.5 above 75 for 10
  minutes"). The breach start is kept per device and rule (`ThresholdState`), so a duration rule works across
  Lambda invocations; it is written only when a breach starts or ends, never per reading.
- `offline`: the presence sweep's `device_offline` opens an alarm, `device_online` clears it.

Back to normal: a threshold rule clears its alarm when a reading no longer breaches it; `clear_when` (telemetry
fields equal to values, e.g. a detector reporting `state: normal`) clears the alarm of an event rule.

A community override may disable a rule, change its severity, value or duration, or add threshold rules on a
numeric metric of a type whose telemetry reaches the evaluator (`catalogue.alarm_watched_types()`: ingestion hands
readings of those types only, see `chalicelib.devices.alarm_handoff.readings_for_alarms`). Threshold defaults are
the catalogue's `alarmThresholds` of each type (004 5.3.4: combustible gas >= 20 %LEL is critical at once; PM2.5
above the national grade II daily limit of 75 ug/m3 for 10 minutes; a water tank below 20 % of its level).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from chalicelib.kernel.errors import InvalidInput
from iot import catalogue
from iot.catalogue import AlarmHint, ThresholdHint

SEVERITIES = ("critical", "major", "minor", "warning", "indeterminate")
EVENT, THRESHOLD, OFFLINE = "event", "threshold", "offline"
OFFLINE_TYPE = "device_offline"
OPS: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
}
MAX_DURATION_SECONDS = 24 * 3600


@dataclass(frozen=True)
class AlarmRule:
    rule_id: str
    kind: str
    alarm_type: str
    severity: str
    enabled: bool = True
    event: str | None = None
    metric: str | None = None
    op: str | None = None
    value: float | None = None
    duration_seconds: int = 0
    clear_when: Mapping[str, Any] = field(default_factory=dict)

    def breached(self, metrics: Mapping[str, Any]) -> bool | None:
        """True/False for a threshold rule whose metric is in `metrics`; None when the reading says nothing."""
        if self.kind != THRESHOLD or self.metric is None or self.op is None or self.value is None:
            return None
        reading = metrics.get(self.metric)
        if isinstance(reading, bool) or not isinstance(reading, int | float):
            return None
        return OPS[self.op](float(reading), float(self.value))

    def back_to_normal(self, metrics: Mapping[str, Any]) -> bool:
        """An event rule's clear condition: every `clear_when` field present and equal."""
        return bool(self.clear_when) and all(k in metrics and metrics[k] == v for k, v in self.clear_when.items())

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "ruleId": self.rule_id,
            "kind": self.kind,
            "alarmType": self.alarm_type,
            "severity": self.severity,
            "enabled": self.enabled,
        }
        if self.event:
            out["event"] = self.event
        if self.kind == THRESHOLD:
            out |= {"metric": self.metric, "op": self.op, "value": self.value, "durationSeconds": self.duration_seconds}
        if self.clear_when:
            out["clearWhen"] = dict(self.clear_when)
        return out


def _threshold(
    metric: str, op: str, value: float, alarm_type: str, severity: str, duration: int = 0, rule_id: str | None = None
) -> AlarmRule:
    return AlarmRule(
        rule_id or f"threshold:{metric}",
        THRESHOLD,
        alarm_type,
        severity,
        metric=metric,
        op=op,
        value=value,
        duration_seconds=duration,
    )


def default_rules(
    device_type: str, events: Mapping[str, AlarmHint], thresholds: Iterable[ThresholdHint] = ()
) -> list[AlarmRule]:
    """The catalogue's alarm events as event rules (with their back-to-normal condition), the type's threshold
    defaults, and the offline rule."""
    rules: list[AlarmRule] = []
    for event, hint in sorted(events.items()):
        if not hint.raises:
            continue
        rules.append(
            AlarmRule(
                f"event:{event}",
                EVENT,
                event,
                hint.severity or "indeterminate",
                event=event,
                clear_when=dict(hint.clear_when),
            )
        )
    rules.extend(_threshold(t.metric, t.op, t.value, t.alarm_type, t.severity, t.duration_seconds) for t in thresholds)
    rules.append(AlarmRule("offline", OFFLINE, OFFLINE_TYPE, "minor"))
    return rules


def catalogue_defaults(device_type: str) -> list[AlarmRule]:
    """`default_rules` of a device type as the catalogue (`iot/device_types/*.json`) describes it."""
    events: dict[str, AlarmHint] = {}
    for name in catalogue.get_type(device_type).event_names:
        hint = catalogue.alarm_hint(device_type, name)
        if hint is not None:
            events[name] = hint
    return default_rules(device_type, events, catalogue.alarm_thresholds(device_type))


# --------------------------------------------------------------------------- community overrides


def _bad(field_name: str, code: str, message: str) -> InvalidInput:
    return InvalidInput(
        message, code="INVALID_ALARM_RULE", details=[{"field": field_name, "code": code, "message": message}]
    )


def apply_overrides(
    defaults: list[AlarmRule], overrides: list[dict[str, Any]], numeric_metrics: set[str], device_type: str
) -> list[AlarmRule]:
    """Defaults changed by a community's overrides. Raises InvalidInput (with the field) on a bad override.

    An override is `{ruleId, enabled?, severity?, value?, durationSeconds?}` for an existing rule, or a new threshold
    rule `{ruleId: "threshold:<name>", metric, op, value, alarmType, severity, durationSeconds?}`."""
    by_id = {r.rule_id: r for r in defaults}
    for index, o in enumerate(overrides):
        at = f"rules[{index}]"
        rule_id = o.get("ruleId")
        if not isinstance(rule_id, str) or not rule_id:
            raise _bad(f"{at}.ruleId", "required", "ruleId is required")
        severity = o.get("severity")
        if severity is not None and severity not in SEVERITIES:
            raise _bad(f"{at}.severity", "enum", f"severity is one of {', '.join(SEVERITIES)}")
        duration = o.get("durationSeconds")
        if duration is not None and (
            isinstance(duration, bool) or not isinstance(duration, int) or not 0 <= duration <= MAX_DURATION_SECONDS
        ):
            raise _bad(f"{at}.durationSeconds", "range", f"durationSeconds is 0..{MAX_DURATION_SECONDS}")
        value = o.get("value")
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise _bad(f"{at}.value", "type", "value is a number")
        enabled = o.get("enabled")
        if enabled is not None and not isinstance(enabled, bool):
            raise _bad(f"{at}.enabled", "type", "enabled is true or false")
        existing = by_id.get(rule_id)
        if existing is None:
            if not rule_id.startswith("threshold:"):
                raise _bad(f"{at}.ruleId", "unknown_rule", f"{device_type} has no rule {rule_id}")
            if device_type not in catalogue.alarm_watched_types():
                raise _bad(f"{at}.ruleId", "not_watched", f"{device_type} telemetry is not evaluated for alarms")
            metric, op, alarm_type = o.get("metric"), o.get("op"), o.get("alarmType")
            if metric not in numeric_metrics:
                raise _bad(f"{at}.metric", "unknown_metric", f"{device_type} reports no numeric metric {metric}")
            if op not in OPS:
                raise _bad(f"{at}.op", "enum", f"op is one of {', '.join(OPS)}")
            if value is None:
                raise _bad(f"{at}.value", "required", "a new threshold rule needs a value")
            if not isinstance(alarm_type, str) or not 1 <= len(alarm_type) <= 64:
                raise _bad(f"{at}.alarmType", "required", "a new threshold rule needs an alarmType")
            if severity is None:
                raise _bad(f"{at}.severity", "required", "a new threshold rule needs a severity")
            by_id[rule_id] = _threshold(
                str(metric), str(op), float(value), alarm_type, severity, int(duration or 0), rule_id
            )
            continue
        if existing.kind != THRESHOLD and (value is not None or duration is not None):
            raise _bad(f"{at}.value", "not_threshold", f"{rule_id} is not a threshold rule")
        by_id[rule_id] = replace(
            existing,
            enabled=existing.enabled if enabled is None else enabled,
            severity=severity or existing.severity,
            value=existing.value if value is None else float(value),
            duration_seconds=existing.duration_seconds if duration is None else duration,
        )
    return list(by_id.values())


# --------------------------------------------------------------------------- evaluation


@dataclass(frozen=True)
class Verdict:
    """What one reading means for one rule: open (raise or refresh) or clear an alarm of `rule.alarm_type`."""

    rule: AlarmRule
    action: str  # "raise" | "clear"
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass
class ThresholdOutcome:
    verdicts: list[Verdict]
    started: dict[str, datetime]  # rule id -> breach start to remember (new breaches only)
    ended: set[str]  # rule ids whose remembered breach is over


def evaluate_reading(
    rules: list[AlarmRule], metrics: Mapping[str, Any], at: datetime, breaches: Mapping[str, datetime]
) -> ThresholdOutcome:
    """One telemetry reading against the rules, given the remembered breach starts. Pure."""
    out = ThresholdOutcome([], {}, set())
    for rule in rules:
        if not rule.enabled:
            continue
        if rule.kind == EVENT:
            if rule.back_to_normal(metrics):
                out.verdicts.append(Verdict(rule, "clear", {"reading": dict(metrics)}))
            continue
        breached = rule.breached(metrics)
        if breached is None:
            continue
        since = breaches.get(rule.rule_id) or out.started.get(rule.rule_id)
        if breached:
            if since is None:
                since = at
                out.started[rule.rule_id] = at
            if at - since >= timedelta(seconds=rule.duration_seconds):
                detail = {"metric": rule.metric, "reading": metrics.get(rule.metric or ""), "breachSince": since}
                out.verdicts.append(Verdict(rule, "raise", detail))
        else:
            if since is not None:
                out.ended.add(rule.rule_id)
                out.started.pop(rule.rule_id, None)
            out.verdicts.append(
                Verdict(rule, "clear", {"metric": rule.metric, "reading": metrics.get(rule.metric or "")})
            )
    return out
