"""Request and response models of the owners' vote routes (staff and residents), and the views of a vote, a ballot
and a published result. Areas are exact decimal text (`"12345.67"`), never floats."""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Literal

from pydantic import Field, StrictBool, StrictInt

from chalicelib.kernel.clock import iso
from chalicelib.kernel.contracts import Contract, Id, Page, PageQuery, Time
from chalicelib.kernel.i18n import label
from chalicelib.votes.model import Ballot, Tally, Vote, area_text, participation_met

Matter = Literal[
    "meeting_rules",
    "management_statute",
    "committee_election",
    "property_manager",
    "use_maintenance_fund",
    "raise_maintenance_fund",
    "rebuild",
    "change_common_use",
    "other_major",
]
Choice = Literal["agree", "against", "abstain"]


class NewVote(Contract):
    title: str = Field(min_length=1, max_length=80)
    description: str = Field(default="", max_length=4000)
    matter: Matter = Field(description="Civil Code art. 278 para. 1 items 1-9; items 6-8 need 3/4")
    closesAt: Time
    allowChange: StrictBool = Field(default=False, description="owners may change their ballot until the deadline")
    secret: StrictBool = Field(default=False, description="staff never see who voted what")


class BallotRequest(Contract):
    choice: Choice


class ChangeBallotRequest(Contract):
    choice: Choice
    receiptSecret: str | None = Field(default=None, max_length=64, description="a secret ballot's, from the cast")


class PaperBallotRequest(Contract):
    houseId: Id
    choice: Choice
    scanKey: str = Field(min_length=1, max_length=200, description="the uploaded scan (scan-uploads)")


class DelegationRequest(Contract):
    houseId: Id
    personId: Id = Field(description="a family member or tenant of the house the owner delegated in writing")
    letterKey: str = Field(min_length=1, max_length=200, description="the uploaded letter (scan-uploads)")


class ScanUploadRequest(Contract):
    contentType: Literal["image/jpeg", "image/png", "application/pdf"]
    size: StrictInt = Field(ge=1, le=10 * 1024 * 1024)


class ScanUpload(Contract):
    key: str
    url: str
    fields: dict[str, str]


class ResultView(Contract):
    matter: str
    rule: str = Field(description="three_quarters (items 6-8) or more_than_half")
    totalArea: str
    totalOwners: int
    votedArea: str
    votedOwners: int
    agreeArea: str
    agreeOwners: int
    againstArea: str
    abstainArea: str
    ballots: int
    participationThreshold: str
    approvalThreshold: str
    quorumMet: bool
    passed: bool
    outcome: str = Field(description="passed, rejected or no_quorum")
    outcomeLabel: str
    digest: str = Field(description="SHA-256 over the published ballots' canonical lines, sorted, \\n-joined")
    closedAt: str


class ParticipationView(Contract):
    """Participation so far against the two-thirds thresholds (by owners and by private area); no choice is shown
    before the close."""

    voteId: str
    status: str
    totalArea: str
    totalOwners: int
    votedArea: str
    votedOwners: int
    ballots: int
    participationThreshold: str = "2/3"
    ownersReached: bool
    areaReached: bool


class VoteView(Contract):
    voteId: str
    communityId: str
    title: str
    description: str
    matter: str
    matterLabel: str
    rule: str
    opensAt: str
    closesAt: str
    allowChange: bool
    secret: bool
    status: str
    totalArea: str
    totalOwners: int
    totalUnits: int
    result: ResultView | None = None


class VotePage(Page):
    items: list[VoteView]


class BallotView(Contract):
    voteId: str
    houseId: str
    choice: str | None = Field(default=None, description="absent on a secret vote's staff views")
    channel: str
    castAt: str
    changes: int
    delegate: bool
    receipt: str | None = None
    receiptSecret: str | None = Field(default=None, description="shown once: keep it to find and change the ballot")


class ResidentVoteView(VoteView):
    myBallot: BallotView | None = None


class ResidentVotePage(Page):
    items: list[ResidentVoteView]


class PublishedBallot(Contract):
    unit: str | None = None
    receipt: str | None = None
    area: str
    owner: str
    choice: str


class PublishedList(Contract):
    voteId: str
    digest: str
    ballots: list[PublishedBallot]


class VotesQuery(PageQuery):
    pass


def vote_view(vote: Vote) -> dict[str, Any]:
    from chalicelib.votes.model import SPECIAL_MATTERS

    result = None
    if vote.result:
        result = ResultView(**vote.result, outcomeLabel=label("vote.outcome", str(vote.result.get("outcome"))))  # type: ignore[arg-type]
    return {
        "voteId": vote.vote_id,
        "communityId": vote.community_id,
        "title": vote.title,
        "description": vote.description,
        "matter": vote.matter,
        "matterLabel": label("vote.matter", vote.matter),
        "rule": "three_quarters" if vote.matter in SPECIAL_MATTERS else "more_than_half",
        "opensAt": iso(vote.opens_at),
        "closesAt": iso(vote.closes_at),
        "allowChange": vote.allow_change,
        "secret": vote.secret,
        "status": vote.status,
        "totalArea": area_text(vote.total_area),
        "totalOwners": vote.total_owners,
        "totalUnits": vote.total_units,
        "result": result,
    }


def ballot_view(ballot: Ballot, *, show_choice: bool, receipt_secret: str | None = None) -> BallotView:
    return BallotView(
        voteId=ballot.vote_id,
        houseId=ballot.house_id,
        choice=ballot.choice if show_choice else None,
        channel=ballot.channel,
        castAt=iso(ballot.cast_at),
        changes=ballot.changes,
        delegate=ballot.delegate,
        receipt=ballot.receipt,
        receiptSecret=receipt_secret,
    )


def participation_view(vote: Vote, counted: Tally) -> ParticipationView:
    return ParticipationView(
        voteId=vote.vote_id,
        status=vote.status,
        totalArea=area_text(counted.total_area),
        totalOwners=counted.total_owners,
        votedArea=area_text(counted.voted_area),
        votedOwners=counted.voted_owners,
        ballots=counted.ballots,
        ownersReached=participation_met(Fraction(counted.voted_owners), Fraction(counted.total_owners)),
        areaReached=participation_met(counted.voted_area, counted.total_area),
    )
