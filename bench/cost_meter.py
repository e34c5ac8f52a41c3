"""What the cost bench counts, and how: a meter fed by hooks on the real code paths of a local-cloud run.

- Lambda: an outermost middleware on every function (`chalicelib.kernel.observability.middleware_for`, patched before
  the app is imported) counts each invocation and times it in-process; GB-seconds use the memory the function is
  deployed with (.chalice/config.json, per stage). Each API handler invocation is one API Gateway request.
- CloudWatch Logs: every byte a function writes to stdout (Powertools logger lines and EMF metric documents) is
  counted against that function, plus Lambda's own START/END/REPORT lines; each distinct EMF metric (namespace, name,
  dimension values) is a custom metric.
- AWS calls (a botocore hook on every client, as the least-privilege recorder has): DynamoDB write and read units by
  table from the items' sizes (moto's own ConsumedCapacity is a constant), including each index an item is written
  to (a GSI when it has the index's hash key, a local index when it has the index's sort key);
  SQS requests by queue (64 KB chunks); S3 request classes and bytes; Step Functions executions (their transitions
  are read from the execution history at the end); IoT data-plane publishes and shadow operations.
"""

from __future__ import annotations

import contextvars
import json
import math
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from bench import pricing

billed_function: contextvars.ContextVar[str] = contextvars.ContextVar("billed_function", default="")
LAMBDA_PLATFORM_LOG_BYTES = 330  # START, END and REPORT lines Lambda writes for every invocation


