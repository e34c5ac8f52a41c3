"""From counted usage to yuan a month: the price list (bench/prices_aws_cn.json) and the metering rules.

Pure arithmetic, no AWS: `bench/cost_model.py` counts what a run on the local cloud did and scales it to the
reference community; this module turns those counts into priced lines. No free tier is applied.

Metering rules (the services' pricing pages): IoT messages and rule evaluations are metered in 5 KB blocks;
DynamoDB writes in 1 KB units and reads in 4 KB units (an eventually consistent read is half a unit, a transactional
one twice); SQS requests in 64 KB chunks; Lambda duration rounded up to the millisecond, times the configured memory.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

PRICES = Path(__file__).resolve().parent / "prices_aws_cn.json"

# meter -> (component, price key, how many metered units the price is for)
METERS: dict[str, tuple[str, str, float]] = {
    "iot_connection_minutes": ("IoT Core", "iot_connectivity_per_million_minutes", 1e6),
    "iot_messages": ("IoT Core", "iot_messages_per_million", 1e6),
    "iot_rules_triggered": ("IoT Core", "iot_rules_triggered_per_million", 1e6),
    "iot_actions": ("IoT Core", "iot_actions_per_million", 1e6),
    "iot_shadow_ops": ("IoT Core", "iot_shadow_or_registry_ops_per_million", 1e6),
    "lambda_requests": ("Lambda", "lambda_requests_per_million", 1e6),
    "lambda_gb_seconds": ("Lambda", "lambda_gb_second", 1),
    "dynamodb_wru": ("DynamoDB", "dynamodb_write_request_units_per_million", 1e6),
    "dynamodb_rru": ("DynamoDB", "dynamodb_read_request_units_per_million", 1e6),
    "dynamodb_ia_wru": ("DynamoDB", "dynamodb_write_request_units_per_million*ia", 1e6),
    "dynamodb_ia_rru": ("DynamoDB", "dynamodb_read_request_units_per_million*ia", 1e6),
    "dynamodb_storage_gb_months": ("DynamoDB", "dynamodb_storage_gb_month", 1),
    "dynamodb_ia_storage_gb_months": ("DynamoDB", "dynamodb_ia_storage_gb_month", 1),
    "sfn_transitions": ("Step Functions", "stepfunctions_standard_transitions_per_thousand", 1e3),
    "s3_put_requests": ("S3", "s3_put_requests_per_thousand", 1e3),
    "s3_get_requests": ("S3", "s3_get_requests_per_thousand", 1e3),
    "s3_storage_gb_months": ("S3", "s3_storage_gb_month", 1),
    "sqs_requests": ("SQS", "sqs_requests_per_million", 1e6),
    "apigw_requests": ("API Gateway", "api_gateway_rest_requests_per_million", 1e6),
    "logs_ingested_gb": ("CloudWatch", "cloudwatch_logs_ingested_gb", 1),
    "logs_stored_gb_months": ("CloudWatch", "cloudwatch_logs_stored_gb_month", 1),
    "custom_metrics": ("CloudWatch", "cloudwatch_custom_metrics_month", 1),
    "cloudwatch_alarms": ("CloudWatch", "cloudwatch_alarms_month", 1),
    "cloudwatch_dashboards": ("CloudWatch", "cloudwatch_dashboards_month", 1),
    "secrets": ("Secrets Manager", "secrets_manager_secret_month", 1),
    "kms_keys": ("KMS", "kms_key_month", 1),
}

GB = 1024**3


@dataclass(frozen=True)
class Line:
    component: str
    meter: str
    detail: str  # table, function, queue or kind of work ("" when the meter has one line)
    quantity: float  # metered units a month
    yuan: float


def load_prices(path: Path = PRICES) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def unit_price(prices: dict[str, Any], key: str) -> float:
    """Yuan for one priced quantity of `key`: the China figure, or the global USD figure times the named rate; a
    `*ia` key is the Standard table class price times the Standard-IA multiplier."""
    if key.endswith("*ia"):
        return unit_price(prices, key[:-3]) * float(prices["prices"]["dynamodb_ia_request_multiplier"]["ratio"])
    entry = prices["prices"][key]
    if "cny" in entry:
        return float(entry["cny"])
    return float(entry["usd"]) * float(prices["usd_to_cny"]["rate"])


def price(usage: dict[tuple[str, str], float], prices: dict[str, Any]) -> list[Line]:
    """Priced lines, largest first, from {(meter, detail): metered units a month}."""
    lines = []
    for (meter, detail), quantity in usage.items():
        component, key, per = METERS[meter]
        lines.append(Line(component, meter, detail, quantity, quantity / per * unit_price(prices, key)))
    return sorted(lines, key=lambda line: -line.yuan)


def by_component(lines: list[Line]) -> dict[str, float]:
    totals: dict[str, float] = {}
    for line in lines:
        totals[line.component] = totals.get(line.component, 0.0) + line.yuan
    return dict(sorted(totals.items(), key=lambda item: -item[1]))


def yuan(amount: float, places: int = 2) -> str:
    """Rounded half up for display (¥0.005 -> ¥0.01); the sums are kept unrounded."""
    quantum = Decimal(1).scaleb(-places)
    return f"¥{Decimal(repr(amount)).quantize(quantum, rounding=ROUND_HALF_UP)}"


# Metering units.


def iot_blocks(payload_and_topic_bytes: int) -> int:
    """IoT Core meters a message (and a rule evaluation) in 5 KB blocks; an empty message is one block."""
    return max(1, math.ceil(payload_and_topic_bytes / 5120))


def write_units(item_bytes: int, transactional: bool = False) -> int:
    units = max(1, math.ceil(item_bytes / 1024))
    return units * 2 if transactional else units


def read_units(item_bytes: int, consistent: bool = False, transactional: bool = False) -> float:
    blocks = max(1, math.ceil(item_bytes / 4096))
    if transactional:
        return blocks * 2.0
    return float(blocks) if consistent else blocks / 2


def sqs_requests(payload_bytes: int) -> int:
    """Each 64 KB chunk of a request's payload is billed as one request."""
    return max(1, math.ceil(payload_bytes / 65536))


def lambda_gb_seconds(duration_ms: float, memory_mb: int) -> float:
    """Duration rounded up to the millisecond, times the configured memory."""
    return math.ceil(duration_ms) / 1000 * memory_mb / 1024
