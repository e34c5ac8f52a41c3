"""Step Functions gateway of the visitor-pass workflow (env VISITOR_PASS_STATE_MACHINE_ARN)."""

from __future__ import annotations

import json

from chalicelib.domain.visitors import VisitorPass
from chalicelib.gateways.aws import client
from chalicelib.gateways.workflows import StepFunctionsWorkflows


class StepFunctionsPassWorkflows(StepFunctionsWorkflows):
    def start_pass(self, visitor_pass: VisitorPass, approval_timeout_seconds: int) -> str:
        sfn = client("stepfunctions")
        machine = self._arn("VISITOR_PASS_STATE_MACHINE_ARN")
        try:
            response = sfn.start_execution(
                stateMachineArn=machine,
                name=visitor_pass.pass_id,  # one execution per pass: a retried start cannot run two
                input=json.dumps(visitor_pass.workflow_input(approval_timeout_seconds)),
            )
            return str(response["executionArn"])
        except sfn.exceptions.ExecutionAlreadyExists:
            return f"{machine.replace(':stateMachine:', ':execution:')}:{visitor_pass.pass_id}"
