"""The kernel's one reading of a refused DynamoDB write, as PynamoDB raises it: a condition that did not hold is an
outcome (`condition_failed`); a cancelled transaction is one too (`write_refused`); anything else (throttling, a
validation error, no cause at all) is a failure the caller must not swallow."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError
from pynamodb.exceptions import DeleteError, PutError, TransactWriteError, UpdateError

from chalicelib.kernel.dynamo import condition_failed, write_refused


def raised(kind: type[Exception], code: str) -> Exception:
    cause = ClientError({"Error": {"Code": code, "Message": code}}, "Operation")
    return kind("refused", cause=cause)  # type: ignore[call-arg]


@pytest.mark.parametrize("kind", [PutError, UpdateError, DeleteError])
def test_a_failed_condition_is_refused_by_either_reading(kind: type[Exception]) -> None:
    exc = raised(kind, "ConditionalCheckFailedException")
    assert condition_failed(exc) and write_refused(exc)


def test_a_cancelled_transaction_is_refused_but_is_not_a_failed_condition() -> None:
    exc = raised(TransactWriteError, "TransactionCanceledException")
    assert write_refused(exc) and not condition_failed(exc)


@pytest.mark.parametrize(
    "exc",
    [
        raised(PutError, "ProvisionedThroughputExceededException"),
        raised(UpdateError, "ValidationException"),
        raised(TransactWriteError, "ThrottlingException"),
        PutError("no cause"),
        ValueError("not DynamoDB's"),
    ],
)
def test_anything_else_is_a_failure(exc: Exception) -> None:
    assert not condition_failed(exc) and not write_refused(exc)
