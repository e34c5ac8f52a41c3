"""A notice's attachments (images and PDF documents), through the media pipeline as work-order photos go. Pure
Python: the bucket, Pillow and the table are ports.

Staff open a slot on a notice not yet published (at most 5): its file name, content type and size. The slot's
presigned POST allows one key, `uploads/notices/{community}/{notice}/{attachment}`, that content type and at most
that size. S3 tells the media function (through its queue, at least once), which hands the key to this pipeline:
the object must be the slot of a notice of that community (the key names both, the slot must exist under them),
at most the declared size and the type's cap, stored with the declared type, and be what it says by its bytes:
an image is decoded and re-encoded by Pillow (metadata stripped), a PDF must start with its magic bytes, end with
its trailer, and be neither encrypted nor carry active content. Only the checked copy under
`media/notices/...` is ever served (a 5-minute presigned GET), the upload is deleted either way.

PDFs are checked by their bytes, not parsed: the function never renders a PDF, so it needs no PDF library in the
Lambda package (pypdf, a development dependency, makes the tests' real and encrypted PDFs). An encryption
dictionary sits in the trailer or the cross-reference stream's dictionary, which are never compressed, so
`/Encrypt` is always visible; active content (`/JavaScript`, `/Launch`, embedded files) hidden inside a
compressed object stream is not seen: the residents' viewers (WeChat) run no PDF scripts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Protocol

IMAGE_TYPES = ("image/jpeg", "image/png", "image/webp")
PDF_TYPE = "application/pdf"
CONTENT_TYPES = (*IMAGE_TYPES, PDF_TYPE)
MAX_IMAGE_BYTES = 12 * 1024 * 1024
MAX_PDF_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 5
UPLOAD_SECONDS = 600  # the media bucket's presigned POST (work orders' upload window)
PENDING, READY, REJECTED = "pending", "ready", "rejected"
OWNER = "notices"  # uploads/notices/...: the media function hands these keys to this pipeline

_ENCRYPTED = re.compile(rb"/Encrypt(?![A-Za-z0-9])")
_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia)(?![A-Za-z0-9])")


class Rejected(Exception):
    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class Attachment:
    community_id: str
    notice_id: str
    attachment_id: str
    file_name: str
    content_type: str
    declared_bytes: int
    created_at: datetime
    status: str = PENDING
    reason: str | None = None
    key: str | None = None  # the served object, once ready
    size: int | None = None


def cap_for(content_type: str) -> int:
    return MAX_PDF_BYTES if content_type == PDF_TYPE else MAX_IMAGE_BYTES


def upload_key(a: Attachment) -> str:
    return f"uploads/{OWNER}/{a.community_id}/{a.notice_id}/{a.attachment_id}"


def parse_upload_key(key: str) -> tuple[str, str, str] | None:
    parts = key.split("/")
    if len(parts) != 5 or parts[:2] != ["uploads", OWNER] or not all(parts[2:]):
        return None
    return parts[2], parts[3], parts[4]


def served_key(a: Attachment, suffix: str) -> str:
    return f"media/{OWNER}/{a.community_id}/{a.notice_id}/{a.attachment_id}.{suffix}"


def check_pdf(data: bytes) -> None:
    """A PDF by its bytes: the magic header, a trailer at the end, no encryption, no active content."""
    if not data.startswith(b"%PDF-"):
        raise Rejected("not_a_pdf", "the file does not start as a PDF does")
    tail = data[-2048:]
    if b"%%EOF" not in tail or b"startxref" not in tail:
        raise Rejected("malformed_pdf", "the PDF has no trailer: truncated or not a PDF")
    if _ENCRYPTED.search(data):
        raise Rejected("encrypted_pdf", "encrypted PDFs are not accepted")
    if _ACTIVE.search(data):
        raise Rejected("active_content", "PDFs with scripts, launch actions or embedded files are not accepted")


@dataclass(frozen=True)
class Stored:
    size: int
    content_type: str | None


class Media(Protocol):
    def head(self, key: str) -> Stored | None: ...
    def read(self, key: str, max_bytes: int) -> bytes: ...
    def write(self, key: str, data: bytes, content_type: str) -> None: ...
    def delete(self, key: str) -> None: ...


class Slots(Protocol):
    def get_attachment(self, community_id: str, notice_id: str, attachment_id: str) -> Attachment | None: ...
    def settle(self, attachment: Attachment) -> bool:
        """Write the settled attachment if it is still pending; False when it was settled already."""
        ...


@dataclass(frozen=True)
class Handled:
    key: str
    status: str  # ready | rejected | refused (no such slot) | duplicate (settled already)
    reason: str | None = None
    ids: tuple[str, str, str] | None = None


@dataclass
class AttachmentPipeline:
    slots: Slots
    media: Media
    reencode: Callable[[bytes], tuple[bytes, str, str]]  # image bytes -> (jpeg bytes, suffix, content type)

    def handle(self, key: str) -> Handled:
        ids = parse_upload_key(key)
        slot = self.slots.get_attachment(*ids) if ids else None
        if slot is None:
            self.media.delete(key)  # nobody opened a slot for it under this community's notice: never served
            return Handled(key, "refused", "unknown_upload", ids)
        if slot.status != PENDING:
            return Handled(key, "duplicate", None, ids)
        stored = self.media.head(key)
        if stored is None:
            return Handled(key, "duplicate", "gone", ids)
        try:
            data, suffix, content_type = self._checked(slot, stored, key)
            served = served_key(slot, suffix)
            self.media.write(served, data, content_type)
            settled = replace(slot, status=READY, key=served, size=len(data))
        except Rejected as rejected:
            settled = replace(slot, status=REJECTED, reason=rejected.reason)
        self.slots.settle(settled)
        self.media.delete(key)
        return Handled(key, settled.status, settled.reason, ids)

    def _checked(self, slot: Attachment, stored: Stored, key: str) -> tuple[bytes, str, str]:
        cap = min(slot.declared_bytes, cap_for(slot.content_type))
        if stored.size > cap:
            raise Rejected("too_large", f"{stored.size} bytes uploaded, at most {cap} allowed")
        if stored.size < 1:
            raise Rejected("empty", "the file is empty")
        if (stored.content_type or "").split(";")[0].strip().lower() != slot.content_type:
            raise Rejected("type_mismatch", f"stored as {stored.content_type}, declared {slot.content_type}")
        data = self.media.read(key, cap)
        if len(data) > cap:
            raise Rejected("too_large", f"more than {cap} bytes")
        if slot.content_type == PDF_TYPE:
            check_pdf(data)
            return data, "pdf", PDF_TYPE
        if data.startswith(b"%PDF-"):
            raise Rejected("type_mismatch", "a PDF uploaded as an image")
        return self.reencode(data)


def view(a: Attachment, url_for: Callable[[str], str] | None) -> dict[str, Any]:
    """An attachment as the API shows it; `url_for` signs a 5-minute GET for a ready one."""
    return {
        "attachmentId": a.attachment_id,
        "fileName": a.file_name,
        "contentType": a.content_type,
        "status": a.status,
        "reason": a.reason,
        "size": a.size,
        "url": url_for(a.key) if url_for is not None and a.status == READY and a.key else None,
    }
