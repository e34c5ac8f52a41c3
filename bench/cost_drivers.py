"""The kinds of work the cost bench drives through the local cloud (bench/cost_model.py says what and how)."""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from random import Random
from typing import Any

from bench import pricing
from bench.cost_meter import Meter, stored_bytes

# Months an item stays stored (its TTL), for steady-state storage; a table without TTL: one year of data.
RETENTION_MONTHS = {"telemetry": 190 / 30, "alarms": 190 / 30, "visitors": 190 / 30, "notifications": 190 / 30}
IA_TABLES: set[str] = set()


def runs_per_month(expression: str, days: int) -> float:
    rate = re.fullmatch(r"rate\((\d+) (minute|minutes|hour|hours|day|days)\)", expression)
    if rate:
        n, unit = int(rate.group(1)), rate.group(2).rstrip("s")
        return days * {"minute": 1440, "hour": 24, "day": 1}[unit] / n
    if expression.startswith("cron("):
        return float(days)  # the app's crons are daily
    raise ValueError(expression)


class Drivers:
    def __init__(self, cloud: Any, meter: Meter, heartbeats: str = "when-silent") -> None:
        self.heartbeats = heartbeats  # "always": every period, as devices did before telemetry counted as one
        self.cloud = cloud
        self.meter = meter
        self.notes: dict[str, str] = {}
        self.rng = Random(23)
        from chalicelib.kernel import config

        meter.table_names = {}
        for logical in ("registry", "identity", "devices", "telemetry", "audit", "workorders", "payments",
                        "visitors", "alarms", "notifications"):  # fmt: skip
            physical = config.table_name(logical)
            meter.table_names[physical] = logical
            described = cloud.client("dynamodb").describe_table(TableName=physical)["Table"]
            # An item is written to a GSI when it has the index's hash key, and to a local index when it has the
            # local index's sort key (its hash key is the table's): each such copy is billed as a write of its own.
            meter.gsi_keys[physical] = [
                (g["IndexName"], g["KeySchema"][0]["AttributeName"])
                for g in described.get("GlobalSecondaryIndexes", [])
            ] + [
                (i["IndexName"], next(k["AttributeName"] for k in i["KeySchema"] if k["KeyType"] == "RANGE"))
                for i in described.get("LocalSecondaryIndexes", [])
            ]
        self.reader = reader = cloud.client("dynamodb")
        meter.item_read = lambda table, key: reader.get_item(TableName=table, Key=key).get("Item")

    @contextlib.contextmanager
    def work(self, kind: str) -> Iterator[None]:
        """Count `kind`, and the bytes it left stored in each table."""
        before = stored_bytes(self.meter, self.reader)
        with self.meter.work(kind):
            yield
            after = stored_bytes(self.meter, self.reader)
            for table, size in after.items():
                if size > before.get(table, 0):
                    self.meter.add("dynamodb_stored_bytes", table, size - before.get(table, 0))

    def api(self, fn: Callable[[], Any]) -> Any:
        """A call the API handler makes in production (an API Gateway request and an invocation)."""
        return self.meter.timed("api_handler")(None, lambda _event: fn())

    def run(self, reference: dict[str, int], hours: float, days: int) -> dict[str, float]:
        factors = {"devices": days * 24 / hours}
        self.devices(reference["devices"], hours)
        with self.providers():
            n = self.alarms(2)
            factors["alarms"] = reference["alarms_per_day"] * days / n
            n = self.work_orders(2)
            factors["work orders"] = reference["work_orders_per_day"] * days / n
        n = self.visitor_passes(10)
        factors["visitor passes"] = reference["passes_per_day"] * days / n
        n = self.bills(4)
        factors["bills"] = reference["bills_per_month"] / n if n else 0.0
        factors.update(self.schedules(days))
        self.transitions()
        return factors

    # Devices.

    def devices(self, count: int, hours: float) -> None:
        from chalicelib.devices.repository import DeviceRecord, device_pk
        from chalicelib.kernel.clock import iso, utcnow
        from infra.localcloud.rules_bridge import load_rules
        from infra.localcloud.template import load_template
        from iot import catalogue
        from iot.rule_sql import Message
        from iot.simulator import payloads
        from iot.simulator.run import heartbeat_due
        from iot.topics import ingest_topic, split_basic_ingest

        template = load_template()
        rules = load_rules(template, stage_names(STAGE))
        self.routes = queue_routes(template)
        types = list(payloads.simulated_types())
        community = "c-cost-" + uuid.uuid4().hex[:6]
        fleet = []
        with DeviceRecord.batch_write() as batch:
            for i in range(count):
                device_type = types[i % len(types)]
                device = f"{device_type.replace('_', '-')}-{i:06x}"
                fleet.append((device, device_type, catalogue.get_type(device_type).heartbeat_seconds))
                batch.save(
                    DeviceRecord(
                        device_pk(community, device),
                        "DEVICE",
                        device_id=device,
                        community_id=community,
                        device_type=device_type,
                        name=device,
                        status="active",
                        ingested_at=utcnow(),
                    )
                )
        start = utcnow() - timedelta(hours=2 * hours)

        def hour_of_messages(begin: datetime) -> list[tuple[float, str, list[tuple[str, dict[str, Any]]], int, bool]]:
            out = []
            for device, device_type, period in fleet:
                every = catalogue.get_type(device_type).telemetry_seconds  # None: on change only
                t = self.rng.uniform(0, period)
                next_telemetry = t if every is not None else math.inf
                last_publish = -math.inf
                while t < hours * 3600:
                    at = begin + timedelta(seconds=t)
                    # Telemetry at the type's catalogue rate (none on a timer for an on-change type: its changes
                    # come with the events, counted apart); then the device's rule (iot/simulator/run.py): a
                    # heartbeat only after a whole heartbeat period with nothing else sent.
                    sends = []
                    if every is not None and t >= next_telemetry - 1e-6:  # (sums of floats)
                        sends.append(("telemetry", payloads.normal_telemetry(device_type, self.rng)))
                        next_telemetry += every
                        last_publish = t  # the telemetry just sent
                    if self.heartbeats == "always" or heartbeat_due(t + 1e-6, last_publish, period):
                        sends.append(("heartbeat", payloads.heartbeat(self.rng)))
                        last_publish = t
                    for kind, body in sends:
                        body = {**body, "ts": iso(at), "msgId": uuid.uuid4().hex}
                        topic = ingest_topic(STAGE, community, device, kind)  # as devices publish them
                        raw = json.dumps(body).encode()
                        size = len(raw) + len(topic)
                        basic = split_basic_ingest(topic)
                        if basic is None:  # every rule whose SQL matches runs, each with its own action and charge
                            message = Message(topic, raw, device, int(at.timestamp() * 1000))
                            targets = rules
                        else:  # Basic Ingest: the named rule alone, seeing the topic without the prefix
                            message = Message(basic[1], raw, device, int(at.timestamp() * 1000), basic_ingest=True)
                            targets = [r for r in rules if r.rule_name == basic[0]]
                        outputs = [(r, o) for r in targets if (o := r.rule.evaluate(message)) is not None]
                        assert outputs, topic
                        routed = [(rule_queue(r), o) for r, o in outputs]
                        out.append((t, kind, routed, size, basic is not None))
                    t += period  # the catalogue's telemetry periods are whole heartbeat periods
            return sorted(out, key=lambda m: m[0])

        warm = hour_of_messages(start)
        self.ingest(warm)  # not counted: first contact writes every device's state item
        measured = hour_of_messages(start + timedelta(hours=hours))
        with self.work("devices"):
            self.meter.add("iot_connection_minutes", "", count * 60 * hours)
            self.ingest(measured)
        per_hour = len(measured) / hours
        beats = sum(1 for m in measured if m[1] == "heartbeat") / hours
        basic = sum(1 for m in measured if m[4]) / hours
        self.notes["devices"] = (
            f"{count} devices of {len(types)} types: {per_hour:,.0f} messages an hour "
            f"({per_hour * 720 / 1e6:.1f} million a month; heartbeats {self.heartbeats}: {beats:,.0f} an hour; "
            f"through Basic Ingest, not billed as messages: {basic:,.0f} an hour), in 2 s batches"
        )

    def ingest(self, messages: list[tuple[float, str, list[tuple[str, dict[str, Any]]], int, bool]]) -> None:
        """Each message: one publish (none billed for a Basic Ingest one: it skips the broker), then per matching rule
        a rule run, its SQS action, and the queue's mapping (batches as its event source mapping forms them: size and
        batching window from the template)."""
        batches: dict[str, tuple[float, list[dict[str, Any]]]] = {}
        for t, _kind, outputs, size, basic_ingest in messages:
            blocks = pricing.iot_blocks(size)
            if not basic_ingest:
                self.meter.add("iot_messages", "device publishes", blocks)
            for queue, output in outputs:
                self.meter.add("iot_rules_triggered", "", blocks)
                self.meter.add("iot_actions", "SQS", 1)
                self.meter.add("sqs_requests", queue, pricing.sqs_requests(len(json.dumps(output))))
                function, batch_size, window = self.routes[queue]
                window_end, batch = batches.get(queue, (0.0, []))
                if batch and (t >= window_end or len(batch) == batch_size):
                    self.deliver(function, queue, batch)
                    batch = []
                if not batch:
                    window_end = t + window
                batch.append(output)
                batches[queue] = (window_end, batch)
        for queue, (_end, batch) in batches.items():
            if batch:
                self.deliver(self.routes[queue][0], queue, batch)
        self.notes["alarm hand-offs from device traffic"] = f"{len(self.drain_alarms())}"

    def drain_alarms(self) -> list[dict[str, Any]]:
        """What AlarmEventsMapping does with what ingestion handed off: the consumer, ten at a time."""
        sqs, queue = self.cloud.client("sqs"), os.environ["ALARM_EVENTS_QUEUE_URL"]
        bodies: list[dict[str, Any]] = []
        with self.meter.paused():
            while got := sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10).get("Messages", []):
                for m in got:
                    bodies.append(json.loads(m["Body"]))
                    sqs.delete_message(QueueUrl=queue, ReceiptHandle=m["ReceiptHandle"])
        for i in range(0, len(bodies), 10):
            self.deliver("alarm_events", "AlarmEventsQueue", bodies[i : i + 10])
        return bodies

    def deliver(self, function: str, queue: str, outputs: list[dict[str, Any]]) -> Any:
        """What an SQS event source mapping does for one batch: receive, invoke, delete (ten a request)."""
        self.meter.add("sqs_requests", queue, 2 * math.ceil(len(outputs) / 10))
        records = [
            {"messageId": str(uuid.uuid4()), "receiptHandle": "r", "body": json.dumps(o), "attributes": {}}
            for o in outputs
        ]
        payload, error = self.cloud.registry.invoke(function, {"Records": records})
        assert error is None and not payload.get("batchItemFailures"), payload
        return payload

    # Alarms, work orders, visitor passes, bills.

    @contextlib.contextmanager
    def providers(self) -> Iterator[Any]:
        from chalicelib.kernel import wiring
        from infra.localcloud.notify_providers import LocalProviders

        running = LocalProviders().start()
        os.environ.update({**running.environment(), "ALARM_ACK_TIMEOUT_SECONDS": "30"})
        wiring.reset()
        try:
            yield running
        finally:
            running.stop()

    def alarms(self, count: int) -> int:
        from chalicelib.alarms import wiring as alarms_wiring
        from chalicelib.kernel.clock import iso, utcnow
        from tests.support.alarms import community, device, wait_for
        from tests.support.identity import make_staff
        from tests.support.ingestion import rule_output

        c = community()
        guard = make_staff({c}, {"staff.guard"})
        alarms_wiring.duty_roster().add(c, guard.account_id, "*", [1, 2, 3, 4, 5, 6, 7], "00:00", "23:59", "cost")
        service = alarms_wiring.alarm_service()
        for _ in range(count):
            smoke = device(c, "smoke_detector", "A")
            body = {"msgId": uuid.uuid4().hex, "ts": iso(utcnow()), "event": "smoke_alarm", "data": {}}
            from iot.simulator import payloads

            body = {**(payloads.alarm_event("smoke_detector", self.rng) or body), "msgId": uuid.uuid4().hex}
            output = rule_output(c, smoke, "events", body)
            with self.work("alarms"):
                raw = len(json.dumps(body)) + len(output["topic"])
                self.meter.add("iot_messages", "device publishes", pricing.iot_blocks(raw))
                self.meter.add("iot_rules_triggered", "", pricing.iot_blocks(raw))
                self.meter.add("iot_actions", "SQS", 1)
                self.meter.add("sqs_requests", "EventsQueue", 1)
                self.deliver("ingest_events_batch", "EventsQueue", [output])
                handed = wait_for(lambda: self.drain_alarms(), what="the alarm hand-off")
                assert any(h.get("device_id") == smoke for h in handed), handed
                (alarm,) = [a for a in service.find(c, _query())[0] if a.originator_id == smoke]
                wait_for(lambda a=alarm: service.get(c, a.alarm_id).ack_token, what="the ack token")
                self.api(lambda a=alarm: service.acknowledge(c, a.alarm_id, guard.account_id))
                wait_for(lambda a=alarm: service.get(c, a.alarm_id).clear_token, what="the clear token")
                self.api(lambda a=alarm: service.clear(c, a.alarm_id, "checked: no fire", guard.account_id))
                self.cloud.wait_for_execution(alarm.execution_arn, timeout=30)
        self.notes["alarms"] = f"{count} smoke alarms, acknowledged and cleared, scaled to the month"
        return count

    def work_orders(self, count: int) -> int:
        from chalice.test import Client

        import app
        from tests.support.identity import auth, body, post
        from tests.work_orders.integration.test_work_orders_api import (
            deliver_media_events,
            jpeg,
            resident,
            staff,
            upload,
        )

        with Client(app.app) as client, self.work("work orders"):
            with self.meter.paused():
                c, house = "c-" + uuid.uuid4().hex[:8], "h-" + uuid.uuid4().hex[:6]
                res = resident(c, house)
                _manager_id, manager = staff(c, "staff.manager")
                tech_id, tech = staff(c, "staff.technician")
            client.http.put(
                f"/v1/staff/communities/{c}/work-order-technicians/{tech_id}",
                headers=auth(manager),
                body=json.dumps({"skills": ["plumbing"], "onDuty": True}),
            )
            base = f"/v1/resident/communities/{c}/houses/{house}/work-orders"
            for _ in range(count):
                made = post(
                    client, base, {"kind": "repair", "categoryId": "repair-plumbing", "description": "Leak"}, res
                )
                tid = body(made)["ticketId"]
                staff_base = f"/v1/staff/communities/{c}/work-orders/{tid}"
                for step, who in (("accept", manager), ("grab", tech), ("start", tech)):
                    assert post(client, f"{staff_base}/{step}", {}, who).status_code == 200, step
                form = body(
                    post(client, f"{staff_base}/photos", {"contentType": "image/jpeg", "sizeBytes": 60_000}, tech)
                )
                photo = jpeg()
                assert upload(form, photo).status_code in (200, 204)
                self.meter.add("s3_put_requests", "", 1)
                self.meter.add("s3_stored_bytes", "", len(photo))
                deliver_media_events(self.cloud, client)
                assert post(client, f"{staff_base}/resolve", {"note": "fixed"}, tech).status_code == 200
                assert post(client, f"{base}/{tid}/rate", {"stars": 5}, res).status_code == 200
        self.notes["work orders"] = f"{count} repairs with an after-photo, through the API, scaled to the month"
        return count

    def visitor_passes(self, count: int) -> int:
        from chalice.test import Client

        import app
        from chalicelib.visitors import wiring
        from tests.support.visitors import add_gate, gate_token, new_place, now

        with self.meter.paused():
            place = new_place()
            gate = add_gate(place.community)
        service = wiring.visitor_service()
        with Client(app.app) as client, contextlib.redirect_stdout(open(os.devnull, "w")):
            session = gate_token(client, place.community, gate)
            headers = {"Authorization": f"Bearer {session}", "Content-Type": "application/json"}
            with self.work("visitor passes"):
                for _ in range(count):
                    start = now()
                    invited = self.api(
                        lambda s=start: service.invite(
                            place.resident,
                            place.community,
                            place.house,
                            name="访客",
                            phone="13912345678",
                            reason="visit",
                            starts_at=s,
                            ends_at=s + timedelta(hours=4),
                            entries=1,
                        )
                    )
                    answer = client.http.post(
                        f"/v1/gate/communities/{place.community}/verify",
                        headers=headers,
                        body=json.dumps({"token": str(invited.token)}),
                    )
                    assert json.loads(answer.body)["admitted"], answer.body
        self.notes["visitor passes"] = f"{count} passes invited and verified once at a gate, scaled to the month"
        return count

    def bills(self, houses: int) -> int:
        from tests.support.payments import bills_for, make_house

        with self.meter.paused():
            c = "c" + uuid.uuid4().hex[:10]
            for _ in range(houses):
                make_house(c)
        with self.work("bills"):
            self.api(lambda: bills_for(c, period=datetime.now(UTC).strftime("%Y-%m")))
        self.notes["bills"] = f"a billing run over {houses} houses, scaled to 300 bills; payments not driven"
        return houses

    def schedules(self, days: int) -> dict[str, float]:
        import app

        factors = {}
        for source in app.app.event_sources:
            expression = getattr(source, "schedule_expression", None)
            if expression is None:
                continue
            expression = expression if isinstance(expression, str) else expression.to_string()
            kind = f"schedule {source.name}"
            with self.meter.work(kind):
                _payload, _error = self.cloud.registry.invoke(source.name, scheduled_event())
            factors[kind] = runs_per_month(expression, days)
        return factors

    def transitions(self) -> None:
        sfn = self.cloud.client("stepfunctions")
        deadline = time.monotonic() + 30
        for kind, arn in self.meter.executions:
            while sfn.describe_execution(executionArn=arn)["status"] == "RUNNING" and time.monotonic() < deadline:
                time.sleep(0.2)
            with self.meter.paused():
                events = sfn.get_execution_history(executionArn=arn, maxResults=1000)["events"]
            entered = sum(1 for e in events if e["type"].endswith("StateEntered"))
            machine = arn.split(":")[-2]
            self.meter.add("sfn_transitions", machine, entered, kind=kind)


