"""Command records in the devices table.

Layout: pk `C#{community}#CMD#{commandId}`, sk `CMD`. History per device on gsi1 (`C#{c}#DEV#{d}#CMDS`, created
time) and per community on gsi2 (`C#{c}#CMDS`, created time): every read is a GetItem or a Query.

Every write of a command is conditional on its version (PynamoDB's `VersionAttribute`): the workflow's tasks, the
API and the device's acks write the same item, and a write computed from a stale read must lose, not overwrite.
"""

from __future__ import annotations

import json
from typing import Any

from pynamodb.attributes import (
    JSONAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
    VersionAttribute,
)
from pynamodb.exceptions import PutError

from chalicelib.devices.commands import Command, timeline_entry
from chalicelib.kernel.clock import iso
from chalicelib.kernel.dynamo import condition_failed
from chalicelib.kernel.pagination import decode_cursor, encode_cursor
from chalicelib.kernel.tables import DeviceTable


class CommandRecord(DeviceTable):
    command_id = UnicodeAttribute()
    community_id = UnicodeAttribute()
    device_id = UnicodeAttribute()
    device_type = UnicodeAttribute()
    name = UnicodeAttribute()
    params = JSONAttribute()
    requested_by = UnicodeAttribute()
    status = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute(null=True)
    delay_seconds = NumberAttribute(default=0)
    ack_timeout_seconds = NumberAttribute()
    task_token = UnicodeAttribute(null=True)
    execution_arn = UnicodeAttribute(null=True)
    ack_status = UnicodeAttribute(null=True)
    ack_detail = UnicodeAttribute(null=True)
    history = JSONAttribute(default=list)
    version = VersionAttribute()


def _key(community_id: str, command_id: str) -> str:
    return f"C#{community_id}#CMD#{command_id}"


def to_record(c: Command) -> CommandRecord:
    created = iso(c.created_at)
    record = CommandRecord(
        pk=_key(c.community_id, c.command_id),
        sk="CMD",
        gsi1pk=f"C#{c.community_id}#DEV#{c.device_id}#CMDS",
        gsi1sk=f"{created}#{c.command_id}",
        gsi2pk=f"C#{c.community_id}#CMDS",
        gsi2sk=f"{created}#{c.command_id}",
        command_id=c.command_id,
        community_id=c.community_id,
        device_id=c.device_id,
        device_type=c.device_type,
        name=c.name,
        params=c.params,
        requested_by=c.requested_by,
        status=c.status,
        created_at=c.created_at,
        updated_at=c.updated_at,
        delay_seconds=c.delay_seconds,
        ack_timeout_seconds=c.ack_timeout_seconds,
        task_token=c.task_token,
        execution_arn=c.execution_arn,
        ack_status=c.ack_status,
        ack_detail=c.ack_detail,
        history=[list(h) for h in c.history],
    )
    if c.version is not None:
        record.version = c.version
    return record


def from_record(r: CommandRecord) -> Command:
    return Command(
        command_id=r.command_id,
        community_id=r.community_id,
        device_id=r.device_id,
        device_type=r.device_type,
        name=r.name,
        params=r.params or {},
        requested_by=r.requested_by,
        created_at=r.created_at,
        status=r.status,
        updated_at=r.updated_at,
        delay_seconds=int(r.delay_seconds or 0),
        ack_timeout_seconds=int(r.ack_timeout_seconds),
        task_token=r.task_token,
        execution_arn=r.execution_arn,
        ack_status=r.ack_status,
        ack_detail=r.ack_detail,
        history=tuple(tuple(h) for h in (r.history or [])),
        version=r.version,
    )


class DynamoCommandRepository:
    def add(self, command: Command) -> None:
        from chalicelib.kernel.errors import Conflict

        try:
            to_record(command).save(condition=CommandRecord.pk.does_not_exist())
        except PutError as exc:
            if condition_failed(exc):
                raise Conflict(f"command {command.command_id} exists", code="COMMAND_EXISTS") from exc
            raise

    def get(self, community_id: str, command_id: str) -> Command | None:
        try:
            return from_record(CommandRecord.get(_key(community_id, command_id), "CMD"))
        except CommandRecord.DoesNotExist:
            return None

    def replace(self, command: Command) -> bool:
        record = to_record(command)
        try:
            record.save()  # conditional on the version `command` was read at (None: a record from before versions)
            return True
        except PutError as exc:
            if condition_failed(exc):
                return False
            raise

    def history(
        self, community_id: str, device_id: str | None, limit: int, cursor: str | None
    ) -> tuple[list[Command], str | None]:
        if device_id:
            query = CommandRecord.gsi1.query(
                f"C#{community_id}#DEV#{device_id}#CMDS",
                scan_index_forward=False,
                limit=limit,
                last_evaluated_key=decode_cursor(cursor),
            )
        else:
            query = CommandRecord.gsi2.query(
                f"C#{community_id}#CMDS",
                scan_index_forward=False,
                limit=limit,
                last_evaluated_key=decode_cursor(cursor),
            )
        items = [from_record(r) for r in query]
        return items, encode_cursor(query.last_evaluated_key)


def command_view(c: Command) -> dict[str, Any]:
    return json.loads(
        json.dumps(
            {
                "commandId": c.command_id,
                "deviceId": c.device_id,
                "name": c.name,
                "params": c.params,
                "status": c.status,
                "requestedBy": c.requested_by,
                "createdAt": iso(c.created_at),
                "updatedAt": iso(c.updated_at) if c.updated_at else None,
                "ackStatus": c.ack_status,
                "ackDetail": c.ack_detail,
                "history": [timeline_entry(h) for h in c.history],
            }
        )
    )
