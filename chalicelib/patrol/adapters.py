"""The patrol service's outbound ports: the round workflow (Step Functions), the alarm capability (missed
checkpoints and unfinished rounds, through its package face) and identity's staff accounts."""

from __future__ import annotations

from typing import Any

from chalicelib.kernel.workflows import StateMachine
from chalicelib.patrol.model import Round


class StepFunctionsRounds:
    """stepfunctions/patrol_round.asl.json (env PATROL_ROUND_STATE_MACHINE_ARN); one execution per round."""

    machine = StateMachine("PATROL_ROUND_STATE_MACHINE_ARN")

    def start_round(self, rnd: Round) -> str:
        return self.machine.start(rnd.round_id, {"communityId": rnd.community_id, "roundId": rnd.round_id})


class AlarmCentre:
    def raise_alarm(
        self, community_id: str, originator: str, alarm_type: str, title: str, data: dict[str, Any], dedupe: str
    ) -> str:
        from chalicelib.alarms import raise_observed_alarm

        return raise_observed_alarm(community_id, originator, alarm_type, "major", title, data, dedupe)

    def clear_alarm(self, community_id: str, originator: str, alarm_type: str, reason: str) -> None:
        from chalicelib.alarms import clear_observed_alarm

        clear_observed_alarm(community_id, originator, alarm_type, reason)


def is_community_staff(community_id: str, account_id: str) -> bool:
    from chalicelib.identity import staff_account

    account = staff_account(account_id)
    return account is not None and (community_id in account.communities or "*" in account.communities)
