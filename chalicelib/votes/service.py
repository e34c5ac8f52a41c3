"""Owners' votes, the use cases: open a vote (denominators fixed from the registry), cast, change, paper ballots,
written delegations, close (tally from the ballots, seal, publish, tell the owners), the published list.

Exactly once: a unit's ballot is a conditional put (two at once -> one stored, the other `BALLOT_EXISTS`). The
deadline: a ballot is accepted only while `now < closes_at` by the server's clock; the workflow waits until the
deadline plus a settle period longer than any request may run (the API's timeout), then closes the vote, so no
accepted ballot can land after the tally read it. The tally counts only ballots cast before the deadline.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from fractions import Fraction
from typing import Any, Protocol

from chalicelib.kernel.clock import utcnow as utc_now
from chalicelib.kernel.errors import Conflict, InvalidInput, NotFound
from chalicelib.votes.model import (
    Ballot,
    Cast,
    Electorate,
    Tally,
    Unit,
    Vote,
    area_text,
    check_choice,
    check_new_vote,
    check_voter,
    owner_token,
    receipt_of,
    seal,
    tally,
)

SCAN_TYPES = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}
MAX_SCAN_BYTES = 10 * 1024 * 1024
SETTLE_SECONDS = 35  # > the API function's timeout: a ballot accepted before the deadline is stored before the tally


class VoteStore(Protocol):
    def create(self, vote: Vote) -> None: ...
    def set_execution(self, community_id: str, vote_id: str, arn: str) -> None: ...
    def get(self, community_id: str, vote_id: str) -> Vote | None: ...
    def page(self, community_id: str, limit: int, cursor: str | None) -> tuple[list[Vote], str | None]: ...
    def close(self, community_id: str, vote_id: str, at: datetime, result: dict[str, Any]) -> bool: ...
    def cast(self, ballot: Ballot, secret: bool) -> bool: ...
    def change(self, ballot: Ballot, secret: bool, at: datetime) -> bool: ...
    def ballot(self, community_id: str, vote_id: str, house_id: str) -> Ballot | None: ...
    def ballots(self, community_id: str, vote_id: str) -> list[Ballot]: ...
    def casts(self, community_id: str, vote_id: str, secret: bool) -> list[tuple[str, Cast, datetime]]: ...
    def delegate(
        self, community_id: str, vote_id: str, house_id: str, person_id: str, letter_key: str, by: str, at: datetime
    ) -> None: ...
    def delegate_of(self, community_id: str, vote_id: str, house_id: str) -> str | None: ...


class Units(Protocol):
    """The registry as votes read it."""

    def electorate(self, community_id: str) -> list[Unit]: ...
    def unit(self, community_id: str, house_id: str) -> Unit | None: ...
    def member(self, community_id: str, house_id: str, account_id: str) -> tuple[str, str] | None:
        """(relation, person id) of the account's current residency in the house."""
        ...

    def member_person(self, community_id: str, house_id: str, person_id: str) -> str | None:
        """The relation of a current member of the house, by person id."""
        ...


class VoteWorkflows(Protocol):
    def start(self, vote: Vote, settle_seconds: int) -> str: ...


class Scans(Protocol):
    """Scanned paper ballots and delegation letters in the media bucket (under `votes/{community}/{vote}/`)."""

    def upload_form(self, key: str, content_type: str, max_bytes: int) -> dict[str, Any]: ...
    def exists(self, key: str) -> bool: ...


class OwnerNotices(Protocol):
    def result_published(self, vote: Vote, outcome: str) -> int: ...


@dataclass(frozen=True)
class CastResult:
    ballot: Ballot
    receipt: str | None = None  # a secret ballot's receipt (public: it is in the published list)
    receipt_secret: str | None = None  # shown once, to the voter: it proves the receipt and changes the choice


