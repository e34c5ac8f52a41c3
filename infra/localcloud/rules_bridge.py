"""The local stand-in for the AWS IoT rules engine and for Lambda's SQS event source mappings.

It reads the `AWS::IoT::TopicRule` and `AWS::Lambda::EventSourceMapping` resources from the generated template
(the same file CloudFormation deploys), resolves their intrinsics against the provisioned local stack, and:

- subscribes to Mosquitto as the `rules-bridge` identity (read-only on `sc/#`), evaluates every rule's SQL for
  each message (the subset in `iot/rule_sql.py`; anything else fails loudly when the bridge starts) and performs
  the rule's actions: `Lambda` -> the app's function in-process (`FunctionRegistry.invoke`), `Sqs` -> the queue;
- emulates asynchronous invocation: a Lambda action whose function fails is retried `MaximumRetryAttempts` times
  (`AWS::Lambda::EventInvokeConfig`, default 2) and then sent to its OnFailure destination;
- sends a failed action to the rule's `ErrorAction` queue in IoT's error-message shape
  (`ruleName, topic, clientId, base64OriginalPayload, failures[]`);
- polls each mapped queue and invokes the function with SQS-shaped batches of up to `BatchSize` records, waiting
  at most `MaximumBatchingWindowInSeconds` to fill one; with `ReportBatchItemFailures` it deletes every record
  but the reported ones, which (like records of a failed invocation) become visible again after a short delay.

Concurrency, as in AWS: each rule has its own inbox and RULE_WORKERS worker threads (IoT runs rules and their
actions in parallel, so a command ack or an event never waits behind telemetry on another rule); an `Sqs` action
sends what its inbox holds at that moment, up to 10 messages, in one SendMessageBatch (one queue message per MQTT
message, as the rule would send them; no waiting to fill a batch). Each queue mapping has one poller that builds
batches and hands each to an invocation of its own, up to `ScalingConfig.MaximumConcurrency` invocations in flight (at
most ESM_POLLERS, 10, locally); while they are all busy it takes nothing, so the rest waits in the queue, as Lambda's
pollers do. (It was at most 3 pollers, each invoking in turn: a burst's alarms waited on AlarmEventsQueue for a free
poller while the template allowed 5, and every idle poller long-polled the local endpoint.)

Local differences, on purpose: `clientid()` is the topic's thing level (MQTT does not tell subscribers who
published; the broker's ACL and `use_username_as_clientid` make the publisher's client id equal to it), failed
records reappear after `RETRY_VISIBILITY_SECONDS` instead of the queue's visibility timeout, an asynchronous
invocation is retried at once instead of after a minute, and message order is not kept (nor is it in AWS).
"""

from __future__ import annotations

import base64
import functools
import json
import logging
import os
import queue
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from infra.localcloud.event_filter import matches_any, parse_filters
from iot.rule_sql import Message, Rule, parse_rule
from iot.topics import BASIC_INGEST_PREFIX, parse_topic, split_basic_ingest

log = logging.getLogger(__name__)
RETRY_VISIBILITY_SECONDS = 1
DEFAULT_ASYNC_RETRIES = 2
RULE_WORKERS = int(os.environ.get("LOCALCLOUD_RULE_WORKERS", "4"))  # per rule with a Lambda action
SQS_RULE_WORKERS = 2  # per rule whose actions are all Sqs: each sends what has queued meanwhile, in one request
ESM_POLLERS = int(os.environ.get("LOCALCLOUD_ESM_POLLERS", "10"))
SQS_SEND_BATCH = 10


@dataclass
class TopicRule:
    logical_id: str
    name: str
    rule: Rule
    actions: list[dict[str, Any]]
    error_action: dict[str, Any] | None
    disabled: bool = False
    rule_name: str | None = (
        None  # the template's RuleName; without one CloudFormation makes one up (no device knows it)
    )


@dataclass
class QueueMapping:
    logical_id: str
    queue_arn: str
    queue_url: str
    function: str
    batch_size: int
    window_seconds: float
    report_failures: bool
    concurrency: int = 1


@dataclass
class StreamMapping:
    """A table stream's event source mapping (`make up` only): records in order per shard, a reported failure
    and everything after it read again."""

    logical_id: str
    stream_arn: str
    function: str
    batch_size: int
    starting_position: str
    filters: list[dict[str, Any]] = field(default_factory=list)  # FilterCriteria's patterns (event_filter.py)


