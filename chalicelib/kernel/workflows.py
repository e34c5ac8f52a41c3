"""Step Functions, as every capability's workflow adapter uses it: start an execution once per business id, stop
it, and complete a waiting task token. Each capability's `adapters.py` says what goes into its workflow's input.

An execution is named after the business id it runs for (a command, a pass, a ticket, an order, an alarm), so a
retried start never runs two: Step Functions answers `ExecutionAlreadyExists` and the existing execution's ARN is
returned. A token that is no longer waited for (timed out, already used) is not an error: the workflow moved on.
"""

from __future__ import annotations

import json
import os
from typing import Any

from chalicelib.kernel.aws import client


class StateMachine:
    """One state machine, its ARN in the environment variable `env_var` (set by the template)."""

    def __init__(self, env_var: str):
        self.env_var = env_var

    def arn(self) -> str:
        arn = os.environ.get(self.env_var)
        if not arn:
            raise RuntimeError(f"{self.env_var} is not configured")
        return arn

    def execution_arn(self, name: str) -> str:
        return f"{self.arn().replace(':stateMachine:', ':execution:')}:{name}"

    def start(self, name: str, workflow_input: dict[str, Any]) -> str:
        """Start the execution `name` (once: a second start returns the first one's ARN)."""
        sfn = client("stepfunctions")
        try:
            response = sfn.start_execution(stateMachineArn=self.arn(), name=name, input=json.dumps(workflow_input))
            return str(response["executionArn"])
        except sfn.exceptions.ExecutionAlreadyExists:
            return self.execution_arn(name)

    def exists(self, execution_arn: str) -> bool:
        sfn = client("stepfunctions")
        try:
            sfn.describe_execution(executionArn=execution_arn)
            return True
        except sfn.exceptions.ExecutionDoesNotExist:
            return False


def stop_execution(execution_arn: str, cause: str) -> None:
    sfn = client("stepfunctions")
    try:
        sfn.stop_execution(executionArn=execution_arn, cause=cause[:256])
    except sfn.exceptions.ExecutionDoesNotExist:
        pass


def task_succeeded(token: str, output: dict[str, Any]) -> None:
    sfn = client("stepfunctions")
    try:
        sfn.send_task_success(taskToken=token, output=json.dumps(output))
    except (sfn.exceptions.TaskTimedOut, sfn.exceptions.InvalidToken, sfn.exceptions.TaskDoesNotExist):
        pass  # the workflow already moved on (timed out, or a duplicate callback): nothing to do


def task_failed(token: str, error: str, cause: str) -> None:
    sfn = client("stepfunctions")
    try:
        sfn.send_task_failure(taskToken=token, error=error, cause=cause)
    except (sfn.exceptions.TaskTimedOut, sfn.exceptions.InvalidToken, sfn.exceptions.TaskDoesNotExist):
        pass
