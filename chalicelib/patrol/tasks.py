"""Patrol's Lambda entry points: the round workflow's task (stepfunctions/patrol_round.asl.json: the next deadline,
judging missed checkpoints, finishing the round) and the minute schedule that starts the plans' rounds.

Exceptions propagate on purpose: `Conflict` (a round changing under a step) is retried by the workflow by name."""

from __future__ import annotations

from typing import Any

from chalicelib.kernel.functions import FunctionBlueprint
from chalicelib.patrol import wiring

bp = FunctionBlueprint(__name__)


@bp.lambda_function(name="patrol_round_task")
def round_task(event: dict[str, Any], context: Any) -> dict[str, Any]:
    service = wiring.patrol_service()
    community_id, round_id, action = event["communityId"], event["roundId"], event["action"]
    if action == "next":
        return service.next_step(community_id, round_id)
    if action == "judge":
        return service.judge(community_id, round_id)
    if action == "finish":
        return service.finish(community_id, round_id)
    raise ValueError(f"unknown action {action}")


@bp.schedule("rate(1 minute)", name="patrol_start_rounds", description="Start the rounds the patrol plans set now")
def start_rounds(event: Any) -> dict[str, Any]:
    return {"started": wiring.patrol_service().start_due_rounds()}
