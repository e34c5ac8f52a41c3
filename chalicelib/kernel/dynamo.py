"""Table base classes. One PynamoDB base model per table; entity models subclass it and share its keys.

These classes are the single source of each table's schema: `infra/build.py` generates the CloudFormation
tables from them and the local cloud creates tables from that generated template.
"""

from __future__ import annotations

import os
import threading
from typing import Any

from pynamodb.attributes import UnicodeAttribute
from pynamodb.connection import base as _pynamodb_connection
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib.kernel import config
from chalicelib.kernel.aws import botocore_session

# PynamoDB opens a botocore session per connection and thread: give each one the container's shared data loader,
# so the DynamoDB model and the endpoint tables are parsed once per container, not once per model class.
_pynamodb_connection.get_session = botocore_session  # type: ignore[attr-defined]

# ... and one botocore client per endpoint and settings, instead of one per model class: building a client (its
# class, handlers, endpoint rules) is the other large cost of a first request that touches three models.
_build_client = _pynamodb_connection.Connection.client.fget  # type: ignore[attr-defined]
_clients: dict[tuple[Any, ...], Any] = {}
_clients_lock = threading.Lock()


def _shared_client(connection: Any) -> Any:
    if connection._extra_headers is not None:  # per-connection headers: keep PynamoDB's own client
        return _build_client(connection)
    key = (
        connection.region,
        connection.host,
        connection._connect_timeout_seconds,
        connection._read_timeout_seconds,
        connection._max_pool_connections,
        repr(connection._retry_configuration),
        connection._max_retry_attempts_exception,
    )
    with _clients_lock:
        shared = _clients.get(key)
        if shared is None or (shared._request_signer and not shared._request_signer._credentials):
            connection._client = None
            shared = _clients[key] = _build_client(connection)
        connection._client = shared
        return shared


_pynamodb_connection.Connection.client = property(_shared_client)  # type: ignore[method-assign,assignment]


def condition_failed(exc: Exception) -> bool:
    """DynamoDB refused a write because its condition did not hold (PynamoDB's PutError, UpdateError and DeleteError
    carry the service's code): another writer won the race, or the item is not as the caller expected. Nothing was
    written; a repository answers it as an outcome (False, None, a conflict), never as a failure."""
    return getattr(exc, "cause_response_code", None) == "ConditionalCheckFailedException"


def write_refused(exc: Exception) -> bool:
    """`condition_failed`, or a transaction cancelled (a condition of it, or a conflict with another write): nothing
    of the transaction was written."""
    return condition_failed(exc) or getattr(exc, "cause_response_code", None) == "TransactionCanceledException"


def _host() -> str | None:
    return os.environ.get("DYNAMODB_ENDPOINT") or os.environ.get("AWS_ENDPOINT_URL") or None


def meta(logical: str) -> Any:
    """A PynamoDB Meta for the logical table `logical`, pointed at the configured endpoint.

    Typed Any so that `Model.Meta` keeps PynamoDB's own `MetaProtocol` type in the models.
    """

    class Meta:
        table_name = config.table_name(logical)
        region = config.region()
        host = _host()
        billing_mode = "PAY_PER_REQUEST"
        max_retry_attempts = 3
        connect_timeout_seconds = 2
        read_timeout_seconds = 5
        # PynamoDB's default pool is 10 connections. A Lambda container makes one request at a time per thread,
        # but the local cloud runs every function in one process: with more threads than connections, each
        # request beyond the pool opened a new TCP connection and dropped it (thousands of sockets left in
        # TIME_WAIT a minute, and the barrier's decisions waited on connect()).
        max_pool_connections = 64

    Meta.__qualname__ = f"Meta[{logical}]"
    return Meta


class Gsi1(GlobalSecondaryIndex["Any"]):
    class Meta:
        index_name = "gsi1"
        projection = AllProjection()

    gsi1pk = UnicodeAttribute(hash_key=True)
    gsi1sk = UnicodeAttribute(range_key=True)


class Gsi2(GlobalSecondaryIndex["Any"]):
    class Meta:
        index_name = "gsi2"
        projection = AllProjection()

    gsi2pk = UnicodeAttribute(hash_key=True)
    gsi2sk = UnicodeAttribute(range_key=True)


class Gsi3(GlobalSecondaryIndex["Any"]):
    class Meta:
        index_name = "gsi3"
        projection = AllProjection()

    gsi3pk = UnicodeAttribute(hash_key=True)
    gsi3sk = UnicodeAttribute(range_key=True)


class Gsi4(GlobalSecondaryIndex["Any"]):
    class Meta:
        index_name = "gsi4"
        projection = AllProjection()

    gsi4pk = UnicodeAttribute(hash_key=True)
    gsi4sk = UnicodeAttribute(range_key=True)


class Gsi5(GlobalSecondaryIndex["Any"]):
    class Meta:
        index_name = "gsi5"
        projection = AllProjection()

    gsi5pk = UnicodeAttribute(hash_key=True)
    gsi5sk = UnicodeAttribute(range_key=True)


class KeyedModel(Model):
    """pk/sk single-table layout with two sparse GSIs. Subclasses set `Meta = meta("<logical>")`."""

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    gsi1pk = UnicodeAttribute(null=True)
    gsi1sk = UnicodeAttribute(null=True)
    gsi2pk = UnicodeAttribute(null=True)
    gsi2sk = UnicodeAttribute(null=True)
    gsi1 = Gsi1()
    gsi2 = Gsi2()


def rebind(models: list[type[Model]]) -> None:
    """Re-read table names and endpoint from the environment (the local cloud and tests change them)."""
    for model in models:
        logical = getattr(model, "logical_table", None)
        if logical is None:
            continue
        model.Meta.table_name = config.table_name(logical)
        model.Meta.host = _host()
        model.Meta.region = config.region()
        model._connection = None


def transaction_connection(model: type[Model]) -> Any:
    """The model's own cached connection, for TransactWrite: a new Connection per transaction would build a new
    botocore client every time (measured: seeding 30 devices took 24 s that way, 3 s with the cached one)."""
    return model._get_connection().connection
