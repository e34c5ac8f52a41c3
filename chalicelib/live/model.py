"""Who may hold a live connection and what it may receive. Pure: no AWS.

A connection is opened with an access token and one community: the token must be a staff (or admin) token that
reads alarms (`alarm:read`) in that community, and not cut off. It then receives only events of that community,
and only while its token lasts and its session has not ended: both are checked again at every push, so a revoked
session stops receiving within the session-cutoff cache's 30 s, as the API stops answering it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from chalicelib.kernel.errors import Forbidden

PERMISSION = "alarm:read"
STAFF_KINDS = frozenset({"staff", "admin"})


@dataclass(frozen=True)
class Connection:
    connection_id: str
    community_id: str
    subject: str
    issued_ms: int
    expires_ms: int


class Connections(Protocol):
    def add(self, connection: Connection) -> None: ...

    def remove(self, connection_id: str) -> Connection | None: ...

    def of_community(self, community_id: str) -> list[Connection]: ...

    def all(self) -> list[Connection]: ...


class Gateway(Protocol):
    def send(self, connection_id: str, data: bytes) -> bool:
        """False when the connection is gone (410)."""
        ...

    def close(self, connection_id: str) -> None: ...


class SessionCheck(Protocol):
    def ended(self, subject: str, issued_ms: int) -> bool: ...


def check_kind(kind: str) -> None:
    if kind not in STAFF_KINDS:
        raise Forbidden("the live channel is for staff", code="PERMISSION_DENIED")


def deliverable(event: dict[str, Any], connection: Connection, now_ms: int) -> bool:
    """An event goes to a connection of its own community, while the connection's token lasts."""
    return event.get("communityId") == connection.community_id and now_ms < connection.expires_ms
