"""Governance: the anomaly warnings the standards name (001 8.2.1.1.1 f, 8.2.1.1.2 d, 8.2.1.1.3 e; 000 7.2.1 d).

- rules: `model.py` (every warning rule with its configurable threshold, over one pass of the passages and a
  registry snapshot), `service.py` (the run, one open warning per subject and kind, acknowledge and resolve with a
  note)
- storage: `repository.py`; table: `governance` (`kernel/tables.py: GovernanceTable`)
- HTTP: `routes_staff.py`, `contracts.py`; adapters: `adapters.py` (entry log, registry); wiring: `wiring.py`;
  tasks: `tasks.py` (the daily run). Tests: `tests/governance/`.
"""

from __future__ import annotations

__all__: list[str] = []
