"""An AlarmEventsQueue message as the consumer reads it: JSON of bounded nesting, or a `PoisonMessage` with its
reason. Whatever the parser raises on a document (RecursionError on deep nesting, ValueError, Python's
integer-digit limit) can never get better by delivering it again, so it is refused once, not retried."""

from __future__ import annotations

import json
from typing import Any

from chalicelib.alarms.model import PoisonMessage

# Nesting far above any candidate (readings are 5 levels deep), far below what breaks a parser or a recursive walk.
MAX_MESSAGE_DEPTH = 32
# The queue's redrive (infra/resources.yaml AlarmEventsQueue maxReceiveCount) moves a message after this many
# receives; the consumer dead-letters it itself on that last one, with the failure as its reason.
MAX_RECEIVES = 5


def read_message(body: str) -> Any:
    """An AlarmEventsQueue body as JSON, or a `PoisonMessage`: any failure of the parser (ValueError, RecursionError
    on a deeply nested document, Python's integer-digit limit, NaN / Infinity) or nesting deeper than
    MAX_MESSAGE_DEPTH can never get better by delivering the message again."""
    try:
        doc = json.loads(body, parse_constant=_not_json)
    except RecursionError:
        raise PoisonMessage("invalid_json", "the message is nested too deeply to parse") from None
    except Exception as exc:  # ValueError, TypeError, and whatever else a hostile document makes the parser raise
        raise PoisonMessage("invalid_json", f"{type(exc).__name__}: {str(exc)[:200]}") from None
    deepest, stack = 0, [(doc, 1)]
    while stack:  # iteratively: the walk must not recurse on what it is checking
        node, level = stack.pop()
        deepest = max(deepest, level)
        if deepest > MAX_MESSAGE_DEPTH:
            raise PoisonMessage("too_deep", f"the message nests deeper than {MAX_MESSAGE_DEPTH} levels")
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        stack.extend((child, level + 1) for child in children)
    return doc


def _not_json(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")
