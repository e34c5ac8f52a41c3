"""Files handed to people as short-lived links: spreadsheets and receipts written under `exports/` in the media
bucket (private, encrypted; its lifecycle deletes `exports/` objects after a day, infra/resources.yaml) and read
through a presigned GET that names the file, so a browser or WeChat's document viewer saves it as `欠费清单.xlsx`.
Nothing is ever answered as base64 inside JSON.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import quote

PREFIX = "exports/"
LINK_SECONDS = 300  # long enough to open or forward to a computer, short enough that a leaked link dies soon
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"


def _bucket() -> str:
    name = os.environ.get("MEDIA_BUCKET")
    if not name:
        raise RuntimeError("MEDIA_BUCKET is not configured")
    return name


def _s3() -> Any:
    from chalicelib.kernel.aws import client

    return client("s3")


def put_file(key: str, data: bytes, content_type: str) -> None:
    if not key.startswith(PREFIX):
        raise ValueError(f"files live under {PREFIX}")
    _s3().put_object(Bucket=_bucket(), Key=key, Body=data, ContentType=content_type, CacheControl="private, no-store")


def read_text(key: str) -> str | None:
    """A small text object (a job's manifest), or None when there is none."""
    s3 = _s3()
    try:
        return str(s3.get_object(Bucket=_bucket(), Key=key)["Body"].read().decode("utf-8"))
    except s3.exceptions.NoSuchKey:
        return None


def link(key: str, file_name: str, seconds: int = LINK_SECONDS) -> str:
    """A presigned GET that downloads `key` as `file_name` (RFC 6266 / 5987: UTF-8 names like 欠费清单.xlsx)."""
    disposition = f'attachment; filename="{quote(file_name.encode("ascii", "ignore").decode() or "file")}"; '
    disposition += f"filename*=UTF-8''{quote(file_name)}"
    return str(
        _s3().generate_presigned_url(
            "get_object",
            Params={"Bucket": _bucket(), "Key": key, "ResponseContentDisposition": disposition},
            ExpiresIn=seconds,
        )
    )
