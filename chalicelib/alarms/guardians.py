"""Who guards a home's residents, as a capability above this one (the care register) plugs it in: kept apart from
the adapters so that plugging it in (app.py, at import) loads nothing else of the alarms capability."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chalicelib.notifications import Recipient

GuardianSource = Callable[[str, str], "list[Recipient]"]
sources: list[GuardianSource] = []


def use_guardians(source: GuardianSource) -> None:
    """Plug in `(community_id, house_id) -> recipients`; once per source."""
    if source not in sources:
        sources.append(source)