@dataclass
class BridgeStats:
    messages: int = 0
    matched: int = 0
    actions: int = 0
    action_failures: int = 0
    batches: int = 0
    records: int = 0
    errors: list[str] = field(default_factory=list)


def template_resources(template: dict[str, Any], rtype: str) -> dict[str, dict[str, Any]]:
    return {k: v for k, v in template.get("Resources", {}).items() if v.get("Type") == rtype}


def load_rules(template: dict[str, Any], resolve: Callable[[Any], Any] = lambda v: v) -> list[TopicRule]:
    """Every topic rule of the template, parsed (raises `UnsupportedSql` for SQL outside the subset)."""
    rules = []
    for logical, resource in template_resources(template, "AWS::IoT::TopicRule").items():
        props = resolve(resource["Properties"])
        payload = props["TopicRulePayload"]
        rule = parse_rule(payload["Sql"], payload.get("AwsIotSqlVersion", "2015-10-08"))
        rules.append(
            TopicRule(
                logical,
                props.get("RuleName") or logical,
                rule,
                list(payload.get("Actions", [])),
                payload.get("ErrorAction"),
                bool(payload.get("RuleDisabled", False)),
                props.get("RuleName") if isinstance(props.get("RuleName"), str) else None,
            )
        )
    return rules


class RulesBridge:
    def __init__(self, cloud: Any, template: dict[str, Any]):
        self.cloud = cloud
        resolve = cloud.resources.resolve
        self.rules = load_rules(template, resolve)
        self.queue_urls = {
            attrs["Arn"]: attrs["QueueUrl"] for attrs in cloud.resources.attrs.values() if "QueueUrl" in attrs
        }
        self.mappings = [
            QueueMapping(
                logical_id=logical,
                queue_arn=(props := resolve(res["Properties"]))["EventSourceArn"],
                queue_url=self.queue_urls[props["EventSourceArn"]],
                function=props["FunctionName"],
                batch_size=int(props.get("BatchSize", 10)),
                window_seconds=float(props.get("MaximumBatchingWindowInSeconds", 0)),
                report_failures="ReportBatchItemFailures" in props.get("FunctionResponseTypes", []),
                concurrency=max(1, min(ESM_POLLERS, int(props.get("ScalingConfig", {}).get("MaximumConcurrency", 5)))),
            )
            for logical, res in template_resources(template, "AWS::Lambda::EventSourceMapping").items()
            if ":sqs:" in str(resolve(res["Properties"])["EventSourceArn"])
        ]
        self.stream_mappings = [
            StreamMapping(
                logical_id=logical,
                stream_arn=str((props := resolve(res["Properties"]))["EventSourceArn"]),
                function=props["FunctionName"],
                batch_size=int(props.get("BatchSize", 100)),
                starting_position=str(props.get("StartingPosition", "LATEST")),
                filters=parse_filters(props.get("FilterCriteria")),
            )
            for logical, res in template_resources(template, "AWS::Lambda::EventSourceMapping").items()
            if ":dynamodb:" in str(resolve(res["Properties"])["EventSourceArn"])
        ]
        self.async_config: dict[str, dict[str, Any]] = {}
        for res in template_resources(template, "AWS::Lambda::EventInvokeConfig").values():
            props = resolve(res["Properties"])
            self.async_config[self._function_key(props["FunctionName"])] = props
        self.stats = BridgeStats()
        self._stats_lock = threading.Lock()
        self._lanes: dict[str, queue.Queue[Message | None]] = {r.name: queue.Queue() for r in self.rules}
        self.seen: Counter[str] = Counter()  # messages by kind since the last `take_counts` (the console's line)
        self.seen_devices: set[str] = set()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._mqtt: Any = None
        self._sqs = cloud.client("sqs")
        self._idle = threading.Condition()
        self._busy = 0

    # -- lifecycle ---------------------------------------------------------------------------------------
    def start(self, mqtt: bool = True) -> RulesBridge:
        if mqtt:
            for rule in self.rules:
                for i in range(self._workers(rule)):
                    self._spawn(f"rule-{rule.name}-{i}", functools.partial(self._work, rule))
            self._start_mqtt()
            # Table streams are polled in `make up` (with the broker) only: the test session's tables see every
            # test's writes, and the tests invoke the stream functions with the records they mean.
            for stream in self.stream_mappings:
                self._spawn(f"stream-poller-{stream.logical_id}", functools.partial(self._poll_stream, stream))
        for mapping in self.mappings:
            self._spawn(f"sqs-poller-{mapping.logical_id}", functools.partial(self._poll, mapping))
        return self

    @staticmethod
    def _workers(rule: TopicRule) -> int:
        return SQS_RULE_WORKERS if all(next(iter(a)) == "Sqs" for a in rule.actions) else RULE_WORKERS

    def _spawn(self, name: str, target: Callable[[], None]) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    def _start_mqtt(self) -> None:
        from iot import mqtt_client

        ca = self.cloud.ca
        cert, key = ca.issue_client("rules-bridge")
        self._mqtt = mqtt_client.connect_mtls(
            self.cloud.broker.host,
            self.cloud.broker.port,
            ca.ca_path,
            cert,
            key,
            "rules-bridge",
            on_message=self.on_message,
        )
        # Basic Ingest ($aws/rules/<rule>/...): `#` at the root does not match `$` topics, so a filter of its own.
        for topic_filter in ("sc/#", f"{BASIC_INGEST_PREFIX}#"):
            code = mqtt_client.subscribe(self._mqtt, topic_filter)
            if not mqtt_client.is_granted(code):
                raise RuntimeError(f"rules bridge could not subscribe to {topic_filter}: {code}")

    def stop(self) -> None:
        """Stop taking messages, then stop the workers and pollers (what they hold is dropped, as when the process
        ends); bounded to a few seconds in all."""
        if self._mqtt is not None:
            from iot import mqtt_client

            mqtt_client.disconnect(self._mqtt)
            self._mqtt = None
        self._stop.set()
        for rule in self.rules:
            for _ in range(self._workers(rule)):
                self._lanes[rule.name].put(None)
        deadline = time.monotonic() + 5
        for thread in self._threads:
            thread.join(timeout=max(0.05, deadline - time.monotonic()))
        self._threads.clear()

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """True once every message received so far has been handled (tests use it as a fence)."""
        deadline = time.monotonic() + timeout
        with self._idle:
            return self._idle.wait_for(lambda: self._busy == 0, max(0.0, deadline - time.monotonic()))

    # -- the rules engine -------------------------------------------------------------------------------
    def on_message(self, topic: str, payload: bytes) -> None:
        """awscrt callback thread: route to the inboxes of the rules whose topic filter matches, and return.

        A Basic Ingest message (`$aws/rules/<rule>/<topic>`) goes to that one rule, as in AWS: its FROM filter is not
        matched, the rule sees `<topic>` (topic() has no prefix), and no other rule sees the message; an unknown or
        disabled rule name drops it (AWS drops it too)."""
        message, targets = self._route(topic, payload, int(time.time() * 1000))
        topic = message.topic
        parts = topic.split("/")
        with self._stats_lock:
            self.stats.messages += 1
            if len(parts) >= 4:
                self.seen["/".join(parts[3:])] += 1
                self.seen_devices.add(parts[2])
        for rule in targets:
            with self._idle:
                self._busy += 1
            self._lanes[rule.name].put(message)

    def take_counts(self) -> tuple[Counter[str], int]:
        """Messages by kind and distinct devices since the last call (the console prints them once a minute)."""
        with self._stats_lock:
            counts, devices = self.seen, len(self.seen_devices)
            self.seen, self.seen_devices = Counter(), set()
        return counts, devices

    def _route(self, topic: str, payload: bytes, timestamp_ms: int | None = None) -> tuple[Message, list[TopicRule]]:
        """The message as the rules see it, and the rules it goes to: the one a Basic Ingest topic names (its prefix
        taken off), else every enabled rule whose topic filter matches."""
        basic = split_basic_ingest(topic)
        if basic is None:
            targets = [r for r in self.rules if not r.disabled and r.rule.matches_topic(topic)]
            return self._message(topic, payload, timestamp_ms), targets
        rule_name, topic = basic
        targets = [r for r in self.rules if r.rule_name == rule_name and not r.disabled]
        if not targets:
            log.warning("Basic Ingest to unknown or disabled rule %s dropped (%s)", rule_name, topic)
        return self._message(topic, payload, timestamp_ms, basic_ingest=True), targets

    @staticmethod
    def _message(topic: str, payload: bytes, timestamp_ms: int | None = None, basic_ingest: bool = False) -> Message:
        parts = parse_topic(topic)
        return Message(
            topic=topic,
            payload=payload,
            client_id=parts.thing_name if parts else "",
            timestamp_ms=timestamp_ms or int(time.time() * 1000),
            basic_ingest=basic_ingest,
        )

    def _work(self, rule: TopicRule) -> None:
        """One of the rule's workers: take what its inbox holds (a batch for SQS-only rules) and run it."""
        lane = self._lanes[rule.name]
        batchable = all(next(iter(a)) == "Sqs" for a in rule.actions)
        while True:
            first = lane.get()
            if first is None or self._stop.is_set():
                return
            batch = [first]
            while batchable and len(batch) < SQS_SEND_BATCH:
                try:
                    more = lane.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    lane.put(None)  # a stop signal: leave it for this or another worker
                    break
                batch.append(more)
            try:
                self._run_rule(rule, batch)
            except Exception as exc:  # the bridge must survive anything a message does
                log.exception("rule %s failed", rule.name)
                with self._stats_lock:
                    self.stats.errors.append(f"{rule.name}: {exc}")
            finally:
                with self._idle:
                    self._busy -= len(batch)
                    self._idle.notify_all()

    def _run_rule(self, rule: TopicRule, messages: list[Message]) -> None:
        outputs: list[tuple[Message, dict[str, Any]]] = []
        for message in messages:
            try:
                output = rule.rule.evaluate(message)
            except Exception as exc:  # IoT drops a message its SQL cannot evaluate, and says why
                log.warning("rule %s could not evaluate a message on %s: %s", rule.name, message.topic, exc)
                continue
            if output is not None:
                outputs.append((message, output))
        if not outputs:
            return
        with self._stats_lock:
            self.stats.matched += len(outputs)
            self.stats.actions += len(outputs) * len(rule.actions)
        failures: dict[int, list[dict[str, str]]] = {}
        for action in rule.actions:
            for index, failure in self._perform_all(action, [o for _, o in outputs]).items():
                failures.setdefault(index, []).append(failure)
        if failures:
            with self._stats_lock:
                self.stats.action_failures += sum(len(f) for f in failures.values())
        if rule.error_action:
            for index, failed in failures.items():
                self._error_action(rule, outputs[index][0], failed)

    def _perform_all(self, action: dict[str, Any], outputs: list[dict[str, Any]]) -> dict[int, dict[str, str]]:
        """Run one action for each output; returns the failures by output index."""
        ((kind, spec),) = action.items()
        if kind != "Sqs" or len(outputs) == 1:
            return {i: f for i, o in enumerate(outputs) if (f := self._perform(action, o)) is not None}
        bodies = []
        for output in outputs:
            body = json.dumps(output, separators=(",", ":"))
            bodies.append(base64.b64encode(body.encode()).decode() if spec.get("UseBase64") else body)
        failed: dict[int, dict[str, str]] = {}
        try:
            response = self._sqs.send_message_batch(
                QueueUrl=spec["QueueUrl"], Entries=[{"Id": str(i), "MessageBody": b} for i, b in enumerate(bodies)]
            )
            for failure in response.get("Failed", []):
                failed[int(failure["Id"])] = {
                    "failedAction": "SqsAction",
                    "failedResource": str(spec["QueueUrl"]),
                    "errorMessage": str(failure.get("Message") or failure.get("Code")),
                }
        except Exception as exc:
            for i in range(len(outputs)):
                failed[i] = {
                    "failedAction": "SqsAction",
                    "failedResource": str(spec["QueueUrl"]),
                    "errorMessage": str(exc),
                }
        return failed

    def dispatch(self, topic: str, payload: bytes, timestamp_ms: int | None = None) -> list[str]:
        """Evaluate every rule for one message and run the actions of those that match, on this thread; returns
        the names of the rules that fired."""
        message, targets = self._route(topic, payload, timestamp_ms)
        fired = []
        for rule in targets:
            if rule.rule.evaluate(message) is None:
                continue
            fired.append(rule.name)
            self._run_rule(rule, [message])
        return fired

    def _perform(self, action: dict[str, Any], output: dict[str, Any]) -> dict[str, str] | None:
        ((kind, spec),) = action.items()
        try:
            if kind == "Lambda":
                self._invoke_async(spec["FunctionArn"], output)
            elif kind == "Sqs":
                body = json.dumps(output, separators=(",", ":"))
                if spec.get("UseBase64"):
                    body = base64.b64encode(body.encode()).decode()
                self._sqs.send_message(QueueUrl=spec["QueueUrl"], MessageBody=body)
            else:
                raise NotImplementedError(f"rule action {kind} is not supported by the local bridge")
        except Exception as exc:
            resource = spec.get("FunctionArn") or spec.get("QueueUrl") or kind
            return {"failedAction": f"{kind}Action", "failedResource": str(resource), "errorMessage": str(exc)}
        return None

    def _invoke_async(self, function: str, event: dict[str, Any]) -> None:
        """Lambda's asynchronous invocation: retries, then the OnFailure destination (not the rule's ErrorAction)."""
        config = self.async_config.get(self._function_key(function), {})
        attempts = 1 + int(config.get("MaximumRetryAttempts", DEFAULT_ASYNC_RETRIES))
        payload, error = None, None
        for _ in range(attempts):
            payload, error = self.cloud.registry.invoke(function, event)
            if error is None:
                return
        destination = config.get("DestinationConfig", {}).get("OnFailure", {}).get("Destination")
        if destination in self.queue_urls:
            record = {
                "version": "1.0",
                "requestContext": {
                    "functionArn": function,
                    "condition": "RetriesExhausted",
                    "approximateInvokeCount": attempts,
                },
                "requestPayload": event,
                "responsePayload": payload,
            }
            self._sqs.send_message(QueueUrl=self.queue_urls[destination], MessageBody=json.dumps(record, default=str))
        else:
            log.error("async invocation of %s failed and has no destination: %s", function, payload)

    def _error_action(self, rule: TopicRule, message: Message, failures: list[dict[str, str]]) -> None:
        assert rule.error_action is not None
        ((kind, spec),) = rule.error_action.items()
        if kind != "Sqs":
            raise NotImplementedError(f"error action {kind} is not supported by the local bridge")
        body = {
            "ruleName": rule.name,
            "topic": message.topic,
            "clientId": message.client_id,
            "base64OriginalPayload": base64.b64encode(message.payload).decode(),
            "failures": failures,
        }
        self._sqs.send_message(QueueUrl=spec["QueueUrl"], MessageBody=json.dumps(body))

    def _function_key(self, function: str) -> str:
        found = self.cloud.registry.lookup(function)
        return found[0] if found else function

    # -- SQS event source mappings -------------------------------------------------------------------------
    def _poll(self, mapping: QueueMapping) -> None:
        """Batches while an invocation slot is free; each batch runs on a thread of its own."""
        slots = threading.BoundedSemaphore(mapping.concurrency)
        while not self._stop.is_set():
            if not slots.acquire(timeout=0.5):
                continue
            try:
                records = self._collect(mapping)
            except Exception as exc:
                slots.release()
                if self._stop.is_set():
                    return  # the local cloud is going down
                log.exception("queue poller %s failed", mapping.logical_id)
                self.stats.errors.append(f"{mapping.logical_id}: {exc}")
                time.sleep(0.5)
                continue
            if not records:
                slots.release()
                continue
            threading.Thread(
                target=self._invoke_batch,
                args=(mapping, records, slots),
                name=f"sqs-batch-{mapping.logical_id}",
                daemon=True,
            ).start()

    def _invoke_batch(self, mapping: QueueMapping, records: list[dict[str, Any]], slot: Any) -> None:
        try:
            self.run_batch(mapping, records)
        except Exception as exc:
            if not self._stop.is_set():
                log.exception("queue batch of %s failed", mapping.logical_id)
                self.stats.errors.append(f"{mapping.logical_id}: {exc}")
        finally:
            slot.release()

    def _poll_stream(self, mapping: StreamMapping) -> None:
        streams = self.cloud.client("dynamodbstreams")
        iterators: dict[str, str] = {}
        last_describe = 0.0
        while not self._stop.is_set():
            try:
                if time.monotonic() - last_describe > 10:
                    last_describe = time.monotonic()
                    shards = streams.describe_stream(StreamArn=mapping.stream_arn)["StreamDescription"]["Shards"]
                    for shard in shards:
                        if shard["ShardId"] not in iterators:
                            iterators[shard["ShardId"]] = streams.get_shard_iterator(
                                StreamArn=mapping.stream_arn,
                                ShardId=shard["ShardId"],
                                ShardIteratorType=mapping.starting_position,
                            )["ShardIterator"]
                busy = False
                for shard_id, iterator in list(iterators.items()):
                    response = streams.get_records(ShardIterator=iterator, Limit=mapping.batch_size)
                    read = response.get("Records", [])
                    iterators[shard_id] = response.get("NextShardIterator") or iterator
                    busy = busy or bool(read)
                    records = [r for r in read if matches_any(mapping.filters, r)]  # as Lambda filters them
                    if not records:
                        continue
                    self.stats.batches += 1
                    self.stats.records += len(records)
                    payload, error = self.cloud.registry.invoke(mapping.function, {"Records": records})
                    failed = [f["itemIdentifier"] for f in (payload or {}).get("batchItemFailures") or []]
                    if error is not None or failed:
                        first = failed[0] if failed else records[0]["dynamodb"]["SequenceNumber"]
                        iterators[shard_id] = streams.get_shard_iterator(
                            StreamArn=mapping.stream_arn,
                            ShardId=shard_id,
                            ShardIteratorType="AT_SEQUENCE_NUMBER",
                            SequenceNumber=first,
                        )["ShardIterator"]
                        time.sleep(RETRY_VISIBILITY_SECONDS)
                if not busy:
                    time.sleep(0.5)
            except Exception as exc:
                if self._stop.is_set():
                    return
                log.exception("stream poller %s failed", mapping.logical_id)
                self.stats.errors.append(f"{mapping.logical_id}: {exc}")
                time.sleep(1)

    def _collect(self, mapping: QueueMapping) -> list[dict[str, Any]]:
        records: list[dict[str, Any]] = []
        deadline: float | None = None
        while len(records) < mapping.batch_size and not self._stop.is_set():
            wait = 1 if deadline is None else max(0.0, deadline - time.monotonic())
            response = self._sqs.receive_message(
                QueueUrl=mapping.queue_url,
                MaxNumberOfMessages=min(10, mapping.batch_size - len(records)),
                WaitTimeSeconds=int(wait),
                AttributeNames=["All"],
                MessageAttributeNames=["All"],
            )
            got = response.get("Messages", [])
            records.extend(got)
            if records and deadline is None:
                deadline = time.monotonic() + mapping.window_seconds
            if deadline is not None and (time.monotonic() >= deadline or (not got and wait == 0)):
                break
        return records

    def run_batch(self, mapping: QueueMapping, messages: list[dict[str, Any]]) -> dict[str, Any]:
        event = {
            "Records": [
                {
                    "messageId": m["MessageId"],
                    "receiptHandle": m["ReceiptHandle"],
                    "body": m["Body"],
                    "attributes": m.get("Attributes", {}),
                    "messageAttributes": m.get("MessageAttributes", {}),
                    "md5OfBody": m.get("MD5OfBody", ""),
                    "eventSource": "aws:sqs",
                    "eventSourceARN": mapping.queue_arn,
                    "awsRegion": self.cloud.region,
                }
                for m in messages
            ]
        }
        self.stats.batches += 1
        self.stats.records += len(messages)
        payload, error = self.cloud.registry.invoke(mapping.function, event)
        failed: set[str] = {m["MessageId"] for m in messages}
        if error is None:
            failed = set()
            if mapping.report_failures and isinstance(payload, dict):
                failed = {f["itemIdentifier"] for f in payload.get("batchItemFailures") or []}
        done = [m for m in messages if m["MessageId"] not in failed]
        for start in range(0, len(done), 10):
            self._sqs.delete_message_batch(
                QueueUrl=mapping.queue_url,
                Entries=[
                    {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(done[start : start + 10])
                ],
            )
        for m in messages:
            if m["MessageId"] in failed:
                self._sqs.change_message_visibility(
                    QueueUrl=mapping.queue_url,
                    ReceiptHandle=m["ReceiptHandle"],
                    VisibilityTimeout=RETRY_VISIBILITY_SECONDS,
                )
        return {"payload": payload, "error": error, "failed": sorted(failed)}
