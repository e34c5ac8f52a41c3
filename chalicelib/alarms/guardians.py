"""Who guards a home's residents, as a capability above this one (the care register) plugs it in: kept apart from
the adapters so that plugging it in (app.py, at import) loads nothing else of the alarms capability.

A source answers the guardians in their order of contact, each recipient's role saying when they hear: `guardian`
(a first guardian: told with the household at the ladder's first level) or `guardian_next` (told at the next level,
after the first level's wait for an acknowledgement, before the staff on duty)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chalicelib.notifications import Recipient

FIRST_GUARDIAN, NEXT_GUARDIAN = "guardian", "guardian_next"
GuardianSource = Callable[[str, str], "list[Recipient]"]
sources: list[GuardianSource] = []


def use_guardians(source: GuardianSource) -> None:
    """Plug in `(community_id, house_id) -> recipients`; once per source."""
    if source not in sources:
        sources.append(source)
