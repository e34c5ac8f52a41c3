"""Step Functions gateway: start workflow executions and complete task tokens."""

from __future__ import annotations

import json
import os
from typing import Any

from chalicelib.domain.commands import Command
from chalicelib.gateways.aws import client


class StepFunctionsWorkflows:
    def _arn(self, env_var: str) -> str:
        arn = os.environ.get(env_var)
        if not arn:
            raise RuntimeError(f"{env_var} is not configured")
        return arn

    def start_command(self, command: Command) -> str:
        sfn = client("stepfunctions")
        try:
            response = sfn.start_execution(
                stateMachineArn=self._arn("DEVICE_COMMAND_STATE_MACHINE_ARN"),
                name=command.command_id,  # one execution per command: a double tap cannot start two
                input=json.dumps(command.workflow_input()),
            )
            return str(response["executionArn"])
        except sfn.exceptions.ExecutionAlreadyExists:
            arn = self._arn("DEVICE_COMMAND_STATE_MACHINE_ARN").replace(":stateMachine:", ":execution:")
            return f"{arn}:{command.command_id}"

    def task_succeeded(self, token: str, output: dict[str, Any]) -> None:
        sfn = client("stepfunctions")
        try:
            sfn.send_task_success(taskToken=token, output=json.dumps(output))
        except (sfn.exceptions.TaskTimedOut, sfn.exceptions.InvalidToken, sfn.exceptions.TaskDoesNotExist):
            pass  # the workflow already moved on (timed out or a duplicate ack): nothing to do

    def task_failed(self, token: str, error: str, cause: str) -> None:
        sfn = client("stepfunctions")
        try:
            sfn.send_task_failure(taskToken=token, error=error, cause=cause)
        except (sfn.exceptions.TaskTimedOut, sfn.exceptions.InvalidToken, sfn.exceptions.TaskDoesNotExist):
            pass
