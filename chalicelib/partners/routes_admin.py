"""The operator's partner routes (platform admin): onboard a partner (its first key and secret, shown once),
read it, rotate its secret (old keys stop after a grace), cut it off (every key refused at once), and read its
daily call statistics and its monthly report (which can be exported). Every write is audited."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from chalice import Blueprint

from chalicelib.audit import audited
from chalicelib.kernel.clock import iso
from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.security.access import Access
from chalicelib.partners import wiring
from chalicelib.partners.contracts import (
    KeyIssued,
    MonthQuery,
    PartnerCreate,
    PartnerList,
    PartnerView,
    ReportFile,
    ReportView,
    RotateRequest,
    SubscriptionView,
    UsageQuery,
    UsageView,
    partner_view,
    report_csv,
    report_view,
    usage_view,
)

bp = Blueprint(__name__)

ADMIN = "/v1/admin/partners"
ONE = ADMIN + "/{partner_id}"


@endpoint(
    bp,
    "POST",
    ADMIN,
    audience="admin",
    access=Access.signed_in("partner:manage"),
    request=PartnerCreate,
    response=KeyIssued,
    status=201,
    errors=(400, 403),
    operation_id="registerPartner",
    summary="Onboard a partner organisation: communities, scopes, masking, allow-list, quota; its first API key",
)
def onboard_partner(call: Call[PartnerCreate]) -> KeyIssued:
    b = call.body
    assert b is not None
    with audited(call, "partner_onboard", "partner", "-") as detail:
        partner, key_id, secret = wiring.partner_service().onboard(
            name=b.name,
            kind=b.kind,
            communities=list(b.communities),
            scopes=list(b.scopes),
            masking=dict(b.masking),
            allow_ips=list(b.allowIps),
            quota_per_day=b.dailyQuota,
            rate_per_minute=b.ratePerMinute,
        )
        detail.update(partnerId=partner.partner_id, keyId=key_id, scopes=sorted(partner.scopes))
    return KeyIssued(partner=partner_view(partner), keyId=key_id, secret=secret)


@endpoint(
    bp,
    "GET",
    ADMIN,
    audience="admin",
    access=Access.signed_in("partner:manage"),
    response=PartnerList,
    errors=(403,),
    operation_id="listPartners",
    summary="Every partner organisation, by name: communities, scopes, quota and status",
)
def list_partners(call: Call[Any]) -> PartnerList:
    return PartnerList(items=[partner_view(p) for p in wiring.partner_service().all()])


@endpoint(
    bp,
    "GET",
    ONE,
    audience="admin",
    access=Access.signed_in("partner:manage"),
    response=PartnerView,
    errors=(403, 404),
    summary="A partner: its communities, scopes, masking levels, allow-list, quota and status",
)
def get_partner(call: Call[Any]) -> PartnerView:
    return partner_view(wiring.partner_service().get(call.path["partner_id"]))


@endpoint(
    bp,
    "POST",
    ONE + "/keys",
    audience="admin",
    access=Access.signed_in("partner:manage"),
    request=RotateRequest,
    response=KeyIssued,
    status=201,
    errors=(400, 403, 404),
    summary="Rotate the partner's secret: a new key now, older keys refused after the grace (0: at once)",
)
def rotate_partner_key(call: Call[RotateRequest]) -> KeyIssued:
    b = call.body
    assert b is not None
    partner_id = call.path["partner_id"]
    with audited(call, "partner_rotate_key", "partner", partner_id) as detail:
        service = wiring.partner_service()
        key_id, secret, stop_at = service.rotate(partner_id, timedelta(seconds=b.graceSeconds))
        detail.update(keyId=key_id, oldKeysStopAt=iso(stop_at))
        partner = service.get(partner_id)
    return KeyIssued(partner=partner_view(partner), keyId=key_id, secret=secret, oldKeysStopAt=iso(stop_at))


@endpoint(
    bp,
    "POST",
    ONE + "/cut-off",
    audience="admin",
    access=Access.signed_in("partner:manage"),
    response=PartnerView,
    errors=(403, 404),
    operation_id="revokePartner",
    summary="Cut the partner off: every key is refused from the next request on",
)
def cut_off_partner(call: Call[Any]) -> PartnerView:
    partner_id = call.path["partner_id"]
    with audited(call, "partner_cut_off", "partner", partner_id):
        partner = wiring.partner_service().cut_off(partner_id)
    return partner_view(partner)


@endpoint(
    bp,
    "GET",
    ONE + "/usage",
    audience="admin",
    access=Access.signed_in("partner:manage"),
    query=UsageQuery,
    response=UsageView,
    errors=(400, 403, 404),
    operation_id="getPartnerUsage",
    summary="The partner's calls on a (Beijing) day per resource: calls, records and bytes answered",
)
def partner_usage(call: Call[UsageQuery]) -> UsageView:
    q = call.query
    assert q is not None
    partner_id = call.path["partner_id"]
    return usage_view(partner_id, q.day, wiring.partner_service().usage(partner_id, q.day))


def _report(call: Call[MonthQuery]) -> ReportView:
    q = call.query
    assert q is not None
    service = wiring.partner_service()
    partner_id = call.path["partner_id"]
    partner = service.get(partner_id)
    return report_view(partner, q.month, service.monthly(partner_id, q.month))


@endpoint(
    bp,
    "GET",
    ONE + "/report",
    audience="admin",
    access=Access.signed_in("partner:manage"),
    query=MonthQuery,
    response=ReportView,
    errors=(400, 403, 404),
    operation_id="getPartnerMonthlyReport",
    summary="The partner's month (Beijing days): calls, records, bytes and refused requests per day and in all",
)
def partner_report(call: Call[MonthQuery]) -> ReportView:
    return _report(call)


@endpoint(
    bp,
    "POST",
    ONE + "/report/export",
    audience="admin",
    access=Access.signed_in("partner:manage"),
    query=MonthQuery,
    response=ReportFile,
    errors=(400, 403, 404),
    operation_id="exportPartnerMonthlyReport",
    summary="The partner's monthly report as a spreadsheet (CSV, Chinese headers): a 5-minute download link",
)
def export_partner_report(call: Call[MonthQuery]) -> ReportFile:
    import secrets

    from chalicelib.kernel import files

    report = _report(call)
    partner_id = call.path["partner_id"]
    with audited(call, "partner_report_export", "partner", partner_id) as detail:
        key = f"{files.PREFIX}partners/{partner_id}/{report.month}-{secrets.token_hex(8)}.csv"
        files.put_file(key, report_csv(report), "text/csv; charset=utf-8")
        detail.update(month=report.month)
    name = f"合作方月报-{report.partnerName}-{report.month}.csv"
    return ReportFile(fileName=name, url=files.link(key, name))


@endpoint(
    bp,
    "POST",
    ONE + "/subscriptions/{subscription_id}/revive",
    audience="admin",
    access=Access.signed_in("partner:manage"),
    response=SubscriptionView,
    errors=(403, 404, 409),
    operation_id="revivePartnerSubscription",
    summary="Revive a dead-lettered push subscription: active again, due at once, from where its cursor stood",
)
def revive_partner_subscription(call: Call[Any]) -> SubscriptionView:
    partner_id, subscription_id = call.path["partner_id"], call.path["subscription_id"]
    with audited(call, "partner_subscription_revive", "subscription", subscription_id) as detail:
        s = wiring.push_service().revive(partner_id, subscription_id)
        detail.update(partnerId=partner_id)
    return SubscriptionView(
        SubscribeID=s.subscription_id,
        Title=s.title,
        ResourceURI=s.resource,
        ReceiveAddr=s.receive_addr,
        ReportInterval=s.report_interval,
        BeginTime=iso(s.begin),
        EndTime=iso(s.end),
        status=s.status,
        failures=s.failures,
    )
