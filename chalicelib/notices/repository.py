"""The notices table (`kernel/tables.py: NoticeTable`): the only code that knows its keys.

- notice   pk `C#{c}#NOTICE#{n}` sk `NOTICE` (versioned: approve and publish are conditional on the version read);
           gsi1 `C#{c}#NOTICES` / `{created_at}#{n}` (staff list, newest first)
- receipt  pk `C#{c}#NOTICE#{n}` sk `READ#{house}`: one per household, written once (a conditional put: a second
           read changes nothing); counted with a COUNT Query for the read rate
- feed     pk `C#{c}#FEED#ALL` (community-wide) or `C#{c}#FEED#H#{house}` (targeted), sk `{published_at}#{n}`: what a
           household lists (two Queries), with what the list shows
- screen   pk `C#{c}#NOTICE#{n}` sk `SCREEN#{device}`: the information screen's show (and clear) command ids
- attach   pk `C#{c}#NOTICE#{n}` sk `ATTACH#{a}`: an attachment's slot, settled once by the media pipeline
- due      pk `C#{c}#NOTICE#{n}` sk `SCREENS_DUE`; gsi1 `NOTICE_SCREENS_DUE` / `{expires_at}#{c}#{n}`: a notice shown
           on screens until its screens are told to clear it (the hourly run reads the due ones, one Query)
"""

from __future__ import annotations

from datetime import datetime

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
    VersionAttribute,
)
from pynamodb.exceptions import PutError

from chalicelib.kernel.clock import iso
from chalicelib.kernel.dynamo import condition_failed
from chalicelib.kernel.pagination import decode_cursor, encode_cursor
from chalicelib.kernel.tables import NoticeTable
from chalicelib.notices.attachments import Attachment
from chalicelib.notices.model import Notice, ScreenDelivery

SCREENS_DUE = "NOTICE_SCREENS_DUE"


def notice_pk(community_id: str, notice_id: str) -> str:
    return f"C#{community_id}#NOTICE#{notice_id}"


