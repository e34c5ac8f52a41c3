"""Lazily created AWS clients, cached per container (created on first use, never at import).

They are botocore clients, made straight from a botocore session: the app uses clients only (no boto3 resources,
no managed transfers), and importing boto3 would add ~100 ms to every cold start (boto3 imports s3transfer, which
imports the AWS CRT) for nothing a client needs. `generate_presigned_post`, `exceptions` and the rest are botocore's.

One botocore data loader serves every client of the container, PynamoDB's included: PynamoDB opens a botocore
session per model connection and thread, and each new session would parse the service models and the
endpoint tables again (a large part of a cold start's first request).
"""

from __future__ import annotations

import os
from functools import cache
from typing import Any

from chalicelib.kernel import config


@cache
def _loader() -> Any:
    from botocore.loaders import create_loader

    return create_loader()


def botocore_session() -> Any:
    """A new botocore session that shares the container's data loader (what PynamoDB asks for per connection)."""
    from botocore.session import get_session

    session = get_session()
    session.register_component("data_loader", _loader())
    return session


@cache
def client(service: str) -> Any:
    from botocore.config import Config

    endpoint = os.environ.get(f"{service.upper().replace('-', '_')}_ENDPOINT") or os.environ.get("AWS_ENDPOINT_URL")
    return botocore_session().create_client(
        service,
        region_name=config.region(),
        endpoint_url=endpoint or None,
        # A pool larger than the store's write threads (telemetry.WRITE_THREADS), so that no connection is dropped
        # and opened again between requests of one batch.
        config=Config(
            retries={"mode": "standard", "max_attempts": 3},
            connect_timeout=2,
            read_timeout=10,
            max_pool_connections=32,
        ),
    )


def reset_clients() -> None:
    client.cache_clear()
