"""A partner's push subscriptions, GA/T 1400 style (signed requests, scope `subscriptions:manage`): subscribe to a
feed of one of its communities, and list its subscriptions with their recent deliveries."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.audit import audited
from chalicelib.kernel.clock import iso
from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.security.access import Access
from chalicelib.partners import wiring
from chalicelib.partners.contracts import DeliveryView, SubscribeIn, SubscriptionList, SubscriptionView
from chalicelib.partners.push import Subscription
from chalicelib.partners.service import current_partner

bp = Blueprint(__name__)
wiring.register_partner_gate()

SUBS = "/v1/partner/communities/{community_id}/subscriptions"


def _view(s: Subscription, with_log: bool) -> SubscriptionView:
    log = wiring.push_service().store.deliveries(s.subscription_id, 10) if with_log else []
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
        deliveries=[
            DeliveryView(
                at=iso(d.at),
                changes=d.changes,
                firstSeq=d.first_seq,
                lastSeq=d.last_seq,
                outcome=d.outcome,
                httpStatus=d.http_status,
            )
            for d in log
        ],
    )


@endpoint(
    bp,
    "POST",
    SUBS,
    audience="partner",
    access=Access.partner("subscriptions:manage"),
    request=SubscribeIn,
    response=SubscriptionView,
    status=201,
    errors=(401, 403, 429),
    summary="Subscribe to a feed: its new changes are posted to ReceiveAddr every ReportInterval seconds",
    operation_id="createPartnerSubscription",
)
def create_partner_subscription(call: Call[SubscribeIn]) -> SubscriptionView:
    b = call.body
    partner = current_partner.get()
    assert b is not None and partner is not None
    cid = call.path["community_id"]
    with audited(call, "partner_subscribe", "subscription", "-") as detail:
        sub = wiring.push_service().subscribe(
            partner, cid, b.ResourceURI, b.ReceiveAddr, b.ReportInterval, b.BeginTime, b.EndTime, b.Title
        )
        detail.update(subscriptionId=sub.subscription_id, resource=sub.resource)
    return _view(sub, False)


@endpoint(
    bp,
    "GET",
    SUBS,
    audience="partner",
    access=Access.partner("subscriptions:manage"),
    response=SubscriptionList,
    errors=(401, 403, 429),
    audit_refusals=True,
    summary="The partner's subscriptions in this community with their last ten deliveries",
    operation_id="listPartnerSubscriptions",
)
def list_partner_subscriptions(call: Call[Any]) -> SubscriptionList:
    partner = current_partner.get()
    assert partner is not None
    subs = wiring.push_service().store.of_partner(partner.partner_id)
    return SubscriptionList(items=[_view(s, True) for s in subs if s.community_id == call.path["community_id"]])
