"""Speed-ups of moto's SQS model for the local cloud: the same answers, without its per-message clock reads.

moto 5.2 computes a queue's visible / delayed / in-flight messages by reading the clock through `datetime` once
per message, and on every SendMessage (for `Queue.attributes`) and for every message a ReceiveMessage returns
(its retention check reads all the queue's attributes, twice). With a backlog of N messages each call costs
O(N) datetime operations, so a burst of a few thousand telemetry messages made every send and receive slower
than the next: the local pipeline collapsed to a few messages per second. These replacements read the
clock once per call and compare numbers; visibility, delay, retention and every attribute keep moto's meaning
(`unix_time_millis()` is `time.time() * 1000`). Applied in the moto process (and to in-thread moto in tests).

Step Functions (`_cache_state_machine_programs`, `_share_workflow_clients`): moto's engine parsed the state
machine's definition again for every execution (its ANTLR parser: ~30 ms of CPU for alarm_handling.asl.json) and
built a new boto3 client for every Lambda task it invoked; in a burst of 50 alarms the two were 45 % of the local
endpoint's CPU. Each definition is now parsed once and its executions share the parsed program (each evaluates
its own copy when the definition has Map or Parallel states), and the engine's clients are built once per service
and region (boto3 clients are thread-safe). AWS has neither cost: this only keeps the local endpoint from being
the burst's bottleneck.

Every request (`_fast_requests`): moto lists a response class's methods with `inspect.getmembers` on every call
(memoised per class here), and serialises every DynamoDB data-plane answer by walking the botocore output shape, about
half of the endpoint's time per DynamoDB call. Those answers are already JSON in the wire format (attribute values
as `{"S": ...}`), so they are written with `json.dumps`, members that are None left out as the serializer leaves them
out; an answer with bytes (binary attributes) or timestamps, or any other operation, still goes through moto's
serializer (`tests/localcloud/unit/test_moto_speed.py` compares the two). A Query on a table's own key read every item
of the table, sorted, to keep those of one partition; it now reads that partition (the same items, in the same order),
so its cost no longer grows with the table (a test session's tables grow to thousands of items); a Query on an index
reads the items under its hash key value, from a map per index kept up to date by every write (`_partition_queries`).
A Query projected to top-level attributes
(`ProjectionExpression: a, b`) deep-copied every whole item and then converted each to plain JSON and back to keep
the few attributes (about 1.2 ms an entry record); it now copies the projected attributes only. An item's size
(read twice per item a Query returns, to stop at 1 MB) is computed when the item is written, as DynamoDB knows it,
and computed again only after an update of that item (it was every item's after any update). A Query keeps only the
items whose sort key meets its key condition before moto sorts them and reads their sizes, as DynamoDB reads only
those (`in_range`). moto's request ids, drawn character by character from its seeded generator, come from the OS's
random bytes; an account's backends are found without moto's global lock once created.

Thread safety: moto's server is threaded but its SQS model is not (concurrent receives raise "Set changed size
during iteration" -> HTTP 500; a delete rebuilding the message list can drop a message appended meanwhile). The
SQS backend's operations therefore run one at a time under one lock, released while a long poll waits.
"""

from __future__ import annotations

import json
import os
import threading
import time
from typing import Any

_applied = False
_sending = threading.local()  # inside SendMessage, which reads one attribute and never the message counts


