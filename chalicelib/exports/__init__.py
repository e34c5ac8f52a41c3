"""Exports (001 7.3.7, 8.3.1.10; 004 6.2.1): the spreadsheets a manager opens in Excel: arrears per house (欠费清单),
bills of a period, income of a month, work orders with their SLA, alarms with their handling, entry records. Each
is an .xlsx with Chinese headers, written under `exports/` in the media bucket and handed out as a 5-minute link
(`kernel/files.py`); one of more than `INLINE_ROWS` rows is built by a task, not in the request.

- rules and use cases: `model.py` (the kinds, their columns and file names, jobs), `service.py` (start an export:
  in the request or by the task; a job's status and link), `workbook.py` (openpyxl: headers, widths, frozen
  header row, yuan from fen)
- storage: `repository.py` (each job's manifest, a JSON object beside its file under `exports/`); no table
- queue: ExportsQueue (large exports, consumed by `tasks.build_export`), its dead-letter queue
  ExportsDeadLetterQueue
- HTTP: `routes.py`, `contracts.py`; adapters: `adapters.py` (the rows, read through the other capabilities'
  package faces; the queue); wiring: `wiring.py`. Tests: `tests/exports/`.

Nothing below uses this package; it sits above every other capability.
"""
