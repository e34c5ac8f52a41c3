"""Lambda tasks of the visitor-pass workflow (stepfunctions/visitor_pass.asl.json).

Exceptions propagate on purpose: `PassStoreBusy` is the error name the workflow retries.
"""

from __future__ import annotations

from typing import Any

from chalicelib.kernel.functions import FunctionBlueprint
from chalicelib.visitors import wiring

bp = FunctionBlueprint(__name__)


@bp.lambda_function(name="workflow_await_pass_decision")
def await_pass_decision(event: dict[str, Any], context: Any) -> dict[str, Any]:
    visitor_pass = event["pass"]
    waiting = wiring.visitor_service().await_decision(
        visitor_pass["communityId"], visitor_pass["passId"], event["taskToken"]
    )
    return {"passId": waiting.pass_id, "status": waiting.status}


@bp.lambda_function(name="workflow_pass_transition")
def pass_transition(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """`outcome`: approval_timeout (pending -> rejected) or window_over (-> expired); both idempotent."""
    visitor_pass, outcome = event["pass"], event["outcome"]
    service = wiring.visitor_service()
    if outcome == "approval_timeout":
        moved = service.approval_timed_out(visitor_pass["communityId"], visitor_pass["passId"])
    elif outcome == "window_over":
        moved = service.window_over(visitor_pass["communityId"], visitor_pass["passId"])
    else:
        raise ValueError(f"unknown outcome {outcome}")
    return {"passId": moved.pass_id, "status": moved.status}
