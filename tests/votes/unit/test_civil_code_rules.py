"""The Civil Code art. 278 arithmetic at its edges, exact (no floats): participation of exactly 2/3 and just under,
3/4 against 74.99 %, more than half against exactly half, a multi-unit owner counted once, the developer's unsold
units counted as one person; and the seal anyone can recompute from the published list."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta
from fractions import Fraction

import pytest

from chalicelib.kernel.errors import Conflict, Forbidden, InvalidInput
from chalicelib.votes.model import (
    DEVELOPER,
    Cast,
    Electorate,
    Unit,
    Vote,
    approval_met,
    area_text,
    check_new_vote,
    check_voter,
    exact_area,
    participation_met,
    seal,
    tally,
)

NOW = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)


def units(*areas: str, owners: list[str] | None = None) -> list[Unit]:
    return [
        Unit(f"h{i}", exact_area(a), (owners or [f"p{i}" for i in range(len(areas))])[i]) for i, a in enumerate(areas)
    ]


def casts(listed: list[Unit], choices: dict[str, str]) -> list[Cast]:
    return [Cast(u.house_id, u.area, u.owner, choices[u.house_id]) for u in listed if u.house_id in choices]


# -- participation: >= 2/3 of the area AND of the owners ------------------------------------------------------------


def test_participation_of_exactly_two_thirds_is_enough_and_just_under_is_not() -> None:
    assert participation_met(Fraction(2), Fraction(3))
    assert participation_met(Fraction(200), Fraction(300))
    assert not participation_met(Fraction(19999, 100), Fraction(300))  # 199.99 of 300
    # 0.6666... as a float-looking decimal is under 2/3: decimals are exact here
    assert not participation_met(exact_area("0.6666666666666666"), Fraction(1))
    assert not participation_met(Fraction(0), Fraction(0))


def test_exactly_two_thirds_of_area_and_owners_meets_the_quorum() -> None:
    listed = units("100", "100", "100")
    result = tally("property_manager", Electorate.of(listed), casts(listed, {"h0": "agree", "h1": "agree"}))
    assert result.quorum_met and result.voted_area == 200 and result.voted_owners == 2
    assert result.passed  # 2 of 2 participating agree


def test_two_thirds_of_the_area_but_not_of_the_owners_fails() -> None:
    listed = units("300", "50", "50", "50")  # 450 m2, 4 owners
    result = tally("property_manager", Electorate.of(listed), casts(listed, {"h0": "agree", "h1": "agree"}))
    assert result.voted_area * 3 >= result.total_area * 2  # 350 of 450
    assert result.voted_owners == 2 and result.total_owners == 4  # half the owners: under 2/3
    assert not result.quorum_met and not result.passed


def test_area_just_under_two_thirds_fails_with_enough_owners() -> None:
    listed = units("100", "100", "100.01")
    result = tally("property_manager", Electorate.of(listed), casts(listed, {"h0": "agree", "h1": "agree"}))
    assert result.voted_owners * 3 >= result.total_owners * 2
    assert not result.quorum_met  # 200 of 300.01


# -- approval: items 6-8 need >= 3/4, the rest more than half -------------------------------------------------------


@pytest.mark.parametrize("matter", ["raise_maintenance_fund", "rebuild", "change_common_use"])
def test_special_matters_pass_at_exactly_three_quarters_not_at_74_99_percent(matter: str) -> None:
    assert approval_met(matter, Fraction(75), Fraction(100))
    assert not approval_met(matter, Fraction(7499, 100), Fraction(100))


def test_ordinary_matters_need_more_than_half_exactly_half_fails() -> None:
    assert approval_met("property_manager", Fraction(5001, 100), Fraction(100))
    assert not approval_met("property_manager", Fraction(50), Fraction(100))
    assert not approval_met("property_manager", Fraction(0), Fraction(0))


def test_three_quarters_of_area_at_74_99_percent_rejects_a_rebuild() -> None:
    # 4 owners vote; agree area 74.99 of 100, agree owners 3 of 4 (exactly 3/4)
    listed = units("24.99", "25", "25", "25.01")
    choices = {"h0": "agree", "h1": "agree", "h2": "agree", "h3": "against"}
    result = tally("rebuild", Electorate.of(listed), casts(listed, choices))
    assert result.agree_area == Fraction(7499, 100) and result.agree_owners == 3
    assert result.quorum_met and not result.passed
    # the same ballots on an ordinary matter pass (more than half of both)
    assert tally("property_manager", Electorate.of(listed), casts(listed, choices)).passed


def test_exactly_three_quarters_of_both_passes_a_rebuild() -> None:
    listed = units("25", "25", "25", "25")
    choices = {"h0": "agree", "h1": "agree", "h2": "agree", "h3": "abstain"}
    result = tally("rebuild", Electorate.of(listed), casts(listed, choices))
    assert result.passed and result.rule == "three_quarters"


def test_exactly_half_of_the_owners_fails_an_ordinary_matter_even_with_most_of_the_area() -> None:
    listed = units("70", "10", "10", "10")
    choices = {"h0": "agree", "h1": "agree", "h2": "against", "h3": "against"}
    result = tally("management_statute", Electorate.of(listed), casts(listed, choices))
    assert result.agree_area == 80 and result.agree_owners == 2 and result.voted_owners == 4
    assert result.quorum_met and not result.passed


# -- headcount: a multi-unit owner and the developer's unsold units count once ------------------------------------


def test_several_units_of_one_owner_count_as_one_person() -> None:
    listed = units("50", "50", "50", "50", owners=["zhang", "zhang", "li", "wang"])
    electorate = Electorate.of(listed)
    assert electorate.owners == 3 and electorate.units == 4 and electorate.area == 200
    # zhang's two units and li's vote: area 150/200 >= 2/3, owners 2/3 >= 2/3
    result = tally("property_manager", electorate, casts(listed, {"h0": "agree", "h1": "agree", "h2": "against"}))
    assert result.voted_owners == 2 and result.agree_owners == 1
    assert result.quorum_met and not result.passed  # 1 of 2 persons is exactly half


def test_a_multi_unit_owner_splitting_their_votes_takes_part_but_does_not_agree() -> None:
    listed = units("50", "50", "50", owners=["zhang", "zhang", "li"])
    result = tally(
        "property_manager", Electorate.of(listed), casts(listed, {"h0": "agree", "h1": "against", "h2": "agree"})
    )
    assert result.voted_owners == 2 and result.agree_owners == 1


def test_the_developers_unsold_units_count_as_one_person() -> None:
    listed = units("80", "80", "80", "80", "80", owners=[DEVELOPER, DEVELOPER, DEVELOPER, "a", "b"])
    electorate = Electorate.of(listed)
    assert electorate.owners == 3 and electorate.area == 400
    # a and b alone: 2 of 3 persons (>= 2/3) but 160 of 400 m2: no quorum
    assert not tally("property_manager", electorate, casts(listed, {"h3": "agree", "h4": "agree"})).quorum_met
    # the developer's three units vote against, a and b agree: 2 of 3 persons agree, 160 of 400 m2 does not
    result = tally(
        "property_manager",
        electorate,
        casts(listed, {f"h{i}": "against" for i in range(3)} | {"h3": "agree", "h4": "agree"}),
    )
    assert result.quorum_met and result.agree_owners == 2 and result.voted_owners == 3
    assert not result.passed


def test_areas_are_exact_decimals_never_floats() -> None:
    assert exact_area(89.1) == Fraction(891, 10)
    assert exact_area("0.1") + exact_area("0.2") == exact_area("0.3")
    assert exact_area(None) == 0 and exact_area(True) == 0 and exact_area("abc") == 0 and exact_area(-5) == 0
    assert area_text(Fraction(891, 10)) == "89.1" and area_text(Fraction(300)) == "300"


# -- the seal -----------------------------------------------------------------------------------------------------


def test_the_seal_is_sha256_over_the_sorted_canonical_lines_and_order_free() -> None:
    entries = [
        {"unit": "h2", "area": "80.5", "owner": "t2", "choice": "against"},
        {"unit": "h1", "area": "100", "owner": "t1", "choice": "agree"},
    ]
    lines = sorted(json.dumps(e, sort_keys=True, separators=(",", ":"), ensure_ascii=False) for e in entries)
    assert seal(entries) == hashlib.sha256("\n".join(lines).encode()).hexdigest()
    assert seal(list(reversed(entries))) == seal(entries)
    assert seal([{**entries[0], "choice": "agree"}, entries[1]]) != seal(entries)


# -- who may vote, and when ------------------------------------------------------------------------------------------


def test_only_the_owner_or_a_recorded_delegate_votes() -> None:
    check_voter("owner", False)
    check_voter("tenant", True)
    for relation, delegated in (("tenant", False), ("family", False), (None, True), (None, False)):
        with pytest.raises(Forbidden) as refused:
            check_voter(relation, delegated)
        assert refused.value.code == "NOT_UNIT_OWNER"


def test_a_vote_is_open_until_its_deadline_exactly() -> None:
    vote = Vote(
        "c", "v", "t", "", "rebuild", NOW, NOW + timedelta(hours=1), False, False, "m", NOW, Fraction(1), 1, 1, "s"
    )
    vote.check_open(NOW + timedelta(minutes=59, seconds=59))
    with pytest.raises(Conflict) as closed:
        vote.check_open(NOW + timedelta(hours=1))
    assert closed.value.code == "VOTE_CLOSED"


def test_a_new_vote_names_a_matter_of_art_278_and_a_deadline_ahead() -> None:
    check_new_vote("rebuild", NOW, NOW + timedelta(days=7), NOW)
    with pytest.raises(InvalidInput) as bad:
        check_new_vote("repaint", NOW, NOW + timedelta(seconds=10), NOW)
    assert {d["field"] for d in bad.value.details} == {"matter", "closesAt"}
