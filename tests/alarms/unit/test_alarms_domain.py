"""The alarm service at its ports (in-memory adapters): lifecycle, dedupe, thresholds, clears, linkage, escalation."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from chalicelib.alarms.model import ACTIVE, CLEARED, PoisonMessage, linkage_plan
from chalicelib.alarms.rules import apply_overrides, catalogue_defaults, default_rules, evaluate_reading
from chalicelib.kernel.errors import Conflict, InvalidInput, NotFound
from tests.fakes.alarms import FakeDevice, StaticPlaces, build_service, event, readings


def test_one_active_alarm_per_originator_and_type_repeats_raise_the_count() -> None:
    service, parts = build_service()
    first = service.handle(event("smoke-1", "smoke_detector", "fire_alarm", "m1"))
    assert first.action == "raised"
    for i in range(2, 6):
        assert service.handle(event("smoke-1", "smoke_detector", "fire_alarm", f"m{i}")).action == "refreshed"
    alarm = service.get("c-1", first.alarm_ids[0])
    assert alarm.count == 5 and alarm.status == ACTIVE and alarm.severity == "critical"
    assert len(parts["workflows"].started) == 1, "one workflow (one notification set) per alarm, not per repeat"


def test_the_same_message_twice_changes_nothing_the_second_time() -> None:
    service, parts = build_service()
    doc = event("smoke-1", "smoke_detector", "fire_alarm", "m1")
    raised = service.handle(doc)
    again = service.handle(doc)
    assert again.action == "duplicate"
    assert service.get("c-1", raised.alarm_ids[0]).count == 1
    assert len(parts["workflows"].started) == 1


def test_a_redelivery_after_the_workflow_failed_to_start_starts_it() -> None:
    service, parts = build_service()
    parts["workflows"].fail = True
    doc = event("smoke-1", "smoke_detector", "fire_alarm", "m1")
    with pytest.raises(Exception, match="could not start"):
        service.handle(doc)
    parts["workflows"].fail = False
    assert service.handle(doc).action == "duplicate"
    assert len(parts["workflows"].started) == 1


@pytest.mark.parametrize(
    "doc, reason",
    [
        ([], "invalid_message"),
        ({"community_id": "c-1"}, "invalid_message"),
        (event("d", "smoke_detector", "fire_alarm", "m", occurred_at="yesterday"), "invalid_message"),
        (event("d", "smoke_detector", "fire_alarm", "m", severity="apocalyptic"), "invalid_message"),
        (event("d", "smoke_detector", "telemetry", "m", raises=False, data={}), "invalid_message"),
    ],
)
def test_poison_messages_are_refused_with_a_reason(doc: Any, reason: str) -> None:
    service, _ = build_service()
    with pytest.raises(PoisonMessage) as caught:
        service.handle(doc)
    assert caught.value.reason == reason


def test_a_normal_reading_clears_and_cleared_but_unacknowledged_is_latched() -> None:
    service, _parts = build_service()
    raised = service.handle(event("smoke-1", "smoke_detector", "fire_alarm", "m1"))
    alarm_id = raised.alarm_ids[0]
    cleared = service.handle(readings("smoke-1", "smoke_detector", "t1", ("2026-06-01T02:01:00Z", {"state": "normal"})))
    assert cleared.alarm_ids == [alarm_id]
    alarm = service.get("c-1", alarm_id)
    assert alarm.status == CLEARED and alarm.latched and alarm.combined_status == "CLEARED_UNACK"
    acked = service.acknowledge("c-1", alarm_id, "guard-1")
    assert not acked.latched and acked.combined_status == "CLEARED_ACK"
    # the slot is free again: the next fire is a new alarm
    assert service.handle(event("smoke-1", "smoke_detector", "fire_alarm", "m9")).action == "raised"


def test_pm25_breach_shorter_than_the_duration_raises_nothing_longer_raises_once() -> None:
    service, parts = build_service()
    short = readings(
        "env-1",
        "environment_sensor",
        "t1",
        ("2026-06-01T02:00:00Z", {"pm25": 120}),
        ("2026-06-01T02:05:00Z", {"pm25": 130}),
        ("2026-06-01T02:08:00Z", {"pm25": 40}),
    )
    assert service.handle(short).alarm_ids == []
    assert not parts["workflows"].started
    # a breach remembered across invocations (one message per batch) raises once it lasted 10 minutes
    service.handle(readings("env-1", "environment_sensor", "t2", ("2026-06-01T03:00:00Z", {"pm25": 90})))
    assert not parts["workflows"].started
    service.handle(readings("env-1", "environment_sensor", "t3", ("2026-06-01T03:06:00Z", {"pm25": 95})))
    assert not parts["workflows"].started
    raised = service.handle(readings("env-1", "environment_sensor", "t4", ("2026-06-01T03:10:00Z", {"pm25": 99})))
    assert len(raised.alarm_ids) == 1 and len(parts["workflows"].started) == 1
    assert service.get("c-1", raised.alarm_ids[0]).alarm_type == "pm25_high"


def test_breach_state_is_written_only_when_a_breach_starts_or_ends() -> None:
    service, parts = build_service()
    for i in range(10):
        service.handle(readings("env-1", "environment_sensor", f"n{i}", (f"2026-06-01T02:0{i}:00Z", {"pm25": 20})))
    assert parts["repo"].breach_writes == 0, "normal readings write nothing"
    service.handle(readings("env-1", "environment_sensor", "b1", ("2026-06-01T02:10:00Z", {"pm25": 200})))
    service.handle(readings("env-1", "environment_sensor", "b2", ("2026-06-01T02:11:00Z", {"pm25": 200})))
    assert parts["repo"].breach_writes == 1


def test_combustible_gas_at_20_lel_is_critical_at_once_and_clears_below() -> None:
    service, _ = build_service()
    raised = service.handle(
        readings("gas-1", "gas_detector", "t1", ("2026-06-01T02:00:00Z", {"state": "alarm", "gasLel": 20}))
    )
    alarm = service.get("c-1", raised.alarm_ids[0])
    assert alarm.alarm_type == "gas_leak" and alarm.severity == "critical"
    service.handle(readings("gas-1", "gas_detector", "t2", ("2026-06-01T02:01:00Z", {"state": "normal", "gasLel": 3})))
    assert service.get("c-1", alarm.alarm_id).status == CLEARED


def test_offline_raises_and_back_online_clears() -> None:
    service, _ = build_service()
    offline = event("door-1", "door_controller", "device_offline", "p1", source="presence", severity="minor")
    raised = service.handle(offline)
    assert service.get("c-1", raised.alarm_ids[0]).originator_kind == "presence"
    online = event("door-1", "door_controller", "device_online", "p2", raises=False, clears=["device_offline"])
    assert service.handle(online).action == "cleared"


def test_two_acknowledgements_one_wins_the_other_gets_a_clear_code() -> None:
    service, parts = build_service()
    alarm_id = service.handle(event("smoke-1", "smoke_detector", "fire_alarm", "m1")).alarm_ids[0]
    service.await_ack("c-1", alarm_id, "token-ack")
    service.acknowledge("c-1", alarm_id, "guard-1")
    with pytest.raises(Conflict) as caught:
        service.acknowledge("c-1", alarm_id, "guard-2")
    assert caught.value.code == "ALARM_ALREADY_ACKNOWLEDGED"
    assert parts["workflows"].succeeded == [("token-ack", {"acknowledgedBy": "guard-1"})]
    assert [e.action for e in service.get("c-1", alarm_id).timeline].count("acknowledged") == 1


def test_clear_twice_unknown_and_other_community_are_refused() -> None:
    service, _ = build_service()
    alarm_id = service.handle(event("smoke-1", "smoke_detector", "fire_alarm", "m1")).alarm_ids[0]
    service.clear("c-1", alarm_id, "false alarm: cooking", "guard-1")
    with pytest.raises(Conflict) as caught:
        service.clear("c-1", alarm_id, "again", "guard-1")
    assert caught.value.code == "ALARM_ALREADY_CLEARED"
    with pytest.raises(NotFound):
        service.acknowledge("c-2", alarm_id, "guard-9")
    with pytest.raises(NotFound):
        service.get("c-1", "alm-unknown")


def test_fire_in_building_a_unlocks_a_doors_and_calls_a_elevators_not_b() -> None:
    places = StaticPlaces(
        devices={
            "smoke-a": FakeDevice("smoke-a", "smoke_detector", "A"),
            "door-a1": FakeDevice("door-a1", "door_controller", "A"),
            "door-a2": FakeDevice("door-a2", "door_controller", "A"),
            "lift-a": FakeDevice("lift-a", "elevator", "A"),
            "door-b1": FakeDevice("door-b1", "door_controller", "B"),
            "door-a3": FakeDevice("door-a3", "door_controller", "A", status="retired"),
        }
    )
    service, parts = build_service(places=places)
    alarm_id = service.handle(event("smoke-a", "smoke_detector", "fire_alarm", "m1")).alarm_ids[0]
    done = service.link("c-1", alarm_id)
    targets = {(t.device_id, t.command) for _, t, _ in parts["commands"].sent}
    assert targets == {("door-a1", "set_mode"), ("door-a2", "set_mode"), ("lift-a", "call_to_floor")}
    assert all(d.get("commandId") for d in done)
    assert len([e for e in service.get("c-1", alarm_id).timeline if e.action == "linked"]) == 3
    service.link("c-1", alarm_id)  # a retried task
    assert len(parts["commands"].sent) == 3


def test_gas_closes_the_detector_valve_and_the_home_meter() -> None:
    places = StaticPlaces(
        devices={
            "gas-1": FakeDevice("gas-1", "gas_detector", "A"),
            "meter-1": FakeDevice("meter-1", "gas_meter", "A", user="h-1"),
            "meter-2": FakeDevice("meter-2", "gas_meter", "A", user="h-2"),
        },
        houses={"gas-1": "h-1"},
    )
    service, _ = build_service(places=places)
    alarm = service.get("c-1", service.handle(event("gas-1", "gas_detector", "gas_leak", "m1")).alarm_ids[0])
    plan = {
        (t.device_id, t.command) for t in linkage_plan(alarm, places.devices_for_linkage("c-1", "A", ("gas_meter",)))
    }
    assert plan == {("gas-1", "close_valve"), ("meter-1", "close_valve")}


def test_escalation_levels_reach_owner_then_managers_admins_and_emergency_contacts() -> None:
    places = StaticPlaces(devices={"gas-1": FakeDevice("gas-1", "gas_detector", "A")}, houses={"gas-1": "h-1"})
    service, parts = build_service(places=places)
    alarm_id = service.handle(event("gas-1", "gas_detector", "gas_leak", "m1")).alarm_ids[0]
    assert parts["workflows"].started[0][1]["maxLevel"] == 3
    # the consumer told the on-duty level: guard (push) + owner (WeChat); the workflow's first step sends nothing
    assert len(parts["channels"]["push"].sent) == 1 and len(parts["channels"]["wechat"].sent) == 1
    assert service.notify_step("c-1", alarm_id, 0)["sent"] == 2
    level = 0
    while True:
        step = service.escalate("c-1", alarm_id, level)
        if step["exhausted"]:
            break
        level = step["level"]
        service.notify_step("c-1", alarm_id, level)
    assert level == 3
    assert [r.role for r, _ in parts["channels"]["sms"].sent] == ["emergency_contact"]
    actions = [e.action for e in service.get("c-1", alarm_id).timeline]
    assert actions.count("escalated") == 3 and actions.count("notified") == 4
    # a retried notify task sends nothing twice
    service.notify_level("c-1", alarm_id, 0)
    assert len(parts["channels"]["push"].sent) == 3


def test_notifier_failure_is_retried_recorded_and_the_escalation_goes_on() -> None:
    from chalicelib.notifications.service import ChannelError

    lines: list[str] = []
    service, parts = build_service(console=lines.append)
    parts["channels"]["push"].failures = [ChannelError("HTTP 503")] * 3
    # the consumer's first notification fails: recorded, and the alarm and its workflow go on
    alarm_id = service.handle(event("smoke-1", "smoke_detector", "fire_alarm", "m1")).alarm_ids[0]
    assert len(parts["workflows"].started) == 1
    assert lines == ["告警 【紧急】火灾报警：栋，2026年6月1日 10:00"]  # the console's one line (fake place), no PII
    (delivery,) = parts["deliveries"].items.values()
    assert delivery.status == "failed" and delivery.attempts == 3 and delivery.reason == "HTTP 503"
    assert service.escalate("c-1", alarm_id, 0) == {"level": 1, "exhausted": False}
    # the workflow's step finds the level told with a failure and tells it again: same delivery record
    assert service.notify_step("c-1", alarm_id, 0) == {"level": 0, "sent": 1, "failed": 0, "recipients": 1}
    (delivery,) = parts["deliveries"].items.values()
    assert delivery.status == "sent" and delivery.attempts == 4


def test_the_first_notification_goes_out_before_the_workflow_starts_and_once() -> None:
    service, parts = build_service()
    pushes_at_start: list[int] = []
    start = parts["workflows"].start_alarm

    def start_alarm(alarm: Any, workflow_input: dict[str, Any]) -> str:
        pushes_at_start.append(len(parts["channels"]["push"].sent))
        return start(alarm, workflow_input)

    parts["workflows"].start_alarm = start_alarm
    alarm_id = service.handle(event("smoke-1", "smoke_detector", "fire_alarm", "m1")).alarm_ids[0]
    assert pushes_at_start == [1], "the on-duty guard was told before the workflow was started"
    # the workflow's first step, and a retry of it: nothing sent again, one note on the timeline
    for _ in range(2):
        assert service.notify_step("c-1", alarm_id, 0) == {"level": 0, "sent": 1, "failed": 0, "recipients": 1}
    assert len(parts["channels"]["push"].sent) == 1
    timeline = service.get("c-1", alarm_id).timeline
    assert [e.detail["level"] for e in timeline if e.action == "notified"] == [0]


def test_a_first_notification_that_breaks_leaves_it_to_the_workflow() -> None:
    service, parts = build_service()
    notifier = parts["notifier"]

    class Down:
        def send(self, message: Any) -> Any:
            raise RuntimeError("notifications table unavailable")

    service.notifier = Down()  # type: ignore[assignment]
    alarm_id = service.handle(event("smoke-1", "smoke_detector", "fire_alarm", "m1")).alarm_ids[0]
    assert len(parts["workflows"].started) == 1 and not parts["channels"]["push"].sent
    service.notifier = notifier
    assert service.notify_step("c-1", alarm_id, 0)["sent"] == 1
    assert len(parts["channels"]["push"].sent) == 1


def test_a_new_round_is_told_again_by_its_workflow() -> None:
    service, parts = build_service()
    alarm_id = service.handle(event("smoke-1", "smoke_detector", "fire_alarm", "m1")).alarm_ids[0]
    alarm = service.get("c-1", alarm_id)
    restarted = replace(alarm.restarted(parts["clock"](), "system", "fired_again"), version=alarm.version + 1)
    assert parts["repo"].update(restarted, alarm.version) == "ok"
    assert service.notify_step("c-1", alarm_id, 0)["sent"] == 1
    assert len(parts["channels"]["push"].sent) == 2, "round 1 is a new message for the same people"


def test_sos_is_critical_kept_over_a_year_and_idempotent_per_request() -> None:
    service, parts = build_service()
    alarm = service.raise_sos("c-1", "h-1", "resident-1", "fell in the bathroom", "req-1")
    assert alarm.severity == "critical" and alarm.alarm_type == "sos" and alarm.home
    assert (alarm.expires_at - alarm.created_at).days > 365
    again = service.raise_sos("c-1", "h-1", "resident-1", "fell in the bathroom", "req-1")
    assert again.alarm_id == alarm.alarm_id and again.count == 1
    assert len(parts["workflows"].started) == 1
    device_alarm = service.get(
        "c-1", service.handle(event("smoke-1", "smoke_detector", "fire_alarm", "m1")).alarm_ids[0]
    )
    assert 183 < (device_alarm.expires_at - device_alarm.created_at).days < 365


def test_await_clear_of_an_already_cleared_alarm_completes_at_once() -> None:
    service, parts = build_service()
    alarm_id = service.handle(event("smoke-1", "smoke_detector", "fire_alarm", "m1")).alarm_ids[0]
    service.clear("c-1", alarm_id, "reset on site", "guard-1")
    service.await_clear("c-1", alarm_id, "token-clear")
    assert ("token-clear", {"cleared": True}) in parts["workflows"].succeeded


def test_rule_overrides_validate_and_apply() -> None:
    defaults = catalogue_defaults("environment_sensor")
    changed = apply_overrides(
        defaults,
        [
            {"ruleId": "threshold:pm25", "value": 50, "durationSeconds": 60},
            {
                "ruleId": "threshold:noise",
                "metric": "noiseDb",
                "op": ">",
                "value": 70,
                "alarmType": "noise",
                "severity": "warning",
            },
            {"ruleId": "event:fault", "enabled": False},
        ],
        {"pm25", "noiseDb"},
        "environment_sensor",
    )
    by_id = {r.rule_id: r for r in changed}
    assert by_id["threshold:pm25"].value == 50 and by_id["threshold:pm25"].duration_seconds == 60
    assert by_id["threshold:noise"].alarm_type == "noise" and not by_id["event:fault"].enabled
    for bad, field in [
        (
            {"ruleId": "threshold:x", "metric": "nope", "op": ">", "value": 1, "alarmType": "x", "severity": "minor"},
            "metric",
        ),
        ({"ruleId": "threshold:pm25", "severity": "apocalyptic"}, "severity"),
        ({"ruleId": "event:nope"}, "ruleId"),
        ({"ruleId": "event:fault", "value": 3}, "value"),
    ]:
        with pytest.raises(InvalidInput) as caught:
            apply_overrides(defaults, [bad], {"pm25", "noiseDb"}, "environment_sensor")
        assert caught.value.details[0]["field"].endswith(field)


def test_evaluate_reading_ignores_readings_without_the_metric() -> None:
    from datetime import UTC, datetime

    rules = default_rules("environment_sensor", {})
    outcome = evaluate_reading(rules, {"noiseDb": 90}, datetime(2026, 6, 1, tzinfo=UTC), {})
    assert outcome.verdicts == [] and outcome.started == {}


def test_back_to_normal_and_repeats_are_reapplied_over_a_concurrent_workflow_note() -> None:
    service, parts = build_service()
    repo = parts["repo"]
    alarm_id = service.handle(event("smoke-1", "smoke_detector", "fire_alarm", "m1")).alarm_ids[0]
    real_update = repo.update
    raced = {"n": 0}

    def racing_update(alarm: Any, expected_version: int, **kw: Any) -> str:
        if raced["n"] < 1:  # the workflow's notify task writes its timeline note first
            raced["n"] += 1
            current = repo.get("c-1", alarm_id)
            real_update(
                current.noted(parts["clock"](), "system", "notified", level=0).__class__(
                    **{**current.__dict__, "version": current.version + 1}
                ),
                current.version,
            )
        return real_update(alarm, expected_version, **kw)

    repo.update = racing_update
    assert service.handle(event("smoke-1", "smoke_detector", "fire_alarm", "m2")).action == "refreshed"
    raced["n"] = 0
    cleared = service.handle(readings("smoke-1", "smoke_detector", "t1", ("2026-06-01T02:01:00Z", {"state": "normal"})))
    assert cleared.alarm_ids == [alarm_id] and service.get("c-1", alarm_id).status == CLEARED
    assert service.get("c-1", alarm_id).count == 2


def test_staff_reports_of_the_same_place_and_type_make_one_alarm() -> None:
    service, parts = build_service()
    first = service.report("c-1", "guard-1", "fire_lane_occupied", "major", "A", "van in lane", "r1")
    second = service.report("c-1", "guard-2", "fire_lane_occupied", "major", "A", None, "r2")
    again = service.report("c-1", "guard-2", "fire_lane_occupied", "major", "A", None, "r2")
    assert first.alarm_id == second.alarm_id == again.alarm_id
    assert service.get("c-1", first.alarm_id).count == 2 and first.originator_kind == "staff_report"
    assert len(parts["workflows"].started) == 1
    with pytest.raises(InvalidInput):
        service.report("c-1", "guard-1", "Fire Lane!", "major", "A", None, "r3")


@pytest.mark.parametrize("building", ["C", "nowhere"])
def test_a_staff_report_names_one_of_the_communitys_buildings(building: str) -> None:
    """A building of another community (C) or none: refused naming the field; no alarm, no workflow."""
    service, parts = build_service(places=StaticPlaces(buildings=frozenset({"A"})))
    with pytest.raises(InvalidInput) as caught:
        service.report("c-1", "guard-1", "fence_damaged", "minor", building, None, "r-unknown")
    assert caught.value.details == [
        {"field": "building", "code": "unknown_building", "message": "no such building in this community"}
    ]
    assert parts["repo"].alarms == {} and parts["workflows"].started == []
    assert service.report("c-1", "guard-1", "fence_damaged", "minor", "A", None, "r-known").building == "A"


def test_the_work_order_seam_is_called_once_and_recorded() -> None:
    class Orders:
        def __init__(self) -> None:
            self.calls = 0

        def dispatch(self, alarm: Any) -> str | None:
            self.calls += 1
            return f"wo-{alarm.alarm_id}"

    orders = Orders()
    service, _ = build_service(work_orders=orders)
    alarm_id = service.handle(event("leak-1", "water_leak_sensor", "water_leak", "m1")).alarm_ids[0]
    assert service.dispatch("c-1", alarm_id) == {"dispatched": True, "workOrderId": f"wo-{alarm_id}"}
    assert service.dispatch("c-1", alarm_id)["dispatched"] is True  # a retried task
    assert orders.calls == 1
    (entry,) = [e for e in service.get("c-1", alarm_id).timeline if e.action == "dispatched"]
    assert entry.detail == {"workOrderId": f"wo-{alarm_id}"}
    default, _ = build_service()
    other = default.handle(event("leak-2", "water_leak_sensor", "water_leak", "m1")).alarm_ids[0]
    assert default.dispatch("c-1", other) == {"dispatched": False, "workOrderId": None}


def test_an_sos_tells_the_guard_the_house_who_pressed_their_phone_and_what_they_wrote() -> None:
    places = StaticPlaces(buildings=frozenset({"A", "3"}))
    service, parts = build_service(places=places)
    alarm = service.raise_sos("c-1", "h-1", "resident-1", "老人摔倒了", "press-1")
    assert alarm.title == "紧急求助"
    service.notify_level("c-1", alarm.alarm_id, 0)
    ((guard, pushed),) = parts["channels"]["push"].sent
    assert guard.role == "on_duty" and pushed.kind == "sos"
    assert pushed.title.startswith("【紧急求助】") and "1单元101" in pushed.title
    assert "王小明（13800000001）" in pushed.body and "老人摔倒了" in pushed.body
    assert "2026年6月1日 10:00" in pushed.body  # Beijing time, not UTC
    ((owner, told),) = parts["channels"]["wechat"].sent
    assert owner.role == "owner" and "13800000001" not in told.body and told.fields["phone"] == "138****0001"


def test_a_device_alarm_names_its_type_level_place_and_device_in_chinese() -> None:
    places = StaticPlaces(devices={"smoke-1": FakeDevice("smoke-1", "smoke_detector", "A")})
    service, parts = build_service(places=places)
    alarm_id = service.handle(event("smoke-1", "smoke_detector", "fire_alarm", "m1")).alarm_ids[0]
    assert service.get("c-1", alarm_id).title == "火灾报警（smoke-1）"
    service.notify_level("c-1", alarm_id, 0)
    ((_, pushed),) = parts["channels"]["push"].sent
    assert pushed.kind == "alarm" and pushed.title == "【紧急】火灾报警"
    assert pushed.body.startswith("火灾报警：A栋 smoke-1，") and "2026年6月1日 10:00" in pushed.body
