"""The votes table (`kernel/tables.py: VoteTable`): the only code that knows its keys.

- vote         pk `C#{c}#VOTE#{v}` sk `VOTE`; gsi1 `C#{c}#VOTES` / `{created_at}#{v}` (a community's votes, newest
               first). The denominators are written once, when the vote opens; the result once, when it closes
               (a conditional update on `status = open`, so a second close changes nothing).
- unit ballot  pk `C#{c}#VOTE#{v}#S{shard}` sk `BALLOT#{house}`, shard = CRC-32 of the house id mod 8: a vote's
               ballots spread over 8 partitions, so thousands of owners voting in the last minutes stay under one
               partition's write limit, and the recount reads the 8 shards side by side. Written once per unit (a
               conditional put: two ballots for one unit at once -> one is stored, the other finds it taken); a
               change is a conditional update of the same item. On a secret vote it holds who cast it and when, not
               the choice.
- secret choice pk `C#{c}#VOTE#{v}#S{shard of the receipt}` sk `SECRET#{receipt}`: the choice with the unit's area
               and owner token, written in the same transaction as the unit ballot; only the voter's receipt secret
               links the two.
- delegation   pk `C#{c}#VOTE#{v}` sk `DELEGATE#{house}`: the member of the house an owner delegated in writing.
The tally reads the ballots (one Query per shard) and never keeps counters.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from fractions import Fraction
from typing import Any, TypeVar

from pynamodb.attributes import BooleanAttribute, NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import PutError, TransactWriteError, UpdateError
from pynamodb.transactions import TransactWrite

from chalicelib.kernel.clock import iso
from chalicelib.kernel.dynamo import condition_failed, transaction_connection
from chalicelib.kernel.pagination import decode_cursor, encode_cursor
from chalicelib.kernel.tables import VoteTable
from chalicelib.votes.model import OPEN, Ballot, Cast, Vote

T = TypeVar("T")


SHARDS = 8


def vote_pk(community_id: str, vote_id: str) -> str:
    return f"C#{community_id}#VOTE#{vote_id}"


def shard_pk(community_id: str, vote_id: str, key: str) -> str:
    return f"{vote_pk(community_id, vote_id)}#S{zlib.crc32(key.encode()) % SHARDS}"


def _all_shards(read: Callable[[str], list[T]], community_id: str, vote_id: str) -> list[T]:
    """Every shard read side by side (one Query each), in shard order."""
    pks = [f"{vote_pk(community_id, vote_id)}#S{i}" for i in range(SHARDS)]
    with ThreadPoolExecutor(SHARDS) as pool:
        return [item for part in pool.map(read, pks) for item in part]


class VoteRecord(VoteTable):
    title = UnicodeAttribute()
    description = UnicodeAttribute(default="")
    matter = UnicodeAttribute()
    opens_at = UTCDateTimeAttribute()
    closes_at = UTCDateTimeAttribute()
    allow_change = BooleanAttribute(default=False)
    secret = BooleanAttribute(default=False)
    created_by = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    total_area = UnicodeAttribute()  # an exact fraction, "n/d"
    total_owners = NumberAttribute()
    total_units = NumberAttribute()
    salt = UnicodeAttribute()
    status = UnicodeAttribute(default=OPEN)
    execution_arn = UnicodeAttribute(null=True)
    closed_at = UTCDateTimeAttribute(null=True)
    result = UnicodeAttribute(null=True)  # the published summary, JSON


class BallotRecord(VoteTable):
    area = UnicodeAttribute()
    owner = UnicodeAttribute()
    choice = UnicodeAttribute(null=True)
    channel = UnicodeAttribute(null=True)
    cast_by = UnicodeAttribute(null=True)
    cast_at = UTCDateTimeAttribute()
    delegate = BooleanAttribute(default=False)
    scan_key = UnicodeAttribute(null=True)
    changes = NumberAttribute(default=0)


class DelegationRecord(VoteTable):
    person_id = UnicodeAttribute()
    letter_key = UnicodeAttribute()
    recorded_by = UnicodeAttribute()
    recorded_at = UTCDateTimeAttribute()


def _vote_record(vote: Vote) -> VoteRecord:
    return VoteRecord(
        vote_pk(vote.community_id, vote.vote_id),
        "VOTE",
        gsi1pk=f"C#{vote.community_id}#VOTES",
        gsi1sk=f"{iso(vote.created_at)}#{vote.vote_id}",
        title=vote.title,
        description=vote.description,
        matter=vote.matter,
        opens_at=vote.opens_at,
        closes_at=vote.closes_at,
        allow_change=vote.allow_change,
        secret=vote.secret,
        created_by=vote.created_by,
        created_at=vote.created_at,
        total_area=str(vote.total_area),
        total_owners=vote.total_owners,
        total_units=vote.total_units,
        salt=vote.salt,
        status=vote.status,
        execution_arn=vote.execution_arn,
    )


def _vote(r: VoteRecord) -> Vote:
    community_id, vote_id = r.pk[2:].split("#VOTE#", 1)
    return Vote(
        community_id=community_id,
        vote_id=vote_id,
        title=r.title,
        description=r.description or "",
        matter=r.matter,
        opens_at=r.opens_at,
        closes_at=r.closes_at,
        allow_change=bool(r.allow_change),
        secret=bool(r.secret),
        created_by=r.created_by,
        created_at=r.created_at,
        total_area=Fraction(r.total_area),
        total_owners=int(r.total_owners),
        total_units=int(r.total_units),
        salt=r.salt,
        status=r.status,
        execution_arn=r.execution_arn,
        closed_at=r.closed_at,
        result=json.loads(r.result) if r.result else {},
    )


def _ballot_record(b: Ballot, key: str, sk: str, with_choice: bool) -> BallotRecord:
    return BallotRecord(
        shard_pk(b.community_id, b.vote_id, key),
        sk,
        area=str(b.area),
        owner=b.owner,
        choice=b.choice if with_choice else None,
        channel=b.channel,
        cast_by=b.cast_by,
        cast_at=b.cast_at,
        delegate=b.delegate,
        scan_key=b.scan_key,
        changes=b.changes,
    )


def _ballot(community_id: str, vote_id: str, r: BallotRecord) -> Ballot:
    return Ballot(
        community_id=community_id,
        vote_id=vote_id,
        house_id=r.sk.split("#", 1)[1],
        area=Fraction(r.area),
        owner=r.owner,
        choice=r.choice,
        channel=r.channel or "online",
        cast_by=r.cast_by or "",
        cast_at=r.cast_at,
        delegate=bool(r.delegate),
        scan_key=r.scan_key,
        changes=int(r.changes or 0),
    )


def _taken(exc: PutError | UpdateError | TransactWriteError) -> bool:
    if isinstance(exc, TransactWriteError):
        return any(
            r is not None and r.code in ("ConditionalCheckFailed", "TransactionConflict")
            for r in exc.cancellation_reasons or []
        )
    return condition_failed(exc)


class DynamoVoteStore:
    """`service.VoteStore` on DynamoDB."""

    def create(self, vote: Vote) -> None:
        _vote_record(vote).save(condition=VoteRecord.pk.does_not_exist())

    def set_execution(self, community_id: str, vote_id: str, arn: str) -> None:
        VoteRecord(vote_pk(community_id, vote_id), "VOTE").update(actions=[VoteRecord.execution_arn.set(arn)])

    def get(self, community_id: str, vote_id: str) -> Vote | None:
        try:
            return _vote(VoteRecord.get(vote_pk(community_id, vote_id), "VOTE", consistent_read=True))
        except VoteRecord.DoesNotExist:
            return None

    def page(self, community_id: str, limit: int, cursor: str | None) -> tuple[list[Vote], str | None]:
        query = VoteRecord.gsi1.query(
            f"C#{community_id}#VOTES", scan_index_forward=False, limit=limit, last_evaluated_key=decode_cursor(cursor)
        )
        items = [_vote(r) for r in query]
        return items, encode_cursor(query.last_evaluated_key)

    def close(self, community_id: str, vote_id: str, at: datetime, result: dict[str, Any]) -> bool:
        """Publish the result once: False when the vote was already closed (a retried task)."""
        try:
            VoteRecord(vote_pk(community_id, vote_id), "VOTE").update(
                actions=[
                    VoteRecord.status.set("closed"),
                    VoteRecord.closed_at.set(at),
                    VoteRecord.result.set(json.dumps(result, ensure_ascii=False, sort_keys=True)),
                ],
                condition=VoteRecord.status == OPEN,
            )
        except UpdateError as exc:
            if _taken(exc):
                return False
            raise
        return True

    # -- ballots ----------------------------------------------------------------------------------------------------

    def cast(self, ballot: Ballot, secret: bool) -> bool:
        """Store the unit's first ballot: False when the unit already has one (nothing is written then)."""
        unit = _ballot_record(ballot, ballot.house_id, f"BALLOT#{ballot.house_id}", with_choice=not secret)
        try:
            if not secret:
                unit.save(condition=BallotRecord.pk.does_not_exist())
                return True
            receipt = str(ballot.receipt)
            hidden = _ballot_record(ballot, receipt, f"SECRET#{receipt}", with_choice=True)
            hidden.channel, hidden.cast_by, hidden.scan_key = None, None, None
            with TransactWrite(connection=transaction_connection(BallotRecord)) as tx:
                tx.save(unit, condition=BallotRecord.pk.does_not_exist())
                tx.save(hidden, condition=BallotRecord.pk.does_not_exist())
        except (PutError, TransactWriteError) as exc:
            if _taken(exc):
                return False
            raise
        return True

    def change(self, ballot: Ballot, secret: bool, at: datetime) -> bool:
        """Replace the choice of a ballot that exists (secret: the choice record its receipt names)."""
        c, v = ballot.community_id, ballot.vote_id
        unit = BallotRecord(shard_pk(c, v, ballot.house_id), f"BALLOT#{ballot.house_id}")
        stamp: list[Any] = [
            BallotRecord.cast_at.set(at),
            BallotRecord.changes.add(1),
            BallotRecord.cast_by.set(ballot.cast_by),
        ]
        try:
            if not secret:
                unit.update(
                    actions=[*stamp, BallotRecord.choice.set(str(ballot.choice))],
                    condition=BallotRecord.pk.exists(),
                )
                return True
            with TransactWrite(connection=transaction_connection(BallotRecord)) as tx:
                tx.update(unit, actions=stamp, condition=BallotRecord.pk.exists())
                tx.update(
                    BallotRecord(shard_pk(c, v, str(ballot.receipt)), f"SECRET#{ballot.receipt}"),
                    actions=[BallotRecord.choice.set(str(ballot.choice)), BallotRecord.cast_at.set(at)],
                    condition=BallotRecord.pk.exists(),
                )
        except (UpdateError, TransactWriteError) as exc:
            if _taken(exc):
                return False
            raise
        return True

    def ballot(self, community_id: str, vote_id: str, house_id: str) -> Ballot | None:
        try:
            r = BallotRecord.get(shard_pk(community_id, vote_id, house_id), f"BALLOT#{house_id}", consistent_read=True)
        except BallotRecord.DoesNotExist:
            return None
        return _ballot(community_id, vote_id, r)

    def ballots(self, community_id: str, vote_id: str) -> list[Ballot]:
        """Every unit ballot of the vote (who cast, when; with the choice unless secret)."""

        def read(pk: str) -> list[Ballot]:
            query = BallotRecord.query(pk, BallotRecord.sk.startswith("BALLOT#"), consistent_read=True)
            return [_ballot(community_id, vote_id, r) for r in query]

        return _all_shards(read, community_id, vote_id)

    def casts(self, community_id: str, vote_id: str, secret: bool) -> list[tuple[str, Cast, datetime]]:
        """What the tally counts, keyed by unit (open vote) or receipt (secret), with when each was cast.

        The recount's cost is the reading: each shard's ballots are read with only the attributes the tally needs
        (a projection: about a third of each item's bytes) straight from the DynamoDB client, without a model
        object per ballot, one page as large as DynamoDB returns (1 MB) at a time; the 8 shards' Queries run side by
        side (in AWS each shard is its own partition; the local cloud answers one request at a time, so there they
        queue behind each other)."""
        from chalicelib.kernel.aws import client

        prefix = "SECRET#" if secret else "BALLOT#"
        ddb = client("dynamodb")
        table = BallotRecord.Meta.table_name
        cast_at = UTCDateTimeAttribute()
        areas: dict[str, Fraction] = {}  # a community's units share few distinct areas: each parsed once

        def read(pk: str) -> list[tuple[str, Cast, datetime]]:
            found: list[tuple[str, Cast, datetime]] = []
            params: dict[str, Any] = {
                "TableName": table,
                "KeyConditionExpression": "pk = :pk AND begins_with(sk, :prefix)",
                "ExpressionAttributeValues": {":pk": {"S": pk}, ":prefix": {"S": prefix}},
                "ProjectionExpression": "sk, #area, #owner, #choice, #cast_at",
                "ExpressionAttributeNames": {
                    "#area": "area", "#owner": "owner", "#choice": "choice", "#cast_at": "cast_at"
                },
                "ConsistentRead": True,
            }  # fmt: skip
            while True:
                page = ddb.query(**params)
                for item in page["Items"]:
                    key = item["sk"]["S"][len(prefix) :]
                    choice = item.get("choice", {}).get("S")
                    text = item["area"]["S"]
                    area = areas.get(text) or areas.setdefault(text, Fraction(text))
                    cast = Cast(key, area, item["owner"]["S"], str(choice))
                    found.append((key, cast, cast_at.deserialize(item["cast_at"]["S"])))
                if "LastEvaluatedKey" not in page:
                    return found
                params["ExclusiveStartKey"] = page["LastEvaluatedKey"]

        return _all_shards(read, community_id, vote_id)

    # -- delegations ------------------------------------------------------------------------------------------------

    def delegate(
        self, community_id: str, vote_id: str, house_id: str, person_id: str, letter_key: str, by: str, at: datetime
    ) -> None:
        DelegationRecord(
            vote_pk(community_id, vote_id),
            f"DELEGATE#{house_id}",
            person_id=person_id,
            letter_key=letter_key,
            recorded_by=by,
            recorded_at=at,
        ).save()

    def delegate_of(self, community_id: str, vote_id: str, house_id: str) -> str | None:
        try:
            r = DelegationRecord.get(vote_pk(community_id, vote_id), f"DELEGATE#{house_id}", consistent_read=True)
        except DelegationRecord.DoesNotExist:
            return None
        return str(r.person_id)
