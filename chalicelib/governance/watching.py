"""Watch-list use cases: add and remove entries (audited by the routes), and match a passage: every live entry it
hits raises an alarm to the control centre at once (through the alarm capability, keyed by the passage so a
redelivery raises nothing twice) and leaves an audit record of the match."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from chalicelib.governance.watchlist import PassageKeys, WatchEntry, WatchStore, active, candidate_keys, checked_key
from chalicelib.kernel.errors import NotFound


class AlarmPort(Protocol):
    def raise_match(self, community_id: str, entry: WatchEntry, passage: PassageKeys) -> str: ...


class MatchLog(Protocol):
    def first_match(self, community_id: str, entry_id: str, entry: WatchEntry, now: datetime) -> bool: ...
    def audit_match(self, entry: WatchEntry, passage: PassageKeys, alarm_id: str) -> None: ...


@dataclass(frozen=True)
class Match:
    entry: WatchEntry
    alarm_id: str


class WatchService:
    def __init__(
        self,
        store: WatchStore,
        alarms: AlarmPort,
        log: MatchLog,
        id_index: Callable[[str], str],
        now: Callable[[], datetime],
    ):
        self.store = store
        self.alarms = alarms
        self.log = log
        self.id_index = id_index
        self.now = now

    def add(
        self, community_id: str, kind: str, value: str, label: str, reason: str, by: str, until: datetime | None
    ) -> WatchEntry:
        key = self.id_index(value) if kind == "id_number" else checked_key(kind, value)
        entry = WatchEntry(community_id, kind, key, label, reason, by, self.now(), until)
        self.store.add(entry)
        return entry

    def remove(self, community_id: str, kind: str, key: str) -> None:
        if not self.store.remove(community_id, kind, key):
            raise NotFound("no such watch-list entry", code="WATCH_ENTRY_NOT_FOUND")

    def match(self, passage: PassageKeys) -> list[Match]:
        hits = [e for e in self.store.lookup(passage.community_id, candidate_keys(passage)) if active(e, passage.at)]
        matches = []
        for entry in hits:
            alarm_id = self.alarms.raise_match(passage.community_id, entry, passage)
            if self.log.first_match(passage.community_id, passage.entry_id, entry, self.now()):
                self.log.audit_match(entry, passage, alarm_id)
            matches.append(Match(entry, alarm_id))
        return matches
