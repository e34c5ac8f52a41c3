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

Local differences, on purpose: `clientid()` is the topic's thing level (MQTT does not tell subscribers who
published; the broker's ACL and `use_username_as_clientid` make the publisher's client id equal to it), failed
records reappear after `RETRY_VISIBILITY_SECONDS` instead of the queue's visibility timeout, and messages are
handled in order by one worker thread.
"""

from __future__ import annotations

import base64
import functools
import json
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from iot.rule_sql import Message, Rule, parse_rule
from iot.topics import parse_topic

log = logging.getLogger(__name__)
RETRY_VISIBILITY_SECONDS = 1
DEFAULT_ASYNC_RETRIES = 2


@dataclass
class TopicRule:
    logical_id: str
    name: str
    rule: Rule
    actions: list[dict[str, Any]]
    error_action: dict[str, Any] | None
    disabled: bool = False


@dataclass
class QueueMapping:
    logical_id: str
    queue_arn: str
    queue_url: str
    function: str
    batch_size: int
    window_seconds: float
    report_failures: bool


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
            )
            for logical, res in template_resources(template, "AWS::Lambda::EventSourceMapping").items()
        ]
        self.async_config: dict[str, dict[str, Any]] = {}
        for res in template_resources(template, "AWS::Lambda::EventInvokeConfig").values():
            props = resolve(res["Properties"])
            self.async_config[self._function_key(props["FunctionName"])] = props
        self.stats = BridgeStats()
        self._inbox: queue.Queue[tuple[str, bytes, int] | None] = queue.Queue()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._mqtt: Any = None
        self._sqs = cloud.client("sqs")
        self._idle = threading.Condition()
        self._busy = 0

    # -- lifecycle ---------------------------------------------------------------------------------------
    def start(self, mqtt: bool = True) -> RulesBridge:
        if mqtt:
            self._start_mqtt()
            self._spawn("rules-bridge-worker", self._work)
        for mapping in self.mappings:
            self._spawn(f"sqs-poller-{mapping.logical_id}", functools.partial(self._poll, mapping))
        return self

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
        code = mqtt_client.subscribe(self._mqtt, "sc/#")
        if not mqtt_client.is_granted(code):
            raise RuntimeError(f"rules bridge could not subscribe to sc/#: {code}")

    def stop(self) -> None:
        self._stop.set()
        self._inbox.put(None)
        if self._mqtt is not None:
            from iot import mqtt_client

            mqtt_client.disconnect(self._mqtt)
            self._mqtt = None
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads.clear()

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """True once every message received so far has been handled (tests use it as a fence)."""
        deadline = time.monotonic() + timeout
        with self._idle:
            return self._idle.wait_for(
                lambda: self._busy == 0 and self._inbox.empty(), max(0.0, deadline - time.monotonic())
            )

    # -- the rules engine -------------------------------------------------------------------------------
    def on_message(self, topic: str, payload: bytes) -> None:
        """awscrt callback thread: hand over and return at once."""
        with self._idle:
            self._busy += 1
        self._inbox.put((topic, payload, int(time.time() * 1000)))

    def _work(self) -> None:
        while True:
            item = self._inbox.get()
            if item is None:
                return
            try:
                self.dispatch(*item)
            except Exception as exc:  # the bridge must survive anything a message does
                log.exception("rules bridge failed on %s", item[0])
                self.stats.errors.append(f"{item[0]}: {exc}")
            finally:
                with self._idle:
                    self._busy -= 1
                    self._idle.notify_all()

    def dispatch(self, topic: str, payload: bytes, timestamp_ms: int | None = None) -> list[str]:
        """Evaluate every rule for one message and run the actions of those that match; returns their names."""
        parts = parse_topic(topic)
        message = Message(
            topic=topic,
            payload=payload,
            client_id=parts.thing_name if parts else "",
            timestamp_ms=timestamp_ms or int(time.time() * 1000),
        )
        self.stats.messages += 1
        fired = []
        for rule in self.rules:
            if rule.disabled:
                continue
            output = rule.rule.evaluate(message)
            if output is None:
                continue
            self.stats.matched += 1
            fired.append(rule.name)
            failures = []
            for action in rule.actions:
                self.stats.actions += 1
                failure = self._perform(action, output)
                if failure is not None:
                    self.stats.action_failures += 1
                    failures.append(failure)
            if failures and rule.error_action:
                self._error_action(rule, message, failures)
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
        while not self._stop.is_set():
            try:
                records = self._collect(mapping)
                if records:
                    self.run_batch(mapping, records)
            except Exception as exc:
                log.exception("queue poller %s failed", mapping.logical_id)
                self.stats.errors.append(f"{mapping.logical_id}: {exc}")
                time.sleep(0.5)

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
