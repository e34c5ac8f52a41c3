"""Consent to WeChat subscribe messages (订阅消息). WeChat delivers a subscribe message only to a user who accepted
its template: a one-time acceptance (`wx.requestSubscribeMessage` answered `accept`) allows one message, a long-term
subscription (for the categories WeChat grants it to) allows messages until it is withdrawn. The mini-program
reports each answer; the notifier sends by WeChat only with a consent in hand and takes a one-time one for each
message (given back when the message could not be delivered); without one the recipient is told in the app only
(the notice feed, the parcel list, the bills...) and the delivery is recorded `skipped_no_consent`.

Consent is kept per resident (their openid) and message kind; the mini-program reports template ids, which the
community's template settings name the kinds of. Pure Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from chalicelib.kernel.errors import InvalidInput

ACCEPT, REJECT, BAN, FILTER = "accept", "reject", "ban", "filter"  # wx.requestSubscribeMessage's answers
ANSWERS = (ACCEPT, REJECT, BAN, FILTER)
MAX_ONE_TIME = 50  # one-time acceptances kept per kind (WeChat's own count is what finally decides)


@dataclass(frozen=True)
class Consent:
    kind: str
    remaining: int  # one-time acceptances not yet used
    long_term: bool


@dataclass(frozen=True)
class Grant:
    kind: str
    accepted: bool  # accept: one more one-time consent (or the long-term subscription); else withdrawn


class ConsentBook(Protocol):
    def take(self, openid: str, kind: str) -> bool:
        """True when the resident consented to the kind (a one-time consent is used up by this)."""
        ...

    def give_back(self, openid: str, kind: str) -> None:
        """The message taken for was not delivered: its one-time consent is available again."""
        ...


def grants(results: dict[str, str], kind_of_template: dict[str, str]) -> list[Grant]:
    """The mini-program's `wx.requestSubscribeMessage` results (template id -> answer) as grants per kind; a template
    id the community does not use is refused (400 with the field), nothing is recorded."""
    problems = [
        {"field": f"results.{template_id}", "code": "unknown_template", "message": "not a template of this community"}
        for template_id in results
        if template_id not in kind_of_template
    ]
    problems += [
        {"field": f"results.{template_id}", "code": "unknown_answer", "message": "|".join(ANSWERS)}
        for template_id, answer in results.items()
        if answer not in ANSWERS
    ]
    if problems:
        raise InvalidInput("the subscription results are not valid", code="CONSENT_INVALID", details=problems)
    return [Grant(kind_of_template[t], answer == ACCEPT) for t, answer in sorted(results.items())]