def apply() -> None:
    global _applied
    if _applied:
        return
    from moto.sqs import models

    def visible(self: Any) -> bool:
        return bool(time.time() * 1000 > self.visible_at)

    def delayed(self: Any) -> bool:
        return bool(time.time() * 1000 < self.delayed_until)

    def messages(self: Any) -> list[Any]:
        now = time.time() * 1000
        return [m for m in self._messages if now > m.visible_at and not now < m.delayed_until]

    def number_delayed(self: Any) -> int:
        now = time.time() * 1000
        return sum(1 for m in self._messages if now < m.delayed_until)

    def number_not_visible(self: Any) -> int:
        now = time.time() * 1000
        return sum(1 for m in self._messages if not now > m.visible_at)

    def within_retention(self: Any, queue_name: str, message: Any) -> bool:
        retention = int(self.get_queue(queue_name).message_retention_period)
        return bool(retention + message.sent_timestamp / 1000 > time.time())

    from moto.core.utils import camelcase_to_underscores

    counted = frozenset(
        ("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesDelayed", "ApproximateNumberOfMessagesNotVisible")
    )

    def attributes(self: Any) -> dict[str, Any]:
        """moto's `Queue.attributes`, except that inside SendMessage (which reads ContentBasedDeduplication only)
        the three message counts, each a pass over the whole queue, are not computed."""
        skip = counted if getattr(_sending, "active", False) else frozenset()
        names = [a for a in self.BASE_ATTRIBUTES if a not in skip]
        if self.fifo_queue:
            names += self.FIFO_ATTRIBUTES
        if self.kms_master_key_id:
            names += self.KMS_ATTRIBUTES
        result: dict[str, Any] = {a: getattr(self, camelcase_to_underscores(a)) for a in names}
        if self.policy:
            result["Policy"] = self.policy
        if self.redrive_policy:
            result["RedrivePolicy"] = json.dumps(self.redrive_policy)
        return {k: str(v).lower() if isinstance(v, bool) else v for k, v in result.items()}

    base_send = models.SQSBackend.send_message

    def send_message(self: Any, *args: Any, **kwargs: Any) -> Any:
        _sending.active = True
        try:
            return base_send(self, *args, **kwargs)
        finally:
            _sending.active = False

    def remove(queue: Any, handles: set[str]) -> None:
        """Delete, in one pass over the queue, the messages any of `handles` (current or earlier) was issued for."""
        wanted = handles - queue.deleted_messages
        if not wanted:
            return
        kept = []
        for message in queue._messages:
            if message.receipt_handle in wanted or not wanted.isdisjoint(message._old_receipt_handles):
                queue.pending_messages.discard(message)
                queue.deleted_messages.update(message.all_receipt_handles)
            else:
                kept.append(message)
        if len(kept) != len(queue._messages):
            queue._messages = kept

    def delete_message(self: Any, receipt_handle: str) -> None:
        remove(self, {receipt_handle})  # deleted before: moto (and SQS) accept it again
        if receipt_handle not in self.deleted_messages:
            raise models.ReceiptHandleIsInvalid()

    def delete_message_batch(self: Any, queue_name: str, receipts: list[dict[str, Any]]) -> Any:
        """moto's DeleteMessageBatch in one pass over the queue (moto deletes entry by entry, each a pass over every
        message and a rebuilt list: with a backlog, most of the local endpoint's time). Same answers: a handle
        deleted before succeeds again, an unknown one is `ReceiptHandleIsInvalid` for its entry alone."""
        queue = self.get_queue(queue_name)
        remove(queue, {r["ReceiptHandle"] for r in receipts})
        success, errors = [], []
        for receipt in receipts:
            if receipt["ReceiptHandle"] in queue.deleted_messages:
                success.append(receipt["Id"])
            else:
                errors.append(
                    {
                        "Id": receipt["Id"],
                        "SenderFault": True,
                        "Code": "ReceiptHandleIsInvalid",
                        "Message": f'The input receipt handle "{receipt["ReceiptHandle"]}" is not a valid receipt '
                        "handle.",
                    }
                )
        return success, errors

    lock = threading.RLock()

    def serialised(method: Any) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            with lock:
                return method(*args, **kwargs)

        return run

    base_wait = models.Queue.wait_for_messages

    def wait_for_messages(self: Any, timeout: int) -> None:
        held = 0
        while True:  # a long poll must not keep senders out: let go of the lock while waiting
            try:
                lock.release()
            except RuntimeError:
                break
            held += 1
        try:
            base_wait(self, timeout)
        finally:
            for _ in range(held):
                lock.acquire()

    models.Queue.attributes = property(attributes)  # type: ignore[assignment,method-assign]
    models.SQSBackend.send_message = send_message  # type: ignore[method-assign]
    models.Queue.delete_message = delete_message  # type: ignore[method-assign]
    models.Message.visible = property(visible)  # type: ignore[assignment,method-assign]
    models.Message.delayed = property(delayed)  # type: ignore[assignment,method-assign]
    models.Queue.messages = property(messages)  # type: ignore[assignment,method-assign]
    models.Queue.approximate_number_of_messages_delayed = property(number_delayed)  # type: ignore[assignment,method-assign]
    models.Queue.approximate_number_of_messages_not_visible = property(number_not_visible)  # type: ignore[assignment,method-assign]
    models.SQSBackend.is_message_valid_based_on_retention_period = within_retention  # type: ignore[method-assign]
    models.Queue.wait_for_messages = wait_for_messages  # type: ignore[method-assign]
    models.SQSBackend.delete_message_batch = delete_message_batch  # type: ignore[method-assign]
    for name in (
        "create_queue",
        "delete_queue",
        "get_queue_attributes",
        "set_queue_attributes",
        "send_message",
        "send_message_batch",
        "receive_message",
        "delete_message",
        "delete_message_batch",
        "change_message_visibility",
        "change_message_visibility_batch",
        "purge_queue",
    ):
        setattr(models.SQSBackend, name, serialised(getattr(models.SQSBackend, name)))
    _cache_backend_lookup()
    _cache_state_machine_programs()
    _cache_json_paths()
    _index_executions()
    _share_workflow_clients()
    _fast_requests()
    _partition_queries()
    _light_reads()
    _parsed_conditions()
    from infra.localcloud import moto_memory

    moto_memory.apply()
    _applied = True


def _cache_backend_lookup() -> None:
    """moto's server finds the service of every request by host, under one global lock, by listing moto's package
    directory (a `listdir` and ~150 `isdir` calls) and trying every service's URL patterns: a fifth of the local
    endpoint's time under load. The answer for a host never changes, so it is looked up once per host."""
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication

    base = DomainDispatcherApplication.get_backend_for_host
    found: dict[tuple[int, str | None], Any] = {}

    def get_backend_for_host(self: Any, host: str | None) -> Any:
        key = (id(self), host)
        if key not in found:
            found[key] = base(self, host)
        return found[key]

    DomainDispatcherApplication.get_backend_for_host = get_backend_for_host  # type: ignore[method-assign]


