"""The audit log: every write (and every refused or failed attempt at one) leaves a record (001 10.2.2, 002 8.1.3-6).

An entry says who did what to which target, when, from where and how it ended. Never put plaintext personal data
(ID-card or phone numbers, passwords, tokens) in `detail`: use masked values.

An audit write that fails after the business write has succeeded must not turn a completed change into an error
answer (the client would retry a write that happened), so the failure goes to `on_failure` (logged with the whole
entry and counted as a metric for an alarm) and the request goes on. `strict=True` raises instead: for reads that
may only happen if they are recorded (revealing a full ID-card or phone number), record before handing the value out.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from chalicelib.kernel.security.principal import Principal

OUTCOMES = ("success", "denied", "failed")
ANONYMOUS = "anonymous"


@dataclass(frozen=True)
class AuditEntry:
    entry_id: str
    at: datetime
    community_id: str | None
    operator: str
    operator_kind: str
    operation: str
    target_type: str
    target_id: str
    outcome: str
    source_ip: str = ""
    request_id: str = ""
    detail: dict[str, Any] = field(default_factory=dict)


class AuditStore(Protocol):
    def append(self, entry: AuditEntry) -> None: ...


# Whether this request already audited a refusal (so the endpoint's catch-all does not record it twice).
_denial_recorded: ContextVar[bool] = ContextVar("audit_denial_recorded", default=False)


def begin_request() -> None:
    _denial_recorded.set(False)


def denial_recorded() -> bool:
    return _denial_recorded.get()


@dataclass
class AuditTrail:
    store: AuditStore
    now: Callable[[], datetime]
    on_failure: Callable[[AuditEntry], None]

    def record(
        self,
        *,
        actor: Principal | None,
        operation: str,
        target_type: str,
        target_id: str,
        community_id: str | None,
        outcome: str = "success",
        source_ip: str = "",
        request_id: str = "",
        detail: dict[str, Any] | None = None,
        operator: str | None = None,
        strict: bool = False,
    ) -> None:
        """Append one entry. `operator` overrides the actor's subject (a login attempt names its account)."""
        if outcome not in OUTCOMES:
            raise ValueError(f"audit outcome must be one of {OUTCOMES}, not {outcome!r}")
        if outcome == "denied":
            _denial_recorded.set(True)
        entry = AuditEntry(
            entry_id=uuid.uuid4().hex,
            at=self.now(),
            community_id=community_id,
            operator=operator or (actor.subject if actor else ANONYMOUS),
            operator_kind=actor.kind if actor else ANONYMOUS,
            operation=operation,
            target_type=target_type,
            target_id=target_id,
            outcome=outcome,
            source_ip=source_ip,
            request_id=request_id,
            detail=dict(detail or {}),
        )
        try:
            self.store.append(entry)
        except Exception:
            if strict:
                raise
            self.on_failure(entry)
