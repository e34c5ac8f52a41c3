"""A police partner's watch-list routes (signed requests, scope `watchlist:manage`): list and add entries of its
communities. Every entry is audited with the partner as actor; a match at a gate raises an alarm at once."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib import governance
from chalicelib.audit import audited
from chalicelib.kernel.clock import iso
from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.security.access import Access
from chalicelib.partners import wiring
from chalicelib.partners.contracts import PartnerWatchIn, PartnerWatchList, PartnerWatchView

bp = Blueprint(__name__)
wiring.register_partner_gate()

WATCH = "/v1/partner/communities/{community_id}/watch-list"


def _view(e: Any) -> PartnerWatchView:
    until = iso(e.expires_at) if e.expires_at else None
    return PartnerWatchView(
        kind=e.kind, key=e.key, label=e.label, reason=e.reason, addedAt=iso(e.added_at), until=until
    )


@endpoint(
    bp,
    "GET",
    WATCH,
    audience="partner",
    access=Access.partner("watchlist:manage"),
    response=PartnerWatchList,
    errors=(401, 403, 429),
    audit_refusals=True,
    summary="The community's watch list (ID numbers only as their keyed hash)",
    operation_id="listPartnerWatchList",
)
def partner_watch_list(call: Call[Any]) -> PartnerWatchList:
    return PartnerWatchList(items=[_view(e) for e in governance.watch_entries(call.path["community_id"])])


@endpoint(
    bp,
    "POST",
    WATCH,
    audience="partner",
    access=Access.partner("watchlist:manage"),
    request=PartnerWatchIn,
    response=PartnerWatchView,
    status=201,
    errors=(401, 403, 429),
    summary="Add a watch-list entry: a match at a gate or barrier raises an alarm to the control centre at once",
    operation_id="addPartnerWatchEntry",
)
def add_partner_watch_entry(call: Call[PartnerWatchIn]) -> PartnerWatchView:
    b = call.body
    assert b is not None and call.principal is not None
    cid = call.path["community_id"]
    with audited(call, "watchlist_add", "watch_entry", b.kind) as detail:
        entry = governance.add_watch_entry(cid, b.kind, b.value, b.label, b.reason, call.principal.subject, b.until)
        detail.update(key=entry.key[:64], label=entry.label, partnerId=call.principal.subject)
    return _view(entry)
