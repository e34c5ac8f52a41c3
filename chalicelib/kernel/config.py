"""Runtime settings read from the environment (set by CloudFormation, the local cloud or tests).

Resource names come from `infra/` through environment variables; nothing here hard-codes an ARN or a partition.
"""

from __future__ import annotations

import os
from functools import lru_cache

APP_NAME = "smartcommunity"


def stage() -> str:
    return os.environ.get("STAGE", "local")


def table_name(logical: str) -> str:
    """Physical table name for a logical table (`registry`, `identity`, ...): env `TABLE_<LOGICAL>`."""
    return os.environ.get(f"TABLE_{logical.upper()}", f"{APP_NAME}-{stage()}-{logical}")


def resource_name(env_var: str, default_suffix: str) -> str:
    return os.environ.get(env_var, f"{APP_NAME}-{stage()}-{default_suffix}")


def region() -> str:
    return os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "cn-north-1"


def max_body_bytes() -> int:
    return int(os.environ.get("MAX_BODY_BYTES", str(64 * 1024)))


@lru_cache(maxsize=1)
def version() -> str:
    from chalicelib import __version__

    return os.environ.get("APP_VERSION", __version__)
