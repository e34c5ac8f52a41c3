"""Work orders through the routes and the local cloud: a resident reports with a photo uploaded to the presigned
POST (moto's S3), S3 notifies the media queue, the image function makes the derivatives, a technician grabs (two
at once over real HTTP: one wins), resolves with an after-photo, the resident rates; other households see nothing."""

from __future__ import annotations

import io
import json
import uuid
from typing import Any

import pytest
import requests
from PIL import Image

from tests.support.identity import auth, body, get, make_staff, new_community, post, token_for
from tests.support.live_api import hold_until_all_arrive, race

RESIDENT_ROLES = {"resident.owner"}


def resident(community: str, house: str, subject: str | None = None) -> str:
    return token_for(
        RESIDENT_ROLES,
        {community},
        subject=subject or f"res-{uuid.uuid4().hex[:8]}",
        kind="resident",
        households={house},
    )


def staff(community: str, role: str) -> tuple[str, str]:
    account = make_staff({community}, {role})
    return account.account_id, token_for({role}, {community}, subject=account.account_id)


def jpeg() -> bytes:
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 6
    exif.get_ifd(0x8825)[1] = "N"
    Image.new("RGB", (640, 480), (120, 60, 30)).save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def upload(form: dict[str, Any], data: bytes, content_type: str = "image/jpeg") -> requests.Response:
    return requests.post(
        form["url"], data=form["fields"], files={"file": ("photo.jpg", data, content_type)}, timeout=10
    )


def deliver_media_events(cloud: Any, client: Any) -> list[dict[str, Any]]:
    """What the event source mapping does: receive from MediaUploadsQueue, invoke the function, delete."""
    sqs = cloud.client("sqs")
    url = next(u for u in sqs.list_queues()["QueueUrls"] if u.endswith("MediaUploadsQueue"))
    results = []
    while True:
        messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=0).get("Messages", [])
        if not messages:
            return results
        event = {
            "Records": [
                {"messageId": m["MessageId"], "receiptHandle": m["ReceiptHandle"], "body": m["Body"]} for m in messages
            ]
        }
        result = client.lambda_.invoke("process_media_upload", event).payload
        results.append(result)
        failed = {f["itemIdentifier"] for f in result["batchItemFailures"]}
        for m in messages:
            if m["MessageId"] not in failed:
                sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])


