"""In-memory ports of the keypad guard (`chalicelib/visitors/keypad.py`): attempt counters and guessing alarms."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from chalicelib.visitors import keypad


class MemoryCounters:
    def __init__(self) -> None:
        self.taken: dict[tuple[str, str, str, datetime], int] = {}

    def take(self, community_id: str, scope: str, subject: str, window: Any, limit: int) -> int | None:
        key = (community_id, scope, subject, window[0])
        if self.taken.get(key, 0) >= limit:
            return None
        self.taken[key] = self.taken.get(key, 0) + 1
        return self.taken[key]

    def give_back(self, community_id: str, scope: str, subject: str, window: Any) -> None:
        self.taken[(community_id, scope, subject, window[0])] -= 1


class Alarms:
    def __init__(self) -> None:
        self.seen: list[keypad.GuessingSeen] = []

    def guessing(self, seen: keypad.GuessingSeen) -> None:
        self.seen.append(seen)
