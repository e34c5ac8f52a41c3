"""Lazily created boto3 clients, cached per container (created on first use, never at import)."""

from __future__ import annotations

import os
from functools import cache
from typing import Any

from chalicelib import config


@cache
def client(service: str) -> Any:
    import boto3
    from botocore.config import Config

    endpoint = os.environ.get(f"{service.upper().replace('-', '_')}_ENDPOINT") or os.environ.get("AWS_ENDPOINT_URL")
    return boto3.client(
        service,
        region_name=config.region(),
        endpoint_url=endpoint or None,
        config=Config(retries={"mode": "standard", "max_attempts": 3}, connect_timeout=2, read_timeout=10),
    )


def reset_clients() -> None:
    client.cache_clear()
