"""Owners' joint decisions (业主共同决定) by the Civil Code, art. 278, with the headcount of the Supreme People's
Court interpretation 法释[2009]7号 (arts. 8-9). Pure Python: no AWS, no clock of its own.

The matter decides the rule (art. 278 para. 2):
- every vote needs participation of owners holding >= 2/3 of the exclusive area AND >= 2/3 of the owners;
- matters 6-8 (raising maintenance funds, rebuilding or reconstructing, changing the use of common parts or running
  a business on them) pass with >= 3/4 of the participating area AND >= 3/4 of the participating owners;
- the other matters with more than half of both.
"以上" includes the number itself (Civil Code art. 1259), "过半数" does not: exactly half fails.

Area is the registry house's registered area (`areaSqm`), taken as the exact decimal it was written as. Headcount:
each exclusive unit is one, but several units of one owner count as one person, and so do all of the developer's
unsold units (a house with no recorded owner). All arithmetic is exact: areas are `Fraction`s and every threshold
is an integer cross multiplication, never a float.

A multi-unit owner's person agrees when every unit of theirs that voted agrees (a split vote takes part but does
not agree); the same holds for the developer's unsold units.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from chalicelib.kernel.errors import Conflict, Forbidden, InvalidInput

# Civil Code art. 278 para. 1, items 1-9 (the item number is the matter's index + 1).
MATTERS: tuple[str, ...] = (
    "meeting_rules",  # 1 制定和修改业主大会议事规则
    "management_statute",  # 2 制定和修改管理规约
    "committee_election",  # 3 选举业主委员会或者更换业主委员会成员
    "property_manager",  # 4 选聘和解聘物业服务企业或者其他管理人
    "use_maintenance_fund",  # 5 使用建筑物及其附属设施的维修资金
    "raise_maintenance_fund",  # 6 筹集建筑物及其附属设施的维修资金
    "rebuild",  # 7 改建、重建建筑物及其附属设施
    "change_common_use",  # 8 改变共有部分的用途或者利用共有部分从事经营活动
    "other_major",  # 9 有关共有和共同管理权利的其他重大事项
)
SPECIAL_MATTERS = frozenset({"raise_maintenance_fund", "rebuild", "change_common_use"})  # items 6-8
CHOICES: tuple[str, ...] = ("agree", "against", "abstain")
CHANNELS: tuple[str, ...] = ("online", "paper")
OPEN, CLOSED = "open", "closed"
DEVELOPER = "developer"  # the owner key of every unsold unit: one person together
MIN_VOTE_SECONDS = 60
MAX_VOTE_DAYS = 90


def exact_area(value: object) -> Fraction:
    """A registered area as the exact decimal it was written as (89.5 -> 179/2); 0 when none is registered."""
    if value is None or isinstance(value, bool):
        return Fraction(0)
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return Fraction(0)
    if not number.is_finite() or number < 0:
        return Fraction(0)
    return Fraction(number)


def area_text(area: Fraction) -> str:
    """An area for people and for the published list: exact, at most the decimals it was registered with."""
    if area.denominator == 1:
        return str(area.numerator)
    return format(Decimal(area.numerator) / Decimal(area.denominator), "f").rstrip("0").rstrip(".")


@dataclass(frozen=True)
class Unit:
    """An exclusive unit (专有部分) of the electorate: its area and whose it is (`DEVELOPER` when unsold)."""

    house_id: str
    area: Fraction
    owner: str


@dataclass(frozen=True)
class Electorate:
    """The denominators, fixed when the vote opens: every unit's area and the owners counted as persons."""

    area: Fraction
    owners: int
    units: int

    @staticmethod
    def of(units: Iterable[Unit]) -> Electorate:
        listed = list(units)
        return Electorate(sum((u.area for u in listed), Fraction(0)), len({u.owner for u in listed}), len(listed))


@dataclass(frozen=True)
class Cast:
    """One counted ballot: the unit, its area, its owner key and the choice."""

    house_id: str
    area: Fraction
    owner: str
    choice: str


@dataclass(frozen=True)
class Tally:
    """Everything the result publishes: both denominators, what took part, what agreed, both tests, the outcome."""

    matter: str
    total_area: Fraction
    total_owners: int
    voted_area: Fraction
    voted_owners: int
    agree_area: Fraction
    agree_owners: int
    against_area: Fraction
    abstain_area: Fraction
    ballots: int
    quorum_met: bool
    passed: bool

    @property
    def rule(self) -> str:
        return "three_quarters" if self.matter in SPECIAL_MATTERS else "more_than_half"


def participation_met(voted: Fraction, total: Fraction) -> bool:
    """>= 2/3 (以上 includes 2/3 itself): 3 * voted >= 2 * total, exactly."""
    return total > 0 and 3 * voted >= 2 * total


def approval_met(matter: str, agree: Fraction, voted: Fraction) -> bool:
    """Items 6-8: >= 3/4 of the participating (4 * agree >= 3 * voted); the rest: more than half (2 * agree > voted)."""
    if voted <= 0:
        return False
    if matter in SPECIAL_MATTERS:
        return 4 * agree >= 3 * voted
    return 2 * agree > voted


