"""The visitor-pass signing secret in Secrets Manager (env PASS_SIGNING_SECRET_ARN).

Each version of the secret is one key generation: its VersionId names the key (`passes.kid_of`), its value is the
HKDF input from which each community's Ed25519 key is derived in memory. Rotation puts a new random value: the new
version becomes AWSCURRENT and signs from then on; passes signed before stay verifiable (their public keys stay
published, see `domain.visitors.PublishingKeyring`). Nothing of it is ever in the repository or a table.
"""

from __future__ import annotations

import os
import secrets
import time

from chalicelib.domain.passes import kid_of
from chalicelib.gateways.aws import client

CACHE_SECONDS = 300.0


class SecretsManagerMasterKey:
    def __init__(self, secret_arn: str | None = None):
        self.secret_arn = secret_arn or os.environ.get("PASS_SIGNING_SECRET_ARN", "")
        self._cached: tuple[float, str, bytes] | None = None

    def _arn(self) -> str:
        if not self.secret_arn:
            raise RuntimeError("PASS_SIGNING_SECRET_ARN is not configured")
        return self.secret_arn

    def current(self) -> tuple[str, bytes]:
        if self._cached and time.monotonic() - self._cached[0] < CACHE_SECONDS:
            return self._cached[1], self._cached[2]
        answer = client("secretsmanager").get_secret_value(SecretId=self._arn())
        secret = str(answer["SecretString"])
        if len(secret) < 32:
            raise RuntimeError("the pass signing secret is too short (needs >= 32 characters)")  # fail closed
        kid = kid_of(str(answer["VersionId"]))
        self._cached = (time.monotonic(), kid, secret.encode())
        return kid, secret.encode()

    def rotate(self) -> str:
        """A new key generation; returns its key id."""
        answer = client("secretsmanager").put_secret_value(SecretId=self._arn(), SecretString=secrets.token_urlsafe(48))
        self._cached = None
        return kid_of(str(answer["VersionId"]))
