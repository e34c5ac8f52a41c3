"""Request and response models of the open data service (partner routes) and of its operator routes."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from chalicelib.kernel.clock import iso
from chalicelib.kernel.contracts import Contract, Cursor, Day, GatTime, Id, Month, Time
from chalicelib.partners.model import Change, DailyUsage, Partner

Resource = Literal["people", "houses", "vehicles", "access_records", "alarms", "devices"]


class PartnerPageQuery(Contract):
    limit: int = Field(default=100, ge=1, le=500)
    cursor: Cursor | None = None


class PartnerRangeQuery(Contract):
    since: Time = Field(description="from this time (UTC, with its zone)")
    until: Time = Field(description="up to this time; at most 31 days after `since`")
    limit: int = Field(default=200, ge=1, le=1000)


class FeedQuery(Contract):
    cursor: Cursor | None = Field(default=None, description="the `nextCursor` of the previous page; none: the start")
    limit: int = Field(default=100, ge=1, le=1000)


class RecordPage(Contract):
    """Records at the partner's masking levels: a personal field is masked, left out (null) or in full."""

    items: list[dict[str, Any]]
    nextCursor: str | None = None


class ChangeOut(Contract):
    seq: int
    recordId: str
    op: Literal["upsert", "delete"] = Field(description="delete: a tombstone, no data")
    at: str
    data: dict[str, Any]


class ChangePage(Contract):
    items: list[ChangeOut]
    nextCursor: str = Field(description="always present: pass it back to continue; repeated while nothing is new")


class PartnerCreate(Contract):
    name: str = Field(min_length=1, max_length=100)
    kind: Literal["police_station", "street_office", "health_commission", "government_platform"]
    communities: list[Id] = Field(min_length=1, max_length=200)
    scopes: list[str] = Field(min_length=1, max_length=20, description="`resource:action`, e.g. people:read")
    masking: dict[str, Literal["hidden", "masked", "full"]] = Field(default_factory=dict)
    allowIps: list[str] = Field(min_length=1, max_length=50, description="addresses or CIDR blocks")
    dailyQuota: int = Field(default=10_000, ge=1, le=10_000_000)
    ratePerMinute: int = Field(default=60, ge=1, le=6_000)


class PartnerView(Contract):
    partnerId: str
    name: str
    kind: str
    communities: list[str]
    scopes: list[str]
    masking: dict[str, str]
    allowIps: list[str]
    dailyQuota: int
    ratePerMinute: int
    status: str
    cutOffAt: str | None = None


class KeyIssued(Contract):
    """The secret is shown once, here; only its sealed form is stored."""

    partner: PartnerView
    keyId: str
    secret: str
    oldKeysStopAt: str | None = None


class RotateRequest(Contract):
    graceSeconds: int = Field(default=86_400, ge=0, le=7 * 86_400, description="old keys keep working this long")


class UsageQuery(Contract):
    day: Day


class UsageRow(Contract):
    resource: str
    calls: int
    records: int
    bytes: int


class PartnerList(Contract):
    items: list[PartnerView]


class UsageView(Contract):
    partnerId: str
    day: str
    rows: list[UsageRow]


class MonthQuery(Contract):
    month: Month = Field(description="a Beijing month, YYYY-MM")


class ReportDay(Contract):
    day: str
    calls: int
    records: int
    bytes: int
    refusals: int = Field(description="requests refused: signature (401), rate and daily quota (429)")
    refusalsByReason: dict[str, int]


class ReportView(Contract):
    partnerId: str
    partnerName: str
    month: str
    totals: ReportDay = Field(description="the whole month (its `day` is the month)")
    days: list[ReportDay]
    byResource: list[UsageRow]


class ReportFile(Contract):
    fileName: str
    url: str = Field(description="a download link, valid 5 minutes")


def report_view(partner: Partner, month: str, days: list[tuple[str, list[DailyUsage], dict[str, int]]]) -> ReportView:
    rows: list[ReportDay] = []
    by_resource: dict[str, list[int]] = {}
    for day, usage, refusals in days:
        for u in usage:
            acc = by_resource.setdefault(u.resource, [0, 0, 0])
            acc[0] += u.calls
            acc[1] += u.records
            acc[2] += u.bytes
        rows.append(
            ReportDay(
                day=day,
                calls=sum(u.calls for u in usage),
                records=sum(u.records for u in usage),
                bytes=sum(u.bytes for u in usage),
                refusals=sum(refusals.values()),
                refusalsByReason=dict(sorted(refusals.items())),
            )
        )
    reasons: dict[str, int] = {}
    for r in rows:
        for k, v in r.refusalsByReason.items():
            reasons[k] = reasons.get(k, 0) + v
    totals = ReportDay(
        day=month,
        calls=sum(r.calls for r in rows),
        records=sum(r.records for r in rows),
        bytes=sum(r.bytes for r in rows),
        refusals=sum(r.refusals for r in rows),
        refusalsByReason=dict(sorted(reasons.items())),
    )
    return ReportView(
        partnerId=partner.partner_id,
        partnerName=partner.name,
        month=month,
        totals=totals,
        days=rows,
        byResource=[UsageRow(resource=k, calls=v[0], records=v[1], bytes=v[2]) for k, v in sorted(by_resource.items())],
    )


