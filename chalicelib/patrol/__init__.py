"""Patrol (000 7.2.12; 003 patrol): checkpoints (a QR or NFC tag id with a location), routes (ordered checkpoints, the
time allowed for each leg), plans (a route at set Beijing times with its guards, over midnight too), rounds started
by their plan's schedule or by hand, guards' scans from the staff app (with their position), a workflow per round
that raises an alarm of its own type to the control centre through the alarm capability for each missed checkpoint
(cleared when the point is read late) and for an unfinished round, and the daily report.

- rules and use cases: `model.py` (checkpoints, routes, plans, rounds, deadlines, the report, the ports),
  `service.py` (set-up, starting rounds, scans, the workflow's steps)
- storage: `repository.py`; table: `patrol` (`kernel/tables.py: PatrolTable`)
- workflow: stepfunctions/patrol_round.asl.json (wait for each deadline, judge, finish); its task and the minute
  schedule that starts the plans' rounds in `tasks.py`
- adapters: `adapters.py` (Step Functions, the alarm capability's face, identity's staff); wiring: `wiring.py`
- HTTP: `routes_staff.py`, `contracts.py`. Tests: `tests/patrol/`.

Nothing of patrol is used by another capability yet.
"""

from __future__ import annotations

__all__: list[str] = []
