"""The open data service: what a partner organisation reads, by signed request (000 5.5, 11.1-11.2; 001 7.2.7).

Every route takes an API key and an HMAC signature (`signing.py`), not a token: the kernel's access check hands
the request to the partner gate registered here. A partner reads only its communities and scopes (403, audited),
sees personal fields at its masking levels, and every answered call is recorded (resource, records, bytes).
The signed path is the route's path with its values (`/v1/partner/communities/c1/people`), without any stage.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from chalice import Blueprint

from chalicelib import audit
from chalicelib.kernel.errors import InvalidInput
from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.pagination import decode_cursor, encode_cursor
from chalicelib.kernel.security.access import Access
from chalicelib.partners import wiring
from chalicelib.partners.adapters import reveal
from chalicelib.partners.contracts import (
    ChangePage,
    FeedQuery,
    PartnerPageQuery,
    PartnerRangeQuery,
    RecordPage,
    change_out,
)
from chalicelib.partners.feed import FEED_RESOURCES
from chalicelib.partners.masking import for_partner
from chalicelib.partners.service import current_partner

bp = Blueprint(__name__)

PARTNER = "/v1/partner/communities/{community_id}"
MAX_RANGE = timedelta(days=31)


wiring.register_partner_gate()


def _answer(call: Call[Any], resource: str, items: list[dict[str, Any]], cursor: str | None) -> RecordPage:
    partner = current_partner.get()
    assert partner is not None, "a signed route runs only after the partner gate"
    shown = [for_partner(item, partner, reveal) for item in items]
    page = RecordPage(items=shown, nextCursor=cursor)
    _log(call, resource, len(shown), len(page.model_dump_json()))
    return page


def _log(call: Call[Any], resource: str, records: int, size: int) -> None:
    partner = current_partner.get()
    assert partner is not None
    wiring.partner_service().record_call(partner.partner_id, resource, records, size, call.request_id)
    if any(partner.level(f) == "full" for f in ("phone", "idNumber")) and resource == "people" and records:
        audit.record_call(call, "partner_read_full", "partner", partner.partner_id, detail={"records": records})


def _range(q: PartnerRangeQuery) -> None:
    if q.until <= q.since or q.until - q.since > MAX_RANGE:
        raise InvalidInput(
            "until must follow since by at most 31 days",
            code="VALIDATION_FAILED",
            details=[{"field": "query.until", "code": "range_invalid", "message": "after since, within 31 days"}],
        )


@endpoint(
    bp,
    "GET",
    PARTNER + "/people",
    audience="partner",
    access=Access.partner("people:read"),
    query=PartnerPageQuery,
    response=RecordPage,
    errors=(401, 403, 429),
    audit_refusals=True,  # a partner probing outside its agreement is audited
    summary="The community's registered people (name order), personal fields at the partner's masking levels",
    operation_id="listPartnerPeople",
)
def partner_people(call: Call[PartnerPageQuery]) -> RecordPage:
    q = call.query
    assert q is not None
    items, cursor = wiring.registry_source().people(call.path["community_id"], q.limit, q.cursor)
    return _answer(call, "people", items, cursor)


@endpoint(
    bp,
    "GET",
    PARTNER + "/houses",
    audience="partner",
    access=Access.partner("houses:read"),
    query=PartnerPageQuery,
    response=RecordPage,
    errors=(401, 403, 429),
    audit_refusals=True,  # a partner probing outside its agreement is audited
    summary="The community's houses with their labels (3栋2单元1201) and standard address codes",
    operation_id="listPartnerHouses",
)
def partner_houses(call: Call[PartnerPageQuery]) -> RecordPage:
    q = call.query
    assert q is not None
    items, cursor = wiring.registry_source().houses(call.path["community_id"], q.limit, q.cursor)
    return _answer(call, "houses", items, cursor)


@endpoint(
    bp,
    "GET",
    PARTNER + "/access-records",
    audience="partner",
    access=Access.partner("access_records:read"),
    query=PartnerRangeQuery,
    response=RecordPage,
    errors=(401, 403, 429),
    audit_refusals=True,  # a partner probing outside its agreement is audited
    summary="Passages through the community's gates in a time range (at most 31 days), newest first",
    operation_id="listPartnerAccessRecords",
)
def partner_access_records(call: Call[PartnerRangeQuery]) -> RecordPage:
    q = call.query
    assert q is not None
    _range(q)
    items = wiring.activity_source().entries(call.path["community_id"], q.since, q.until, q.limit)
    return _answer(call, "access_records", items, None)


@endpoint(
    bp,
    "GET",
    PARTNER + "/alarms",
    audience="partner",
    access=Access.partner("alarms:read"),
    query=PartnerRangeQuery,
    response=RecordPage,
    errors=(401, 403, 429),
    audit_refusals=True,  # a partner probing outside its agreement is audited
    summary="Alarms raised in the community in a time range (at most 31 days), newest first",
    operation_id="listPartnerAlarms",
)
def partner_alarms(call: Call[PartnerRangeQuery]) -> RecordPage:
    q = call.query
    assert q is not None
    _range(q)
    items = wiring.activity_source().alarms(call.path["community_id"], q.since, q.until, q.limit)
    return _answer(call, "alarms", items, None)


def _feed_page(call: Call[FeedQuery], resource: str) -> ChangePage:
    q = call.query
    assert q is not None
    state = decode_cursor(q.cursor)
    after = int(state.get("seq", 0)) if state else 0
    changes, last = wiring.change_feed().page(call.path["community_id"], resource, after, q.limit)
    partner = current_partner.get()
    assert partner is not None
    items = [change_out(c, for_partner(dict(c.data), partner, reveal)) for c in changes]
    page = ChangePage(items=items, nextCursor=encode_cursor({"seq": last}) or "")
    _log(call, f"{resource}_feed", len(items), len(page.model_dump_json()))
    return page


def _declare_feed(resource: str) -> None:
    def handler(call: Call[FeedQuery]) -> ChangePage:
        return _feed_page(call, resource)

    handler.__name__ = f"feed_{resource}"
    endpoint(
        bp,
        "GET",
        PARTNER + "/feeds/" + resource.replace("_", "-"),
        audience="partner",
        access=Access.partner(f"{resource}:feed"),
        query=FeedQuery,
        response=ChangePage,
        errors=(401, 403, 429),
        audit_refusals=True,
        operation_id="list" + "".join(w.title() for w in resource.split("_")) + "Changes",
        summary=f"The {resource.replace('_', ' ')} change feed in commit order; deletes are tombstones",
    )(handler)


for _resource in FEED_RESOURCES:
    _declare_feed(_resource)
