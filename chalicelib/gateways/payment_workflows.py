"""Step Functions gateway of the payment workflow (stepfunctions/payment.asl.json)."""

from __future__ import annotations

import json
import os
from typing import Any

from chalicelib.domain.payments import Order
from chalicelib.gateways.aws import client


class StepFunctionsPayments:
    def start_payment(self, order: Order, pay_timeout_seconds: int) -> str:
        arn = os.environ.get("PAYMENT_STATE_MACHINE_ARN")
        if not arn:
            raise RuntimeError("PAYMENT_STATE_MACHINE_ARN is not configured")
        sfn = client("stepfunctions")
        payload = {
            "orderId": order.order_id,
            "communityId": order.community_id,
            "payTimeoutSeconds": pay_timeout_seconds,
        }
        try:
            # one execution per order: a retried request cannot start two
            return str(
                sfn.start_execution(stateMachineArn=arn, name=order.order_id, input=json.dumps(payload))["executionArn"]
            )
        except sfn.exceptions.ExecutionAlreadyExists:
            return f"{arn.replace(':stateMachine:', ':execution:')}:{order.order_id}"

    def task_succeeded(self, token: str, output: dict[str, Any]) -> None:
        sfn = client("stepfunctions")
        try:
            sfn.send_task_success(taskToken=token, output=json.dumps(output))
        except (sfn.exceptions.TaskTimedOut, sfn.exceptions.InvalidToken, sfn.exceptions.TaskDoesNotExist):
            pass  # the workflow already moved on (timed out and queried, or a duplicate): nothing to do