class Meter:
    def __init__(self) -> None:
        self.kind: str | None = None  # the kind of work being counted; None: setup, nothing counted
        self.usage: dict[str, dict[tuple[str, str], float]] = defaultdict(lambda: defaultdict(float))
        self.executions: list[tuple[str, str]] = []  # (kind, execution arn)
        self.metrics: set[tuple[str, str, str]] = set()
        self.memory: dict[str, int] = {}
        self.gsi_keys: dict[str, list[tuple[str, str]]] = {}  # table -> [(index, hash key)]
        self.table_names: dict[str, str] = {}  # physical -> logical
        self.item_read: Callable[[str, dict[str, Any]], dict[str, Any] | None] | None = None  # uncounted read
        self._lock = threading.Lock()
        self._paused = threading.local()

    def add(self, meter: str, detail: str, quantity: float, kind: str | None = None) -> None:
        kind = kind or self.kind
        if kind is None or getattr(self._paused, "on", False):
            return
        with self._lock:
            self.usage[kind][(meter, detail)] += quantity

    @contextmanager
    def work(self, kind: str) -> Iterator[None]:
        previous, self.kind = self.kind, kind
        try:
            yield
        finally:
            self.kind = previous

    @contextmanager
    def paused(self) -> Iterator[None]:
        self._paused.on = True
        try:
            yield
        finally:
            self._paused.on = False

    # Lambda and logs.

    def timed(self, name: str) -> Callable[[Any, Callable[[Any], Any]], Any]:
        def outermost(event: Any, get_response: Callable[[Any], Any]) -> Any:
            token = billed_function.set(name)
            started = time.perf_counter()
            try:
                return get_response(event)
            finally:
                ms = (time.perf_counter() - started) * 1000
                billed_function.reset(token)
                self.add("lambda_requests", name, 1)
                self.add("lambda_gb_seconds", name, pricing.lambda_gb_seconds(ms, self.memory.get(name, 512)))
                self.add("logs_ingested_gb", name, LAMBDA_PLATFORM_LOG_BYTES / pricing.GB)
                if name == "api_handler":
                    self.add("apigw_requests", "", 1)

        return outermost

    def stdout(self, real: Any) -> Any:
        meter = self

        class CountingStdout:
            def write(self, text: str) -> int:
                function = billed_function.get()
                if not function:
                    return int(real.write(text))
                meter.add("logs_ingested_gb", function, len(text.encode()) / pricing.GB)
                if '"_aws"' in text:
                    meter.emf(text)
                return len(text)

            def flush(self) -> None:
                real.flush()

            def __getattr__(self, name: str) -> Any:
                return getattr(real, name)

        return CountingStdout()

    def emf(self, text: str) -> None:
        try:
            doc = json.loads(text)
        except ValueError:
            return
        for directive in doc.get("_aws", {}).get("CloudWatchMetrics", []):
            for dimensions in directive.get("Dimensions", [[]]):
                values = ",".join(f"{d}={doc.get(d)}" for d in dimensions)
                for metric in directive.get("Metrics", []):
                    self.metrics.add((directive.get("Namespace", ""), metric["Name"], values))

    # AWS calls.

    def install(self) -> None:
        import botocore.session

        original = botocore.session.Session.create_client
        meter = self

        def create_client(session: Any, *args: Any, **kwargs: Any) -> Any:
            client = original(session, *args, **kwargs)
            client.meta.events.register("before-parameter-build", meter._before)
            client.meta.events.register("after-call", meter._after)
            return client

        botocore.session.Session.create_client = create_client  # type: ignore[method-assign]

    def _before(self, params: dict[str, Any], context: dict[str, Any] | None = None, **_: Any) -> None:
        if context is not None:
            context["cost_params"] = dict(params)

    def _after(self, parsed: dict[str, Any], model: Any, context: dict[str, Any] | None = None, **_: Any) -> None:
        if self.kind is None or getattr(self._paused, "on", False) or context is None:
            return
        params = context.get("cost_params", {})
        service, operation = model.service_model.service_name, model.name
        handler = getattr(self, f"_{service.replace('-', '_')}", None)
        if handler is not None:
            handler(operation, params, parsed)

    def _table(self, name: str) -> str:
        return self.table_names.get(name, name)

    def _writes(self, table: str, item: dict[str, Any] | None, transactional: bool = False, new: bool = False) -> None:
        """Units for the item and for each GSI it is written to; a new item's bytes are stored (table and GSIs)."""
        size = item_bytes(item) if item else 1
        logical = self._table(table)
        copies = 1 + sum(1 for _index, key in self.gsi_keys.get(table, []) if item and key in item)
        self.add(
            "dynamodb_wru", logical, pricing.write_units(size, transactional) + (copies - 1) * pricing.write_units(size)
        )

    def _reads(self, table: str, sizes: list[int], consistent: bool, transactional: bool = False) -> None:
        units = pricing.read_units(sum(sizes), consistent, transactional) if sizes else (1 if consistent else 0.5)
        self.add("dynamodb_rru", self._table(table), units)

    def _after_update(self, table: str, key: dict[str, Any]) -> dict[str, Any] | None:
        if self.item_read is None:
            return None
        with self.paused():
            return self.item_read(table, key)

    def _dynamodb(self, op: str, params: dict[str, Any], parsed: dict[str, Any]) -> None:
        consistent = bool(params.get("ConsistentRead"))
        if op == "PutItem":
            self._writes(params["TableName"], params["Item"])
        elif op in ("UpdateItem", "DeleteItem"):
            after = self._after_update(params["TableName"], params["Key"]) if op == "UpdateItem" else None
            self._writes(params["TableName"], after or params["Key"])
        elif op == "BatchWriteItem":
            for table, requests in params.get("RequestItems", {}).items():
                for request in requests:
                    put = request.get("PutRequest")
                    self._writes(table, put["Item"] if put else request["DeleteRequest"]["Key"])
        elif op == "TransactWriteItems":
            for entry in params.get("TransactItems", []):
                for action, body in entry.items():
                    if action == "Put":
                        self._writes(body["TableName"], body["Item"], transactional=True)
                    elif action == "Update":
                        after = self._after_update(body["TableName"], body["Key"])
                        self._writes(body["TableName"], after or body["Key"], transactional=True)
                    elif action == "Delete":
                        self._writes(body["TableName"], body["Key"], transactional=True)
                    else:  # ConditionCheck: a transactional read
                        self._reads(body["TableName"], [item_bytes(body["Key"])], True, transactional=True)
        elif op == "GetItem":
            item = parsed.get("Item")
            self._reads(params["TableName"], [item_bytes(item)] if item else [], consistent)
        elif op == "BatchGetItem":
            for table, items in parsed.get("Responses", {}).items():
                for item in items:
                    self._reads(table, [item_bytes(item)], consistent)
        elif op == "TransactGetItems":
            for entry, response in zip(params.get("TransactItems", []), parsed.get("Responses", []), strict=False):
                item = response.get("Item")
                self._reads(entry["Get"]["TableName"], [item_bytes(item)] if item else [], True, transactional=True)
        elif op in ("Query", "Scan"):
            sizes = [item_bytes(item) for item in parsed.get("Items", [])]
            scanned, returned = parsed.get("ScannedCount", len(sizes)), max(1, len(sizes))
            if sizes and scanned > len(sizes):  # a filter: read units are for what was scanned
                sizes = [sum(sizes) * scanned // returned]
            self._reads(params["TableName"], sizes, consistent)

    def _sqs(self, op: str, params: dict[str, Any], parsed: dict[str, Any]) -> None:
        queue = str(params.get("QueueUrl", "")).rsplit("/", 1)[-1]
        if op == "SendMessageBatch":
            size = sum(len(str(e.get("MessageBody", "")).encode()) for e in params.get("Entries", []))
            self.add("sqs_requests", queue, pricing.sqs_requests(size))
        elif op == "SendMessage":
            self.add("sqs_requests", queue, pricing.sqs_requests(len(str(params.get("MessageBody", "")).encode())))
        else:
            self.add("sqs_requests", queue, 1)

    def _s3(self, op: str, params: dict[str, Any], parsed: dict[str, Any]) -> None:
        if op in ("PutObject", "CopyObject", "CreateMultipartUpload", "UploadPart", "CompleteMultipartUpload") or (
            op.startswith("List")
        ):
            self.add("s3_put_requests", "", 1)
            body = params.get("Body")
            if isinstance(body, bytes | bytearray):
                self.add("s3_stored_bytes", "", len(body))
        elif op in ("GetObject", "HeadObject"):
            self.add("s3_get_requests", "", 1)

    def _stepfunctions(self, op: str, params: dict[str, Any], parsed: dict[str, Any]) -> None:
        if op == "StartExecution" and self.kind is not None:
            self.executions.append((self.kind, parsed["executionArn"]))

    def _iot_data(self, op: str, params: dict[str, Any], parsed: dict[str, Any]) -> None:
        payload = params.get("payload", b"")
        size = len(payload if isinstance(payload, bytes) else str(payload).encode())
        if op == "Publish":
            self.add("iot_messages", "sent by the cloud", pricing.iot_blocks(size + len(params.get("topic", ""))))
        else:
            self.add("iot_shadow_ops", op, max(1, math.ceil(size / 1024)))

    def _iot(self, op: str, params: dict[str, Any], parsed: dict[str, Any]) -> None:
        if op.startswith(("Describe", "List", "Update", "Create", "Attach", "Add")):
            self.add("iot_shadow_ops", "registry", 1)


def stored_bytes(meter: Meter, reader: Any) -> dict[str, float]:
    """Bytes each table holds now, its GSIs' copies included (an uncounted scan)."""
    out: dict[str, float] = {}
    with meter.paused():
        for physical, logical in meter.table_names.items():
            total = 0
            for page in reader.get_paginator("scan").paginate(TableName=physical):
                for item in page["Items"]:
                    copies = 1 + sum(1 for _index, key in meter.gsi_keys.get(physical, []) if key in item)
                    total += item_bytes(item) * copies
            out[logical] = total
    return out


def item_bytes(item: dict[str, Any] | None) -> int:
    """DynamoDB's size of an item in wire format (attribute names plus values), as moto computes it."""
    if not item:
        return 0
    from moto.dynamodb.models.dynamo_type import DynamoType

    return sum(len(name.encode()) + DynamoType(value).size() for name, value in item.items())


def install_stdout(meter: Meter) -> None:
    sys.stdout = meter.stdout(sys.stdout)
