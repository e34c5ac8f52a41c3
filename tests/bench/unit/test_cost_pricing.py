"""The cost bench's arithmetic (bench/pricing.py): counts -> yuan with the stored price list, metering units, no free
tier, display rounding."""

from __future__ import annotations

import copy

import pytest

from bench import pricing


@pytest.fixture
def prices() -> dict:
    return pricing.load_prices()


def test_every_meter_has_a_price_with_a_source(prices: dict) -> None:
    for _component, key, _per in pricing.METERS.values():
        entry = prices["prices"][key.removesuffix("*ia")]
        assert "source" in entry and entry["basis"] in {"cn_page", "global_usd_x_rate", "derived"}
        assert pricing.unit_price(prices, key) > 0
    assert prices["read_on"] and prices["usd_to_cny"]["rate"] > 0


def test_china_figure_is_used_as_is_and_global_figures_scale_with_the_named_rate(prices: dict) -> None:
    assert pricing.unit_price(prices, "dynamodb_write_request_units_per_million") == 11.1538
    rate = prices["usd_to_cny"]["rate"]
    assert pricing.unit_price(prices, "lambda_requests_per_million") == pytest.approx(0.20 * rate)
    doubled = copy.deepcopy(prices)
    doubled["usd_to_cny"]["rate"] = rate * 2
    assert pricing.unit_price(doubled, "lambda_requests_per_million") == pytest.approx(0.40 * rate)
    assert pricing.unit_price(doubled, "dynamodb_write_request_units_per_million") == 11.1538


def test_standard_ia_requests_cost_the_china_pages_ratio_more(prices: dict) -> None:
    standard = pricing.unit_price(prices, "dynamodb_write_request_units_per_million")
    assert pricing.unit_price(prices, "dynamodb_write_request_units_per_million*ia") == pytest.approx(standard * 1.25)


def test_counts_to_yuan_without_free_tier(prices: dict) -> None:
    rate = prices["usd_to_cny"]["rate"]
    usage = {
        ("lambda_requests", "ingest"): 1_000_000,  # inside the global free tier: still charged
        ("iot_messages", ""): 2_500_000,
        ("dynamodb_wru", "telemetry"): 500_000,
        ("sfn_transitions", "alarm"): 4_000,
    }
    lines = {(line.meter, line.detail): line.yuan for line in pricing.price(usage, prices)}
    assert lines[("lambda_requests", "ingest")] == pytest.approx(0.20 * rate)
    assert lines[("iot_messages", "")] == pytest.approx(2.5 * 1.0 * rate)
    assert lines[("dynamodb_wru", "telemetry")] == pytest.approx(0.5 * 11.1538)
    assert lines[("sfn_transitions", "alarm")] == pytest.approx(4 * 0.025 * rate)
    ordered = pricing.price(usage, prices)
    assert [line.yuan for line in ordered] == sorted((line.yuan for line in ordered), reverse=True)
    totals = pricing.by_component(ordered)
    assert sum(totals.values()) == pytest.approx(sum(lines.values()))
    assert next(iter(totals)) == "IoT Core"


def test_zero_usage_costs_nothing(prices: dict) -> None:
    assert pricing.price({("sqs_requests", "q"): 0}, prices)[0].yuan == 0


def test_metering_units() -> None:
    assert pricing.iot_blocks(0) == 1
    assert pricing.iot_blocks(5120) == 1
    assert pricing.iot_blocks(5121) == 2
    assert pricing.write_units(100) == 1
    assert pricing.write_units(1025) == 2
    assert pricing.write_units(1025, transactional=True) == 4
    assert pricing.read_units(4096) == 0.5
    assert pricing.read_units(4097, consistent=True) == 2
    assert pricing.read_units(10, transactional=True) == 2
    assert pricing.sqs_requests(65536) == 1
    assert pricing.sqs_requests(65537) == 2
    assert pricing.lambda_gb_seconds(10.2, 512) == pytest.approx(0.011 * 0.5)
    assert pricing.lambda_gb_seconds(1000, 1024) == pytest.approx(1.0)


def test_display_rounds_half_up_and_keeps_small_amounts() -> None:
    assert pricing.yuan(0.005) == "¥0.01"
    assert pricing.yuan(0.004) == "¥0.00"
    assert pricing.yuan(0.2345, 3) == "¥0.235"
    assert pricing.yuan(1234.5) == "¥1234.50"
