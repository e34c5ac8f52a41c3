"""A checkpoint photo (巡更拍照) through the media pipeline work-order photos use: the guard's app asks for an upload
form (a presigned POST bound to one key under the community's own prefix `patrol-uploads/{community}/{upload id}`,
one content type and a size range), uploads, then sends the scan naming the upload. Before the scan stores it the
object must exist under that prefix, be at most the size limit, be stored as an accepted image type, and decode as
that type (Pillow); it is re-encoded (upright, EXIF and GPS stripped) to `media/patrol/{community}/{round}/
{checkpoint}.jpg` and the original is deleted. The report shows it through a short-lived GET link.

Uploads under `patrol-uploads/` are not the work-order pipeline's (`uploads/`): nothing else processes or deletes
them, and the bucket's lifecycle removes any left unused after a day."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from chalicelib.kernel.errors import InvalidInput, NotFound

PREFIX = "patrol-uploads"
UPLOAD_SECONDS = 900


def upload_key(community_id: str, upload_id: str) -> str:
    return f"{PREFIX}/{community_id}/{upload_id}"


def photo_key(community_id: str, round_id: str, checkpoint_id: str) -> str:
    return f"media/patrol/{community_id}/{round_id}/{checkpoint_id}.jpg"


def _rejected(reason: str, message: str) -> InvalidInput:
    return InvalidInput(
        message, code="PHOTO_REJECTED", details=[{"field": "photoUploadId", "code": reason, "message": message}]
    )


@dataclass
class PatrolPhotos:
    media: Any  # the work-order capability's media store
    process: Any  # its Pillow re-encoding
    content_types: tuple[str, ...]
    format_types: dict[str, str]
    max_bytes: int
    rejected: type[Exception]

    def open_upload(self, community_id: str, content_type: str, size: int) -> dict[str, Any]:
        if content_type not in self.content_types:
            raise InvalidInput(
                "not an accepted image type",
                code="VALIDATION_FAILED",
                details=[{"field": "contentType", "code": "unsupported", "message": ", ".join(self.content_types)}],
            )
        if not 1 <= size <= self.max_bytes:
            raise InvalidInput(
                "the photo is too large",
                code="VALIDATION_FAILED",
                details=[{"field": "sizeBytes", "code": "too_large", "message": f"1..{self.max_bytes}"}],
            )
        upload_id = "PU" + secrets.token_hex(10)
        form = self.media.upload_form(upload_key(community_id, upload_id), content_type, size)
        return {
            "uploadId": upload_id,
            "url": form["url"],
            "fields": {str(k): str(v) for k, v in form["fields"].items()},
            "expiresInSeconds": UPLOAD_SECONDS,
        }

    def take(self, community_id: str, round_id: str, checkpoint_id: str, upload_id: str) -> str:
        """The upload checked and re-encoded to the checkpoint's photo; answers its key. The original is deleted
        (a refused one too)."""
        key = upload_key(community_id, upload_id)
        stored = self.media.head(key)
        if stored is None:
            raise NotFound(
                "no such upload in this community",
                code="PHOTO_NOT_UPLOADED",
                details=[{"field": "photoUploadId", "code": "not_found", "message": upload_id}],
            )
        try:
            stored_type = (stored.content_type or "").split(";")[0].strip().lower()
            if stored.size < 1 or stored.size > self.max_bytes:
                raise _rejected("too_large", f"{stored.size} bytes; at most {self.max_bytes}")
            if stored_type not in self.content_types:
                raise _rejected("type_mismatch", f"stored as {stored_type or 'no type'}")
            try:
                derived = self.process(self.media.read(key, self.max_bytes))
            except self.rejected as exc:
                raise _rejected(str(getattr(exc, "reason", "not_an_image")), str(exc)) from exc
            if self.format_types.get(derived.source_format) != stored_type:
                raise _rejected("type_mismatch", f"a {derived.source_format} image stored as {stored_type}")
            target = photo_key(community_id, round_id, checkpoint_id)
            self.media.write(target, derived.display, derived.content_type)
            return target
        finally:
            self.media.delete(key)

    def view_url(self, key: str | None) -> str | None:
        return self.media.view_url(key) if key else None
