"""Work orders on the `make up` stack over real HTTP: the demo resident reports a repair with a photo uploaded to
the presigned POST, the bucket's notification reaches the image function through SQS (the rules bridge's event
source mapping, as in AWS), the thumbnail appears; the demo technician grabs and resolves with an after-photo; the
resident rates and the ticket closes."""

from __future__ import annotations

import io
import time
from typing import Any

import requests
from PIL import Image

from tests.e2e.test_stack_up import http


def photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (1200, 900), (90, 140, 200)).save(out, format="JPEG", quality=85)
    return out.getvalue()


def staff_token(stack: dict[str, Any], role: str) -> str:
    creds = stack["demo"]["identity"]["staff"][role]
    status, session = http(
        "POST", stack["api"] + "/v1/public/staff/login", {"username": creds["username"], "password": creds["password"]}
    )
    assert status == 200, session
    return str(session["accessToken"])


def resident_session(stack: dict[str, Any]) -> tuple[str, str, str]:
    api = stack["api"]
    binding = stack["demo"]["registry"]["resident_binding"]
    community = stack["demo"]["registry"]["community_ids"][0]
    status, session = http("POST", api + "/v1/public/resident/login", {"code": "demo-resident"})
    assert status == 200, session
    bind = {"houseId": binding["house_id"], "name": binding["name"], "phone": binding["phone"]}
    status, bound = http("POST", f"{api}/v1/resident/communities/{community}/bindings", bind, session["accessToken"])
    assert status == 201 or bound["error"]["code"] == "ALREADY_BOUND", bound
    status, refreshed = http("POST", api + "/v1/public/token/refresh", {"refreshToken": session["refreshToken"]})
    assert status == 200, refreshed
    return str(refreshed["accessToken"]), community, str(binding["house_id"])


def upload_and_wait(url: str, form_path: str, token: str, body: dict[str, Any], ticket_path: str) -> dict[str, Any]:
    status, form = http("POST", url + form_path, body, token)
    assert status == 201, form
    sent = requests.post(form["url"], data=form["fields"], files={"file": ("p.jpg", photo(), "image/jpeg")}, timeout=10)
    assert sent.status_code in (200, 204), sent.text
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        status, ticket = http("GET", url + ticket_path, token=token)
        found = [p for p in ticket["photos"] if p["photoId"] == form["photoId"]]
        if found and found[0]["status"] in ("ready", "rejected"):
            return found[0]
        time.sleep(0.3)
    raise AssertionError(f"photo {form['photoId']} never processed")


def test_resident_reports_with_a_photo_technician_resolves_resident_rates(stack: dict[str, Any]) -> None:
    api = stack["api"]
    resident, community, house = resident_session(stack)
    base = f"/v1/resident/communities/{community}/houses/{house}/work-orders"
    status, ticket = http(
        "POST", api + base, {"kind": "repair", "categoryId": "repair-plumbing", "description": "Leak"}, resident
    )
    assert status == 201, ticket
    tid = ticket["ticketId"]

    before = upload_and_wait(
        api, f"{base}/{tid}/photos", resident, {"contentType": "image/jpeg", "sizeBytes": 200_000}, f"{base}/{tid}"
    )
    assert before["status"] == "ready", before
    thumb = requests.get(before["thumbUrl"], timeout=10)
    assert thumb.status_code == 200
    assert max(Image.open(io.BytesIO(thumb.content)).size) == 320

    manager, technician = staff_token(stack, "manager"), staff_token(stack, "technician")
    staff_path = f"/v1/staff/communities/{community}/work-orders/{tid}"
    for action, token in (("accept", manager), ("grab", technician), ("start", technician)):
        status, moved = http("POST", api + f"{staff_path}/{action}", {}, token)
        assert status == 200, (action, moved)
    after = upload_and_wait(
        api,
        f"{staff_path}/photos",
        technician,
        {"contentType": "image/jpeg", "sizeBytes": 200_000, "phase": "after"},
        staff_path,
    )
    assert after["status"] == "ready", after
    status, resolved = http("POST", api + f"{staff_path}/resolve", {"note": "replaced the seal"}, technician)
    assert status == 200 and resolved["status"] == "resolved", resolved

    status, rated = http("POST", api + f"{base}/{tid}/rate", {"stars": 5, "comment": "quick"}, resident)
    assert status == 200 and rated["status"] == "closed", rated
    assert [e["action"] for e in rated["timeline"]][-2:] == ["rate", "close"]
