"""Notice attachments through the media pipeline on the local cloud: a slot per file on a notice not yet published
(its presigned POST bound to one key, type and size), the upload's S3 notification through MediaUploadsQueue into
`process_media_upload`, which hands `uploads/notices/...` to the notices' pipeline: images re-encoded by Pillow,
PDFs checked by their bytes (magic, trailer, no encryption); residents get 5-minute presigned GETs of the checked
copy only. Refused: a PDF with a fake extension (declared an image), an image declared a PDF, an encrypted or
truncated PDF, an object nobody opened a slot for; bad input is a 4xx; a redelivery changes nothing."""

from __future__ import annotations

import io
import uuid
from datetime import timedelta
from typing import Any

import pytest
import requests
from PIL import Image
from pypdf import PdfWriter

from tests.support.identity import token_for
from tests.support.votes import Estate, call, estate, iso, now


def staff(place: Estate, subject: str = "mgr-a") -> str:
    return token_for({"staff.manager"}, {place.community}, subject=subject)


def pdf(encrypted: bool = False) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if encrypted:
        writer.encrypt(user_password="", owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (800, 600), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def deliver_media_events(cloud: Any, client: Any) -> list[dict[str, Any]]:
    """What the event source mapping does: receive from MediaUploadsQueue, invoke the function, delete."""
    sqs = cloud.client("sqs")
    url = next(u for u in sqs.list_queues()["QueueUrls"] if u.endswith("MediaUploadsQueue"))
    results = []
    while True:
        messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=0).get("Messages", [])
        if not messages:
            return results
        records = [
            {"messageId": m["MessageId"], "receiptHandle": m["ReceiptHandle"], "body": m["Body"]} for m in messages
        ]
        result = client.lambda_.invoke("process_media_upload", {"Records": records}).payload
        results.append(result)
        for m in messages:
            sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])


def draft(client: Any, place: Estate) -> str:
    body = {
        "title": "小区改造方案公示",
        "body": "详见附件。",
        "contentType": "property",
        "expiresAt": iso(now() + timedelta(days=3)),
    }
    status, created = call(client, "POST", f"/v1/staff/communities/{place.community}/notices", staff(place), body)
    assert status == 201, created
    return str(created["noticeId"])


def attach(client: Any, place: Estate, nid: str, name: str, content_type: str, data: bytes) -> str:
    path = f"/v1/staff/communities/{place.community}/notices/{nid}/attachments"
    status, slot = call(
        client, "POST", path, staff(place), {"fileName": name, "contentType": content_type, "size": len(data)}
    )
    assert status == 201, slot
    sent = requests.post(slot["url"], data=slot["fields"], files={"file": (name, data, content_type)}, timeout=10)
    assert sent.status_code in (200, 204), sent.content
    return str(slot["attachmentId"])


def publish(client: Any, place: Estate, nid: str) -> None:
    base = f"/v1/staff/communities/{place.community}/notices/{nid}"
    assert call(client, "POST", base + "/approve", staff(place, "mgr-b"))[0] == 200
    assert call(client, "POST", base + "/publish", staff(place))[0] == 200


@pytest.fixture
def place(cloud: Any) -> Estate:
    return estate(["90"], ["a"])


