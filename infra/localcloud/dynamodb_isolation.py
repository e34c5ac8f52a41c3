"""Make moto's DynamoDB serialise item writes and transactions, as DynamoDB does.

moto applies a TransactWriteItems by deep-copying every table it touches, applying the items one by one, and putting
the copies back when a condition fails. Under concurrent requests (the local moto server is threaded) that is not
isolated: a failing transaction restores a copy that predates another request's committed write, and the deep copy
itself can fail with "dictionary changed size during iteration". DynamoDB serialises conflicting writes per item and
isolates transactions (a conflicting one is cancelled with TransactionConflict). One lock around moto's item
operations gives the same observable behaviour locally: every conditional write and transaction is atomic.
Found by the visitor-pass single-use race test (twenty gates scanning one pass at once).

With the lock held, nothing else changes a table during a transaction, so keeping the previous version of the items
the transaction touches is an exact rollback: the whole-table deep copy (whose cost grows with the table: it
dominated every transaction's latency) is skipped.
"""

from __future__ import annotations

import copy as _copy
import functools
import threading
from typing import Any

_LOCK = threading.RLock()
_OPERATIONS = ("put_item", "get_item", "update_item", "delete_item", "query", "scan")
_SKIP_TABLE_COPY = threading.local()


class _CopyModule:
    """Stands in for `copy` inside moto.dynamodb.models: the transaction's table backup becomes a no-op (we keep
    item-level backups instead) only while our transaction wrapper runs on this thread."""

    def __getattr__(self, name: str) -> Any:
        return getattr(_copy, name)

    @staticmethod
    def deepcopy(value: Any, memo: Any = None) -> Any:
        from moto.dynamodb.models.table import Table

        if getattr(_SKIP_TABLE_COPY, "on", False) and isinstance(value, Table):
            return value
        return _copy.deepcopy(value, memo)


def _key_of(backend: Any, op_type: str, op: dict[str, Any]) -> dict[str, Any]:
    if op_type != "Put":
        return dict(op["Key"])
    table = backend.get_table(op["TableName"])
    attrs = op["Item"]
    key = {table.hash_key_attr: attrs[table.hash_key_attr]}
    if table.range_key_attr is not None:
        key[table.range_key_attr] = attrs[table.range_key_attr]
    return key


def install() -> None:
    import moto.dynamodb.models as models
    from moto.dynamodb.models import DynamoDBBackend

    if getattr(DynamoDBBackend, "_sc_isolated", False):
        return
    for name in _OPERATIONS:
        original = getattr(DynamoDBBackend, name)

        def locked(self: Any, *args: Any, __original: Any = original, **kwargs: Any) -> Any:
            with _LOCK:
                return __original(self, *args, **kwargs)

        setattr(DynamoDBBackend, name, functools.wraps(original)(locked))

    original_transact = DynamoDBBackend.transact_write_items

    def transact(self: Any, transact_items: list[dict[str, Any]]) -> None:
        with _LOCK:
            backups: list[tuple[str, dict[str, Any], dict[str, Any] | None]] = []
            try:
                for item in transact_items:
                    op_type, op = next(iter(item.items()))
                    key = _key_of(self, op_type, op)
                    current = self.get_item(op["TableName"], key)
                    backups.append((op["TableName"], key, current.to_json()["Attributes"] if current else None))
            except Exception:
                return original_transact(self, transact_items)  # malformed: let moto answer as it does
            _SKIP_TABLE_COPY.on = True
            try:
                return original_transact(self, transact_items)
            except Exception:
                for table_name, key, attrs in reversed(backups):
                    if attrs is None:
                        if self.get_item(table_name, key) is not None:
                            self.delete_item(table_name, key)
                    else:
                        self.put_item(table_name, _copy.deepcopy(attrs))
                raise
            finally:
                _SKIP_TABLE_COPY.on = False

    DynamoDBBackend.transact_write_items = functools.wraps(original_transact)(transact)  # type: ignore[method-assign]
    models.copy = _CopyModule()  # type: ignore[assignment]
    DynamoDBBackend._sc_isolated = True  # type: ignore[attr-defined]
