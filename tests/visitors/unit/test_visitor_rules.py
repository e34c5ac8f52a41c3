"""Domain rules without AWS: the visit window against the policy, credentials' doors and floors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.kernel.errors import InvalidInput
from chalicelib.visitors.credentials import Credential
from chalicelib.visitors.model import GateRef, VisitorPolicy, check_window

NOW = datetime(2026, 11, 29, 8, 0, tzinfo=UTC)
POLICY = VisitorPolicy("c1", max_window_hours=24, max_entries=5)


@pytest.mark.parametrize(
    ("start", "end", "entries", "field", "code"),
    [
        (NOW + timedelta(hours=2), NOW + timedelta(hours=1), 1, "endsAt", "window_reversed"),
        (NOW, NOW, 1, "endsAt", "window_reversed"),
        (NOW - timedelta(hours=1), NOW + timedelta(hours=1), 1, "startsAt", "in_past"),
        (NOW, NOW + timedelta(hours=25), 1, "endsAt", "window_too_long"),
        (NOW, NOW + timedelta(hours=1), 6, "entries", "range"),
    ],
)
def test_bad_windows_name_the_field(start: datetime, end: datetime, entries: int, field: str, code: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        check_window(POLICY, start, end, entries, NOW)
    assert (caught.value.details[0]["field"], caught.value.details[0]["code"]) == (field, code)


def test_a_window_may_start_a_moment_ago_and_fill_the_policy() -> None:
    check_window(POLICY, NOW - timedelta(minutes=4), NOW + timedelta(hours=23, minutes=56), 5, NOW)


def test_policy_bounds() -> None:
    with pytest.raises(InvalidInput) as caught:
        VisitorPolicy("c1", max_window_hours=0, max_entries=300).validate()
    assert {d["field"] for d in caught.value.details} == {"maxWindowHours", "maxEntries"}


def credential(**changes: object) -> Credential:
    base = dict(
        credential_id="cr1",
        community_id="c1",
        holder_kind="resident",
        holder_id="p1",
        house_id="h1",
        kind="card",
        reference="CARD-1",
        valid_until=NOW + timedelta(days=1),
        issued_by="m",
        issued_at=NOW,
        areas=("B1", "shared"),
        floors=("3", "1"),
    )
    base.update(changes)
    return Credential(**base)  # type: ignore[arg-type]


def test_a_credential_opens_its_areas_and_named_doors_only() -> None:
    c = credential(doors=("door-x",))
    assert c.opens(GateRef("c1", "door-a", "door_controller", "active", "B1"))
    assert c.opens(GateRef("c1", "door-s", "door_controller", "active", None)), "shared door"
    assert not c.opens(GateRef("c1", "door-b", "door_controller", "active", "B2"))
    assert c.opens(GateRef("c1", "door-x", "door_controller", "active", "B9")), "named door"


def test_floors_own_public_and_everywhere() -> None:
    assert credential().reaches(3) and credential().reaches(1) and not credential().reaches(7)
    assert credential(floors=("*",)).reaches(27)
