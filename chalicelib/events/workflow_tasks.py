"""Lambda tasks of the device-command workflow (stepfunctions/device_command.asl.json).

Exceptions propagate on purpose: their class names (`DevicePublishFailed`, `CommandStoreBusy`) are the error names
the workflow's Retry and Catch clauses match.
"""

from __future__ import annotations

from typing import Any

from chalicelib import wiring
from chalicelib.events import FunctionBlueprint

bp = FunctionBlueprint(__name__)


@bp.lambda_function(name="workflow_publish_command")
def publish_command(event: dict[str, Any], context: Any) -> dict[str, Any]:
    command = event["command"]
    sent = wiring.command_service().dispatch(command["communityId"], command["commandId"], event["taskToken"])
    return {"commandId": sent.command_id, "status": sent.status}


@bp.lambda_function(name="workflow_finish_command")
def finish_command(event: dict[str, Any], context: Any) -> dict[str, Any]:
    command = event["command"]
    finished = wiring.command_service().finish(command["communityId"], command["commandId"], event["outcome"])
    return {"commandId": finished.command_id, "status": finished.status}
