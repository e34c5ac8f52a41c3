"""Device messages as the care register receives them in production: each published message's topic rule output
through ingestion (validated, stored once), then the telemetry table's stream records written meanwhile, filtered
by CareSignalsMapping's own FilterCriteria (as Lambda filters them), delivered to care_device_signs."""

from __future__ import annotations

import os
from typing import Any

from infra.localcloud.event_filter import matches_any, parse_filters
from infra.localcloud.template import load_template
from tests.support.ingestion import rule_output, sqs_event


def care_filters() -> list[dict[str, Any]]:
    return parse_filters(load_template()["Resources"]["CareSignalsMapping"]["Properties"]["FilterCriteria"])


def publish_to_care(cloud: Any, messages: list[tuple[str, str, str, Any]]) -> tuple[Any, int]:
    """(community, device, kind, document) each, published; returns (care_device_signs' answer or None when the
    filter left nothing to invoke it for, how many stream records the filter dropped)."""
    streams = cloud.client("dynamodbstreams")
    arn = cloud.client("dynamodb").describe_table(TableName=os.environ["TABLE_TELEMETRY"])["Table"]["LatestStreamArn"]
    shards = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"]
    iterators = [
        streams.get_shard_iterator(StreamArn=arn, ShardId=s["ShardId"], ShardIteratorType="LATEST")["ShardIterator"]
        for s in shards
    ]
    batches: dict[str, list[dict[str, Any]]] = {"ingest_telemetry_batch": [], "ingest_events_batch": []}
    for community, device, kind, document in messages:
        function = "ingest_events_batch" if kind == "events" else "ingest_telemetry_batch"
        batches[function].append(rule_output(community, device, kind, document))
    for function, outputs in batches.items():
        if outputs:
            payload, error = cloud.registry.invoke(function, sqs_event(outputs)[0])
            assert error is None, error
    records: list[dict[str, Any]] = []
    for iterator in iterators:
        records += streams.get_records(ShardIterator=iterator)["Records"]
    passed = [r for r in records if matches_any(care_filters(), r)]
    if not passed:
        return None, len(records)
    payload, error = cloud.registry.invoke("care_device_signs", {"Records": passed})
    assert error is None, error
    return payload, len(records) - len(passed)
