"""Make moto's DynamoDB serialise item writes and transactions, as DynamoDB does.

moto applies a TransactWriteItems by deep-copying every table it touches, applying the items one by one, and putting
the copies back when a condition fails. Under concurrent requests (the local moto server is threaded) that is not
isolated: a failing transaction restores a copy that predates another request's committed write, and the deep copy
itself can fail with "dictionary changed size during iteration". DynamoDB serialises conflicting writes per item and
isolates transactions (a conflicting one is cancelled with TransactionConflict). One lock around moto's item
operations gives the same observable behaviour locally: every conditional write and transaction is atomic.
Found by the visitor-pass single-use race test (twenty gates scanning one pass at once).
"""

from __future__ import annotations

import functools
import threading
from typing import Any

_LOCK = threading.RLock()
_OPERATIONS = ("put_item", "get_item", "update_item", "delete_item", "query", "scan", "transact_write_items")


def install() -> None:
    from moto.dynamodb.models import DynamoDBBackend

    if getattr(DynamoDBBackend, "_sc_isolated", False):
        return
    for name in _OPERATIONS:
        original = getattr(DynamoDBBackend, name)

        def locked(self: Any, *args: Any, __original: Any = original, **kwargs: Any) -> Any:
            with _LOCK:
                return __original(self, *args, **kwargs)

        setattr(DynamoDBBackend, name, functools.wraps(original)(locked))
    DynamoDBBackend._sc_isolated = True  # type: ignore[attr-defined]
