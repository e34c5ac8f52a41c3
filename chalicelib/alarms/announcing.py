"""The duty room's board follows every alarm write: one rule for any alarm store (repository.py's, and the tests'
fakes), put before the store in its bases."""

from __future__ import annotations

from dataclasses import replace

from chalicelib.alarms.model import Alarm, DedupeKey


def as_shown(alarm: Alarm) -> Alarm:
    """The alarm as people see it (the staff API, the duty room's board): without the workflow's task tokens, its
    execution and the store's version, none of which is shown. A change that leaves this as it was is not announced."""
    return replace(alarm, ack_token=None, clear_token=None, execution_arn=None, version=0)


class AnnouncesWrites:
    """Put before an alarm store in the bases: `announce` is told of every alarm the store wrote (a new one unless
    `create(announce=False)`, and each change of one unless `update(announce=False)`). The production store
    (AnnouncingAlarmRepository) and the test fakes share this one rule."""

    def announce(self, alarm: Alarm) -> None:
        raise NotImplementedError

    def create(self, alarm: Alarm, dedupe: DedupeKey | None, announce: bool = True) -> str:
        outcome: str = super().create(alarm, dedupe)  # type: ignore[misc]
        if outcome == "ok" and announce:
            self.announce(alarm)
        return outcome

    def update(
        self,
        alarm: Alarm,
        expected_version: int,
        dedupe: DedupeKey | None = None,
        release: bool = False,
        announce: bool = True,
    ) -> str:
        """`announce=False`: a change the board does not show (a workflow's task token: `as_shown`)."""
        outcome: str = super().update(alarm, expected_version, dedupe, release)  # type: ignore[misc]
        if outcome == "ok" and announce:
            self.announce(alarm)
        return outcome
