"""Table base classes. One PynamoDB base model per table; entity models subclass it and share its keys.

These classes are the single source of each table's schema: `infra/build.py` generates the CloudFormation
tables from them and the local cloud creates tables from that generated template.
"""

from __future__ import annotations

import os
from typing import Any

from pynamodb.attributes import UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib import config


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
