"""Early end of access tokens: a per-account session cutoff, cached briefly per container.

Access tokens are stateless JWTs (15 minutes). Logout, disable, lockout, a new password or a changed scope write
the account's cutoff (`not_before_ms`); a token issued before it is refused. Reading the cutoff on every request
would cost a database read per call, so each container keeps what it read for `CACHE_SECONDS`: a token stops
working everywhere within that time (and at once in the container that ended the session). The clock is
injectable so tests move time instead of sleeping.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from chalicelib.kernel.errors import Unauthenticated

CACHE_SECONDS = 30.0  # < 60 s: the longest a cut-off token may still be accepted by another container
MAX_CACHED_ACCOUNTS = 10_000


def _load_from_store(account_id: str) -> int | None:
    from chalicelib.kernel.security.session_cutoffs import DynamoSessionCutoffs

    return DynamoSessionCutoffs().not_before_ms(account_id)


@dataclass
class SessionCutoffCache:
    load: Callable[[str], int | None] = _load_from_store
    clock: Callable[[], float] = time.monotonic
    ttl_seconds: float = CACHE_SECONDS
    _entries: dict[str, tuple[float, int | None]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def not_before_ms(self, account_id: str) -> int | None:
        now = self.clock()
        with self._lock:
            cached = self._entries.get(account_id)
        if cached is not None and now - cached[0] < self.ttl_seconds:
            return cached[1]
        value = self.load(account_id)
        with self._lock:
            if len(self._entries) >= MAX_CACHED_ACCOUNTS:
                self._entries.clear()
            self._entries[account_id] = (now, value)
        return value

    def forget(self, account_id: str) -> None:
        """This container just ended the account's sessions: stop trusting what it cached."""
        with self._lock:
            self._entries.pop(account_id, None)

    def check(self, subject: str, issued_ms: int) -> None:
        cutoff = self.not_before_ms(subject)
        if cutoff is not None and issued_ms < cutoff:
            raise Unauthenticated("this session has ended: sign in again", code="TOKEN_REVOKED")


cutoffs = SessionCutoffCache()


class CachedCutoffWriter:
    """The identity service's `SessionCutoffs` port: write the cutoff, and drop this container's cached copy."""

    def __init__(self, cache: SessionCutoffCache | None = None):
        self._cache = cache

    def end_sessions(self, account_id: str, at: datetime) -> None:
        from chalicelib.kernel.security.session_cutoffs import DynamoSessionCutoffs

        DynamoSessionCutoffs().end_sessions(account_id, at)
        (self._cache or cutoffs).forget(account_id)
