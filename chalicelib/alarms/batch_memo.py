"""Look-ups shared by the records of one AlarmEventsQueue batch.

A burst (a fire sets off every detector of a building) hands the consumer batches whose alarms need the same facts:
the community's duty roster, the building's label, a house's guardians and household. Inside one batch
(`tasks.consume_batch`, records evaluated in parallel) each such fact is read once, by the first record that needs
it, while the others wait for that read instead of sending their own; outside a batch (workflow tasks, the API)
nothing is kept. A batch lasts seconds, so a roster change made meanwhile reaches the next batch; what is kept is
never changed in place (callers get a copy of a list).

In AWS terms: one GetItem / Query per fact and batch instead of one per alarm, the DynamoDB requests a burst of
alarms costs before its first notifications fall from about ten per alarm to about six.

Read ahead (`seed_batch`): what every record of a batch looks up by its own key (its message's dedupe marker, the
device that raised it) is read for the whole batch in one BatchGetItem before the records are evaluated, and each
record takes its value (`taken_from_batch`, once: a record that looks again reads again) or finds it memoised.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

T = TypeVar("T")


class _Slot:
    def __init__(self) -> None:
        self.done = threading.Event()
        self.value: Any = None
        self.failed = False


class BatchMemo:
    """Values by key, each computed once (the first caller computes; concurrent callers wait for it). A failed
    computation is not kept: each waiting caller computes it again itself."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._slots: dict[Hashable, _Slot] = {}

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        with self._lock:
            slot = self._slots.get(key)
            owner = slot is None
            if slot is None:
                slot = self._slots[key] = _Slot()
        if owner:
            try:
                slot.value = compute()
            except BaseException:
                slot.failed = True
                with self._lock:
                    self._slots.pop(key, None)
                raise
            finally:
                slot.done.set()
            return _copied(slot.value)
        slot.done.wait()
        if slot.failed:
            return compute()
        return _copied(slot.value)

    def seed(self, values: dict[Hashable, Any]) -> None:
        """Values read ahead for the batch (in one batched request): kept as if computed, unless already there."""
        with self._lock:
            for key, value in values.items():
                if key not in self._slots:
                    slot = self._slots[key] = _Slot()
                    slot.value = value
                    slot.done.set()

    def take(self, key: Hashable) -> tuple[bool, Any]:
        """(True, the value) read ahead for `key`, given once (a second look-up reads again); (False, None) if none."""
        with self._lock:
            slot = self._slots.get(key)
            if slot is None or not slot.done.is_set() or slot.failed:
                return False, None
            del self._slots[key]
        return True, slot.value


def _copied(value: Any) -> Any:
    return list(value) if isinstance(value, list) else value


_current: ContextVar[BatchMemo | None] = ContextVar("alarm_batch_memo", default=None)


@contextmanager
def batch_scope() -> Iterator[BatchMemo]:
    """The look-ups of one batch: threads started with a copy of this context (`contextvars.copy_context`) share it."""
    memo = BatchMemo()
    token = _current.set(memo)
    try:
        yield memo
    finally:
        _current.reset(token)


def within_batch(key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, once per batch for this key when called inside `batch_scope`, every time outside one."""
    memo = _current.get()
    return compute() if memo is None else memo.get(key, compute)


def seed_batch(values: dict[Hashable, Any]) -> None:
    """Values read ahead for the current batch (nothing is kept outside one)."""
    memo = _current.get()
    if memo is not None:
        memo.seed(values)


def taken_from_batch(key: Hashable) -> tuple[bool, Any]:
    """The value read ahead for `key` in the current batch, once: (True, value), or (False, None)."""
    memo = _current.get()
    return (False, None) if memo is None else memo.take(key)
