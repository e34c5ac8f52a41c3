"""Step Functions gateway of the alarm workflow (env ALARM_STATE_MACHINE_ARN) and the alarm dead-letter queue."""

from __future__ import annotations

import json
import os
from typing import Any

from chalicelib.domain.alarms import Alarm
from chalicelib.gateways.aws import client


class StepFunctionsAlarmWorkflows:
    def _arn(self) -> str:
        arn = os.environ.get("ALARM_STATE_MACHINE_ARN")
        if not arn:
            raise RuntimeError("ALARM_STATE_MACHINE_ARN is not configured")
        return arn

    def execution_arn(self, alarm_id: str) -> str:
        return f"{self._arn().replace(':stateMachine:', ':execution:')}:{alarm_id}"

    def exists(self, execution_arn: str) -> bool:
        sfn = client("stepfunctions")
        try:
            sfn.describe_execution(executionArn=execution_arn)
            return True
        except sfn.exceptions.ExecutionDoesNotExist:
            return False

    def start_alarm(self, alarm: Alarm, workflow_input: dict[str, Any]) -> str:
        sfn = client("stepfunctions")
        try:
            response = sfn.start_execution(
                stateMachineArn=self._arn(),
                name=alarm.alarm_id,  # one execution per alarm: a redelivered message cannot start two
                input=json.dumps(workflow_input),
            )
            return str(response["executionArn"])
        except sfn.exceptions.ExecutionAlreadyExists:
            return self.execution_arn(alarm.alarm_id)

    def task_succeeded(self, token: str, output: dict[str, Any]) -> None:
        sfn = client("stepfunctions")
        try:
            sfn.send_task_success(taskToken=token, output=json.dumps(output))
        except (sfn.exceptions.TaskTimedOut, sfn.exceptions.InvalidToken, sfn.exceptions.TaskDoesNotExist):
            pass  # the workflow moved on (timed out, escalated) or the token was used: nothing to do


class SqsAlarmDeadLetters:
    """Poison messages of AlarmEventsQueue, with their reason (env ALARM_DLQ_URL)."""

    def __init__(self, queue_url: str | None = None):
        self.queue_url = queue_url or os.environ["ALARM_DLQ_URL"]

    def send(self, body: str, reason: str, detail: str, message_id: str) -> None:
        letter = {"reason": reason, "detail": detail, "messageId": message_id, "body": body[:200_000]}
        client("sqs").send_message(
            QueueUrl=self.queue_url,
            MessageBody=json.dumps(letter, ensure_ascii=False),
            MessageAttributes={"reason": {"DataType": "String", "StringValue": reason}},
        )
