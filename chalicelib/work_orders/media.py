"""Photos on their way from a phone to a viewer: an upload slot per photo, the image function's checks, and the
object names. Pure Python: the bucket, Pillow and the table are ports.

An upload lands in the bucket under `uploads/{community}/{ticket}/{photo}` (the presigned POST allows no other
key, no other content type and nothing larger than the declared size; S3, and the local cloud, enforce its
policy). S3 tells the image function (through a queue, at least once); the function settles the photo's slot:
ready with a display size and a thumbnail, or rejected with a reason. It does not rely on the policy alone: the
object must be the slot's own key, at most the slot's declared size, stored with the slot's content type, and
decode as that type. The original (with its EXIF, GPS included) is deleted either way: only the stripped,
derived images are ever served.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from chalicelib.work_orders.model import Photo

MAX_UPLOAD_BYTES = 12 * 1024 * 1024
CONTENT_TYPES = ("image/jpeg", "image/png", "image/webp")
FORMAT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}  # Pillow's format -> content type


class ImageRejected(Exception):
    """The upload is not an acceptable image; `reason` is machine-readable."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class Derived:
    width: int  # of the upright original
    height: int
    source_format: str
    display: bytes
    thumb: bytes
    content_type: str
    suffix: str


@dataclass(frozen=True)
class Outcome:
    key: str
    status: str  # ready | rejected | refused (no such slot) | duplicate (already settled)
    reason: str | None = None
    community_id: str | None = None
    ticket_id: str | None = None
    photo_id: str | None = None


@dataclass(frozen=True)
class StoredObject:
    size: int
    content_type: str | None


class MediaStore(Protocol):
    def head(self, key: str) -> StoredObject | None:
        """The object's size and content type, or None when it is gone."""
        ...

    def read(self, key: str, max_bytes: int) -> bytes: ...

    def write(self, key: str, data: bytes, content_type: str) -> None: ...

    def delete(self, key: str) -> None: ...


class ImageProcessor(Protocol):
    def __call__(self, data: bytes) -> Derived:
        """Raise ImageRejected for anything that is not an acceptable image."""
        ...


class PhotoSlots(Protocol):
    def get_photo(self, community_id: str, ticket_id: str, photo_id: str) -> Photo | None: ...

    def start_processing(self, photo: Photo) -> bool: ...


# Uploads of other capabilities go through the same bucket, queue and function: `uploads/{owner}/...` is handed to
# the handler the owner plugged in (app.py), which returns its own Outcome. A photo's key is `uploads/{community}/...`;
# community ids never take an owner's name (they start with `c-` or are the registry's generated ids).
UploadHandler = Callable[[str], Outcome]
_UPLOAD_HANDLERS: dict[str, UploadHandler] = {}


def use_upload_handler(owner: str, handler: UploadHandler) -> None:
    _UPLOAD_HANDLERS[owner] = handler


def upload_handler_for(key: str) -> UploadHandler | None:
    parts = key.split("/")
    return _UPLOAD_HANDLERS.get(parts[1]) if len(parts) > 2 and parts[0] == "uploads" else None


def upload_key(photo: Photo) -> str:
    return f"uploads/{photo.community_id}/{photo.ticket_id}/{photo.photo_id}"


def parse_upload_key(key: str) -> tuple[str, str, str] | None:
    parts = key.split("/")
    if len(parts) != 4 or parts[0] != "uploads" or not all(parts[1:]):
        return None
    return parts[1], parts[2], parts[3]


def derived_key(photo: Photo, size: str, suffix: str) -> str:
    return f"media/{photo.community_id}/{photo.ticket_id}/{photo.photo_id}/{size}.{suffix}"


@dataclass
class PhotoPipeline:
    slots: PhotoSlots
    media: MediaStore
    process: ImageProcessor
    settle: Any  # (photo, outcome dict) -> Photo: the work-order service's photo_processed

    def handle(self, key: str) -> Outcome:
        ids = parse_upload_key(key)
        photo = self.slots.get_photo(*ids) if ids else None
        if photo is None:
            # Not an upload we handed out a form for: never processed, never served.
            self.media.delete(key)
            return Outcome(key, "refused", "unknown_upload", *(ids or (None, None, None)))
        ref = (photo.community_id, photo.ticket_id, photo.photo_id)
        if photo.status not in ("pending", "processing"):
            return Outcome(key, "duplicate", None, *ref)  # S3 delivers at least once
        stored = self.media.head(key)
        if stored is None:
            return Outcome(key, "duplicate", "gone", *ref)
        if photo.status == "pending":
            self.slots.start_processing(photo)  # viewers see `processing` from now on (a redelivery finds it so)
        try:
            self.check_claim(photo, key, stored)
            derived = self.process(self.media.read(key, MAX_UPLOAD_BYTES))
            if FORMAT_TYPES.get(derived.source_format) != photo.content_type:
                raise ImageRejected(
                    "type_mismatch", f"a {derived.source_format} image in a slot for {photo.content_type}"
                )
        except ImageRejected as rejected:
            self.settle(photo, {"ready": False, "reason": rejected.reason})
            self.media.delete(key)
            return Outcome(key, "rejected", rejected.reason, *ref)
        display = derived_key(photo, "display", derived.suffix)
        thumb = derived_key(photo, "thumb", derived.suffix)
        self.media.write(display, derived.display, derived.content_type)
        self.media.write(thumb, derived.thumb, derived.content_type)
        self.settle(
            photo,
            {
                "ready": True,
                "width": derived.width,
                "height": derived.height,
                "display_key": display,
                "thumb_key": thumb,
            },
        )
        self.media.delete(key)
        return Outcome(key, "ready", None, *ref)

    @staticmethod
    def check_claim(photo: Photo, key: str, stored: StoredObject) -> None:
        """The object must be what the slot's form was signed for: its key, at most its size, its content type."""
        if key != upload_key(photo):
            raise ImageRejected("key_mismatch", f"{key} is not the slot's key")
        if stored.size > min(photo.declared_bytes, MAX_UPLOAD_BYTES):
            raise ImageRejected("too_large", f"{stored.size} bytes uploaded, {photo.declared_bytes} declared")
        if stored.size < 1:
            raise ImageRejected("not_an_image", "the file is empty")
        if (stored.content_type or "").split(";")[0].strip().lower() != photo.content_type:
            raise ImageRejected(
                "type_mismatch", f"stored as {stored.content_type or 'no type'}, declared {photo.content_type}"
            )


class UploadForms(Protocol):
    def upload_form(self, key: str, content_type: str, max_bytes: int) -> dict[str, Any]: ...


@dataclass
class PhotoUploads:
    """Open an upload slot on a ticket and hand out the presigned form bound to it."""

    add_photo: Any  # the work-order service's add_photo
    forms: UploadForms
    expires_in: int

    def open(
        self, community_id: str, ticket_id: str, actor: Any, phase: str, content_type: str, size: int
    ) -> dict[str, Any]:
        if content_type not in CONTENT_TYPES:
            raise ValueError(f"unsupported content type {content_type}")
        photo = self.add_photo(community_id, ticket_id, actor, phase, content_type, size)
        form = self.forms.upload_form(upload_key(photo), content_type, size)
        return {
            "photoId": photo.photo_id,
            "url": form["url"],
            "fields": {str(k): str(v) for k, v in form["fields"].items()},
            "expiresInSeconds": self.expires_in,
        }
