"""Work-order statistics for managers: counts by status, SLA compliance, mean minutes to accept and to resolve,
satisfaction per category and per technician (`WorkOrderService.statistics` reads the tickets of a range)."""

from __future__ import annotations

from typing import Any

from chalicelib.work_orders.model import Ticket


def statistics(tickets: list[Ticket]) -> dict[str, Any]:
    """Counts, SLA compliance, mean minutes to accept and to resolve, satisfaction per category and technician."""

    def mean(values: list[float]) -> float | None:
        return round(sum(values) / len(values), 1) if values else None

    by_status: dict[str, int] = {}
    accept_minutes: list[float] = []
    resolve_minutes: list[float] = []
    on_time = late = 0
    ratings: dict[str, dict[str, list[int]]] = {"category": {}, "technician": {}}
    for t in tickets:
        by_status[t.status] = by_status.get(t.status, 0) + 1
        if t.accepted_at:
            accept_minutes.append((t.accepted_at - t.created_at).total_seconds() / 60)
        if t.resolved_at:
            resolve_minutes.append((t.resolved_at - t.created_at).total_seconds() / 60)
            if t.resolved_at <= t.resolution_due_at and (t.accepted_at or t.resolved_at) <= t.response_due_at:
                on_time += 1
            else:
                late += 1
        if t.rating is not None:
            ratings["category"].setdefault(t.category_id, []).append(t.rating)
            if t.assignee:
                ratings["technician"].setdefault(t.assignee, []).append(t.rating)
    return {
        "total": len(tickets),
        "byStatus": by_status,
        "slaCompliance": round(on_time / (on_time + late), 3) if on_time + late else None,
        "meanMinutesToAccept": mean(accept_minutes),
        "meanMinutesToResolve": mean(resolve_minutes),
        "satisfactionByCategory": {k: mean([float(x) for x in v]) for k, v in sorted(ratings["category"].items())},
        "satisfactionByTechnician": {k: mean([float(x) for x in v]) for k, v in sorted(ratings["technician"].items())},
    }
