"""The open connections: one item per connection; by community (gsi1) for a push, all of them (gsi2) for a sweep.
Connections are few (the screens of the duty rooms), so the one gsi2 partition stays small."""

from __future__ import annotations

from datetime import UTC, datetime

from pynamodb.attributes import NumberAttribute, TTLAttribute, UnicodeAttribute
from pynamodb.exceptions import DeleteError

from chalicelib.kernel.tables import LiveConnectionTable
from chalicelib.live.model import Connection

ALL = "CONNECTIONS"


class ConnectionRecord(LiveConnectionTable):
    community_id = UnicodeAttribute()
    subject = UnicodeAttribute()
    issued_ms = NumberAttribute()
    expires_ms = NumberAttribute()
    expires_at = TTLAttribute()


def _pk(connection_id: str) -> str:
    return f"CONN#{connection_id}"


def _from(record: ConnectionRecord) -> Connection:
    return Connection(
        connection_id=record.pk.removeprefix("CONN#"),
        community_id=record.community_id,
        subject=record.subject,
        issued_ms=int(record.issued_ms),
        expires_ms=int(record.expires_ms),
    )


class DynamoConnections:
    def add(self, connection: Connection) -> None:
        record = ConnectionRecord(_pk(connection.connection_id), "CONN")
        record.community_id = connection.community_id
        record.subject = connection.subject
        record.issued_ms = connection.issued_ms
        record.expires_ms = connection.expires_ms
        record.expires_at = datetime.fromtimestamp(connection.expires_ms / 1000 + 3600, UTC)
        record.gsi1pk = f"COMMUNITY#{connection.community_id}"
        record.gsi1sk = connection.connection_id
        record.gsi2pk = ALL
        record.gsi2sk = connection.connection_id
        record.save()

    def remove(self, connection_id: str) -> Connection | None:
        try:
            record = ConnectionRecord.get(_pk(connection_id), "CONN")
        except ConnectionRecord.DoesNotExist:
            return None
        try:
            record.delete()
        except DeleteError:
            return None
        return _from(record)

    def of_community(self, community_id: str) -> list[Connection]:
        return [_from(r) for r in ConnectionRecord.gsi1.query(f"COMMUNITY#{community_id}")]

    def all(self) -> list[Connection]:
        return [_from(r) for r in ConnectionRecord.gsi2.query(ALL)]