def _cache_state_machine_programs() -> None:
    """Parse each definition once. A parsed program without Map or Parallel states is shared by its executions:
    its components hold nothing of an evaluation but `EvalComponent.heap_key` (the key of the component's values in
    each execution's own heap), which is now set under a lock so that every execution reads the same key. A program
    with Map or Parallel states (their components keep workers and jobs) is evaluated from its own copy, loaded from
    a pickle of the parsed program (1.6 ms for the alarm workflow's, which every execution used to pay)."""
    import pickle

    from moto.stepfunctions.parser.asl.component.eval_component import EvalComponent
    from moto.stepfunctions.parser.asl.parse.asl_parser import AmazonStateLanguageParser
    from moto.stepfunctions.parser.utils import long_uid

    base = AmazonStateLanguageParser.parse
    parsed: dict[str, tuple[Any, Any, Any]] = {}
    guard = threading.Lock()
    keyed = threading.Lock()

    def heap_key(self: Any) -> str:
        found = self.__dict__.get("_EvalComponent__heap_key")
        if found is None:
            with keyed:
                found = self.__dict__.get("_EvalComponent__heap_key")
                if found is None:
                    found = self._EvalComponent__heap_key = long_uid()
        return str(found)

    def shareable(definition: str) -> bool:
        try:
            states = _all_states(json.loads(definition))
        except (ValueError, TypeError, AttributeError, RecursionError):
            return False
        return not any(isinstance(s, dict) and s.get("Type") in ("Map", "Parallel") for s in states)

    def parse(definition: str) -> tuple[Any, Any]:
        with guard:
            found = parsed.get(definition)
        if found is None:
            program, tree = base(definition)  # raises for an invalid definition: nothing cached
            if shareable(definition):
                found = (program, None, tree)
            else:
                try:
                    found = (None, pickle.dumps(program), tree)  # loads ten times faster than a deep copy
                except Exception:
                    return program, tree  # parsed again next time
                program = pickle.loads(found[1])
            with guard:
                parsed[definition] = found
            return program, tree
        shared, pickled, tree = found
        return (shared if shared is not None else pickle.loads(pickled)), tree

    EvalComponent.heap_key = property(heap_key)  # type: ignore[assignment,method-assign]
    AmazonStateLanguageParser.parse = staticmethod(parse)  # type: ignore[method-assign]


def _all_states(definition: Any) -> list[Any]:
    """Every state of a definition, those of Map and Parallel branches included."""
    found: list[Any] = []
    pending = [definition]
    while pending:
        machine = pending.pop()
        for state in (machine.get("States") or {}).values() if isinstance(machine, dict) else ():
            found.append(state)
            if isinstance(state, dict):
                pending += [b for b in state.get("Branches") or [] if isinstance(b, dict)]
                pending += [state[k] for k in ("Iterator", "ItemProcessor") if isinstance(state.get(k), dict)]
    return found


def _cache_json_paths() -> None:
    """moto's engine parses every JSONPath of every state it evaluates (`$`, `$.command`, `$$.Task.Token` ...) with a
    parser it builds each time (jsonpath_ng builds its grammar's tables per parser): a tenth of the endpoint's time
    under a car park's commands. A parsed path is read-only when matched, so one parse per distinct path serves all."""
    import functools

    from moto.stepfunctions.parser.asl.component.common.path import result_path
    from moto.stepfunctions.parser.asl.utils import json_path

    json_path.parse = functools.lru_cache(maxsize=4096)(json_path.parse)  # type: ignore[attr-defined]
    result_path.parse = functools.lru_cache(maxsize=4096)(result_path.parse)  # type: ignore[attr-defined]


