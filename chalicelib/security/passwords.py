"""Password hashing with Argon2id (memory-hard), via argon2-cffi.

Parameters: 64 MiB, 3 passes, 1 lane: RFC 9106's second recommended option scaled to a 1-2 vCPU Lambda; about
0.1-0.2 s per hash there. `ARGON2_MEMORY_KIB` / `ARGON2_TIME_COST` lower them for the test suite only, and old
hashes are upgraded on the next successful sign-in (`needs_rehash`).
"""

from __future__ import annotations

import os
from functools import cache
from typing import Any


@cache
def _hasher() -> Any:
    from argon2 import PasswordHasher

    return PasswordHasher(
        time_cost=int(os.environ.get("ARGON2_TIME_COST", "3")),
        memory_cost=int(os.environ.get("ARGON2_MEMORY_KIB", str(64 * 1024))),
        parallelism=1,
    )


class Argon2Passwords:
    """The identity service's `PasswordHasher` port."""

    def hash(self, password: str) -> str:
        return str(_hasher().hash(password))

    def verify(self, password_hash: str, password: str) -> bool:
        from argon2.exceptions import InvalidHashError, VerificationError

        try:
            return bool(_hasher().verify(password_hash, password))
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        return bool(_hasher().check_needs_rehash(password_hash))


def reset() -> None:
    _hasher.cache_clear()
