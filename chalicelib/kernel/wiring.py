"""What every capability's `wiring.py` builds with: `@built` factories, made once per container and forgotten
together by `reset()` (tests and the local cloud change the environment between builds).

A factory is built on its first call, never at import: a function's cold start builds only what its own first
request needs.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Protocol, TypeVar

T = TypeVar("T", covariant=True)


class Built(Protocol[T]):
    def __call__(self) -> T: ...

    def cache_clear(self) -> None: ...


_BUILT: list[Built[object]] = []


def built(factory: Callable[[], T]) -> Built[T]:
    """`functools.cache` for a factory of no arguments, remembered so that `reset()` forgets what it built."""
    cached: Built[T] = cache(factory)
    _BUILT.append(cached)
    return cached


def reset() -> None:
    """Forget every built service (the next call builds it again from the current environment)."""
    for factory in _BUILT:
        factory.cache_clear()
