"""Races over real HTTP: the app served by Chalice's local server (what `make up` runs) and racers that start together.

Chalice's test client keeps the current request on the app object, so two threads through it do not run two
requests side by side (and `[200, 409]` is also what a sequential run gives). Here each racer has its own HTTP
connection to the local server, whose threads each keep their own current request (`chalice.local.LocalChalice`);
the racers are released by one barrier, and `hold_until_all_arrive` makes the interleaving certain instead of
likely: each racer is held just before its write until every racer has read, so a rule that only a conditional
write enforces fails the test when the condition is taken away.

The `live_api` fixture (tests/conftest.py) serves the session's app with `serve`; tests call `race(...)`.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Hashable, Iterator
from typing import Any, TypeVar

import pytest
import requests

T = TypeVar("T")


def serve(app: Any) -> Iterator[str]:
    """The base URL of the app served over HTTP on a free loopback port, until the generator is closed."""
    from infra.localcloud.__main__ import serve_api

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    server = serve_api(app, port)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()


def race(calls: list[Callable[[requests.Session], T]], timeout: float = 60) -> list[T]:
    """Run each call on its own thread and HTTP session, all released at once by a barrier; their results in order."""
    start = threading.Barrier(len(calls), timeout=timeout)
    results: list[Any] = [None] * len(calls)
    errors: list[BaseException] = []

    def run(i: int, call: Callable[[requests.Session], T]) -> None:
        with requests.Session() as session:
            try:
                start.wait()
                results[i] = call(session)
            except BaseException as exc:  # reported below, on the test's thread
                errors.append(exc)

    threads = [threading.Thread(target=run, args=(i, c), name=f"racer-{i}") for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout)
    assert not any(t.is_alive() for t in threads), "a racer did not finish"
    assert not errors, errors
    return results


def hold_until_all_arrive(
    monkeypatch: pytest.MonkeyPatch,
    target: Any,
    method: str,
    racers: set[Hashable],
    racer_of: Callable[..., Hashable | None],
    timeout: float = 20,
) -> set[Hashable]:
    """Wrap `target.method` so each racer's first call (the one `racer_of(*args)` names) waits until every racer
    has made its own: all of them have read the state they are about to change before any of them writes.
    Returns the set of racers that arrived (the test asserts it is all of them: the race really happened)."""
    barrier = threading.Barrier(len(racers), timeout=timeout)
    arrived: set[Hashable] = set()
    lock = threading.Lock()
    real = getattr(target, method)

    def held(*args: Any, **kwargs: Any) -> Any:
        racer = racer_of(*args, **kwargs)
        if racer in racers:
            with lock:
                first = racer not in arrived
                arrived.add(racer)
            if first:
                barrier.wait()
        return real(*args, **kwargs)

    monkeypatch.setattr(target, method, held)
    return arrived
