"""Who wants to know that a visitor pass naming a car changed (issued, approved, revoked): a port a higher capability
plugs in from `app.py` (parking refreshes its barriers' offline whitelists). Visitors never imports it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chalicelib.visitors.model import VisitorPass

log = logging.getLogger(__name__)

_listeners: list[Callable[[str, str], None]] = []


def use_car_pass_listener(listener: Callable[[str, str], None]) -> None:
    """Plug in `(community_id, plate) -> None`, told after a pass naming the plate changed (once per listener)."""
    if listener not in _listeners:
        _listeners.append(listener)


def car_pass_changed(visitor_pass: VisitorPass) -> None:
    """Tell the listeners (a pass without a car tells nobody). A listener's failure is logged: the pass stands, and
    the listener's own daily run catches up."""
    plate = visitor_pass.visitor.car_plate
    if not plate:
        return
    for listener in list(_listeners):
        try:
            listener(visitor_pass.community_id, plate)
        except Exception:
            log.exception("a car pass listener failed", extra={"passId": visitor_pass.pass_id})
