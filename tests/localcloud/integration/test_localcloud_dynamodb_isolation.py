"""The local cloud's DynamoDB (moto) with transactions isolated as in AWS: a cancelled transaction leaves every
item as it was (item-level rollback), and concurrent conditional writes never both succeed."""

from __future__ import annotations

import threading
import uuid
from typing import Any

import pytest
from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite


def test_a_cancelled_transaction_changes_nothing(cloud: Any) -> None:
    from chalicelib.kernel.dynamo import transaction_connection
    from chalicelib.visitors.repository_entries import CounterItem

    pk = "TEST#" + uuid.uuid4().hex
    CounterItem(pk, "a", hits=1).save()
    CounterItem(pk, "b", hits=5).save()
    with pytest.raises(TransactWriteError), TransactWrite(connection=transaction_connection(CounterItem)) as tx:
        tx.save(CounterItem(pk, "c", hits=9))  # new item: must not survive
        tx.save(CounterItem(pk, "b", hits=6), condition=CounterItem.hits == 0)  # fails
        tx.update(CounterItem(pk, "a"), actions=[CounterItem.hits.add(1)])  # must be undone
    assert {i.sk: int(i.hits) for i in CounterItem.query(pk)} == {"a": 1, "b": 5}


def test_concurrent_conditional_writes_are_serialised(cloud: Any) -> None:
    from chalicelib.kernel.dynamo import transaction_connection
    from chalicelib.visitors.repository_entries import CounterItem

    pk = "TEST#" + uuid.uuid4().hex
    CounterItem(pk, "n", hits=0).save()
    barrier = threading.Barrier(16)
    won: list[int] = []

    def take() -> None:
        barrier.wait()
        try:
            with TransactWrite(connection=transaction_connection(CounterItem)) as tx:
                tx.save(CounterItem(pk, "n", hits=1), condition=CounterItem.hits == 0)
                tx.save(CounterItem(pk, "log-" + uuid.uuid4().hex, hits=1))
            won.append(1)
        except TransactWriteError:
            pass

    threads = [threading.Thread(target=take) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    items = list(CounterItem.query(pk))
    assert len(won) == 1 and len([i for i in items if i.sk.startswith("log-")]) == 1
