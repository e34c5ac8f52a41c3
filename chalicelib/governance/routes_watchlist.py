"""Watch-list routes for the community's authorised roles (community admin, platform admin): list, add and
remove entries; every change is audited. Police partners manage entries with signed requests
(`chalicelib/partners/routes_partner_watch.py`)."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.audit import audited
from chalicelib.governance import wiring
from chalicelib.governance.contracts import WatchEntryIn, WatchEntryView, WatchList, WatchRemoveIn, watch_view
from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.security.access import Access

bp = Blueprint(__name__)

STAFF = "/v1/staff/communities/{community_id}/watch-list"


@endpoint(
    bp,
    "GET",
    STAFF,
    audience="staff",
    access=Access.community("watchlist:manage"),
    response=WatchList,
    summary="The community's watch list (persons by credential, face or ID number; plates); ID numbers never shown",
    operation_id="listWatchList",
)
def list_watch_list(call: Call[Any]) -> WatchList:
    entries = wiring.watch_service().store.entries(call.path["community_id"])
    return WatchList(items=[watch_view(e) for e in entries])


@endpoint(
    bp,
    "POST",
    STAFF,
    audience="staff",
    access=Access.community("watchlist:manage"),
    request=WatchEntryIn,
    response=WatchEntryView,
    status=201,
    summary="Add a watch-list entry: a match at a gate or barrier raises an alarm to the control centre at once",
    operation_id="addWatchEntry",
)
def add_watch_entry(call: Call[WatchEntryIn]) -> WatchEntryView:
    b = call.body
    assert b is not None and call.principal is not None
    cid = call.path["community_id"]
    with audited(call, "watchlist_add", "watch_entry", b.kind) as detail:
        entry = wiring.watch_service().add(cid, b.kind, b.value, b.label, b.reason, call.principal.subject, b.until)
        detail.update(key=entry.key[:64], label=entry.label)
    return watch_view(entry)


@endpoint(
    bp,
    "POST",
    STAFF + "/remove",
    audience="staff",
    access=Access.community("watchlist:manage"),
    request=WatchRemoveIn,
    status=204,
    errors=(404,),
    summary="Remove a watch-list entry by its kind and key as listed (a plate's key is the plate)",
    operation_id="removeWatchEntry",
)
def remove_watch_entry(call: Call[WatchRemoveIn]) -> None:
    b = call.body
    assert b is not None
    cid = call.path["community_id"]
    with audited(call, "watchlist_remove", "watch_entry", f"{b.kind}:{b.key[:64]}"):
        wiring.watch_service().remove(cid, b.kind, b.key)
