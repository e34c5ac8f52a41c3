"""The API Gateway Management API (post to a connection, delete it) and the session cutoffs the API itself uses."""

from __future__ import annotations

import os
from functools import cache
from typing import Any

from chalicelib.kernel.errors import Unauthenticated


@cache
def _management_client(endpoint: str) -> Any:
    from botocore.config import Config

    from chalicelib.kernel import config
    from chalicelib.kernel.aws import botocore_session

    return botocore_session().create_client(
        "apigatewaymanagementapi",
        region_name=config.region(),
        endpoint_url=endpoint,
        config=Config(retries={"mode": "standard", "max_attempts": 2}, connect_timeout=2, read_timeout=5),
    )


class ManagementApiGateway:
    """`LIVE_CALLBACK_URL` = https://{api-id}.execute-api.{region}.{suffix}/{stage} deployed; the local socket
    server's management endpoint locally."""

    def _client(self) -> Any:
        return _management_client(os.environ["LIVE_CALLBACK_URL"])

    def send(self, connection_id: str, data: bytes) -> bool:
        client = self._client()
        try:
            client.post_to_connection(ConnectionId=connection_id, Data=data)
        except client.exceptions.ClientError as exc:
            if _gone(exc):
                return False
            raise
        return True

    def close(self, connection_id: str) -> None:
        client = self._client()
        try:
            client.delete_connection(ConnectionId=connection_id)
        except client.exceptions.ClientError as exc:
            if not _gone(exc):
                raise


def _gone(exc: Any) -> bool:
    """410 Gone: the client left (GoneException, or a bare 410 from a gateway that names no error type)."""
    response = getattr(exc, "response", {}) or {}
    status = response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    return bool(response.get("Error", {}).get("Code") == "GoneException" or status == 410)


class CutoffSessions:
    """The same per-container session-cutoff cache as every API request (30 s)."""

    def ended(self, subject: str, issued_ms: int) -> bool:
        from chalicelib.kernel.security import sessions

        try:
            sessions.cutoffs.check(subject, issued_ms)
        except Unauthenticated:
            return True
        return False
