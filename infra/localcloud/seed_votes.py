"""The demo owners' vote: one open vote in the demo community (a week to go, changeable until then), so a new
resident who binds the demo house as its owner (王小明, 1栋1单元101) can cast a ballot in the mini-program flow.
Idempotent: a second run finds the open demo vote and opens none."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

DEMO_TITLE = "续聘阳光物业服务有限公司"


def seed_votes(community_id: str) -> dict[str, Any]:
    from chalicelib.kernel.clock import utcnow
    from chalicelib.votes import wiring

    service = wiring.vote_service()
    votes, _ = service.store.page(community_id, 50, None)
    for vote in votes:
        if vote.title == DEMO_TITLE and vote.status == "open" and vote.closes_at > utcnow() + timedelta(days=1):
            return {"vote_id": vote.vote_id, "closes_at": vote.closes_at.isoformat()}
    now = utcnow()
    vote = service.open_vote(
        community_id,
        "demo-seed",
        title=DEMO_TITLE,
        description="物业服务合同将于年底到期，是否续聘阳光物业服务有限公司（服务标准与收费不变）。",
        matter="property_manager",
        closes_at=now + timedelta(days=7),
        allow_change=True,
        secret=False,
        now=now,
    )
    return {"vote_id": vote.vote_id, "closes_at": vote.closes_at.isoformat()}
