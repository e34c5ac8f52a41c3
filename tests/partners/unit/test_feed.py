"""The change feed's protocol on an in-memory store: commit order, no gap and no repeat across pages, restarts,
concurrent writers that commit out of order, a writer that dies after taking a number, and retried events."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

from chalicelib.partners.feed import ChangeFeed
from chalicelib.partners.model import Change


class MemoryFeedStore:
    def __init__(self) -> None:
        self.counter: dict[tuple[str, str], int] = {}
        self.slots: dict[tuple[str, str], dict[int, Change]] = {}
        self.events: set[str] = set()
        self.lock = threading.Lock()

    def next_seq(self, community_id: str, resource: str) -> int:
        with self.lock:
            key = (community_id, resource)
            self.counter[key] = self.counter.get(key, 0) + 1
            return self.counter[key]

    def put(self, community_id: str, change: Change, event_id: str | None) -> str:
        with self.lock:
            slots = self.slots.setdefault((community_id, change.resource), {})
            if event_id is not None and event_id in self.events:
                return "duplicate"
            if change.seq in slots:
                return "slot_taken"
            slots[change.seq] = change
            if event_id is not None:
                self.events.add(event_id)
            return "written"

    def after(self, community_id: str, resource: str, seq: int, limit: int) -> list[Change]:
        with self.lock:
            slots = self.slots.get((community_id, resource), {})
            return [slots[s] for s in sorted(slots) if s > seq][:limit]

    def get(self, community_id: str, resource: str, seq: int) -> Change | None:
        with self.lock:
            return self.slots.get((community_id, resource), {}).get(seq)

    def void(self, community_id: str, resource: str, seq: int, at: datetime) -> bool:
        with self.lock:
            slots = self.slots.setdefault((community_id, resource), {})
            if seq in slots:
                return False
            slots[seq] = Change(seq, resource, "", "void", at)
            return True


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def read_all(feed: ChangeFeed, limit: int, cursor: int = 0) -> tuple[list[str], int]:
    seen: list[str] = []
    while True:
        page, nxt = feed.page("c1", "people", cursor, limit)
        seen.extend(c.record_id for c in page)
        if nxt == cursor:
            return seen, cursor
        cursor = nxt


def test_pages_and_restarts_neither_skip_nor_repeat() -> None:
    feed = ChangeFeed(MemoryFeedStore(), Clock())
    for i in range(25):
        feed.append("c1", "people", f"p{i}", "upsert", {"i": i})
    first, _ = feed.page("c1", "people", 0, 10)
    # a restart: the partner comes back with the cursor of its last page
    rest, cursor = read_all(feed, 7, cursor=first[-1].seq)
    assert [c.record_id for c in first] + rest == [f"p{i}" for i in range(25)]
    feed.append("c1", "people", "p25", "delete", {"ignored": True})
    tail, _ = feed.page("c1", "people", cursor, 10)
    assert [(c.record_id, c.op, c.data) for c in tail] == [("p25", "delete", {})]  # a tombstone, no data


def test_a_change_still_being_written_holds_the_page_before_it() -> None:
    store, clock = MemoryFeedStore(), Clock()
    feed = ChangeFeed(store, clock)
    feed.append("c1", "people", "a", "upsert", {})
    slow = store.next_seq("c1", "people")  # a writer took 2 and has not committed yet
    feed.append("c1", "people", "c", "upsert", {})  # 3 commits first
    page, cursor = feed.page("c1", "people", 0, 10)
    assert [c.record_id for c in page] == ["a"] and cursor == 1  # never past the hole
    assert store.put("c1", Change(slow, "people", "b", "upsert", clock()), None) == "written"
    page, cursor = feed.page("c1", "people", cursor, 10)
    assert [c.record_id for c in page] == ["b", "c"] and cursor == 3


def test_a_hole_older_than_the_grace_is_voided_and_its_late_writer_takes_a_new_number() -> None:
    store, clock = MemoryFeedStore(), Clock()
    feed = ChangeFeed(store, clock)
    dead = store.next_seq("c1", "people")  # taken, never written (the writer died) ...
    feed.append("c1", "people", "x", "upsert", {})
    clock.now += timedelta(seconds=9)
    assert feed.page("c1", "people", 0, 10) == ([], 0)  # just under the grace: wait
    clock.now += timedelta(seconds=2)
    page, cursor = feed.page("c1", "people", 0, 10)  # over it: voided, read on
    assert [c.record_id for c in page] == ["x"] and cursor == 2
    # ... or only slow: its write finds the slot taken, and the append takes the next number
    assert store.put("c1", Change(dead, "people", "late", "upsert", clock()), None) == "slot_taken"
    feed.append("c1", "people", "late", "upsert", {})
    page, _ = feed.page("c1", "people", cursor, 10)
    assert [c.record_id for c in page] == ["late"]


def test_a_retried_event_is_appended_once() -> None:
    feed = ChangeFeed(MemoryFeedStore(), Clock())
    assert feed.append("c1", "people", "p", "upsert", {}, event_id="e1") == 1
    assert feed.append("c1", "people", "p", "upsert", {}, event_id="e1") is None
    seen, _ = read_all(feed, 10)
    assert seen == ["p"]


def test_concurrent_writers_and_a_concurrent_reader_see_every_change_once() -> None:
    feed = ChangeFeed(MemoryFeedStore(), Clock())
    read: list[str] = []
    done = threading.Event()

    def writer(w: int) -> None:
        for i in range(100):
            feed.append("c1", "people", f"w{w}-{i}", "upsert", {}, event_id=f"w{w}-{i}")
            if i % 10 == 0:  # a retry of an event already appended
                feed.append("c1", "people", f"w{w}-{i}", "upsert", {}, event_id=f"w{w}-{i}")

    def reader() -> None:
        cursor = 0
        while True:
            finished = done.is_set()
            page, cursor = feed.page("c1", "people", cursor, 17)
            read.extend(c.record_id for c in page)
            if finished and not page:
                return

    threads: list[Any] = [threading.Thread(target=writer, args=(w,)) for w in range(6)]
    reading = threading.Thread(target=reader)
    reading.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    done.set()
    reading.join()
    assert len(read) == len(set(read)) == 600
