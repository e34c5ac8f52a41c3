"""The votes capability's outbound gateways: the registry (houses, areas, owners, members), the vote workflow
(stepfunctions/owners_vote.asl.json) and the owners' WeChat message when a result is published."""

from __future__ import annotations

import logging
import os
from typing import Any

from chalicelib.kernel.clock import iso
from chalicelib.kernel.workflows import StateMachine
from chalicelib.votes.model import DEVELOPER, Unit, Vote, exact_area

UPLOAD_SECONDS = 300


def _bucket() -> str:
    name = os.environ.get("MEDIA_BUCKET")
    if not name:
        raise RuntimeError("MEDIA_BUCKET is not configured")
    return name


class RegistryUnits:
    """`service.Units` on the registry's package face. A house with no recorded owner is unsold: the developer's."""

    def electorate(self, community_id: str) -> list[Unit]:
        from chalicelib.registry import houses_of, owners_of

        houses = houses_of(community_id)
        owners = owners_of(community_id, [h.id for h in houses])
        return [Unit(h.id, exact_area((h.attrs or {}).get("areaSqm")), owners.get(h.id, DEVELOPER)) for h in houses]

    def unit(self, community_id: str, house_id: str) -> Unit | None:
        from chalicelib.registry import find_record, owners_of

        house = find_record(community_id, "house", house_id)
        if house is None:
            return None
        owner = owners_of(community_id, [house_id]).get(house_id, DEVELOPER)
        return Unit(house_id, exact_area((house.attrs or {}).get("areaSqm")), owner)

    def member(self, community_id: str, house_id: str, account_id: str) -> tuple[str, str] | None:
        from chalicelib.registry import residents_of

        for r in residents_of(community_id, house_id):
            if r.account_id == account_id and r.status == "current":
                return r.relation, r.person_id
        return None

    def member_person(self, community_id: str, house_id: str, person_id: str) -> str | None:
        from chalicelib.registry import residents_of

        return next((r.relation for r in residents_of(community_id, house_id) if r.person_id == person_id), None)


class StepFunctionsVoteWorkflows:
    """One execution per vote (named after it): a timed Wait until the deadline, then the close task."""

    machine = StateMachine("OWNERS_VOTE_STATE_MACHINE_ARN")

    def start(self, vote: Vote, settle_seconds: int) -> str:
        return self.machine.start(
            vote.vote_id,
            {
                "communityId": vote.community_id,
                "voteId": vote.vote_id,
                "closesAt": iso(vote.closes_at),
                "settleSeconds": settle_seconds,
            },
        )


class S3Scans:
    """`service.Scans` on the media bucket: presigned POST bound to one key, type and size; HeadObject to check."""

    def upload_form(self, key: str, content_type: str, max_bytes: int) -> dict[str, Any]:
        from chalicelib.kernel.aws import client

        return dict(
            client("s3").generate_presigned_post(
                Bucket=_bucket(),
                Key=key,
                Fields={"Content-Type": content_type},
                Conditions=[{"Content-Type": content_type}, ["content-length-range", 1, max_bytes], {"key": key}],
                ExpiresIn=UPLOAD_SECONDS,
            )
        )

    def exists(self, key: str) -> bool:
        from chalicelib.kernel.aws import client

        s3 = client("s3")
        try:
            s3.head_object(Bucket=_bucket(), Key=key)
        except s3.exceptions.ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise
        return True


class WechatOwnerNotices:
    """`service.OwnerNotices`: every owner bound to a resident account hears the outcome by WeChat (`vote_result`),
    once per vote and recipient (the notifier deduplicates a retried task)."""

    def result_published(self, vote: Vote, outcome: str) -> int:
        from chalicelib.kernel.i18n import label, local_time
        from chalicelib.notifications import compose, household_recipients, send
        from chalicelib.registry import houses_of

        facts: dict[str, Any] = {
            "title": vote.title,
            "status": label("vote.outcome", outcome),
            "time": local_time(vote.closed_at or vote.closes_at),
            "note": label("vote.matter", vote.matter),
        }
        told = 0
        for house in houses_of(vote.community_id):
            try:
                owners = [r for r in household_recipients(vote.community_id, house.id) if r.role == "owner"]
                if not owners:
                    continue
                for message in compose(
                    "vote_result",
                    {k: str(v) for k, v in facts.items()},
                    community_id=vote.community_id,
                    subject=f"vote:{vote.vote_id}",
                    key="result",  # an owner of several units hears it once
                    recipients=owners,
                    link=f"pages/votes/detail?id={vote.vote_id}",
                ):
                    send(message)
                    told += 1
            except Exception:  # the result stands and is shown in the mini-program; one house's failure is logged
                logging.getLogger(__name__).exception("could not tell the owners of %s", house.id)
        return told
