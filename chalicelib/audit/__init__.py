"""The audit log (001 10.2.2, 002 8.1.3-6): every write, and every refused or failed attempt at one, leaves an
entry: time, operator, operation, target, outcome, source address, request id.

- rules: `service.py` (the entry, the trail, the per-request refusal flag)
- storage: `repository.py` (one partition per community and UTC day, indexes by operator and by target; entries
  expire after 400 days); table: `audit` (`kernel/tables.py: AuditTable`)
- HTTP: `routes.py` (the community's and the platform's log), `contracts.py`; wiring: `wiring.py`
- no workflow, no queue. Tests: `tests/audit/`.

What every capability uses is below: `record` and `record_call` for one entry, `audited` around a write. The
endpoint decorator (`kernel/http.py`) records refusals itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from chalicelib.audit.service import begin_request, denial_recorded
from chalicelib.audit.wiring import audit_trail
from chalicelib.kernel.call import Call
from chalicelib.kernel.security.principal import Principal

__all__ = ["audited", "begin_request", "denial_recorded", "record", "record_call"]


def record(
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
    """Append one audit entry (see `service.AuditTrail.record`)."""
    audit_trail().record(
        actor=actor,
        operation=operation,
        target_type=target_type,
        target_id=target_id,
        community_id=community_id,
        outcome=outcome,
        source_ip=source_ip,
        request_id=request_id,
        detail=detail,
        operator=operator,
        strict=strict,
    )


def record_call(
    call: Call[Any],
    operation: str,
    target_type: str,
    target_id: str,
    outcome: str = "success",
    detail: dict[str, Any] | None = None,
    *,
    community_id: str | None = None,
    operator: str | None = None,
    strict: bool = False,
) -> None:
    """`record` with actor, source address, request id and community (the path's `{community_id}`) from `call`."""
    record(
        actor=call.principal,
        operation=operation,
        target_type=target_type,
        target_id=target_id,
        community_id=community_id if community_id is not None else call.path.get("community_id"),
        outcome=outcome,
        source_ip=call.source_ip,
        request_id=call.request_id,
        detail=detail,
        operator=operator,
        strict=strict,
    )


@contextmanager
def audited(
    call: Call[Any], operation: str, target_type: str, target_id: str, detail: dict[str, Any] | None = None
) -> Iterator[dict[str, Any]]:
    """Audit the write inside the block: success, or failed with the error code when it raises. The block may add
    to the yielded detail."""
    from chalicelib.kernel.errors import DomainError

    extra: dict[str, Any] = dict(detail or {})
    try:
        yield extra
    except DomainError as exc:
        outcome = "denied" if exc.code in ("PERMISSION_DENIED",) else "failed"
        record_call(call, operation, target_type, target_id, outcome=outcome, detail={**extra, "error": exc.code})
        raise
    except Exception:
        record_call(call, operation, target_type, target_id, outcome="failed", detail={**extra, "error": "INTERNAL"})
        raise
    record_call(call, operation, target_type, target_id, detail=extra)
