"""Each warning rule on crafted histories, just under and just over its threshold (defaults: 000 7.2.1 d half a
year, the others as `Thresholds` documents); a rule that stops checking its threshold fails here."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from chalicelib.governance.model import Passage, Snapshot, Thresholds, evaluate

NOW = datetime(2026, 12, 7, 4, 0, tzinfo=UTC)  # 12:00 Beijing
T = Thresholds()


def snap(**kw: object) -> Snapshot:
    base: dict[str, object] = {"residents": {}, "vehicles": set(), "vacant_houses": set()}
    base.update(kw)
    return Snapshot(**base)  # type: ignore[arg-type]


def kinds(passages: list[Passage], s: Snapshot, t: Thresholds = T) -> set[tuple[str, str]]:
    return {(f.kind, f.subject_id) for f in evaluate(passages, s, NOW, t)}


def p(
    subject: str, direction: str, at: datetime, kind: str = "resident", gate: str = "g1", house: str | None = None
) -> Passage:
    return Passage(subject, kind, gate, direction, at, house)


def test_away_and_not_back_after_half_a_year() -> None:
    s = snap(residents={"p1": ""})
    under = [p("p1", "in", NOW - timedelta(days=300)), p("p1", "out", NOW - timedelta(days=182))]
    over = [p("p1", "in", NOW - timedelta(days=300)), p("p1", "out", NOW - timedelta(days=184))]
    assert ("away_not_back", "p1") not in kinds(under, s)
    assert ("away_not_back", "p1") in kinds(over, s)


def test_in_and_not_out_after_half_a_year() -> None:
    s = snap(residents={"p1": ""})
    assert ("in_not_out", "p1") not in kinds([p("p1", "in", NOW - timedelta(days=182))], s)
    assert ("in_not_out", "p1") in kinds([p("p1", "in", NOW - timedelta(days=184))], s)


def test_an_unregistered_credential_living_at_a_house() -> None:
    def entries(n: int) -> list[Passage]:
        return [p("card-x", "in", NOW - timedelta(days=i), "unregistered", house="h1") for i in range(n)]

    assert ("unregistered_resident", "card-x") not in kinds(entries(T.unregistered_entries - 1), snap())
    assert ("unregistered_resident", "card-x") in kinds(entries(T.unregistered_entries), snap())
    # older entries than the window do not count
    old = [p("card-y", "in", NOW - timedelta(days=31 + i), "unregistered", house="h1") for i in range(20)]
    assert ("unregistered_resident", "card-y") not in kinds(old, snap())


def test_left_but_not_deregistered() -> None:
    s = snap(residents={"p1": ""})
    assert ("left_not_deregistered", "p1") not in kinds([p("p1", "out", NOW - timedelta(days=89))], s)
    assert ("left_not_deregistered", "p1") in kinds([p("p1", "out", NOW - timedelta(days=91))], s)
    # past half a year the stronger warning says it instead
    found = kinds([p("p1", "out", NOW - timedelta(days=200))], s)
    assert ("away_not_back", "p1") in found and ("left_not_deregistered", "p1") not in found


def test_key_persons_gathering() -> None:
    s = snap(residents={"k1": "drug", "k2": "released", "k3": "drug", "n1": ""})
    base = NOW - timedelta(hours=3)
    two = [p("k1", "in", base), p("k2", "in", base + timedelta(minutes=10)), p("n1", "in", base)]
    spread = [*two, p("k3", "in", base + timedelta(minutes=61))]
    close = [*two, p("k3", "in", base + timedelta(minutes=59))]
    assert not {k for k, _ in kinds(spread, s)} & {"key_persons_gathering"}
    assert {k for k, _ in kinds(close, s)} & {"key_persons_gathering"}


def test_cloned_plate() -> None:
    at = NOW - timedelta(hours=2)
    far = [
        p("京A12345", "in", at, "vehicle", "east"),
        p("京A12345", "in", at + timedelta(seconds=121), "vehicle", "west"),
    ]
    near = [
        p("京A12345", "in", at, "vehicle", "east"),
        p("京A12345", "in", at + timedelta(seconds=119), "vehicle", "west"),
    ]
    same_gate = [
        p("京A12345", "in", at, "vehicle", "east"),
        p("京A12345", "out", at + timedelta(seconds=5), "vehicle", "east"),
    ]
    assert ("cloned_plate", "京A12345") not in kinds(far, snap())
    assert ("cloned_plate", "京A12345") in kinds(near, snap())
    assert ("cloned_plate", "京A12345") not in kinds(same_gate, snap())


def test_active_by_night_idle_by_day() -> None:
    night = [
        p("京B1", "in", datetime(2026, 12, 1, 15, 0, tzinfo=UTC) - timedelta(days=i), "vehicle") for i in range(10)
    ]
    day = [p("京B1", "in", datetime(2026, 12, 1, 4, 0, tzinfo=UTC) - timedelta(days=i), "vehicle") for i in range(3)]
    assert ("night_active_day_idle", "京B1") in kinds([*night, *day[:2]], snap())  # 23:00 Beijing x10, 2 by day
    assert ("night_active_day_idle", "京B1") not in kinds([*night, *day], snap())  # a third by day
    assert ("night_active_day_idle", "京B1") not in kinds(night[:9], snap())  # nine nights


def test_zombie_car() -> None:
    s = snap(vehicles={"京C1"})
    assert ("zombie_car", "京C1") not in kinds([p("京C1", "in", NOW - timedelta(days=29), "vehicle")], s)
    assert ("zombie_car", "京C1") in kinds([p("京C1", "in", NOW - timedelta(days=31), "vehicle")], s)


def test_frequent_in_and_out() -> None:
    start = datetime(2026, 12, 6, 1, 0, tzinfo=UTC)  # 09:00 Beijing: every passage on one Beijing day

    def n(count: int) -> list[Passage]:
        return [p("京D1", "in" if i % 2 else "out", start + timedelta(minutes=10 * i), "vehicle") for i in range(count)]

    assert ("frequent_in_out", "京D1") not in kinds(n(19), snap())
    assert ("frequent_in_out", "京D1") in kinds(n(20), snap())


def test_empty_house_with_activity() -> None:
    s = snap(vacant_houses={"h9"})

    def n(count: int) -> list[Passage]:
        return [p(f"x{i}", "in", NOW - timedelta(days=i), house="h9") for i in range(count)]

    assert ("empty_house_activity", "h9") not in kinds(n(2), s)
    assert ("empty_house_activity", "h9") in kinds(n(3), s)


def test_probable_group_rental() -> None:
    def n(people: int) -> list[Passage]:
        return [
            p(f"x{i}", "in", NOW - timedelta(days=1, minutes=i), house="h7") for i in range(people) for _ in range(2)
        ]

    assert ("group_rental", "h7") not in kinds(n(7), snap())
    assert ("group_rental", "h7") in kinds(n(8), snap())


def test_abnormal_meter_use() -> None:
    history = [10.0] * 7
    assert ("abnormal_meter", "h1:water") not in kinds([], snap(meter_days={("h1", "water"): [*history, 30.0]}))
    assert ("abnormal_meter", "h1:water") in kinds([], snap(meter_days={("h1", "water"): [*history, 30.1]}))
    # too little history: no baseline, no warning
    assert ("abnormal_meter", "h1:water") not in kinds([], snap(meter_days={("h1", "water"): [10.0] * 5 + [99.0]}))


def test_thresholds_are_configurable() -> None:
    s = snap(vehicles={"京C1"})
    history = [p("京C1", "in", NOW - timedelta(days=10), "vehicle")]
    assert ("zombie_car", "京C1") not in kinds(history, s)
    assert ("zombie_car", "京C1") in kinds(history, s, Thresholds(zombie_days=7))
