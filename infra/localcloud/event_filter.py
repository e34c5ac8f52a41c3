"""Lambda event filtering (`FilterCriteria`) for the local event source mappings, as Lambda applies it before it
invokes a function: a record is passed on when it matches any of the mapping's patterns, and a function is not
invoked for a batch with nothing left.

The subset of the pattern syntax the template uses, and nothing else (a pattern outside it is refused when the stack
starts, never matched loosely): nested objects; at a leaf, a list of allowed values, each a literal (string, number,
boolean, null) or one of `{"prefix": s}`, `{"exists": bool}`, `{"anything-but": [literals]}`.
See https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html
"""

from __future__ import annotations

import json
from typing import Any

_OPERATORS = {"prefix", "exists", "anything-but"}


class UnsupportedPattern(ValueError):
    pass


def parse_filters(filter_criteria: Any) -> list[dict[str, Any]]:
    """The patterns of a mapping's `FilterCriteria` (none: every record passes)."""
    if not filter_criteria:
        return []
    patterns = []
    for entry in filter_criteria.get("Filters", []):
        pattern = json.loads(entry["Pattern"])
        _check(pattern)
        patterns.append(pattern)
    return patterns


def _check(pattern: Any) -> None:
    if not isinstance(pattern, dict) or not pattern:
        raise UnsupportedPattern(f"a pattern level must be a non-empty object: {pattern!r}")
    for value in pattern.values():
        if isinstance(value, dict):
            _check(value)
        elif isinstance(value, list) and value:
            for allowed in value:
                if isinstance(allowed, dict) and (len(allowed) != 1 or next(iter(allowed)) not in _OPERATORS):
                    raise UnsupportedPattern(f"unsupported filter operator: {allowed!r}")
        else:
            raise UnsupportedPattern(f"a leaf must be a non-empty list: {value!r}")


def matches_any(patterns: list[dict[str, Any]], record: Any) -> bool:
    return not patterns or any(_matches(p, record) for p in patterns)


def _matches(pattern: dict[str, Any], record: Any) -> bool:
    if not isinstance(record, dict):
        return False
    for key, wanted in pattern.items():
        if isinstance(wanted, dict):
            if not _matches(wanted, record.get(key)):
                return False
        elif not any(_leaf(allowed, key in record, record.get(key)) for allowed in wanted):
            return False
    return True


def _leaf(allowed: Any, present: bool, value: Any) -> bool:
    if isinstance(allowed, dict):
        ((operator, argument),) = allowed.items()
        if operator == "exists":
            return present is bool(argument)
        if not present:
            return False
        if operator == "prefix":
            return isinstance(value, str) and value.startswith(str(argument))
        return value not in argument  # anything-but
    return present and type(value) is type(allowed) and value == allowed
