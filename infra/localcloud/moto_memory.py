"""The local DynamoDB's (moto's) items and stream records, smaller and built once, for tables of a million items.

A million entry records took 13 GB in the moto process, 14.7 KB per 24-attribute item, and the daily warning run
could not finish over them. More than half of that was the table's stream: moto keeps every record it ever wrote
(AWS trims after 24 h), each a tree of small dicts holding a whole copy of the item (`NEW_IMAGE`). A stream record
is now kept as its JSON bytes, decoded when a reader asks for it (GetRecords answers with the same record);
bytes are one object to the garbage collector instead of a hundred.

An item's attribute names were one string object per item (parsed from each request); they are interned, so a
table holds each name once. And moto checked an item's 400 KB limit after every attribute it added, summing the
sizes of all attributes so far (quadratic in the attribute count, at every write); the size is now summed once,
with the same limit and the same `ItemSizeTooLarge`.

Applied with `moto_speed.apply()` in the moto process and to in-thread moto in tests
(`tests/localcloud/unit/test_moto_memory.py` compares with moto's own behaviour).
"""

from __future__ import annotations

import json
import sys
from typing import Any

_RAW = "_sc_raw"
_PACKED = "_sc_packed"


def apply() -> None:
    _pack_stream_records()
    _build_items_once()


def _pack_stream_records() -> None:
    from moto.dynamodb.models.table import StreamRecord

    base_init = StreamRecord.__init__

    def get_record(self: Any) -> dict[str, Any]:
        raw = self.__dict__.get(_RAW)
        if raw is not None:
            return raw  # type: ignore[no-any-return]
        packed, created = self.__dict__[_PACKED]
        record: dict[str, Any] = json.loads(packed)
        record["dynamodb"]["ApproximateCreationDateTime"] = created
        return record

    def set_record(self: Any, value: dict[str, Any]) -> None:
        self.__dict__.pop(_PACKED, None)
        self.__dict__[_RAW] = value

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        base_init(self, *args, **kwargs)
        raw = self.__dict__[_RAW]
        created = raw["dynamodb"].pop("ApproximateCreationDateTime", None)
        try:
            packed = json.dumps(raw, separators=(",", ":"), ensure_ascii=False).encode()
        except (TypeError, ValueError):  # anything JSON cannot hold stays as moto built it
            raw["dynamodb"]["ApproximateCreationDateTime"] = created
            return
        del self.__dict__[_RAW]
        self.__dict__[_PACKED] = (packed, created)

    StreamRecord.record = property(get_record, set_record)  # type: ignore[assignment]
    StreamRecord.__init__ = init  # type: ignore[method-assign]


def _build_items_once() -> None:
    from moto.dynamodb.exceptions import ItemSizeTooLarge
    from moto.dynamodb.models.dynamo_type import DynamoType, Item, LimitedSizeDict
    from moto.dynamodb.models.utilities import bytesize

    intern = sys.intern
    limit = 405000  # moto's own limit (DynamoDB's 400 KB, as moto measured it)

    def init(self: Any, hash_key: Any, range_key: Any, attrs: dict[str, Any]) -> None:
        self.hash_key = hash_key
        self.range_key = range_key
        values = {intern(key): DynamoType(value) for key, value in attrs.items()}
        if sum(bytesize(key) + value.size() for key, value in values.items()) > limit:
            raise ItemSizeTooLarge
        built = LimitedSizeDict.__new__(LimitedSizeDict)
        dict.update(built, values)
        self.attrs = built

    Item.__init__ = init  # type: ignore[method-assign]
