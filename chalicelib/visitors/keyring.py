"""The pass signing keys: each community signs with the current key generation (derived from the signing secret,
`passes.derive_signing_key`) and publishes its public key before the first pass it signs; gates verify with the
published keys only. Pure Python: the secret and the published-key table are ports.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from chalicelib.kernel.clock import utcnow
from chalicelib.visitors import passes
from chalicelib.visitors.model import MAX_WINDOW_HOURS


class MasterKeySource(Protocol):
    def current(self) -> tuple[str, bytes]:
        """(key id, secret bytes) of the signing secret's current version."""
        ...


class PublishedKeyStore(Protocol):
    def list(self, community_id: str) -> list[Any]:
        """Records with kid, public_key, published_at, superseded_at."""
        ...

    def publish(self, community_id: str, kid: str, public_key: str, now: datetime) -> None: ...


@dataclass
class PublishingKeyring:
    """Signs with the current key generation and publishes its public key before the first pass it signs.

    A superseded key stays published for MAX_WINDOW_HOURS after it was superseded: every pass it signed ends
    before that (key rotation never invalidates a pass that is still in its window)."""

    master: MasterKeySource
    store: PublishedKeyStore
    now: Callable[[], datetime] = utcnow
    cache_seconds: float = 60.0
    _known: set[tuple[str, str]] = field(default_factory=set)
    _published: dict[str, tuple[float, dict[str, str]]] = field(default_factory=dict)

    def signer(self, community_id: str) -> tuple[str, Any]:
        kid, master = self.master.current()
        key = passes.derive_signing_key(master, community_id, kid)
        if (community_id, kid) not in self._known:
            self.store.publish(community_id, kid, passes.public_key_b64(key), self.now())
            self._known.add((community_id, kid))
            self._published.pop(community_id, None)
        return kid, key

    def published(self, community_id: str, fresh: bool = False) -> dict[str, str]:
        cached = self._published.get(community_id)
        if cached and not fresh and time.monotonic() - cached[0] < self.cache_seconds:
            return cached[1]
        now = self.now()
        keep = timedelta(hours=MAX_WINDOW_HOURS)
        keys = {
            r.kid: r.public_key
            for r in self.store.list(community_id)
            if r.superseded_at is None or r.superseded_at + keep > now
        }
        self._published[community_id] = (time.monotonic(), keys)
        return keys
