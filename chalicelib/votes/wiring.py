"""Builds the vote service from its store and adapters (once per container)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalicelib.kernel.wiring import built

if TYPE_CHECKING:
    from chalicelib.votes.service import VoteService


@built
def vote_service() -> VoteService:
    from chalicelib.votes.adapters import RegistryUnits, S3Scans, StepFunctionsVoteWorkflows, WechatOwnerNotices
    from chalicelib.votes.repository import DynamoVoteStore
    from chalicelib.votes.service import VoteService

    return VoteService(
        store=DynamoVoteStore(),
        units=RegistryUnits(),
        workflows=StepFunctionsVoteWorkflows(),
        notices=WechatOwnerNotices(),
        scans=S3Scans(),
    )
