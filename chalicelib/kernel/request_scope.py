"""Per-request context the HTTP layer sets and lower layers may read, without importing each other.

`cursor_scope`: what the current request's pagination cursors are bound to (route, path and filter values), so a
cursor handed out for one listing is refused by any other (`kernel/pagination.py`).
"""

from __future__ import annotations

from contextvars import ContextVar

cursor_scope: ContextVar[str] = ContextVar("cursor_scope", default="")
