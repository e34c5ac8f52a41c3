"""The live channel's rules: who may connect, and that a push reaches only live connections of its own community."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.kernel.errors import Forbidden, Unauthenticated
from chalicelib.kernel.security.principal import Principal
from chalicelib.live.model import Connection
from chalicelib.live.service import LiveService

NOW = 1_700_000_000_000


class Memory:
    def __init__(self) -> None:
        self.items: dict[str, Connection] = {}

    def add(self, connection: Connection) -> None:
        self.items[connection.connection_id] = connection

    def remove(self, connection_id: str) -> Connection | None:
        return self.items.pop(connection_id, None)

    def of_community(self, community_id: str) -> list[Connection]:
        # deliberately returns every connection: the service itself must not send across communities
        return list(self.items.values())

    def all(self) -> list[Connection]:
        return list(self.items.values())


class Wire:
    def __init__(self) -> None:
        self.sent: list[tuple[str, bytes]] = []
        self.closed: list[str] = []
        self.gone: set[str] = set()
        self.broken: set[str] = set()

    def send(self, connection_id: str, data: bytes) -> bool:
        if connection_id in self.gone:
            return False
        if connection_id in self.broken:
            raise ConnectionError("gateway down")
        self.sent.append((connection_id, data))
        return True

    def close(self, connection_id: str) -> None:
        self.closed.append(connection_id)


class Revoked:
    def __init__(self) -> None:
        self.subjects: set[str] = set()

    def ended(self, subject: str, issued_ms: int) -> bool:
        return subject in self.subjects


def principals(token: str, community: str) -> Principal:
    kind, subject, allowed = token.split(":")
    if community not in allowed.split(","):
        raise Forbidden("token is not valid for this community", code="COMMUNITY_FORBIDDEN")
    if subject == "bad":
        raise Unauthenticated("bad token", code="TOKEN_INVALID")
    return Principal(subject=subject, kind=kind, roles=frozenset({"staff.guard"}), issued_ms=NOW - 1000)


def service(now: list[int] | None = None) -> tuple[LiveService, Memory, Wire, Revoked]:
    clock = now or [NOW]
    memory, wire, revoked = Memory(), Wire(), Revoked()
    live = LiveService(memory, wire, revoked, principals, token_seconds=900, now_ms=lambda: clock[0])
    return live, memory, wire, revoked


def event(community: str, **extra: Any) -> dict[str, Any]:
    return {"type": "alarm.changed", "communityId": community, "alarmId": "a1", **extra}


def test_connect_is_refused_for_another_community_a_resident_and_a_bad_token() -> None:
    live, memory, _, _ = service()
    with pytest.raises(Forbidden):
        live.connect("c1", "staff:s1:A", "B")
    with pytest.raises(Forbidden):
        live.connect("c2", "resident:r1:A", "A")
    with pytest.raises(Unauthenticated):
        live.connect("c3", "staff:bad:A", "A")
    assert memory.items == {}
    connection = live.connect("c4", "staff:s1:A", "A")
    assert connection.community_id == "A" and connection.expires_ms == NOW - 1000 + 900_000


def test_a_push_reaches_only_its_own_community() -> None:
    live, _, wire, _ = service()
    live.connect("a", "staff:s1:A", "A")
    live.connect("b", "staff:s2:B", "B")
    assert live.push(event("A")) == 1
    assert [cid for cid, _ in wire.sent] == ["a"]
    assert live.push(event("")) == 0


def test_expired_and_revoked_connections_receive_nothing_and_are_closed() -> None:
    clock = [NOW]
    live, memory, wire, revoked = service(clock)
    live.connect("a", "staff:s1:A", "A")
    live.connect("b", "staff:s2:A", "A")
    revoked.subjects.add("s2")
    assert live.push(event("A")) == 1 and [cid for cid, _ in wire.sent] == ["a"]
    assert wire.closed == ["b"] and set(memory.items) == {"a"}
    clock[0] = NOW + 900_000  # the token is over
    assert live.sweep() == 1 and wire.closed == ["b", "a"] and memory.items == {}


def test_a_gone_connection_is_forgotten() -> None:
    live, memory, wire, _ = service()
    live.connect("a", "staff:s1:A", "A")
    wire.gone.add("a")
    assert live.push(event("A")) == 0 and memory.items == {}


def test_one_broken_connection_never_keeps_the_event_from_the_others() -> None:
    from chalicelib.live.service import LivePushFailed

    live, memory, wire, _ = service()
    live.connect("a", "staff:s1:A", "A")
    live.connect("b", "staff:s2:A", "A")
    wire.broken.add("a")
    assert live.push(event("A")) == 1 and [cid for cid, _ in wire.sent] == ["b"]
    wire.broken.add("b")
    with pytest.raises(LivePushFailed):  # nobody reached: the queue delivers the event again
        live.push(event("A"))
    assert set(memory.items) == {"a", "b"}


def test_a_batch_reads_a_communitys_connections_once_and_forgets_the_gone_ones() -> None:
    live, memory, wire, _ = service()
    live.connect("a", "staff:s1:A", "A")
    live.connect("b", "staff:s2:A", "A")
    reads: list[str] = []
    of_community = memory.of_community

    def counted(community_id: str) -> list[Connection]:
        reads.append(community_id)
        return of_community(community_id)

    memory.of_community = counted  # type: ignore[method-assign]
    wire.gone.add("b")
    known: dict[str, list[Connection]] = {}
    assert [live.push(event("A", alarmId=f"a{i}"), known) for i in range(3)] == [1, 1, 1]
    assert reads == ["A"], "one read for the batch's three events"
    assert [cid for cid, _ in wire.sent] == ["a", "a", "a"] and set(memory.items) == {"a"}
    assert [c.connection_id for c in known["A"]] == ["a"], "the gone connection is not tried again in the batch"
