"""The audit log: every write (and every refused or failed attempt at one) leaves a record (001 10.2.2, 002 8.1.3-6).

`record` stores who did what to which target, when, from where and how it ended. `record_call` reads the actor,
source address, request id and community from a handler's `Call`. Never put plaintext personal data (ID-card or
phone numbers, passwords, tokens) in `detail`: use masked values.

An audit write that fails after the business write has succeeded must not turn a completed change into an
error answer (the client would retry a write that happened), so the failure is logged with the whole entry
(CloudWatch Logs keeps it) and counted as a metric for an alarm, and the request goes on.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from chalicelib.security.principal import Principal

if TYPE_CHECKING:
    from chalicelib.api.http import Call

OUTCOMES = ("success", "denied", "failed")
ANONYMOUS = "anonymous"

# Whether this request already audited a refusal (so the endpoint's catch-all does not record it twice).
_denial_recorded: ContextVar[bool] = ContextVar("audit_denial_recorded", default=False)


def begin_request() -> None:
    _denial_recorded.set(False)


def denial_recorded() -> bool:
    return _denial_recorded.get()


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
    """Append one audit entry. `operator` overrides the actor's subject (a login attempt names its account).

    `strict=True` raises when the entry cannot be written: for reads that may only happen if they are recorded
    (revealing a full ID-card or phone number), call it before handing the value out.
    """
    from chalicelib.domain.clock import utcnow
    from chalicelib.store import audit as store

    if outcome not in OUTCOMES:
        raise ValueError(f"audit outcome must be one of {OUTCOMES}, not {outcome!r}")
    if outcome == "denied":
        _denial_recorded.set(True)
    entry = store.AuditEntry(
        entry_id=store.new_entry_id(),
        at=utcnow(),
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
        store.append(entry)
    except Exception:
        if strict:
            raise
        from aws_lambda_powertools.metrics import MetricUnit

        from chalicelib.observability import logger, metrics

        logger.exception("audit write failed", extra={"audit_entry": _loggable(entry)})
        metrics.add_metric(name="AuditWriteFailed", unit=MetricUnit.Count, value=1)


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


def _loggable(entry: Any) -> dict[str, Any]:
    from dataclasses import asdict

    from chalicelib.domain.clock import iso

    data = asdict(entry)
    data["at"] = iso(entry.at)
    return data
