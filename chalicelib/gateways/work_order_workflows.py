"""Step Functions gateway of the work-order SLA workflow (stepfunctions/work_order.asl.json)."""

from __future__ import annotations

import json
import os

from chalicelib.domain.work_orders import Ticket
from chalicelib.gateways.aws import client


class StepFunctionsSla:
    def start(self, ticket: Ticket) -> str:
        arn = os.environ.get("WORK_ORDER_STATE_MACHINE_ARN")
        if not arn:
            raise RuntimeError("WORK_ORDER_STATE_MACHINE_ARN is not configured")
        sfn = client("stepfunctions")
        try:
            response = sfn.start_execution(
                stateMachineArn=arn, name=ticket.ticket_id, input=json.dumps(ticket.workflow_input())
            )
            return str(response["executionArn"])
        except sfn.exceptions.ExecutionAlreadyExists:
            return f"{arn.replace(':stateMachine:', ':execution:')}:{ticket.ticket_id}"

    def stop(self, execution_arn: str, reason: str) -> None:
        sfn = client("stepfunctions")
        try:
            sfn.stop_execution(executionArn=execution_arn, cause=reason[:256])
        except sfn.exceptions.ExecutionDoesNotExist:
            pass
