"""A checkpoint photo through the media pipeline on the local cloud: the guard's app gets a presigned form for one
key under the community's prefix, uploads a JPEG (with EXIF orientation and GPS), scans naming the upload; the read
stores the re-encoded photo (EXIF gone, original deleted) and the round and the day's report show it. An upload that
is not there, or not an image, is refused with its code and field, and the read is not stored."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import requests
from PIL import Image

from tests.patrol.integration.test_patrol_api import STAFF, setup, staff_member, token
from tests.support.visitors import call


def jpeg() -> bytes:
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 6
    exif.get_ifd(0x8825)[1] = "N"
    Image.new("RGB", (640, 480), (20, 90, 160)).save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def upload(client: Any, community: str, guard: str, data: bytes, content_type: str = "image/jpeg") -> str:
    path = STAFF.format(c=community) + "/photo-uploads"
    status, form = call(client, "POST", path, guard, {"contentType": content_type, "sizeBytes": len(data)})
    assert status == 201, form
    sent = requests.post(form["url"], data=form["fields"], files={"file": ("p.jpg", data, content_type)}, timeout=10)
    assert sent.status_code in (200, 201, 204), sent.text
    return str(form["uploadId"])


def test_a_scan_carries_a_re_encoded_photo_and_the_report_shows_it(client: Any, cloud: Any) -> None:
    from chalicelib.patrol.photos import upload_key

    c = "c" + uuid.uuid4().hex[:10]
    s = setup(client, c)
    guard_id = staff_member(c)
    guard = token(c, "staff.guard", guard_id)
    status, rnd = call(
        client, "POST", STAFF.format(c=c) + "/rounds", s["manager"], {"routeId": "r1", "guards": [guard_id]}
    )
    assert status == 201, rnd
    scans = STAFF.format(c=c) + f"/rounds/{rnd['roundId']}/scans"
    here = {"tagId": s["tags"][0], "latitude": 30.6586, "longitude": 104.0648}

    # refused: an upload that is not there (nor another community's), a file that is not an image
    status, missing = call(client, "POST", scans, guard, {**here, "photoUploadId": "PUnothing"})
    assert status == 404 and missing["error"]["code"] == "PHOTO_NOT_UPLOADED", missing
    assert missing["error"]["details"][0]["field"] == "photoUploadId"
    fake = upload(client, c, guard, b"not an image at all")
    status, refused = call(client, "POST", scans, guard, {**here, "photoUploadId": fake})
    assert status == 400 and refused["error"]["code"] == "PHOTO_REJECTED", refused
    status, unread = call(client, "GET", STAFF.format(c=c) + f"/rounds/{rnd['roundId']}", guard)
    assert unread["stops"][0]["readAt"] is None  # nothing half-written

    # bad requests for a form
    path = STAFF.format(c=c) + "/photo-uploads"
    for bad in ({"contentType": "image/gif", "sizeBytes": 10}, {"contentType": "image/jpeg", "sizeBytes": 0}):
        assert call(client, "POST", path, guard, bad)[0] == 400
    assert call(client, "POST", path, token(c, "staff.cleaner", "x"), {"contentType": "image/jpeg", "sizeBytes": 9})[
        0
    ] in (403,)

    photo = upload(client, c, guard, jpeg())
    status, read = call(client, "POST", scans, guard, {**here, "photoUploadId": photo})
    assert status == 201, read
    url = read["stops"][0]["photoUrl"]
    assert url
    s3 = cloud.client("s3")
    import os

    bucket = os.environ["MEDIA_BUCKET"]
    key = f"media/patrol/{c}/{rnd['roundId']}/cp0.jpg"
    stored = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
    image = Image.open(io.BytesIO(stored))
    assert image.format == "JPEG" and image.size == (480, 640)  # upright
    assert not image.getexif()  # EXIF (GPS included) stripped
    listed = s3.list_objects_v2(Bucket=bucket, Prefix=upload_key(c, photo)).get("KeyCount", 0)
    assert listed == 0  # the original is gone

    day = (datetime.now(UTC) + timedelta(hours=8)).strftime("%Y-%m-%d")
    status, report = call(client, "GET", STAFF.format(c=c) + f"/reports/{day}", s["manager"])
    assert status == 200, report
    [line] = [r for r in report["rounds"] if r["roundId"] == rnd["roundId"]]
    assert [(p["checkpointId"], p["name"]) for p in line["photos"]] == [("cp0", "1号岗")]
    assert line["photos"][0]["photoUrl"]