def test_report_photo_grab_resolve_rate(
    cloud: Any, client: Any, live_api: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    c, house = new_community(), f"h-{uuid.uuid4().hex[:6]}"
    res = resident(c, house)
    base = f"/v1/resident/communities/{c}/houses/{house}/work-orders"
    manager_id, manager = staff(c, "staff.manager")
    tech_a_id, tech_a = staff(c, "staff.technician")
    tech_b_id, tech_b = staff(c, "staff.technician")

    made = post(client, base, {"kind": "repair", "categoryId": "repair-plumbing", "description": "Leak"}, res)
    assert made.status_code == 201, made.body
    ticket = body(made)
    tid = ticket["ticketId"]
    # What each caller may do now: the reporter cancels, urges, adds photos; never accepts (staff do).
    assert ticket["status"] == "submitted" and ticket["allowedActions"] == ["cancel", "photo", "urge"]
    assert body(get(client, f"/v1/staff/communities/{c}/work-orders/{tid}", manager))["allowedActions"] == ["accept"]

    form = post(client, f"{base}/{tid}/photos", {"contentType": "image/jpeg", "sizeBytes": 60_000}, res)
    assert form.status_code == 201, form.body
    form_body = body(form)
    assert form_body["fields"]["key"].startswith(f"uploads/{c}/{tid}/")
    assert upload(form_body, jpeg()).status_code in (200, 204)
    results = deliver_media_events(cloud, client)
    assert results and all(r["batchItemFailures"] == [] for r in results)

    seen = body(get(client, f"{base}/{tid}", res))
    photo = seen["photos"][0]
    assert photo["status"] == "ready" and (photo["width"], photo["height"]) == (480, 640)
    thumb = requests.get(photo["thumbUrl"], timeout=10)
    assert thumb.status_code == 200
    served = Image.open(io.BytesIO(thumb.content))
    assert not served.getexif() and served.size[0] < served.size[1]

    staff_base = f"/v1/staff/communities/{c}/work-orders/{tid}"
    assert post(client, f"{staff_base}/accept", {}, manager).status_code == 200
    for tech_id in (tech_a_id, tech_b_id):
        put = client.http.put(
            f"/v1/staff/communities/{c}/work-order-technicians/{tech_id}",
            headers=auth(manager),
            body=json.dumps({"skills": ["plumbing"], "onDuty": True}),
        )
        assert put.status_code == 200, put.body

    # Two technicians grab at once over real HTTP; both have read the unassigned ticket before either writes (held
    # at the write), so only the conditional write on the version decides: one 200, one 409.
    from chalicelib.work_orders import wiring

    arrived = hold_until_all_arrive(
        monkeypatch,
        wiring.work_order_service().repo,
        "replace",
        {tech_a_id, tech_b_id},
        lambda t: t.assignee if t.ticket_id == tid and t.timeline[-1]["action"] == "grab" else None,
    )

    def grab(tok: str) -> Any:
        return lambda s: s.post(f"{live_api}{staff_base}/grab", headers=auth(tok), json={}, timeout=30)

    outcomes = race([grab(tech_a), grab(tech_b)])
    assert arrived == {tech_a_id, tech_b_id}, "both grabs reached the write together"
    assert sorted(o.status_code for o in outcomes) == [200, 409], [o.text for o in outcomes]
    current = body(get(client, staff_base, manager))
    assert [e["action"] for e in current["timeline"]].count("grab") == 1
    winner = tech_a if current["assignee"] == tech_a_id else tech_b

    assert post(client, f"{staff_base}/start", {}, winner).status_code == 200
    refused = post(client, f"{staff_base}/resolve", {"note": "done"}, winner)
    assert refused.status_code == 409 and body(refused)["error"]["code"] == "AFTER_PHOTO_REQUIRED"
    assert body(get(client, staff_base, winner))["allowedActions"] == ["photo"], "no resolve without an after-photo"
    after = body(post(client, f"{staff_base}/photos", {"contentType": "image/jpeg", "sizeBytes": 60_000}, winner))
    assert upload(after, jpeg()).status_code in (200, 204)
    # Uploaded, not yet processed: the ticket says so, and resolving says to wait (not "no after-photo").
    pending = [p for p in body(get(client, staff_base, winner))["photos"] if p["photoId"] == after["photoId"]]
    assert [p["status"] for p in pending] == ["uploading"]
    early = post(client, f"{staff_base}/resolve", {"note": "done"}, winner)
    assert early.status_code == 409 and body(early)["error"]["code"] == "AFTER_PHOTO_PROCESSING", early.body
    assert body(early)["error"]["details"][0]["field"] == f"photos.{after['photoId']}"
    deliver_media_events(cloud, client)
    ready = body(get(client, staff_base, winner))
    assert ready["allowedActions"] == ["photo", "resolve"] and {p["status"] for p in ready["photos"]} == {"ready"}
    mine = body(get(client, f"/v1/staff/communities/{c}/my-work-orders", winner))["items"]
    assert [len(t["photos"]) for t in mine] == [2], "lists carry the photos too"
    assert all(p["thumbUrl"] for p in mine[0]["photos"])
    resolved = post(client, f"{staff_base}/resolve", {"note": "replaced the trap"}, winner)
    assert resolved.status_code == 200, resolved.body

    rated = post(client, f"{base}/{tid}/rate", {"stars": 5, "comment": "fast"}, res)
    assert rated.status_code == 200 and body(rated)["status"] == "closed"
    actions = [e["action"] for e in body(rated)["timeline"]]
    assert actions[:3] == ["submitted", "photo_added", "accept"] and actions[-2:] == ["rate", "close"]

    listed = body(get(client, base, res))
    assert [t["ticketId"] for t in listed["items"]] == [tid]
    done = body(get(client, f"/v1/staff/communities/{c}/my-work-orders?done=true", winner))
    assert [t["ticketId"] for t in done["items"]] == [tid]
    from datetime import UTC, datetime, timedelta

    now = datetime.now(UTC)
    since, until = (
        (now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        (now + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ"),
    )
    stats = get(client, f"/v1/staff/communities/{c}/work-order-statistics?since={since}&until={until}", manager)
    assert stats.status_code == 200 and body(stats)["total"] == 1
    assert body(stats)["satisfactionByCategory"] == {"repair-plumbing": 5.0}
    assert manager_id


def test_other_households_and_communities_see_nothing(cloud: Any, client: Any) -> None:
    c, house = new_community(), f"h-{uuid.uuid4().hex[:6]}"
    res = resident(c, house)
    made = body(
        post(
            client,
            f"/v1/resident/communities/{c}/houses/{house}/work-orders",
            {"kind": "complaint", "categoryId": "complaint-noise", "description": "Noise at night"},
            res,
        )
    )
    tid = made["ticketId"]
    neighbour_house = f"h-{uuid.uuid4().hex[:6]}"
    neighbour = resident(c, neighbour_house)
    for method, suffix, payload in (
        ("GET", "", None),
        ("POST", "/rate", {"stars": 1}),
        ("POST", "/photos", {"contentType": "image/png", "sizeBytes": 10}),
    ):
        path = f"/v1/resident/communities/{c}/houses/{neighbour_house}/work-orders/{tid}{suffix}"
        got = get(client, path, neighbour) if method == "GET" else post(client, path, payload, neighbour)
        assert got.status_code == 404, (suffix, got.body)
        assert body(got)["error"]["code"] == "WORK_ORDER_NOT_FOUND"
    # someone else's house in the path: the household check refuses before anything is read
    assert get(client, f"/v1/resident/communities/{c}/houses/{house}/work-orders/{tid}", neighbour).status_code == 403
    other_c = new_community()
    _, other_manager = staff(other_c, "staff.manager")
    assert get(client, f"/v1/staff/communities/{other_c}/work-orders/{tid}", other_manager).status_code == 404


def test_bad_input_is_refused_and_nothing_is_written(cloud: Any, client: Any) -> None:
    c, house = new_community(), f"h-{uuid.uuid4().hex[:6]}"
    res = resident(c, house)
    base = f"/v1/resident/communities/{c}/houses/{house}/work-orders"
    for payload, field in (
        ({"kind": "repair", "categoryId": "nope", "description": "x"}, "categoryId"),
        ({"kind": "repair", "categoryId": "complaint-noise", "description": "x"}, "categoryId"),
        ({"kind": "party", "categoryId": "repair", "description": "x"}, "kind"),
        ({"kind": "repair", "categoryId": "repair", "description": ""}, "description"),
    ):
        got = post(client, base, payload, res)
        assert got.status_code == 400, payload
        assert body(got)["error"]["details"][0]["field"] == field
    assert body(get(client, base, res))["items"] == []
    tid = body(post(client, base, {"kind": "repair", "categoryId": "repair", "description": "x"}, res))["ticketId"]
    for payload in ({"contentType": "image/gif", "sizeBytes": 10}, {"contentType": "image/png", "sizeBytes": 10**9}):
        assert post(client, f"{base}/{tid}/photos", payload, res).status_code == 400
    early = post(client, f"{base}/{tid}/rate", {"stars": 4}, res)
    assert early.status_code == 409 and body(early)["error"]["code"] == "TRANSITION_NOT_ALLOWED"


def test_uploads_that_are_not_images_or_not_ours_are_refused_and_audited(cloud: Any, client: Any) -> None:
    c, house = new_community(), f"h-{uuid.uuid4().hex[:6]}"
    res = resident(c, house)
    base = f"/v1/resident/communities/{c}/houses/{house}/work-orders"
    tid = body(post(client, base, {"kind": "repair", "categoryId": "repair", "description": "x"}, res))["ticketId"]
    form = body(post(client, f"{base}/{tid}/photos", {"contentType": "image/jpeg", "sizeBytes": 5000}, res))
    assert upload(form, b"MZ\x90\x00 definitely not a jpeg" * 10).status_code in (200, 204)
    s3 = cloud.client("s3")
    bucket = form["url"].rstrip("/").rsplit("/", 1)[-1]
    s3.put_object(Bucket=bucket, Key=f"uploads/{c}/{tid}/ph-forged", Body=jpeg())  # no slot was opened for it
    deliver_media_events(cloud, client)
    photo = body(get(client, f"{base}/{tid}", res))["photos"][0]
    assert photo["status"] == "rejected" and photo["reason"] == "not_an_image" and photo["thumbUrl"] is None
    assert "Contents" not in s3.list_objects_v2(Bucket=bucket, Prefix=f"uploads/{c}/{tid}/")
    admin = token_for({"community.admin"}, {c})
    audit = body(get(client, f"/v1/admin/communities/{c}/audit?operator=media-pipeline", admin))
    assert "items" in audit, audit
    reasons = sorted(e["detail"]["reason"] for e in audit["items"] if e["operation"] == "media.upload")
    assert reasons == ["not_an_image", "unknown_upload"]
    ticket_after = body(get(client, f"{base}/{tid}", res))
    assert ticket_after["status"] == "submitted"  # the ticket is unharmed


def test_a_form_for_one_slot_fills_no_other_and_nothing_larger(cloud: Any, client: Any) -> None:
    """The review's case: a resident with two tickets, each with an open photo slot. Ticket A's form posted with
    ticket B's slot key is refused by the (local) S3 (403 AccessDenied); a file over the signed size too (400
    EntityTooLarge); B's slot stays open and then takes its own upload."""
    c, house = new_community(), f"h-{uuid.uuid4().hex[:6]}"
    res = resident(c, house)
    base = f"/v1/resident/communities/{c}/houses/{house}/work-orders"
    forms = []
    for description in ("Leak in the kitchen", "Door will not close"):
        made = body(post(client, base, {"kind": "repair", "categoryId": "repair", "description": description}, res))
        size = len(jpeg())
        form = body(
            post(client, f"{base}/{made['ticketId']}/photos", {"contentType": "image/jpeg", "sizeBytes": size}, res)
        )
        forms.append((made["ticketId"], form))
    (tid_a, form_a), (tid_b, form_b) = forms

    crossed = upload({**form_a, "fields": {**form_a["fields"], "key": form_b["fields"]["key"]}}, jpeg())
    assert crossed.status_code == 403 and b"<Code>AccessDenied</Code>" in crossed.content
    too_big = upload(form_a, jpeg() + b"\0" * 10)
    assert too_big.status_code == 400 and b"<Code>EntityTooLarge</Code>" in too_big.content
    s3 = cloud.client("s3")
    bucket = form_a["url"].rstrip("/").rsplit("/", 1)[-1]
    assert "Contents" not in s3.list_objects_v2(Bucket=bucket, Prefix=f"uploads/{c}/")
    deliver_media_events(cloud, client)
    assert body(get(client, f"{base}/{tid_b}", res))["photos"][0]["status"] == "uploading"

    assert upload(form_b, jpeg()).status_code == 204
    deliver_media_events(cloud, client)
    assert body(get(client, f"{base}/{tid_b}", res))["photos"][0]["status"] == "ready"
    assert body(get(client, f"{base}/{tid_a}", res))["photos"][0]["status"] == "uploading"
