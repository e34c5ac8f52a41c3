"""Owners' votes (业主共同决定; 000 8.2.1 a, 004 6.3.1) by the Civil Code, art. 278, and the headcount of the SPC
interpretation 法释[2009]7号: both participation thresholds (2/3 of the exclusive area and of the owners), 3/4 of
both for matters 6-8, more than half of both for the rest; one ballot per exclusive unit, by its owner (a member
only with a recorded written delegation), exactly once; paper ballots with their scans; a deadline workflow that
tallies from the ballots, seals the published list with a digest anyone can recompute, and tells the owners;
secret ballots that staff cannot link to a unit while the tally still verifies.

- rules and use cases: `model.py` (the matters, the exact arithmetic, the tally, the seal, the vote and ballot
  records, the voter check), `service.py` (open, cast, change, paper ballots, delegations, close, the published list)
- storage: `repository.py` (votes, one ballot per unit, secret choices, delegations); table: `votes`
  (`kernel/tables.py: VoteTable`)
- workflow: stepfunctions/owners_vote.asl.json (a timed Wait until the deadline, a settle period, close, tell);
  Lambda tasks in `tasks.py`
- HTTP: `routes_staff.py`, `routes_resident.py`, `contracts.py`
- adapters: `adapters.py` (the registry's houses, areas, owners and members; Step Functions; the media bucket for
  scans; the owners' WeChat message `vote_result`); wiring: `wiring.py`. Tests: `tests/votes/`.

Nothing is used by other capabilities yet.
"""

from __future__ import annotations

__all__: list[str] = []
