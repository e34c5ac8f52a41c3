"""Change feeds (000 11.1; 001 7.2.7): per community and resource, every change in commit order behind a cursor
that never skips nor repeats a change, across pages, restarts and concurrent writers.

How: each change takes the next number of its feed (an atomic counter) and is written into that slot only if the
slot is empty. Writers that took 5 and 6 may commit 6 first; a reader therefore returns changes only up to the
first hole, so its cursor never passes a change that is still being written. A hole older than `GRACE` (its writer
died after taking the number) is sealed by the reader with a void marker, written only if the slot is still
empty; a writer arriving later finds the slot taken and takes the next number, so its change is never lost. Voids
advance the cursor and are never returned. A retried source event (the same `event_id`) is appended once: the slot
and the event's marker are written in one transaction.

Deletes are tombstones (`op = delete`, no data). Pure: storage is the `FeedStore` port.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Protocol

from chalicelib.partners.model import Change

GRACE = timedelta(seconds=10)
MAX_APPEND_ATTEMPTS = 20
FEED_RESOURCES: tuple[str, ...] = ("people", "houses", "vehicles", "access_records", "alarms", "devices")
VOID = "void"


class FeedStore(Protocol):
    def next_seq(self, community_id: str, resource: str) -> int: ...

    def put(self, community_id: str, change: Change, event_id: str | None) -> str:
        """`written`, `slot_taken` (take another number) or `duplicate` (this event is already in the feed)."""
        ...

    def after(self, community_id: str, resource: str, seq: int, limit: int) -> list[Change]: ...
    def get(self, community_id: str, resource: str, seq: int) -> Change | None: ...
    def void(self, community_id: str, resource: str, seq: int, at: datetime) -> bool: ...


class FeedBusy(Exception):
    """Every number this append took was voided meanwhile (only with a reader sealing holes much too early)."""


class ChangeFeed:
    def __init__(self, store: FeedStore, now: Callable[[], datetime], grace: timedelta = GRACE):
        self.store = store
        self.now = now
        self.grace = grace

    def append(
        self,
        community_id: str,
        resource: str,
        record_id: str,
        op: str,
        data: dict[str, object],
        event_id: str | None = None,
    ) -> int | None:
        """The change's number, or None when `event_id` was appended before (a retried event changes nothing)."""
        for _ in range(MAX_APPEND_ATTEMPTS):
            seq = self.store.next_seq(community_id, resource)
            change = Change(seq, resource, record_id, op, self.now(), {} if op == "delete" else data)
            outcome = self.store.put(community_id, change, event_id)
            if outcome == "written":
                return seq
            if outcome == "duplicate":
                self.store.void(community_id, resource, seq, self.now())  # no hole for readers to wait on
                return None
        raise FeedBusy(f"could not append to the {resource} feed of {community_id}")

    def page(self, community_id: str, resource: str, after: int, limit: int) -> tuple[list[Change], int]:
        """Up to `limit` changes after number `after`, in order, and the cursor to continue from (the number of
        the last change or void passed; unchanged when nothing new is settled)."""
        out: list[Change] = []
        cursor = after
        while len(out) < limit:
            batch = self.store.after(community_id, resource, cursor, limit - len(out))
            if not batch:
                return out, cursor
            for change in batch:
                if change.seq != cursor + 1 and not self._settle_hole(community_id, resource, cursor + 1, change):
                    return out, cursor
                if change.seq != cursor + 1:
                    break  # the hole is settled: read on from it
                cursor = change.seq
                if change.op != VOID:
                    out.append(change)
        return out, cursor

    def _settle_hole(self, community_id: str, resource: str, seq: int, later: Change) -> bool:
        """True when slot `seq` now holds something (its change arrived, or it was voided)."""
        if self.store.get(community_id, resource, seq) is not None:
            return True
        if self.now() - later.at < self.grace:
            return False  # its writer may still be committing: stop before the hole
        self.store.void(community_id, resource, seq, self.now())
        return True  # voided, or the writer won the race: either way the slot holds something now
