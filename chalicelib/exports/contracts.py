"""Request and response models of the export routes."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from chalicelib.kernel.contracts import Contract, Month, Time

ExportKind = Literal["arrears", "bills", "income", "work_orders", "alarms", "entries"]


class ExportRequest(Contract):
    kind: ExportKind = Field(
        description="arrears (欠费清单, per house), bills (a period's bills: `period`), income (a month's payments: "
        "`month`), work_orders (with SLA), alarms (with handling), entries (entry records): the last three `since` "
        "and `until`"
    )
    period: str | None = Field(default=None, max_length=32, examples=["2026-11"])
    month: Month | None = Field(default=None, examples=["2026-11"])
    since: Time | None = None
    until: Time | None = None


class ExportView(Contract):
    exportId: str
    kind: str
    status: Literal["building", "ready", "failed"] = Field(
        description="ready: `url` downloads the .xlsx; building: a large export, ask again in a few seconds"
    )
    rows: int | None = None
    fileName: str
    url: str | None = Field(default=None, description="a presigned GET, valid for `expiresInSeconds`")
    expiresInSeconds: int | None = None
    createdAt: str
    finishedAt: str | None = None