class VoteService:
    def __init__(
        self,
        store: VoteStore,
        units: Units,
        workflows: VoteWorkflows,
        notices: OwnerNotices,
        scans: Scans,
        settle_seconds: int = SETTLE_SECONDS,
    ):
        self.store, self.units, self.workflows, self.notices = store, units, workflows, notices
        self.scans = scans
        self.settle_seconds = settle_seconds

    # -- votes ------------------------------------------------------------------------------------------------------

    def open_vote(
        self,
        community_id: str,
        by: str,
        *,
        title: str,
        description: str,
        matter: str,
        closes_at: datetime,
        allow_change: bool,
        secret: bool,
        now: datetime,
    ) -> Vote:
        check_new_vote(matter, now, closes_at, now)
        # the workflow's Wait reads the deadline in milliseconds: the stored one is the same instant
        closes_at = closes_at.replace(microsecond=closes_at.microsecond // 1000 * 1000)
        units = self.units.electorate(community_id)
        if not units:
            raise Conflict("the community has no houses to vote", code="NO_ELECTORATE")
        electorate = Electorate.of(units)
        vote = Vote(
            community_id=community_id,
            vote_id="vt-" + uuid.uuid4().hex[:16],
            title=title,
            description=description,
            matter=matter,
            opens_at=now,
            closes_at=closes_at,
            allow_change=allow_change,
            secret=secret,
            created_by=by,
            created_at=now,
            total_area=electorate.area,
            total_owners=electorate.owners,
            total_units=electorate.units,
            salt=secrets.token_hex(16),
        )
        self.store.create(vote)
        arn = self.workflows.start(vote, self.settle_seconds)
        self.store.set_execution(community_id, vote.vote_id, arn)
        return replace(vote, execution_arn=arn)

    def get(self, community_id: str, vote_id: str) -> Vote:
        vote = self.store.get(community_id, vote_id)
        if vote is None:
            raise NotFound(f"vote {vote_id} not found", code="VOTE_NOT_FOUND")
        return vote

    # -- ballots ----------------------------------------------------------------------------------------------------

    def _counted_unit(self, vote: Vote, house_id: str) -> Unit:
        unit = self.units.unit(vote.community_id, house_id)
        if unit is None:
            raise NotFound(f"house {house_id} not found", code="HOUSE_NOT_FOUND")
        return replace(unit, owner=owner_token(vote.vote_id, unit.owner, vote.salt))

    def cast(
        self, community_id: str, vote_id: str, house_id: str, account_id: str, choice: str, now: datetime
    ) -> CastResult:
        """A resident casts their unit's ballot: its owner, or a member the owner delegated in writing."""
        check_choice(choice)
        vote = self.get(community_id, vote_id)
        member = self.units.member(community_id, house_id, account_id)
        delegated = self._delegated(community_id, vote_id, house_id, member)
        check_voter(member[0] if member else None, delegated)
        vote.check_open(now)
        unit = self._counted_unit(vote, house_id)
        return self._store_new(
            vote,
            unit,
            choice,
            "online",
            account_id,
            now,
            delegate=delegated and member is not None and member[0] != "owner",
        )

    def _delegated(self, community_id: str, vote_id: str, house_id: str, member: tuple[str, str] | None) -> bool:
        """A member other than the owner votes only with a written delegation recorded for this vote."""
        if member is None or member[0] == "owner":
            return False
        return self.store.delegate_of(community_id, vote_id, house_id) == member[1]

    def paper(
        self, community_id: str, vote_id: str, house_id: str, staff_id: str, choice: str, scan_key: str, now: datetime
    ) -> CastResult:
        """A paper ballot entered by staff with its scanned image; never a second one for the unit."""
        check_choice(choice)
        vote = self.get(community_id, vote_id)
        self._check_upload(community_id, vote_id, "scanKey", scan_key)
        vote.check_open(now)
        unit = self._counted_unit(vote, house_id)
        return self._store_new(vote, unit, choice, "paper", staff_id, now, scan_key=scan_key)

    def _store_new(
        self,
        vote: Vote,
        unit: Unit,
        choice: str,
        channel: str,
        by: str,
        now: datetime,
        delegate: bool = False,
        scan_key: str | None = None,
    ) -> CastResult:
        secret_text = secrets.token_urlsafe(18) if vote.secret else None
        receipt = receipt_of(vote.vote_id, unit.house_id, secret_text) if secret_text else None
        ballot = Ballot(
            vote.community_id, vote.vote_id, unit.house_id, unit.area, unit.owner, choice, channel, by, now,
            delegate=delegate, scan_key=scan_key, receipt=receipt,
        )  # fmt: skip
        if not self.store.cast(ballot, vote.secret):
            raise Conflict("this unit has already voted", code="BALLOT_EXISTS")
        return CastResult(ballot, receipt, secret_text)

    def change(
        self,
        community_id: str,
        vote_id: str,
        house_id: str,
        account_id: str,
        choice: str,
        receipt_secret: str | None,
        now: datetime,
    ) -> Ballot:
        check_choice(choice)
        vote = self.get(community_id, vote_id)
        member = self.units.member(community_id, house_id, account_id)
        delegated = self._delegated(community_id, vote_id, house_id, member)
        check_voter(member[0] if member else None, delegated)
        vote.check_open(now)
        if not vote.allow_change:
            raise Conflict("this vote does not allow changing a ballot", code="BALLOT_FINAL")
        current = self.store.ballot(community_id, vote_id, house_id)
        if current is None:
            raise NotFound("this unit has not voted", code="BALLOT_NOT_FOUND")
        receipt = None
        if vote.secret:
            if not receipt_secret:
                raise InvalidInput(
                    "a secret ballot is changed with its receipt secret",
                    code="RECEIPT_REQUIRED",
                    details=[{"field": "receiptSecret", "code": "required", "message": "from the first ballot"}],
                )
            receipt = receipt_of(vote_id, house_id, receipt_secret)
        changed = replace(current, choice=choice, cast_by=account_id, cast_at=now, receipt=receipt)
        if not self.store.change(changed, vote.secret, now):
            raise Conflict("the receipt does not match this unit's ballot", code="RECEIPT_MISMATCH")
        return replace(changed, changes=current.changes + 1)

    def delegate(
        self, community_id: str, vote_id: str, house_id: str, person_id: str, letter_key: str, by: str, now: datetime
    ) -> None:
        """Record an owner's written delegation to a family member or tenant of the house (the letter is uploaded)."""
        vote = self.get(community_id, vote_id)
        vote.check_open(now)
        if self.units.unit(community_id, house_id) is None:
            raise NotFound(f"house {house_id} not found", code="HOUSE_NOT_FOUND")
        if self.units.member_person(community_id, house_id, person_id) is None:
            raise InvalidInput(
                "the delegate does not live in this house",
                code="DELEGATE_NOT_MEMBER",
                details=[{"field": "personId", "code": "not_member", "message": "a current member of the house"}],
            )
        self._check_upload(community_id, vote_id, "letterKey", letter_key)
        self.store.delegate(community_id, vote_id, house_id, person_id, letter_key, by, now)

    def scan_upload(self, community_id: str, vote_id: str, content_type: str, size: int) -> tuple[str, dict[str, Any]]:
        """An upload slot for a scanned paper ballot or delegation letter: one key, this type, at most `size`."""
        vote = self.get(community_id, vote_id)
        vote.check_open(utc_now())
        extension = SCAN_TYPES.get(content_type)
        problems = []
        if extension is None:
            problems.append({"field": "contentType", "code": "unsupported", "message": "|".join(SCAN_TYPES)})
        if not 0 < size <= MAX_SCAN_BYTES:
            problems.append({"field": "size", "code": "out_of_range", "message": f"1..{MAX_SCAN_BYTES}"})
        if problems or extension is None:
            raise InvalidInput("the scan cannot be uploaded", code="SCAN_INVALID", details=problems)
        key = f"votes/{community_id}/{vote_id}/{uuid.uuid4().hex}.{extension}"
        return key, self.scans.upload_form(key, content_type, size)

    def _check_upload(self, community_id: str, vote_id: str, field_name: str, key: str) -> None:
        if not key.startswith(f"votes/{community_id}/{vote_id}/") or not self.scans.exists(key):
            raise InvalidInput(
                "the scan is not one of this vote's uploads",
                code="SCAN_INVALID",
                details=[{"field": field_name, "code": "not_uploaded", "message": "upload it first (scan-uploads)"}],
            )

    # -- the result -------------------------------------------------------------------------------------------------

    def published_entries(self, vote: Vote) -> list[dict[str, str]]:
        """The ballots as published (sorted): an open vote names units, a secret one only receipts."""
        return self._counted(vote)[1]

    def _counted(self, vote: Vote) -> tuple[list[Cast], list[dict[str, str]]]:
        """The casts the tally counts and the published entries, from one read of the ballots (an area's text is
        made once per distinct area: a community has few)."""
        key_name = "receipt" if vote.secret else "unit"
        texts: dict[Fraction, str] = {}
        counted = [
            c for _, c, at in self.store.casts(vote.community_id, vote.vote_id, vote.secret) if at < vote.closes_at
        ]
        entries = [
            {
                key_name: c.house_id,
                "area": texts.get(c.area) or texts.setdefault(c.area, area_text(c.area)),
                "owner": c.owner,
                "choice": c.choice,
            }
            for c in counted
        ]
        return counted, sorted(entries, key=lambda e: (e[key_name], e["owner"]))

    def recount(self, vote: Vote) -> tuple[Tally, list[dict[str, str]], str]:
        """The tally, the published list and its digest, all from the stored ballots."""
        casts, entries = self._counted(vote)
        electorate = Electorate(vote.total_area, vote.total_owners, vote.total_units)
        return tally(vote.matter, electorate, casts), entries, seal(entries)

    def participation(self, community_id: str, vote_id: str) -> Tally:
        """Who has taken part so far, counted as the close will count it (the choices stay unread until then)."""
        vote = self.get(community_id, vote_id)
        counted, _, _ = self.recount(vote)
        return counted

    def published_list(self, community_id: str, vote_id: str) -> tuple[list[dict[str, str]], str]:
        """The closed vote's published ballots and their digest (recomputed from the stored ballots)."""
        vote = self.get(community_id, vote_id)
        if vote.status != "closed":
            raise Conflict("the result is published when the vote closes", code="VOTE_STILL_OPEN")
        _, entries, digest = self.recount(vote)
        return entries, digest

    def close(self, community_id: str, vote_id: str, now: datetime) -> dict[str, Any]:
        """The deadline passed: tally, seal and publish once (a retried task returns what was published)."""
        vote = self.get(community_id, vote_id)
        if vote.status != "open":
            return vote.result
        if now < vote.closes_at:
            raise VoteStillOpen(f"vote {vote_id} closes at {vote.closes_at.isoformat()}")
        counted, _, digest = self.recount(vote)
        result = result_summary(counted, digest, now)
        if self.store.close(community_id, vote_id, now, result):
            return result
        return self.get(community_id, vote_id).result

    def tell_owners(self, community_id: str, vote_id: str) -> int:
        vote = self.get(community_id, vote_id)
        if vote.status != "closed":
            return 0
        return self.notices.result_published(vote, str(vote.result.get("outcome", "")))


class VoteStillOpen(Exception):
    """The workflow's close task ran early (a clock skew): its error name is what the workflow retries."""


def outcome_of(counted: Tally) -> str:
    if not counted.quorum_met:
        return "no_quorum"
    return "passed" if counted.passed else "rejected"


def result_summary(counted: Tally, digest: str, at: datetime) -> dict[str, Any]:
    from chalicelib.kernel.clock import iso

    return {
        "matter": counted.matter,
        "rule": counted.rule,
        "totalArea": area_text(counted.total_area),
        "totalOwners": counted.total_owners,
        "votedArea": area_text(counted.voted_area),
        "votedOwners": counted.voted_owners,
        "agreeArea": area_text(counted.agree_area),
        "agreeOwners": counted.agree_owners,
        "againstArea": area_text(counted.against_area),
        "abstainArea": area_text(counted.abstain_area),
        "ballots": counted.ballots,
        "participationThreshold": "2/3",
        "approvalThreshold": "3/4" if counted.rule == "three_quarters" else ">1/2",
        "quorumMet": counted.quorum_met,
        "passed": counted.passed,
        "outcome": outcome_of(counted),
        "digest": digest,
        "closedAt": iso(at),
    }
