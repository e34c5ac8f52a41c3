"""The media bucket (S3): presigned POST for uploads, presigned GET for viewing, reading originals and writing
derived images. The bucket is private and encrypted (infra/resources.yaml `MediaBucket`); nobody reaches an object
without a URL signed here, and those URLs are short-lived.
"""

from __future__ import annotations

import os
from typing import Any

from chalicelib.gateways.aws import client

UPLOAD_URL_SECONDS = 600
VIEW_URL_SECONDS = 300


def bucket() -> str:
    name = os.environ.get("MEDIA_BUCKET")
    if not name:
        raise RuntimeError("MEDIA_BUCKET is not configured")
    return name


def _s3() -> Any:
    return client("s3")


class S3Media:
    def upload_form(self, key: str, content_type: str, max_bytes: int) -> dict[str, Any]:
        """A presigned POST bound to one key, one content type and a size range (S3 enforces all three)."""
        return dict(
            _s3().generate_presigned_post(
                Bucket=bucket(),
                Key=key,
                Fields={"Content-Type": content_type},
                Conditions=[
                    {"Content-Type": content_type},
                    ["content-length-range", 1, max_bytes],
                    {"key": key},
                ],
                ExpiresIn=UPLOAD_URL_SECONDS,
            )
        )

    def view_url(self, key: str) -> str:
        return str(
            _s3().generate_presigned_url(
                "get_object", Params={"Bucket": bucket(), "Key": key}, ExpiresIn=VIEW_URL_SECONDS
            )
        )

    def size_of(self, key: str) -> int | None:
        s3 = _s3()
        try:
            return int(s3.head_object(Bucket=bucket(), Key=key)["ContentLength"])
        except s3.exceptions.ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return None
            raise

    def read(self, key: str, max_bytes: int) -> bytes:
        body = _s3().get_object(Bucket=bucket(), Key=key)["Body"]
        return bytes(body.read(max_bytes + 1))

    def write(self, key: str, data: bytes, content_type: str) -> None:
        _s3().put_object(
            Bucket=bucket(), Key=key, Body=data, ContentType=content_type, CacheControl="private, max-age=300"
        )

    def delete(self, key: str) -> None:
        _s3().delete_object(Bucket=bucket(), Key=key)
