"""The local event source mappings filter records as Lambda does, for the pattern subset the template uses."""

from __future__ import annotations

import json

import pytest

from infra.localcloud.event_filter import UnsupportedPattern, matches_any, parse_filters
from infra.localcloud.template import load_template


def _filters(*patterns: object) -> list[dict[str, object]]:
    return parse_filters({"Filters": [{"Pattern": json.dumps(p)} for p in patterns]})


def test_literals_nested_objects_and_any_of_several_patterns() -> None:
    f = _filters({"eventName": ["INSERT"], "dynamodb": {"Keys": {"sk": {"S": ["ENTRY", "ALARM"]}}}})
    assert matches_any(f, {"eventName": "INSERT", "dynamodb": {"Keys": {"sk": {"S": "ALARM"}}}})
    assert not matches_any(f, {"eventName": "MODIFY", "dynamodb": {"Keys": {"sk": {"S": "ALARM"}}}})
    assert not matches_any(f, {"eventName": "INSERT", "dynamodb": {"Keys": {"sk": {"S": "STATE"}}}})
    assert not matches_any(f, {"eventName": "INSERT"})  # a missing key never matches
    assert not matches_any(f, {"eventName": "INSERT", "dynamodb": "not an object"})
    either = _filters({"a": ["x"]}, {"b": [1]})
    assert matches_any(either, {"b": 1}) and not matches_any(either, {"b": "1"})  # types are not coerced
    assert matches_any([], {"anything": True})  # no FilterCriteria: every record


def test_prefix_exists_and_anything_but() -> None:
    f = _filters({"k": [{"prefix": "C#"}], "gone": [{"exists": False}], "s": [{"anything-but": ["presence"]}]})
    assert matches_any(f, {"k": "C#1", "s": "mqtt"})
    assert not matches_any(f, {"k": "D#1", "s": "mqtt"})
    assert not matches_any(f, {"k": "C#1", "s": "mqtt", "gone": 1})
    assert not matches_any(f, {"k": "C#1", "s": "presence"})


@pytest.mark.parametrize(
    "pattern",
    [{"a": "x"}, {"a": []}, {"a": [{"numeric": [">", 1]}]}, {}, {"a": {}}, {"a": [{"prefix": "x", "exists": True}]}],
)
def test_a_pattern_outside_the_subset_is_refused_not_matched_loosely(pattern: object) -> None:
    with pytest.raises(UnsupportedPattern):
        _filters(pattern)


def test_every_filter_in_the_template_is_within_the_subset() -> None:
    resources = load_template()["Resources"]
    mappings = [r["Properties"] for r in resources.values() if r.get("Type") == "AWS::Lambda::EventSourceMapping"]
    filtered = [m for m in mappings if m.get("FilterCriteria")]
    assert filtered, "the care feed's mapping at least is filtered"
    for mapping in filtered:
        assert parse_filters(mapping["FilterCriteria"])