def tally(matter: str, electorate: Electorate, casts: Iterable[Cast]) -> Tally:
    """The result derived from the ballots alone (no counters): one ballot per unit is assumed (the store holds it)."""
    listed = list(casts)
    choices_by_owner: dict[str, set[str]] = {}
    for c in listed:
        choices_by_owner.setdefault(c.owner, set()).add(c.choice)
    voted_area = sum((c.area for c in listed), Fraction(0))
    agree_area = sum((c.area for c in listed if c.choice == "agree"), Fraction(0))
    voted_owners = len(choices_by_owner)
    agree_owners = sum(1 for choices in choices_by_owner.values() if choices == {"agree"})
    quorum = participation_met(voted_area, electorate.area) and participation_met(
        Fraction(voted_owners), Fraction(electorate.owners)
    )
    passed = (
        quorum
        and approval_met(matter, agree_area, voted_area)
        and approval_met(matter, Fraction(agree_owners), Fraction(voted_owners))
    )
    return Tally(
        matter=matter,
        total_area=electorate.area,
        total_owners=electorate.owners,
        voted_area=voted_area,
        voted_owners=voted_owners,
        agree_area=agree_area,
        agree_owners=agree_owners,
        against_area=sum((c.area for c in listed if c.choice == "against"), Fraction(0)),
        abstain_area=sum((c.area for c in listed if c.choice == "abstain"), Fraction(0)),
        ballots=len(listed),
        quorum_met=quorum,
        passed=passed,
    )


# -- the seal: a digest anyone holding the published list can recompute -------------------------------------------


def owner_token(vote_id: str, owner: str, salt: str) -> str:
    """The owner as the published list names them: the same person gives the same token within one vote (so the
    headcount can be recounted), and nobody without the vote's salt can tell who it is."""
    return hashlib.sha256(f"{vote_id}|{owner}|{salt}".encode()).hexdigest()[:16]


def receipt_of(vote_id: str, house_id: str, secret: str) -> str:
    """A secret ballot's receipt: only the voter (who holds `secret`) can link it to their unit."""
    return hashlib.sha256(f"{vote_id}|{house_id}|{secret}".encode()).hexdigest()[:24]


def published_line(entry: dict[str, str]) -> str:
    """One ballot of the published list as canonical JSON (sorted keys, no spaces): what the digest covers."""
    return json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def seal(entries: Iterable[dict[str, str]]) -> str:
    """SHA-256 over the published ballots sorted by their canonical line, one per line (\\n-joined)."""
    lines = sorted(published_line(e) for e in entries)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


# -- the vote and its ballots -------------------------------------------------------------------------------------


@dataclass
class Vote:
    community_id: str
    vote_id: str
    title: str
    description: str
    matter: str
    opens_at: datetime
    closes_at: datetime
    allow_change: bool
    secret: bool
    created_by: str
    created_at: datetime
    total_area: Fraction
    total_owners: int
    total_units: int
    salt: str  # names owners in the published list (never shown through the API)
    status: str = OPEN
    execution_arn: str | None = None
    closed_at: datetime | None = None
    result: dict[str, object] = field(default_factory=dict)
    version: int = 0

    def open_at(self, now: datetime) -> bool:
        return self.status == OPEN and now < self.closes_at

    def check_open(self, now: datetime) -> None:
        if not self.open_at(now):
            raise Conflict("voting has ended", code="VOTE_CLOSED")


@dataclass
class Ballot:
    """One unit's ballot. A secret vote keeps the choice apart, under a receipt only the voter can link."""

    community_id: str
    vote_id: str
    house_id: str
    area: Fraction
    owner: str
    choice: str | None  # None on a secret vote's unit record
    channel: str
    cast_by: str  # the account (online) or the staff member (paper)
    cast_at: datetime
    delegate: bool = False
    scan_key: str | None = None
    receipt: str | None = None  # a secret ballot's receipt (kept on its choice record only)
    changes: int = 0


def check_new_vote(matter: str, opens_at: datetime, closes_at: datetime, now: datetime) -> None:
    problems: list[dict[str, str]] = []
    if matter not in MATTERS:
        problems.append({"field": "matter", "code": "unknown_matter", "message": "|".join(MATTERS)})
    if (closes_at - max(opens_at, now)).total_seconds() < MIN_VOTE_SECONDS:
        problems.append({"field": "closesAt", "code": "too_soon", "message": f"at least {MIN_VOTE_SECONDS} s ahead"})
    if (closes_at - now).days > MAX_VOTE_DAYS:
        problems.append({"field": "closesAt", "code": "too_late", "message": f"within {MAX_VOTE_DAYS} days"})
    if problems:
        raise InvalidInput("the vote is not valid", code="VOTE_INVALID", details=problems)


def check_voter(relation: str | None, delegated: bool) -> None:
    """A unit's ballot is cast by its owner; a family member or tenant only with a recorded written delegation."""
    if relation == "owner" or (relation is not None and delegated):
        return
    raise Forbidden("only the unit's owner (or a delegate recorded in writing) may vote", code="NOT_UNIT_OWNER")


def check_choice(choice: str) -> None:
    if choice not in CHOICES:
        raise InvalidInput(
            "unknown choice",
            code="INVALID_CHOICE",
            details=[{"field": "choice", "code": "unknown_choice", "message": "|".join(CHOICES)}],
        )
