"""What can be exported, with which columns (Chinese headers, one place for them), under which file name; and
the export job a large one becomes. Pure Python."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from chalicelib.kernel.errors import InvalidInput

INLINE_ROWS = 2000  # more rows than this: built by the task, not in the request
MAX_RANGE = timedelta(days=366)


@dataclass(frozen=True)
class Kind:
    title: str  # the sheet's and the file's name
    columns: tuple[str, ...]
    money: tuple[str, ...] = ()  # columns holding fen, shown as yuan
    needs: str = "none"  # none | period | month | range
    vocab: dict[str, str] = field(default_factory=dict)  # column -> the catalogue's vocabulary (kernel.i18n)


# The spreadsheet headers, in Chinese (the one place they are written).
KINDS: dict[str, Kind] = {
    "arrears": Kind(
        "欠费清单",
        ("楼栋", "房屋", "欠费账单数", "欠费金额(元)", "最早欠费期间", "最近欠费期间", "收费项目", "房屋编号"),
        money=("欠费金额(元)",),
    ),
    "bills": Kind(
        "账单明细",
        ("期间", "楼栋", "房屋", "收费项目", "金额(元)", "状态", "支付时间", "订单号", "账单号"),
        money=("金额(元)",),
        needs="period",
        vocab={"状态": "bill.status"},
    ),
    "income": Kind(
        "收入明细",
        ("收据号", "房屋", "金额(元)", "已退款(元)", "支付时间", "微信支付单号", "收费项目", "订单号"),
        money=("金额(元)", "已退款(元)"),
        needs="month",
    ),
    "work_orders": Kind(
        "工单",
        (
            "工单号", "类型", "类别", "位置", "状态", "报告时间", "响应期限", "受理时间", "响应超时",
            "解决期限", "解决时间", "解决超时", "处理人", "评分", "描述",
        ),
        needs="range",
        vocab={"类型": "work_order.kind", "状态": "work_order.status"},
    ),
    "alarms": Kind(
        "告警",
        (
            "告警时间", "类型", "级别", "位置", "标题", "状态", "次数", "确认人", "确认时间", "确认用时(分钟)",
            "解除人", "解除时间", "解除原因", "告警编号",
        ),
        needs="range",
        vocab={"类型": "alarm.type", "级别": "alarm.severity", "状态": "alarm.state"},
    ),
    "entries": Kind(
        "出入记录",
        ("时间", "方向", "方式", "人员类型", "房屋", "门岗", "车牌", "离线记录", "记录编号"),
        needs="range",
        vocab={"方向": "entry.direction", "方式": "entry.method", "人员类型": "entry.subject"},
    ),
}  # fmt: skip


@dataclass(frozen=True)
class Params:
    period: str | None = None  # bills: 2026-11, 2026-Q4, 2026
    month: str | None = None  # income: 2026-11
    since: datetime | None = None  # work orders, alarms, entries
    until: datetime | None = None

    def as_dict(self) -> dict[str, str]:
        out = {"period": self.period, "month": self.month}
        out.update(
            since=self.since.isoformat() if self.since else None, until=self.until.isoformat() if self.until else None
        )
        return {k: v for k, v in out.items() if v}


def _refuse(field_name: str, message: str) -> InvalidInput:
    return InvalidInput(
        message, code="VALIDATION_FAILED", details=[{"field": field_name, "code": "required", "message": message}]
    )


def check_params(kind: str, params: Params) -> None:
    needs = KINDS[kind].needs
    if needs == "period" and not (params.period and re.fullmatch(r"[A-Za-z0-9_-]{1,32}", params.period)):
        raise _refuse("period", "a bills export names its period (2026-11, 2026-Q4, 2026)")
    if needs == "month" and not (params.month and re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", params.month)):
        raise _refuse("month", "an income export names its month (2026-11)")
    if needs == "range":
        if params.since is None or params.until is None:
            raise _refuse("since", "this export covers a time range: since and until")
        if not timedelta(0) < params.until - params.since <= MAX_RANGE:
            raise InvalidInput(
                "until must be after since, at most 366 days later",
                code="VALIDATION_FAILED",
                details=[{"field": "until", "code": "range", "message": "after since, <= 366 days"}],
            )


@dataclass
class Job:
    job_id: str
    community_id: str
    kind: str
    params: dict[str, str]
    requested_by: str
    created_at: datetime
    status: str = "building"  # building -> ready | failed
    rows: int | None = None
    finished_at: datetime | None = None
    reason: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def file_key(self) -> str:
        return f"exports/{self.community_id}/{self.job_id}.xlsx"

    @property
    def file_name(self) -> str:
        suffix = "-".join(v[:10] for k, v in sorted(self.params.items()) if k in ("period", "month", "since", "until"))
        return f"{KINDS[self.kind].title}-{self.community_id}{'-' + suffix if suffix else ''}.xlsx"


def new_job_id() -> str:
    return "ex-" + secrets.token_hex(8)


Rows = Iterator[Sequence[Any]]


class Sources(Protocol):
    """The rows of each kind, read from the capability that holds them (columns as in KINDS)."""

    def rows(self, kind: str, community_id: str, params: Params) -> Rows: ...


class Jobs(Protocol):
    def save(self, job: Job) -> None: ...

    def get(self, community_id: str, job_id: str) -> Job | None: ...


class Files(Protocol):
    def put(self, key: str, data: bytes) -> None: ...

    def link(self, key: str, file_name: str) -> str: ...


class Queue(Protocol):
    def send(self, job: Job) -> None: ...
