"""Runtime settings read from the environment (set by CloudFormation, the local cloud or tests).

Resource names come from `infra/` through environment variables; nothing here hard-codes an ARN or a partition.
"""

from __future__ import annotations

import os
from functools import lru_cache

APP_NAME = "smartcommunity"
DEPLOYED_STAGES = frozenset({"dev", "staging", "prod"})
# What a deployed stack must set, and where it comes from (`make deploy` fills each from the account).
DEPLOYED_SETTINGS = {
    # The account's own IoT data endpoint (DescribeEndpoint iot:Data-ATS), as https://...; without it botocore sends
    # commands and shadow updates to its generic data.ats.iot.<region> address, which the SDK documents as for tests.
    "IOT_DATA_ENDPOINT": "make deploy passes DescribeEndpoint(endpointType='iot:Data-ATS') as IotDataEndpoint",
    # The API Gateway usage plans a partner's API key is enrolled in (by its daily quota): without them onboarding or
    # rotating a partner would store the partner and then fail to give it a key the gateway accepts.
    "PARTNER_PLAN_STANDARD_ID": "the template's PartnerStandardPlan (AWS::ApiGateway::UsagePlan)",
    "PARTNER_PLAN_BULK_ID": "the template's PartnerBulkPlan (AWS::ApiGateway::UsagePlan)",
}


class MissingSetting(RuntimeError):
    """A deployed function lacks a setting its stack must give it: the cold start fails, loudly, on purpose."""


def stage() -> str:
    return os.environ.get("STAGE", "local")


def deployed() -> bool:
    """Running as a Lambda function of a deployed stage (not the local cloud, not a test)."""
    return stage() in DEPLOYED_STAGES and bool(os.environ.get("AWS_LAMBDA_FUNCTION_NAME"))


def check_deployed_settings() -> None:
    """Called at every function's cold start (kernel/functions.py): a deployed stage without its settings fails its
    init, so every invocation errors and the Errors alarms fire, instead of a device command going astray."""
    if not deployed():
        return
    missing = [f"{name} ({origin})" for name, origin in DEPLOYED_SETTINGS.items() if not os.environ.get(name)]
    if missing:
        raise MissingSetting(f"stage {stage()} is deployed without: {'; '.join(missing)}")


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