def test_images_and_pdfs_are_checked_before_residents_get_them(cloud: Any, client: Any, place: Estate) -> None:
    nid = draft(client, place)
    image = attach(client, place, nid, "效果图.png", "image/png", png())
    original = pdf()
    document = attach(client, place, nid, "改造方案.pdf", "application/pdf", original)
    fake = attach(client, place, nid, "照片.jpg", "image/jpeg", pdf())  # a PDF with a fake extension
    locked = attach(client, place, nid, "加密.pdf", "application/pdf", pdf(encrypted=True))
    cut = attach(client, place, nid, "残缺.pdf", "application/pdf", pdf()[:-200])
    deliver_media_events(cloud, client)

    status, seen = call(client, "GET", f"/v1/staff/communities/{place.community}/notices/{nid}", staff(place))
    assert status == 200, seen
    by_id = {a["attachmentId"]: a for a in seen["attachments"]}
    assert {k: (v["status"], v["reason"]) for k, v in by_id.items()} == {
        image: ("ready", None),
        document: ("ready", None),
        fake: ("rejected", "type_mismatch"),
        locked: ("rejected", "encrypted_pdf"),
        cut: ("rejected", "malformed_pdf"),
    }
    # only the checked copies stay, under the community's media prefix; every upload is gone
    s3 = cloud.client("s3")
    bucket = next(b["Name"] for b in s3.list_buckets()["Buckets"] if "media" in b["Name"].lower())
    assert "Contents" not in s3.list_objects_v2(Bucket=bucket, Prefix=f"uploads/notices/{place.community}/")
    kept = sorted(
        o["Key"] for o in s3.list_objects_v2(Bucket=bucket, Prefix=f"media/notices/{place.community}/")["Contents"]
    )
    assert kept == sorted(
        [f"media/notices/{place.community}/{nid}/{image}.jpg", f"media/notices/{place.community}/{nid}/{document}.pdf"]
    )

    # a sixth is refused; residents see the ready ones with a presigned GET once the notice is published
    path = f"/v1/staff/communities/{place.community}/notices/{nid}/attachments"
    status, body = call(
        client, "POST", path, staff(place), {"fileName": "x.png", "contentType": "image/png", "size": 10}
    )
    assert status == 409 and body["error"]["code"] == "ATTACHMENT_LIMIT"
    publish(client, place, nid)
    house = place.houses[0]
    status, shown = call(
        client,
        "GET",
        f"/v1/resident/communities/{place.community}/houses/{house}/notices/{nid}",
        place.owner_token(house),
    )
    assert status == 200, shown
    assert [(a["fileName"], a["contentType"]) for a in shown["attachments"]] == [
        ("效果图.png", "image/png"),
        ("改造方案.pdf", "application/pdf"),
    ]
    got = {a["fileName"]: requests.get(a["url"], timeout=10).content for a in shown["attachments"]}
    assert got["效果图.png"][:3] == b"\xff\xd8\xff"  # re-encoded as JPEG
    assert got["改造方案.pdf"] == original  # checked, served as uploaded
    # a published notice's attachments no longer change
    status, body = call(
        client, "POST", path, staff(place), {"fileName": "x.png", "contentType": "image/png", "size": 10}
    )
    assert status == 409 and body["error"]["code"] == "NOTICE_STATE"


def test_an_image_declared_a_pdf_a_forged_key_and_a_redelivery(cloud: Any, client: Any, place: Estate) -> None:
    nid = draft(client, place)
    wrong = attach(client, place, nid, "方案.pdf", "application/pdf", png())
    s3 = cloud.client("s3")
    bucket = next(b["Name"] for b in s3.list_buckets()["Buckets"] if "media" in b["Name"].lower())
    other = "c-" + uuid.uuid4().hex[:10]
    forged = f"uploads/notices/{other}/{nid}/at-forged"  # another community's prefix: no such slot there
    s3.put_object(Bucket=bucket, Key=forged, Body=pdf(), ContentType="application/pdf")
    deliver_media_events(cloud, client)
    _, seen = call(client, "GET", f"/v1/staff/communities/{place.community}/notices/{nid}", staff(place))
    assert [(a["attachmentId"], a["status"], a["reason"]) for a in seen["attachments"]] == [
        (wrong, "rejected", "not_a_pdf")
    ]
    assert "Contents" not in s3.list_objects_v2(Bucket=bucket, Prefix=forged)

    # the same notification again: the slot is settled, nothing changes
    from chalicelib.notices.wiring import attachment_pipeline

    key = f"uploads/notices/{place.community}/{nid}/{wrong}"
    assert attachment_pipeline().handle(key).status == "duplicate"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"fileName": "a.html", "contentType": "text/html", "size": 10}, "contentType"),
        ({"fileName": "a.pdf", "contentType": "application/pdf", "size": 11 * 1024 * 1024}, "size"),
        ({"fileName": "a.pdf", "contentType": "application/pdf", "size": "10"}, "size"),
        ({"fileName": "", "contentType": "application/pdf", "size": 10}, "fileName"),
    ],
)
def test_bad_attachments_are_refused_with_the_field(
    client: Any, place: Estate, body: dict[str, Any], field: str
) -> None:
    nid = draft(client, place)
    path = f"/v1/staff/communities/{place.community}/notices/{nid}/attachments"
    status, answer = call(client, "POST", path, staff(place), body)
    assert status == 400, answer
    assert field in {d["field"] for d in answer["error"]["details"]}
    status, answer = call(
        client,
        "POST",
        f"/v1/staff/communities/{place.community}/notices/nt-none/attachments",
        staff(place),
        {"fileName": "a.pdf", "contentType": "application/pdf", "size": 10},
    )
    assert status == 404
