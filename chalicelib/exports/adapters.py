"""The rows of each export, read through the other capabilities' package faces (payments, work orders, alarms,
visitors, the registry's place labels, identity's staff names); the export files and job links (kernel/files.py);
the queue large exports wait in (`EXPORTS_QUEUE_URL`)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from chalicelib.exports.model import Job, Params, Rows
from chalicelib.kernel import files
from chalicelib.kernel.clock import BEIJING


def local(moment: datetime | None) -> str | None:
    return moment.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S") if moment else None


class S3Files:
    def put(self, key: str, data: bytes) -> None:
        files.put_file(key, data, files.XLSX)

    def link(self, key: str, file_name: str) -> str:
        return files.link(key, file_name)


class SqsQueue:
    def send(self, job: Job) -> None:
        from chalicelib.kernel.aws import client

        url = os.environ.get("EXPORTS_QUEUE_URL")
        if not url:
            raise RuntimeError("EXPORTS_QUEUE_URL is not configured")
        client("sqs").send_message(
            QueueUrl=url, MessageBody=json.dumps({"communityId": job.community_id, "jobId": job.job_id})
        )


def _labels(community_id: str, houses: set[str], buildings: set[str] = frozenset()) -> dict[str, str]:  # type: ignore[assignment]
    from chalicelib.registry import place_labels

    return place_labels(community_id, houses, buildings)


def _staff(community_id: str) -> dict[str, str]:
    from chalicelib.identity import staff_in_community

    return {a.account_id: a.name for a in staff_in_community(community_id)}


class CapabilitySources:
    def rows(self, kind: str, community_id: str, params: Params) -> Rows:
        return getattr(self, kind)(community_id, params)  # type: ignore[no-any-return]

    def arrears(self, community_id: str, params: Params) -> Iterator[Sequence[Any]]:
        from chalicelib.payments import unpaid_bills

        by_house: dict[str, list[Any]] = {}
        for bill in unpaid_bills(community_id):
            by_house.setdefault(bill.house_id, []).append(bill)
        buildings = {b[0].building_id for b in by_house.values()}
        labels = _labels(community_id, set(by_house), buildings)
        for house_id, bills in sorted(by_house.items(), key=lambda kv: labels.get(kv[0], kv[0])):
            periods = sorted(b.period for b in bills)
            yield (
                labels.get(bills[0].building_id, ""),
                labels.get(house_id, house_id),
                len(bills),
                sum(b.amount_fen for b in bills),
                periods[0],
                periods[-1],
                "、".join(sorted({b.fee_name for b in bills})),
                house_id,
            )

    def bills(self, community_id: str, params: Params) -> Iterator[Sequence[Any]]:
        from chalicelib.payments import bills_of_period
        from chalicelib.registry import houses_of

        houses = houses_of(community_id)
        labels = _labels(community_id, {h.id for h in houses}, {str(h.attrs.get("buildingId")) for h in houses})
        houses.sort(key=lambda h: labels.get(h.id, h.id))
        for bill in bills_of_period(community_id, params.period or "", [h.id for h in houses]):
            yield (
                bill.period,
                labels.get(bill.building_id, ""),
                labels.get(bill.house_id, bill.house_id),
                bill.fee_name,
                bill.amount_fen,
                bill.status,
                local(bill.paid_at),
                bill.order_id,
                bill.bill_id,
            )

    def income(self, community_id: str, params: Params) -> Iterator[Sequence[Any]]:
        from chalicelib.payments import paid_orders_of_month

        orders = list(paid_orders_of_month(community_id, params.month or ""))
        labels = _labels(community_id, {o.house_id for o in orders})
        for o in orders:
            yield (
                o.receipt_no,
                labels.get(o.house_id, o.house_id),
                o.amount_fen,
                o.refunded_fen,
                local(o.paid_at),
                o.transaction_id,
                "、".join(sorted({line[2] for line in o.lines})),
                o.order_id,
            )

    def work_orders(self, community_id: str, params: Params) -> Iterator[Sequence[Any]]:
        from chalicelib.work_orders import categories_of, category_name, tickets_between

        assert params.since and params.until
        tickets = tickets_between(community_id, params.since, params.until)
        labels = _labels(
            community_id,
            {t.location.house_id for t in tickets if t.location.house_id},
            {t.location.building_id for t in tickets if t.location.building_id},
        )
        staff, categories = _staff(community_id), {c.category_id: category_name(c) for c in categories_of(community_id)}
        for t in sorted(tickets, key=lambda t: t.created_at):
            loc = t.location
            place = labels.get(loc.house_id or "") or loc.area or labels.get(loc.building_id or "") or ""
            responded = t.accepted_at or (t.created_at if t.status not in ("submitted", "cancelled") else None)
            yield (
                t.ticket_id,
                t.kind,
                categories.get(t.category_id, t.category_id),
                place,
                t.status,
                local(t.created_at),
                local(t.response_due_at),
                local(t.accepted_at),
                "是" if "response" in t.escalations or (responded and responded > t.response_due_at) else "否",
                local(t.resolution_due_at),
                local(t.resolved_at),
                "是"
                if "resolution" in t.escalations or (t.resolved_at and t.resolved_at > t.resolution_due_at)
                else "否",
                staff.get(t.assignee or "", t.assignee),
                t.rating,
                t.description,
            )

    def alarms(self, community_id: str, params: Params) -> Iterator[Sequence[Any]]:
        from chalicelib.alarms import alarms_between

        assert params.since and params.until
        alarms = list(alarms_between(community_id, params.since, params.until))
        labels = _labels(
            community_id, {a.house_id for a in alarms if a.house_id}, {a.building for a in alarms if a.building}
        )
        staff = _staff(community_id)
        for a in alarms:
            minutes = round((a.ack_at - a.created_at).total_seconds() / 60, 1) if a.ack_at else None
            yield (
                local(a.created_at),
                a.alarm_type,
                a.severity,
                labels.get(a.house_id or "") or labels.get(a.building or "") or a.area or "",
                a.title,
                a.combined_status,
                a.count,
                staff.get(a.ack_by or "", a.ack_by),
                local(a.ack_at),
                minutes,
                staff.get(a.cleared_by or "", a.cleared_by),
                local(a.cleared_at),
                a.clear_reason,
                a.alarm_id,
            )

    def entries(self, community_id: str, params: Params) -> Iterator[Sequence[Any]]:
        from chalicelib.visitors import entries_between

        assert params.since and params.until
        labels: dict[str, str] = {}
        for e in entries_between(community_id, params.since, params.until):
            if e.house_id and e.house_id not in labels:
                labels.update(_labels(community_id, {e.house_id}) or {e.house_id: e.house_id})
            yield (
                local(e.at),
                e.direction,
                e.method,
                e.subject_kind,
                labels.get(e.house_id or "", ""),
                e.gate_id,
                e.car_plate,
                "是" if e.offline else "否",
                e.entry_id,
            )
