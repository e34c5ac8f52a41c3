"""Lambda tasks of the owners' vote workflow (stepfunctions/owners_vote.asl.json).

Exceptions propagate on purpose: `VoteStillOpen` is the error name the workflow retries (a task that ran before the
deadline by a skewed clock); closing twice publishes once.
"""

from __future__ import annotations

from typing import Any

from chalicelib.kernel.clock import utcnow
from chalicelib.kernel.functions import FunctionBlueprint
from chalicelib.votes import wiring

bp = FunctionBlueprint(__name__)


@bp.lambda_function(name="workflow_close_vote")
def close_vote(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """The deadline passed: tally the ballots, seal and publish the result (once)."""
    result = wiring.vote_service().close(event["communityId"], event["voteId"], utcnow())
    return {"outcome": result.get("outcome"), "digest": result.get("digest")}


@bp.lambda_function(name="workflow_tell_vote_result")
def tell_vote_result(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """The owners hear the outcome by WeChat (a retried task sends nothing twice)."""
    return {"told": wiring.vote_service().tell_owners(event["communityId"], event["voteId"])}