class NoticeRecord(NoticeTable):
    title = UnicodeAttribute()
    body = UnicodeAttribute()
    content_type = UnicodeAttribute()
    target = UnicodeAttribute()
    target_ids = ListAttribute(of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    pinned = BooleanAttribute(default=False)
    expires_at = UTCDateTimeAttribute()
    created_by = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    status = UnicodeAttribute()
    approved_by = UnicodeAttribute(null=True)
    approved_at = UTCDateTimeAttribute(null=True)
    published_by = UnicodeAttribute(null=True)
    published_at = UTCDateTimeAttribute(null=True)
    approval_skipped = BooleanAttribute(default=False)
    audience = ListAttribute(of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    audience_size = NumberAttribute(default=0)
    version = VersionAttribute()


class ReceiptRecord(NoticeTable):
    account_id = UnicodeAttribute()
    read_at = UTCDateTimeAttribute()


class FeedRecord(NoticeTable):
    notice_id = UnicodeAttribute()
    pinned = BooleanAttribute(default=False)
    expires_at = UTCDateTimeAttribute()


class ScreenRecord(NoticeTable):
    device_id = UnicodeAttribute()
    name = UnicodeAttribute()
    show_command = UnicodeAttribute()
    clear_command = UnicodeAttribute(null=True)
    error = UnicodeAttribute(null=True)


class DueRecord(NoticeTable):
    community_id = UnicodeAttribute()
    notice_id = UnicodeAttribute()


def _record(n: Notice) -> NoticeRecord:
    r = NoticeRecord(
        notice_pk(n.community_id, n.notice_id),
        "NOTICE",
        gsi1pk=f"C#{n.community_id}#NOTICES",
        gsi1sk=f"{iso(n.created_at)}#{n.notice_id}",
        title=n.title,
        body=n.body,
        content_type=n.content_type,
        target=n.target,
        target_ids=list(n.target_ids),
        pinned=n.pinned,
        expires_at=n.expires_at,
        created_by=n.created_by,
        created_at=n.created_at,
        status=n.status,
        approved_by=n.approved_by,
        approved_at=n.approved_at,
        published_by=n.published_by,
        published_at=n.published_at,
        approval_skipped=n.approval_skipped,
        audience=list(n.audience),
        audience_size=n.audience_size,
    )
    if n.version:
        r.version = n.version  # save() then writes only over this version (and increments it)
    return r


def _notice(r: NoticeRecord) -> Notice:
    community_id, notice_id = r.pk[2:].split("#NOTICE#", 1)
    return Notice(
        community_id=community_id,
        notice_id=notice_id,
        title=r.title,
        body=r.body,
        content_type=r.content_type,
        target=r.target,
        target_ids=[str(t) for t in r.target_ids or []],
        pinned=bool(r.pinned),
        expires_at=r.expires_at,
        created_by=r.created_by,
        created_at=r.created_at,
        status=r.status,
        approved_by=r.approved_by,
        approved_at=r.approved_at,
        published_by=r.published_by,
        published_at=r.published_at,
        approval_skipped=bool(r.approval_skipped),
        audience=[str(h) for h in r.audience or []],
        audience_size=int(r.audience_size or 0),
        version=int(r.version or 0),
    )


class DynamoNotices:
    """`service.NoticeStore` on DynamoDB."""

    def save(self, notice: Notice) -> bool:
        """Create (version 0) or replace the version read; False when someone else changed it meanwhile."""
        record = _record(notice)
        try:
            record.save()
            notice.version = int(record.version or 0)
        except PutError as exc:
            if condition_failed(exc):
                return False
            raise
        return True

    def get(self, community_id: str, notice_id: str) -> Notice | None:
        try:
            return _notice(NoticeRecord.get(notice_pk(community_id, notice_id), "NOTICE", consistent_read=True))
        except NoticeRecord.DoesNotExist:
            return None

    def page(self, community_id: str, limit: int, cursor: str | None) -> tuple[list[Notice], str | None]:
        query = NoticeRecord.gsi1.query(
            f"C#{community_id}#NOTICES", scan_index_forward=False, limit=limit, last_evaluated_key=decode_cursor(cursor)
        )
        return [_notice(r) for r in query], encode_cursor(query.last_evaluated_key)

    def feed(self, notice: Notice) -> None:
        """The published notice in every audience's feed (one batch write; rewriting an entry changes nothing)."""
        pks = (
            [f"C#{notice.community_id}#FEED#ALL"]
            if notice.target == "community"
            else [f"C#{notice.community_id}#FEED#H#{h}" for h in notice.audience]
        )
        sk = f"{iso(notice.published_at or notice.created_at)}#{notice.notice_id}"
        with FeedRecord.batch_write() as batch:
            for pk in pks:
                batch.save(
                    FeedRecord(pk, sk, notice_id=notice.notice_id, pinned=notice.pinned, expires_at=notice.expires_at)
                )

    def feed_of(self, community_id: str, house_id: str, limit: int) -> list[tuple[str, bool, datetime]]:
        """(notice id, pinned, expires at) of the community-wide and the house's feeds, newest first."""
        found: list[tuple[str, str, bool, datetime]] = []
        for pk in (f"C#{community_id}#FEED#ALL", f"C#{community_id}#FEED#H#{house_id}"):
            for r in FeedRecord.query(pk, scan_index_forward=False, limit=limit):
                found.append((r.sk, r.notice_id, bool(r.pinned), r.expires_at))
        found.sort(reverse=True)
        return [(n, p, e) for _, n, p, e in found[:limit]]

    def get_many(self, community_id: str, notice_ids: list[str]) -> dict[str, Notice]:
        if not notice_ids:
            return {}
        keys = [(notice_pk(community_id, n), "NOTICE") for n in dict.fromkeys(notice_ids)]
        return {n.notice_id: n for n in (_notice(r) for r in NoticeRecord.batch_get(keys))}

    def mark_read(self, community_id: str, notice_id: str, house_id: str, account_id: str, at: datetime) -> bool:
        try:
            ReceiptRecord(
                notice_pk(community_id, notice_id), f"READ#{house_id}", account_id=account_id, read_at=at
            ).save(condition=ReceiptRecord.pk.does_not_exist())
        except PutError as exc:
            if condition_failed(exc):
                return False
            raise
        return True

    def read_by(self, community_id: str, notice_id: str, house_id: str) -> bool:
        try:
            ReceiptRecord.get(notice_pk(community_id, notice_id), f"READ#{house_id}")
        except ReceiptRecord.DoesNotExist:
            return False
        return True

    def read_count(self, community_id: str, notice_id: str) -> int:
        return int(ReceiptRecord.count(notice_pk(community_id, notice_id), ReceiptRecord.sk.startswith("READ#")))

    # -- information screens ------------------------------------------------------------------------------------

    def save_screens(self, notice: Notice, deliveries: list[ScreenDelivery]) -> None:
        """Each screen's delivery (rewriting one with the same ids changes nothing)."""
        pk = notice_pk(notice.community_id, notice.notice_id)
        with ScreenRecord.batch_write() as batch:
            for d in deliveries:
                record = ScreenRecord(pk, f"SCREEN#{d.device_id}", device_id=d.device_id, name=d.name)
                record.show_command, record.clear_command, record.error = d.show_command, d.clear_command, d.error
                batch.save(record)

    def watch_expiry(self, notice: Notice, watching: bool) -> None:
        """The notice waits (or no longer waits) for its screens to be cleared at its expiry."""
        marker = DueRecord(
            notice_pk(notice.community_id, notice.notice_id),
            "SCREENS_DUE",
            gsi1pk=SCREENS_DUE,
            gsi1sk=f"{iso(notice.expires_at)}#{notice.community_id}#{notice.notice_id}",
            community_id=notice.community_id,
            notice_id=notice.notice_id,
        )
        if watching:
            marker.save()
        else:
            marker.delete()

    def screens_of(self, community_id: str, notice_id: str) -> list[ScreenDelivery]:
        return [
            ScreenDelivery(r.device_id, r.name, r.show_command, r.clear_command, r.error)
            for r in ScreenRecord.query(notice_pk(community_id, notice_id), ScreenRecord.sk.startswith("SCREEN#"))
        ]

    def due_for_clearing(self, before: datetime, limit: int) -> list[tuple[str, str]]:
        """(community, notice) of notices on screens whose expiry is before `before`, oldest first."""
        return [
            (r.community_id, r.notice_id)
            for r in DueRecord.gsi1.query(SCREENS_DUE, DueRecord.gsi1sk < iso(before), limit=limit)
        ]

    # -- attachments ----------------------------------------------------------------------------------------------

    def add_attachment(self, attachment: Attachment) -> None:
        _attachment_record(attachment).save(condition=AttachmentRecord.pk.does_not_exist())

    def get_attachment(self, community_id: str, notice_id: str, attachment_id: str) -> Attachment | None:
        try:
            r = AttachmentRecord.get(
                notice_pk(community_id, notice_id), f"ATTACH#{attachment_id}", consistent_read=True
            )
        except AttachmentRecord.DoesNotExist:
            return None
        return _attachment(community_id, notice_id, r)

    def attachments_of(self, community_id: str, notice_id: str) -> list[Attachment]:
        query = AttachmentRecord.query(
            notice_pk(community_id, notice_id), AttachmentRecord.sk.startswith("ATTACH#"), consistent_read=True
        )
        return sorted((_attachment(community_id, notice_id, r) for r in query), key=lambda a: a.created_at)

    def settle(self, attachment: Attachment) -> bool:
        """Written only over a pending slot (a redelivered upload finds it settled and changes nothing)."""
        try:
            _attachment_record(attachment).save(condition=AttachmentRecord.status == "pending")
        except PutError as exc:
            if condition_failed(exc):
                return False
            raise
        return True


class AttachmentRecord(NoticeTable):
    attachment_id = UnicodeAttribute()
    file_name = UnicodeAttribute()
    content_type = UnicodeAttribute()
    declared_bytes = NumberAttribute()
    created_at = UTCDateTimeAttribute()
    status = UnicodeAttribute()
    reason = UnicodeAttribute(null=True)
    key = UnicodeAttribute(null=True)
    size = NumberAttribute(null=True)


def _attachment_record(a: Attachment) -> AttachmentRecord:
    r = AttachmentRecord(
        notice_pk(a.community_id, a.notice_id),
        f"ATTACH#{a.attachment_id}",
        attachment_id=a.attachment_id,
        file_name=a.file_name,
        content_type=a.content_type,
        declared_bytes=a.declared_bytes,
        created_at=a.created_at,
        status=a.status,
    )
    r.reason, r.key, r.size = a.reason, a.key, a.size
    return r


def _attachment(community_id: str, notice_id: str, r: AttachmentRecord) -> Attachment:
    return Attachment(
        community_id, notice_id, r.attachment_id, r.file_name, r.content_type, int(r.declared_bytes), r.created_at,
        r.status, r.reason, r.key, int(r.size) if r.size is not None else None,
    )  # fmt: skip
