"""Who hears of a resident's passage through a gate, as a capability above this one (the care register) plugs it in:
called in-process right after the passage is recorded, on the gate's own request. A listener must be quick (the
gate waits for its answer); a listener that fails is logged and never fails or slows the gate beyond its own call.
Kept apart from the service so that plugging it in (app.py, at import) loads nothing else of this capability."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

PassageListener = Callable[[Any], None]  # the recorded `EntryRecord`
listeners: list[PassageListener] = []


def use_passage_listener(listener: PassageListener) -> None:
    """Plug in `(entry) -> None`; once per listener."""
    if listener not in listeners:
        listeners.append(listener)


def passage_recorded(entry: Any) -> None:
    """Tell every listener of a recorded passage; a failing listener is logged, never raised."""
    for listener in listeners:
        try:
            listener(entry)
        except Exception:  # the passage stands and the gate has opened: a listener's failure is only logged
            log.exception("a passage listener failed for entry %s", getattr(entry, "entry_id", "?"))