def _index_executions() -> None:
    """moto finds an execution by walking its state machine's list of every execution it ever ran: on every
    StartExecution (the name's idempotency check), DescribeExecution and StopExecution. A long-running local stack
    keeps them all (one per device command), so each start grew slower. Each state machine keeps an index by name
    and by ARN, extended with the executions appended since it was last read (the list only grows; a shorter list
    is indexed again). Same answers: the first execution with a name or ARN, as moto's walk finds it."""
    from moto.stepfunctions.exceptions import ExecutionAlreadyExists
    from moto.stepfunctions.models import StateMachine, StepFunctionBackend

    guard = threading.Lock()
    # by the identity of a machine's list of executions (kept here, not on the machine: moto deep-copies a machine,
    # all but that list, when it starts an execution, and executions hold threads and locks)
    indexes: dict[int, list[Any]] = {}

    def index(machine: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        executions = machine.executions
        with guard:
            kept = indexes.get(id(executions))
            if kept is None or kept[0] > len(executions) or kept[3] is not executions:
                kept = indexes[id(executions)] = [0, {}, {}, executions]
            by_name, by_arn = kept[1], kept[2]
            for execution in executions[kept[0] :]:
                by_name.setdefault(execution.name, execution)
                by_arn.setdefault(execution.execution_arn, execution)
            kept[0] = len(executions)
            return by_name, by_arn

    def idempotency(self: Any, name: str, execution_input: str) -> Any:
        execution = index(self)[0].get(name)
        if execution is None:
            return None
        if execution_input == execution.execution_input and execution.status == "RUNNING":
            return execution
        raise ExecutionAlreadyExists("Execution Already Exists: '" + execution.execution_arn + "'")

    base_describe = StepFunctionBackend.describe_execution

    def describe_execution(self: Any, execution_arn: str) -> Any:
        self._validate_execution_arn(execution_arn)
        machine = self._get_state_machine_for_execution(execution_arn)
        execution = index(machine)[1].get(execution_arn)
        if execution is None:
            return base_describe(self, execution_arn)  # moto's answer (and its error) for anything not indexed
        return execution

    StateMachine._handle_name_input_idempotency = idempotency  # type: ignore[method-assign]
    StepFunctionBackend.describe_execution = describe_execution  # type: ignore[method-assign]


def _share_workflow_clients() -> None:
    """One client per service and region for the workflow engine's tasks, instead of one per task: moto's own
    (`boto_client_for`: its fake keys, no retries, its timeouts), with a pool for the executions running at once."""
    import sys

    import boto3
    from botocore.config import Config
    from moto.core.models import botocore_stubber
    from moto.settings import moto_server_port
    from moto.stepfunctions.parser.asl.component.common.timeouts.timeout import TimeoutSeconds
    from moto.stepfunctions.parser.asl.utils import boto_client

    base = boto_client.boto_client_for
    clients: dict[tuple[str, str, bool, int], Any] = {}
    guard = threading.Lock()

    def boto_client_for(region: str, service: str, state_credentials: Any = None) -> Any:
        intercepted = bool(botocore_stubber.enabled)  # inside mock_aws: no endpoint (moto's own choice)
        port = int(moto_server_port())
        key = (region, service, intercepted, port)
        with guard:
            found = clients.get(key)
        if found is None:
            found = boto3.client(
                service_name=service,
                region_name=region,
                aws_access_key_id="ak",
                aws_secret_access_key="sk",
                config=Config(
                    parameter_validation=False,
                    retries={"max_attempts": 0, "total_max_attempts": 1},
                    connect_timeout=TimeoutSeconds.DEFAULT_TIMEOUT_SECONDS,
                    read_timeout=TimeoutSeconds.DEFAULT_TIMEOUT_SECONDS,
                    max_pool_connections=64,
                ),
                **({} if intercepted else {"endpoint_url": f"http://localhost:{port}"}),
            )
            with guard:
                found = clients.setdefault(key, found)
        return found

    boto_client.boto_client_for = boto_client_for
    for name, module in list(sys.modules.items()):  # modules that imported it before
        if name.startswith("moto.stepfunctions.parser") and getattr(module, "boto_client_for", None) is base:
            setattr(module, "boto_client_for", boto_client_for)  # noqa: B010 (a module attribute mypy cannot see)


# DynamoDB operations whose answers are items, keys and counts (JSON 1.0, no blobs or timestamps but in binary
# attributes, which fall back to moto's serializer).
DYNAMODB_DATA_PLANE = frozenset(
    (
        "GetItem",
        "PutItem",
        "UpdateItem",
        "DeleteItem",
        "Query",
        "Scan",
        "BatchGetItem",
        "BatchWriteItem",
        "TransactGetItems",
        "TransactWriteItems",
    )
)


def plain_json(value: Any, inner: Any = None) -> Any:
    """`value` without None members of objects; raises TypeError on what JSON cannot hold as is (bytes, datetime).
    `inner` converts the members (default: this function)."""
    convert = inner or plain_json
    if isinstance(value, dict):
        return {k: convert(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [convert(v) for v in value]
    if value is None or isinstance(value, str | bool | int | float):
        return value
    raise TypeError(type(value).__name__)


def _fast_requests() -> None:
    import functools

    from moto.core import responses, utils
    from moto.dynamodb.responses import DynamoResult

    memoised = functools.lru_cache(maxsize=None)(utils.method_names_from_class)
    utils.method_names_from_class = memoised
    responses.method_names_from_class = memoised  # imported by name there
    # The action's method name, from the action's name on every call (a few hundred names in all).
    responses.camelcase_to_underscores = functools.lru_cache(maxsize=4096)(utils.camelcase_to_underscores)

    from moto.utilities import aws_headers

    def request_id(headerdict: dict[str, Any] | None = None) -> str:
        """A request id as moto's (52 upper-case letters and digits), from the OS's random bytes: moto drew each
        character from its seeded generator."""
        found = os.urandom(26).hex().upper()
        if isinstance(headerdict, dict):
            headerdict["x-amzn-requestid"] = found
        return found

    aws_headers.gen_amzn_requestid_long = request_id  # type: ignore[assignment]
    responses.gen_amzn_requestid_long = request_id  # type: ignore[assignment]  # imported by name there

    from moto.core.base_backend import BackendDict

    base_backend_for = BackendDict.__getitem__

    def backend_for(self: Any, account_id: str) -> Any:
        """An account's backends: moto took a global lock and listed every account on each look-up (several per
        request) to create them the first time; they are created once, then found."""
        try:
            return dict.__getitem__(self, account_id)
        except KeyError:
            return base_backend_for(self, account_id)

    BackendDict.__getitem__ = backend_for  # type: ignore[method-assign]

    def json_answer(result: Any, convert: Any) -> Any:
        """(status, headers, body) of an answer already in the JSON 1.0 wire shape; None if `convert` cannot
        write it as plain JSON (moto's serializer then answers)."""
        try:
            body = json.dumps(convert(result), separators=(",", ":"))
        except TypeError:
            return None
        return 200, {"Content-Type": "application/x-amz-json-1.0"}, body

    base = DynamoResult.execute_result

    def execute_result(self: Any, context: Any) -> Any:
        fast = json_answer(self.result, plain_json) if context.operation_model.name in DYNAMODB_DATA_PLANE else None
        return fast or base(self, context)

    DynamoResult.execute_result = execute_result  # type: ignore[method-assign]

    from datetime import datetime

    from moto.core.responses import ActionResult

    base_action = ActionResult.execute_result

    def stream_json(value: Any) -> Any:
        if isinstance(value, datetime):
            return value.timestamp()  # the JSON protocols' timestamps: epoch seconds
        return plain_json(value, stream_json)

    def execute_action(self: Any, context: Any) -> Any:
        """DynamoDB Streams' GetRecords (every stream poller, every half second): the records are already in the
        wire format but for their creation time, and moto's model-driven serializer walked every image of every
        record (a fifth of the endpoint's time under a car park's load). Any other answer: moto's serializer."""
        model = context.operation_model
        records = model.name == "GetRecords" and model.service_model.service_name == "dynamodbstreams"
        fast = json_answer(self.result, stream_json) if records else None
        return fast or base_action(self, context)

    ActionResult.execute_result = execute_action  # type: ignore[method-assign]

    from moto.dynamodb import responses as dynamodb_responses
    from moto.dynamodb.models import utilities
    from moto.dynamodb.models.dynamo_type import DynamoType

    base_to_dict = utilities.dynamo_to_dict
    scalars = frozenset(("S", "N", "BOOL", "NULL"))
    sets = frozenset(("SS", "NS"))

    def dynamo_to_dict(obj: Any) -> Any:
        """moto's `dynamo_to_dict` (every answer's items to plain values before serialising; 40 % of a large
        Query's time, its per-value `hasattr(to_json)` probes most of it), by the exact type of each value; binary
        values, datetimes and model objects still go through moto's."""
        kind = type(obj)
        if kind is DynamoType:
            t = obj.type
            if t in scalars:
                return {t: obj.value}
            if t in sets:
                return {t: list(obj.value)}
            if t == "M":
                return {"M": {k: dynamo_to_dict(v) for k, v in obj.value.items()}}
            if t == "L":
                return {"L": [dynamo_to_dict(v) for v in obj.value]}
            return base_to_dict(obj)
        if kind is dict:
            return {k: dynamo_to_dict(v) for k, v in obj.items()}
        if kind is list:
            return [dynamo_to_dict(v) for v in obj]
        if obj is None or kind is str or kind is int or kind is float or kind is bool:
            return obj
        return base_to_dict(obj)

    dynamodb_responses.dynamo_to_dict = dynamo_to_dict  # type: ignore[attr-defined]  # imported by name there


class _IndexMap:
    """For each global secondary index of a table: the keys of the items under each value of its (first) hash key
    attribute, and the value each item is under. Kept up to date by every write of an item (put, update, delete,
    a transaction's steps and rollback) and rebuilt when it cannot be trusted: a new `items` dict (a table restored or
    replaced wholesale), a changed set of indexes, or a statement that writes by other paths (PartiQL)."""

    __slots__ = ("items_id", "maps", "signature", "unsafe")

    def __init__(self, table: Any) -> None:
        self.items_id = id(table.items)
        self.signature = _index_signature(table)
        self.maps: dict[str, tuple[str, dict[Any, set[Any]], dict[Any, Any]]] = {
            name: (attr, {}, {}) for name, attr in self.signature
        }
        self.unsafe: set[str] = set()
        for partition in list(table.items.values()):
            for item in list(partition.values()) if table.range_key_attr else [partition]:
                self.place((item.hash_key, item.range_key), item)

    def fits(self, table: Any) -> bool:
        """Still the map of this table's items and indexes (not of a replaced `items` dict or another index set)."""
        return self.items_id == id(table.items) and self.signature == _index_signature(table)

    def place(self, key: Any, item: Any) -> None:
        """Put `key` under its item's current values (`item` None: the item is gone)."""
        for name, (attr, under, of) in self.maps.items():
            old = of.pop(key, None)
            if old is not None:
                keys = under.get(old)
                if keys is not None:
                    keys.discard(key)
                    if not keys:
                        del under[old]
            value = item.attrs.get(attr) if item is not None else None
            if value is None:
                continue
            try:
                under.setdefault(value, set()).add(key)
            except TypeError:  # not a key type (DynamoDB refuses such a write): answer this index from the table
                self.unsafe.add(name)
                continue
            of[key] = value


def _index_signature(table: Any) -> tuple[tuple[str, str], ...]:
    found = []
    for index in table.global_indexes or []:
        hashes = [k["AttributeName"] for k in index.schema if k["KeyType"] == "HASH"]
        if hashes:
            found.append((index.name, hashes[0]))
    return tuple(found)


# Compare every narrowed index Query's candidates with the whole table's (tests; LOCALCLOUD_CHECK_INDEX_MAP=1).
CHECK_INDEX_MAP = os.environ.get("LOCALCLOUD_CHECK_INDEX_MAP") == "1"


def _stored(table: Any, hash_key: Any, range_key: Any) -> Any:
    """The item of a table at a key, or None."""
    partition = dict.get(table.items, hash_key)  # not table.items[...]: a defaultdict would add the key
    if partition is None:
        return None
    return partition.get(range_key) if table.range_key_attr else partition


def _updated_key(table: Any, key: Any) -> tuple[Any, Any]:
    """The (hash, range) key an UpdateItem names, as moto's `update_item` reads it."""
    from moto.dynamodb.models.dynamo_type import DynamoType

    if table.hash_key_attr in key:
        range_value = key.get(table.range_key_attr) if table.range_key_attr else None
        return DynamoType(key[table.hash_key_attr]), DynamoType(range_value) if range_value else None
    return DynamoType(key), None


def _updated_item(backend: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """The item an UpdateItem call (moto's `update_item(table_name, key, ...)`) names, or None."""
    table_name = kwargs.get("table_name", args[0] if args else None)
    table = backend.tables.get(table_name) if isinstance(table_name, str) else None
    key = kwargs.get("key", args[1] if len(args) > 1 else None)
    if table is None or key is None:
        return None
    return _stored(table, *_updated_key(table, key))


def _partition_queries() -> None:
    """A Query reads only the items that can answer it. moto filters `all_items()` (every item of the table, sorted
    by key) by the key condition and then sorts what is left; inside a Query, `all_items()` now answers a subset
    that holds every item the key condition can keep:
    - on the table's key: the items of that partition, sorted as before;
    - on a local secondary index: the items of the table partition (an LSI shares the table's hash key);
    - on a global secondary index: the items under the condition's value of the index's hash key, from an
      `_IndexMap` kept per table and updated by each write (moto then filters and sorts them by the index key, as
      it did the whole table).
    The answers are the same items in the same order (moto's own filter and sort still run), but a Query's cost no
    longer grows with the table. DynamoDB calls run one at a time (dynamodb_isolation.py); the subset is kept per
    thread anyway."""
    from moto.dynamodb.comparisons import get_comparison_func
    from moto.dynamodb.models import DynamoDBBackend
    from moto.dynamodb.models.table import Table

    narrowed = threading.local()
    base_query = Table.query
    base_all_items = Table.all_items

    def index_map(table: Any) -> _IndexMap:
        found = table.__dict__.get("_sc_index_map")
        if found is None or not found.fits(table):
            found = _IndexMap(table)
            table._sc_index_map = found
        return found

    def reindex(table: Any, hash_key: Any, range_key: Any) -> None:
        """Kept from the table's first write on (a map built lazily by the first Query of a table of a million
        items took longer than a client waits for an answer)."""
        if not table.global_indexes:
            return
        found = table.__dict__.get("_sc_index_map")
        if found is None or not found.fits(table):
            index_map(table)  # built from the items now, this write included
            return
        found.place((hash_key, range_key), _stored(table, hash_key, range_key))

    def forget(table: Any) -> None:
        table.__dict__["_sc_index_map"] = None

    def partition_items(table: Any, hash_key: Any) -> list[Any]:
        found = dict.get(table.items, hash_key)
        if found is None:
            return []
        return list(found.values()) if table.range_key_attr else [found]

    def candidates(table: Any, index_name: str, conditions: Any) -> list[Any] | None:
        wanted = dict(conditions or [])
        for index in table.indexes or []:  # local: the table partition
            if index.name == index_name:
                value = wanted.get(table.hash_key_attr)
                return None if value is None else partition_items(table, value)
        found = index_map(table)
        for name, (attr, under, _of) in found.maps.items():
            if name != index_name or name in found.unsafe or attr not in wanted:
                continue
            try:
                keys = under.get(wanted[attr], ())
            except TypeError:
                return None
            items = [_stored(table, h, r) for h, r in keys]
            return [i for i in items if i is not None]
        return None

    def query(self: Any, hash_key: Any, *args: Any, **kwargs: Any) -> Any:
        index_name = kwargs.get("index_name", args[6] if len(args) > 6 else None)  # moto passes it by position
        if index_name:
            subset = candidates(self, index_name, kwargs.get("hash_key_conditions"))
            if subset is not None and CHECK_INDEX_MAP:
                attr_values = dict(kwargs.get("hash_key_conditions") or [])
                expected = {
                    (i.hash_key, i.range_key)
                    for i in base_all_items(self)
                    if all(i.attrs.get(a) is not None and i.attrs[a] == v for a, v in attr_values.items())
                }
                got = {(i.hash_key, i.range_key) for i in subset}
                if not expected <= got:
                    raise AssertionError(f"index map of {self.name}.{index_name} misses {expected - got}")
        elif hash_key is not None:
            subset = partition_items(self, hash_key)
        else:
            subset = None
        if subset is None:
            return base_query(self, hash_key, *args, **kwargs)
        subset = in_range(subset, args, kwargs)
        narrowed.subset = (self, subset)
        try:
            return base_query(self, hash_key, *args, **kwargs)
        finally:
            narrowed.subset = None

    def in_range(subset: list[Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> list[Any]:
        """The items whose sort key meets the key condition (`begins_with`, `=`, `BETWEEN`, ...), as DynamoDB reads
        only those: moto compared every item under the hash key, after reading each one's size and sorting them all
        (a fire alarm's linkage Query, doors of one building, went through every device of the community). moto's
        own comparison still runs on what is kept; an item this cannot judge is kept for it."""
        comparison = args[0] if args else kwargs.get("range_comparison")
        conditions = kwargs.get("range_key_conditions") or []
        if not comparison or len(conditions) != 1 or conditions[0][1] != comparison:
            return subset
        attr, _comparison, bounds = conditions[0]
        test = get_comparison_func(comparison)
        if test is None:
            return subset
        try:
            values = [b.cast_value for b in bounds]
        except Exception:
            return subset

        def meets(item: Any) -> bool:
            found = item.attrs.get(attr)
            if found is None:
                return True
            try:
                return bool(test(found.value if found.type == "S" else found.cast_value, *values))
            except Exception:
                return True

        return [item for item in subset if meets(item)]

    def all_items(self: Any) -> list[Any]:
        subset = getattr(narrowed, "subset", None)
        if subset is None or subset[0] is not self:
            return base_all_items(self)  # type: ignore[no-any-return]
        return list(subset[1])  # moto sorts what it keeps by a key that includes the table's key: no ties

    from decimal import Decimal

    def sorted_items(self: Any, hash_key_attrs: list[str], range_key_attrs: list[Any], items: list[Any]) -> Any:
        """moto's sort of an index Query's items, by each key attribute's value computed once per item (moto's
        key is the attributes themselves, whose every comparison converts both values again)."""
        names = self._generate_attr_to_sort_by(hash_key_attrs, range_key_attrs)

        def key(item: Any) -> tuple[Any, ...]:
            out = []
            for name in names:
                value = item.attrs[name]
                kind = value.type
                out.append(
                    value.value if kind in ("S", "B") else Decimal(value.value) if kind == "N" else value.cast_value
                )
            return tuple(out)

        items.sort(key=key)
        return items

    base_put = Table.put_item
    base_delete = Table.delete_item
    base_update = DynamoDBBackend.update_item

    def put_item(self: Any, *args: Any, **kwargs: Any) -> Any:
        item = base_put(self, *args, **kwargs)
        reindex(self, item.hash_key, item.range_key)
        return item

    def delete_item(self: Any, hash_key: Any, range_key: Any) -> Any:
        try:
            return base_delete(self, hash_key, range_key)
        finally:
            reindex(self, hash_key, range_key)

    def update_item(self: Any, *args: Any, **kwargs: Any) -> Any:
        table_name = kwargs.get("table_name", args[0] if args else None)
        table = self.tables.get(table_name) if isinstance(table_name, str) else None
        try:
            item = base_update(self, *args, **kwargs)
        except Exception:
            # A failed update (most often a condition not met, which changes nothing) may have changed its one item
            # before failing: that item is placed again. The whole table's map was dropped here before, and every
            # failed conditional update (routine under concurrency) cost the next Query a rebuild over the table.
            if table is not None:
                try:
                    reindex(table, *_updated_key(table, kwargs.get("key", args[1] if len(args) > 1 else None)))
                except Exception:  # a key moto could not read either: answer from a new map
                    forget(table)
            raise
        if item is not None and table is not None:
            reindex(table, item.hash_key, item.range_key)
        return item

    def forgetting(method: Any) -> Any:
        def run(self: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                return method(self, *args, **kwargs)
            finally:
                for table in list(self.tables.values()):
                    forget(table)

        return run

    Table.query = query  # type: ignore[method-assign]
    Table.all_items = all_items  # type: ignore[method-assign]
    Table.sorted_items = sorted_items  # type: ignore[method-assign]
    Table.put_item = put_item  # type: ignore[method-assign]
    Table.delete_item = delete_item  # type: ignore[method-assign]
    DynamoDBBackend.update_item = update_item  # type: ignore[method-assign]
    for name in ("execute_statement", "batch_execute_statement", "execute_transaction"):
        if hasattr(DynamoDBBackend, name):
            setattr(DynamoDBBackend, name, forgetting(getattr(DynamoDBBackend, name)))


def _light_reads() -> None:
    """Projected Queries copy only what they answer; item sizes are kept from the write (see the module's notes)."""
    from moto.dynamodb.models import DynamoDBBackend
    from moto.dynamodb.models import table as table_module
    from moto.dynamodb.models.dynamo_type import Item, LimitedSizeDict
    from moto.dynamodb.models.table import Table

    real_copy = table_module.copy
    light = threading.local()
    updates = [0]  # PartiQL statements so far (their writes are not followed): a size kept from before one is stale

    class _Copy:
        """`copy` inside moto's table module: within a light Query, the results' deep copy is a list copy (the
        projection that follows copies the attributes it keeps)."""

        def __getattr__(self, name: str) -> Any:
            return getattr(real_copy, name)

        @staticmethod
        def deepcopy(value: Any, memo: Any = None) -> Any:
            if getattr(light, "on", False) and isinstance(value, list):
                return list(value)
            return real_copy.deepcopy(value, memo)

    def simple(expressions: Any) -> bool:
        return bool(expressions) and all(
            len(e) == 1 and isinstance(e[0], str) and "[" not in e[0] and "." not in e[0] for e in expressions
        )

    base_project = Item.project

    def project(self: Any, expressions: list[list[str]]) -> Any:
        if not simple(expressions):
            return base_project(self, expressions)
        out: Any = Item.__new__(Item)
        out.hash_key, out.range_key = self.hash_key, self.range_key
        attrs = LimitedSizeDict.__new__(LimitedSizeDict)
        dict.__init__(attrs)
        for (name,) in expressions:
            if name in self.attrs:
                dict.__setitem__(attrs, name, real_copy.deepcopy(self.attrs[name]))
        out.attrs = attrs
        return out

    base_size = Item.size

    def size(self: Any) -> int:
        kept = self.__dict__.get("_sc_size")
        if kept is not None and kept[0] == updates[0]:
            return int(kept[1])
        value = base_size(self)
        self._sc_size = (updates[0], value)
        return int(value)

    base_query = Table.query

    def query(self: Any, hash_key: Any, *args: Any, **kwargs: Any) -> Any:
        expressions = kwargs.get("projection_expressions", args[5] if len(args) > 5 else None)
        light.on = simple(expressions)
        try:
            return base_query(self, hash_key, *args, **kwargs)
        finally:
            light.on = False

    base_put = Table.put_item

    def put_item(self: Any, *args: Any, **kwargs: Any) -> Any:
        item = base_put(self, *args, **kwargs)
        if isinstance(item, Item):
            item.size()
        return item

    def updating(method: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return method(*args, **kwargs)
            finally:
                updates[0] += 1

        return wrapper

    base_update = DynamoDBBackend.update_item

    def update_item(self: Any, *args: Any, **kwargs: Any) -> Any:
        """An UpdateItem changes its one item in place: that item's size is computed again, not every item's (a
        burst's conditional updates made every Query weigh each item it read again). A transaction's updates come
        here too; its puts and its rollback write new items."""
        try:
            return base_update(self, *args, **kwargs)
        finally:
            try:
                item = _updated_item(self, args, kwargs)
            except Exception:  # a key moto could not read either: every size is computed again
                updates[0] += 1
            else:
                if item is not None:
                    item.__dict__.pop("_sc_size", None)

    table_module.copy = _Copy()  # type: ignore[assignment]
    Item.project = project  # type: ignore[method-assign,assignment]
    Item.size = size  # type: ignore[method-assign,assignment]
    Table.query = query  # type: ignore[method-assign]
    Table.put_item = put_item  # type: ignore[method-assign]
    DynamoDBBackend.update_item = update_item  # type: ignore[method-assign]
    for name in ("execute_statement", "batch_execute_statement"):  # PartiQL: its writes are not followed
        if hasattr(DynamoDBBackend, name):
            setattr(DynamoDBBackend, name, updating(getattr(DynamoDBBackend, name)))


def _parsed_conditions() -> None:
    """moto parses a condition (or filter) expression on every write or read that carries one (its lexer tries a
    list of regular expressions per token: a tenth of the endpoint's time in an alarm burst). The parsed tree is a
    function of the expression, its names and its values, and evaluating it changes nothing in it (checked by
    `test_moto_speed`), so it is kept per (expression, names, values): the most common conditions
    (`attribute_not_exists(pk)`) carry no values and are parsed once. An expression that fails to parse is parsed
    (and refused) again each time; values JSON cannot carry (binary) are not kept."""
    import moto.dynamodb.models as models
    from moto.dynamodb import comparisons
    from moto.dynamodb.models import table as table_module

    base = comparisons.get_filter_expression
    kept: dict[tuple[str | None, str, str], Any] = {}
    limit = 4096

    def get_filter_expression(expr: str | None, names: Any, values: Any) -> Any:
        try:
            key = (expr, json.dumps(names, sort_keys=True), json.dumps(values, sort_keys=True))
        except (TypeError, ValueError):
            return base(expr, names, values)
        found = kept.get(key)
        if found is None:
            found = base(expr, names, values)
            if len(kept) >= limit:
                kept.clear()
            kept[key] = found
        return found

    comparisons.get_filter_expression = get_filter_expression
    models.get_filter_expression = get_filter_expression  # type: ignore[attr-defined]  # imported by name there
    table_module.get_filter_expression = get_filter_expression  # type: ignore[attr-defined]
