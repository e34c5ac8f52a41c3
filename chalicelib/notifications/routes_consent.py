"""Consent to WeChat subscribe messages (residents): the mini-program reports what `wx.requestSubscribeMessage`
answered (template id -> accept | reject | ban | filter), once per report; the resident reads their consents."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.kernel.clock import utcnow
from chalicelib.kernel.errors import Conflict
from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.i18n import label
from chalicelib.kernel.security.access import Access
from chalicelib.notifications import wiring
from chalicelib.notifications.consent import Consent, grants
from chalicelib.notifications.contracts import ConsentOut, ConsentReport, ConsentsOut

bp = Blueprint(__name__)

CONSENTS = "/v1/resident/communities/{community_id}/notification-consents"


def _openid(call: Call[Any]) -> str:
    from chalicelib.identity import openid_of

    openid = openid_of(call.who.subject)
    if not openid:
        raise Conflict("the account has no WeChat binding", code="NO_WECHAT_BINDING")
    return openid


def _view(consents: list[Consent], recorded: bool | None = None) -> ConsentsOut:
    items = [
        ConsentOut(
            kind=c.kind, kindLabel=label("notification.kind", c.kind), remaining=c.remaining, longTerm=c.long_term
        )
        for c in sorted(consents, key=lambda c: c.kind)
    ]
    return ConsentsOut(items=items, recorded=recorded)


@endpoint(
    bp,
    "POST",
    CONSENTS,
    audience="resident",
    access=Access.community("resident:me"),
    request=ConsentReport,
    response=ConsentsOut,
    errors=(400, 409),
    summary="Report wx.requestSubscribeMessage's answers: each accepted template allows one message of its kind "
    "(or, long-term, messages until withdrawn); the same report again changes nothing",
    operation_id="reportNotificationConsents",
)
def report_consents(call: Call[ConsentReport]) -> ConsentsOut:
    b, cid = call.body, call.path["community_id"]
    openid = _openid(call)
    kinds = {
        t.wechat.template_id: kind for kind, t in wiring.template_settings().of(cid).items() if t.wechat is not None
    }
    book = wiring.consent_book()
    recorded = book.record(openid, b.reportId, grants(dict(b.results), kinds), b.longTerm, utcnow())
    return _view(book.of(openid), recorded)


@endpoint(
    bp,
    "GET",
    CONSENTS,
    audience="resident",
    access=Access.community("resident:me"),
    response=ConsentsOut,
    errors=(409,),
    summary="The resident's consents to WeChat subscribe messages, per message kind",
    operation_id="listNotificationConsents",
)
def list_consents(call: Call[Any]) -> ConsentsOut:
    return _view(wiring.consent_book().of(_openid(call)))