def _query() -> Any:
    from chalicelib.alarms.model import AlarmQuery

    return AlarmQuery()


def scheduled_event() -> dict[str, Any]:
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "time": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": os.environ.get("AWS_DEFAULT_REGION", "cn-northwest-1"),
        "resources": [],
        "detail": {},
    }


STAGE = "local"  # the stage the template is read for (names the Basic Ingest rules as deployed)


def stage_names(stage: str) -> Callable[[Any], Any]:
    """A resolver for the template's rule properties: `Fn::Sub` over the Stage parameter alone (the rule names)."""

    def resolve(value: Any) -> Any:
        if isinstance(value, dict):
            sub = value.get("Fn::Sub")
            if len(value) == 1 and isinstance(sub, str) and set(re.findall(r"\$\{([^}]*)\}", sub)) == {"Stage"}:
                return sub.replace("${Stage}", stage)
            return {k: resolve(v) for k, v in value.items()}
        if isinstance(value, list):
            return [resolve(v) for v in value]
        return value

    return resolve


def rule_queue(rule: Any) -> str:
    """The logical id of the queue a topic rule's SQS action sends to."""
    [action] = rule.actions
    return str(action["Sqs"]["QueueUrl"]["Ref"])


def queue_routes(template: dict[str, Any]) -> dict[str, tuple[str, int, float]]:
    """Queue logical id -> (the function its event source mapping invokes, batch size, batching window in s)."""
    from infra.localcloud.rules_bridge import template_resources

    routes: dict[str, tuple[str, int, float]] = {}
    for resource in template_resources(template, "AWS::Lambda::EventSourceMapping").values():
        props = resource["Properties"]
        source, function = props["EventSourceArn"], props["FunctionName"]
        if not (isinstance(source, dict) and source.get("Fn::GetAtt", [None, None])[1] == "Arn"):
            continue  # a table stream
        routes[source["Fn::GetAtt"][0]] = (
            re.sub(r"(?<!^)(?=[A-Z])", "_", function["Fn::GetAtt"][0]).lower(),
            int(props.get("BatchSize", 10)),
            float(props.get("MaximumBatchingWindowInSeconds", 0)),
        )
    return routes
