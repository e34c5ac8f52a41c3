"""Questionnaires: single and multiple choice, text and scale questions; one answer per household or per person as
the author chooses, exactly once (a conditional put); results with counts per option and scale value; the answers
as an .xlsx (Chinese headers, a 5-minute link).

- rules and use cases: `model.py` (questions, the strict answer check, results), `service.py`, `workbook.py`
- storage: `repository.py`; table: `questionnaires` (`kernel/tables.py: QuestionnaireTable`)
- HTTP: `routes_staff.py`, `routes_resident.py`, `contracts.py`
- adapters: `adapters.py` (exported files, `kernel/files.py`); wiring: `wiring.py`
- no workflow, no queue. Tests: `tests/questionnaires/`.

Nothing is used by other capabilities.
"""

from __future__ import annotations

__all__: list[str] = []