def report_csv(report: ReportView) -> bytes:
    """The month as a spreadsheet Excel opens (UTF-8 with a byte order mark, Chinese headers first)."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([f"合作方：{report.partnerName}", f"月份：{report.month}（北京时间）"])
    writer.writerow(["日期", "调用次数", "返回记录数", "返回字节数", "拒绝次数", "签名无效", "超出频率", "超出日配额"])
    for r in [*report.days, report.totals]:
        reasons = r.refusalsByReason
        writer.writerow(
            [
                "合计" if r.day == report.month else r.day,
                r.calls,
                r.records,
                r.bytes,
                r.refusals,
                reasons.get("signature", 0),
                reasons.get("rate", 0),
                reasons.get("quota", 0),
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def partner_view(p: Partner) -> PartnerView:
    return PartnerView(
        partnerId=p.partner_id,
        name=p.name,
        kind=p.kind,
        communities=sorted(p.communities),
        scopes=sorted(p.scopes),
        masking=dict(p.masking),
        allowIps=list(p.allow_ips),
        dailyQuota=p.quota_per_day,
        ratePerMinute=p.rate_per_minute,
        status=p.status,
        cutOffAt=iso(p.cut_off_at) if p.cut_off_at else None,
    )


def change_out(c: Change, data: dict[str, Any]) -> ChangeOut:
    return ChangeOut(
        seq=c.seq, recordId=c.record_id, op="delete" if c.op == "delete" else "upsert", at=iso(c.at), data=data
    )


def usage_view(partner_id: str, day: str, rows: list[DailyUsage]) -> UsageView:
    return UsageView(
        partnerId=partner_id,
        day=day,
        rows=[UsageRow(resource=r.resource, calls=r.calls, records=r.records, bytes=r.bytes) for r in rows],
    )


class PartnerWatchIn(Contract):
    kind: Literal["credential", "person", "id_number", "plate"]
    value: str = Field(min_length=1, max_length=64)
    label: str = Field(min_length=1, max_length=50, description="what the control centre reads; no ID number")
    reason: str = Field(min_length=1, max_length=200)
    until: Time | None = None


class PartnerWatchView(Contract):
    kind: str
    key: str
    label: str
    reason: str
    addedAt: str
    until: str | None = None


class PartnerWatchList(Contract):
    items: list[PartnerWatchView]


class SubscribeIn(Contract):
    """GA/T 1400's subscription fields: what to push (ResourceURI: a feed resource), where, how often, when."""

    Title: str = Field(default="", max_length=100)
    ResourceURI: Resource
    ReceiveAddr: str = Field(min_length=8, max_length=500, description="http(s) URL the batches are posted to")
    ReportInterval: int = Field(ge=10, le=86_400, description="seconds between batches")
    BeginTime: Time
    EndTime: Time


class DeliveryView(Contract):
    at: str
    changes: int
    firstSeq: int
    lastSeq: int
    outcome: str
    httpStatus: int | None = None


class SubscriptionView(Contract):
    SubscribeID: str
    Title: str
    ResourceURI: str
    ReceiveAddr: str
    ReportInterval: int
    BeginTime: str
    EndTime: str
    status: str
    failures: int
    deliveries: list[DeliveryView] = []


class SubscriptionList(Contract):
    items: list[SubscriptionView]


class DeviceRef(Contract):
    DeviceID: str = Field(min_length=1, max_length=64, description="the partner's API key id")


class RegisterIn(Contract):
    RegisterObject: DeviceRef


class KeepaliveIn(Contract):
    KeepaliveObject: DeviceRef


class StatusObject(Contract):
    RequestURL: str
    StatusCode: int
    StatusString: str
    Id: str
    LocalTime: str = Field(description="YYYYMMDDhhmmss, Beijing time (GA/T 1400)")


class ResponseStatus(Contract):
    ResponseStatusObject: StatusObject

    @staticmethod
    def ok(path: str, device_id: str, now: str) -> ResponseStatus:
        return ResponseStatus(
            ResponseStatusObject=StatusObject(
                RequestURL=path, StatusCode=0, StatusString="OK", Id=device_id, LocalTime=now
            )
        )


class ViidSubscribeObject(Contract):
    """One GA/T 1400 `SubscribeObject`: SubscribeDetail names the feed (people, houses, vehicles, access_records,
    alarms, devices), ResourceURI the community."""

    SubscribeID: str | None = Field(default=None, max_length=64, description="ignored: the platform assigns it")
    Title: str = Field(default="", max_length=100)
    SubscribeDetail: Resource
    ResourceURI: Id = Field(description="the community")
    ApplicantName: str | None = Field(default=None, max_length=50)
    ReceiveAddr: str = Field(min_length=8, max_length=500, description="http(s) URL the batches are posted to")
    ReportInterval: int = Field(ge=10, le=86_400, description="seconds between batches")
    BeginTime: GatTime
    EndTime: GatTime


class ViidSubscribeList(Contract):
    SubscribeObject: list[ViidSubscribeObject] = Field(min_length=1, max_length=20)


class ViidSubscribeIn(Contract):
    SubscribeListObject: ViidSubscribeList


class ResponseStatusListBody(Contract):
    ResponseStatusObject: list[StatusObject]


class ResponseStatusList(Contract):
    ResponseStatusListObject: ResponseStatusListBody
