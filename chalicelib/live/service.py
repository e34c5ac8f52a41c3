"""The live channel's use cases: connect (authorise, remember), disconnect, push an event to its community, sweep."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from chalicelib.kernel.security.principal import Principal
from chalicelib.live.model import Connection, Connections, Gateway, SessionCheck, check_kind, deliverable


class LivePushFailed(Exception):
    """No connection of the community could be reached (a gateway outage): the event is delivered again."""


class LiveService:
    def __init__(
        self,
        connections: Connections,
        gateway: Gateway,
        sessions: SessionCheck,
        authorise: Callable[[str, str], Principal],
        token_seconds: int,
        now_ms: Callable[[], int],
        on_failure: Callable[[str, Exception], None] = lambda _connection, _error: None,
    ) -> None:
        self.connections = connections
        self.gateway = gateway
        self.sessions = sessions
        self.authorise = authorise
        self.token_seconds = token_seconds
        self.now_ms = now_ms
        self.on_failure = on_failure

    def connect(self, connection_id: str, token: str, community_id: str) -> Connection:
        """Raises Unauthenticated (bad, expired or revoked token) or Forbidden (not staff, not this community)."""
        principal = self.authorise(token, community_id)
        check_kind(principal.kind)
        issued = principal.issued_ms or self.now_ms()
        connection = Connection(
            connection_id=connection_id,
            community_id=community_id,
            subject=principal.subject,
            issued_ms=issued,
            expires_ms=issued + self.token_seconds * 1000,
        )
        self.connections.add(connection)
        return connection

    def disconnect(self, connection_id: str) -> None:
        self.connections.remove(connection_id)

    def _alive(self, connection: Connection, now: int) -> bool:
        return now < connection.expires_ms and not self.sessions.ended(connection.subject, connection.issued_ms)

    def _end(self, connection: Connection) -> None:
        self.connections.remove(connection.connection_id)
        self.gateway.close(connection.connection_id)

    def push(self, event: dict[str, Any], known: dict[str, list[Connection]] | None = None) -> int:
        """Sends the event to every live connection of its community; ends those whose session is over or whose
        connection is gone. Returns how many received it. `known`: the connections by community read for earlier
        events of the same batch (read once per community and batch, and kept up to date here)."""
        community_id = str(event.get("communityId") or "")
        if not community_id:
            return 0
        data = json.dumps(event, ensure_ascii=False).encode()
        now, sent, failed = self.now_ms(), 0, 0
        if known is None:
            connections = self.connections.of_community(community_id)
        elif community_id in known:
            connections = known[community_id]
        else:
            connections = known[community_id] = self.connections.of_community(community_id)
        gone: set[str] = set()
        for connection in list(connections):
            if not self._alive(connection, now):
                self._end(connection)
                gone.add(connection.connection_id)
                continue
            if not deliverable(event, connection, now):
                continue
            try:
                delivered = self.gateway.send(connection.connection_id, data)
            except Exception as exc:  # one broken connection never keeps the event from the others
                self.on_failure(connection.connection_id, exc)
                failed += 1
                continue
            if delivered:
                sent += 1
            else:
                self.connections.remove(connection.connection_id)
                gone.add(connection.connection_id)
        if known is not None and gone:
            known[community_id] = [c for c in connections if c.connection_id not in gone]
        if failed and not sent:
            raise LivePushFailed(f"{failed} connection(s) could not be reached")
        return sent

    def sweep(self) -> int:
        """Ends every connection whose token expired or whose session was cut off; returns how many."""
        now, ended = self.now_ms(), 0
        for connection in self.connections.all():
            if not self._alive(connection, now):
                self._end(connection)
                ended += 1
        return ended
