"""Notices' Lambda entry points.

- `notices_clear_screens`: hourly: notices past their expiry that are still shown on information screens get a
  `clear_notice` to each screen (a command id derived from the notice and the screen: a second run, or a run after
  a withdrawal cleared them already, starts nothing new).
"""

from __future__ import annotations

from typing import Any

from chalicelib.kernel.functions import FunctionBlueprint
from chalicelib.notices import wiring

bp = FunctionBlueprint(__name__)


@bp.schedule(
    "rate(1 hour)", name="notices_clear_screens", description="Expired notices taken off the information screens"
)
def clear_screens(event: Any) -> dict[str, Any]:
    from chalicelib.kernel.clock import utcnow

    return wiring.notice_service().clear_expired(utcnow())
