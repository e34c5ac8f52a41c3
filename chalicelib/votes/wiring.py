"""Builds the vote service from its store and adapters (once per container)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalicelib.kernel.wiring import built

if TYPE_CHECKING:
    from chalicelib.votes.service import VoteService


@built
def vote_service() -> VoteService:
    from chalicelib.kernel import config
    from chalicelib.votes.adapters import RegistryUnits, S3Scans, StepFunctionsVoteWorkflows, WechatOwnerNotices
    from chalicelib.votes.repository import DynamoVoteStore
    from chalicelib.votes.service import SETTLE_SECONDS, VoteService

    # The settle period outlasts the API's request timeout (API Gateway's 29 s); the local stack serves requests
    # without one and they finish within a second or two, so it waits 3 s there.
    return VoteService(
        store=DynamoVoteStore(),
        units=RegistryUnits(),
        workflows=StepFunctionsVoteWorkflows(),
        notices=WechatOwnerNotices(),
        scans=S3Scans(),
        settle_seconds=3 if config.stage() == "local" else SETTLE_SECONDS,
    )
