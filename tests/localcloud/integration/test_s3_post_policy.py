"""The local cloud's S3 checks a browser upload's presigned POST policy as S3 does
(infra/localcloud/s3_post_policy.py in front of moto): the form the app signs (work orders' `S3Media.upload_form`:
one key, one content type, 1..declared bytes) stores only what it was signed for. Each way a form can be bent is
refused with S3's status and error code, and nothing is stored."""

from __future__ import annotations

import base64
import json
import os
import uuid
from typing import Any

import pytest
import requests

JPEG_TYPE = "image/jpeg"


@pytest.fixture
def bucket(cloud: Any) -> str:
    return os.environ["MEDIA_BUCKET"]


def _form(key: str, max_bytes: int = 100, expires_in: int = 600) -> dict[str, Any]:
    from chalicelib.work_orders.adapters import S3Media

    if expires_in == 600:
        return S3Media().upload_form(key, JPEG_TYPE, max_bytes)
    from chalicelib.work_orders.adapters import _s3, bucket

    return dict(
        _s3().generate_presigned_post(
            Bucket=bucket(),
            Key=key,
            Fields={"Content-Type": JPEG_TYPE},
            Conditions=[{"Content-Type": JPEG_TYPE}, ["content-length-range", 1, max_bytes], {"key": key}],
            ExpiresIn=expires_in,
        )
    )


def _post(url: str, fields: dict[str, str], data: bytes) -> requests.Response:
    return requests.post(url, data=fields, files={"file": ("photo.jpg", data, JPEG_TYPE)}, timeout=10)


def _stored(cloud: Any, bucket: str, key: str) -> dict[str, Any] | None:
    s3 = cloud.client("s3")
    try:
        return dict(s3.head_object(Bucket=bucket, Key=key))
    except s3.exceptions.ClientError:
        return None


def _code(response: requests.Response) -> str:
    from xml.etree import ElementTree

    return str(ElementTree.fromstring(response.content).findtext("Code"))


def _tampered_policy(fields: dict[str, str], key: str) -> str:
    policy = json.loads(base64.b64decode(fields["policy"]))
    policy["conditions"] = [{"key": key} if isinstance(c, dict) and "key" in c else c for c in policy["conditions"]]
    return base64.b64encode(json.dumps(policy).encode()).decode()


def test_a_form_stores_only_what_it_was_signed_for(cloud: Any, bucket: str) -> None:
    own, other = f"uploads/c-s3/wo-a/{uuid.uuid4().hex[:8]}", f"uploads/c-s3/wo-b/{uuid.uuid4().hex[:8]}"
    form = _form(own, max_bytes=100)
    fields, url = form["fields"], form["url"]
    other_bucket = f"other-{uuid.uuid4().hex[:8]}"
    cloud.client("s3").create_bucket(
        Bucket=other_bucket, CreateBucketConfiguration={"LocationConstraint": cloud.region}
    )
    anonymous = {"key": own, "Content-Type": JPEG_TYPE}
    foreign_key = {**fields, "x-amz-credential": "AKIDSOMEONEELSE" + fields["x-amz-credential"][5:]}

    cases: list[tuple[str, str, dict[str, str], bytes, int, str]] = [
        ("another slot's key", url, {**fields, "key": other}, b"x" * 10, 403, "AccessDenied"),
        ("over the signed size", url, fields, b"x" * 101, 400, "EntityTooLarge"),
        ("an empty file", url, fields, b"", 400, "EntityTooSmall"),
        ("another content type", url, {**fields, "Content-Type": "text/html"}, b"x" * 10, 403, "AccessDenied"),
        ("a field the policy does not name", url, {**fields, "x-amz-meta-owner": "me"}, b"x", 403, "AccessDenied"),
        ("a policy rewritten for another key", url, {**fields, "key": other, "policy": _tampered_policy(fields, other)},
         b"x", 403, "SignatureDoesNotMatch"),
        ("no policy at all", url, anonymous, b"x" * 10, 403, "AccessDenied"),
        ("posted to another bucket", url.rsplit("/", 1)[0] + "/" + other_bucket, fields, b"x", 403, "AccessDenied"),
        ("a key nobody holds", url, foreign_key, b"x" * 10, 403, "InvalidAccessKeyId"),
    ]  # fmt: skip
    for case, target, sent, data, status, code in cases:
        response = _post(target, sent, data)
        assert (response.status_code, _code(response)) == (status, code), (case, response.text)
    assert _stored(cloud, bucket, own) is None and _stored(cloud, bucket, other) is None
    assert _stored(cloud, other_bucket, own) is None

    response = _post(url, fields, b"x" * 100)  # exactly as signed: the largest size allowed
    assert response.status_code == 204, response.text
    stored = _stored(cloud, bucket, own)
    assert stored is not None and stored["ContentLength"] == 100 and stored["ContentType"] == JPEG_TYPE


def test_an_expired_form_is_refused(cloud: Any, bucket: str) -> None:
    key = f"uploads/c-s3/wo-a/{uuid.uuid4().hex[:8]}"
    form = _form(key, expires_in=-60)
    response = _post(form["url"], form["fields"], b"x" * 10)
    assert (response.status_code, _code(response)) == (403, "AccessDenied")
    assert "Policy expired" in response.text
    assert _stored(cloud, bucket, key) is None


def test_other_requests_pass_through_untouched(cloud: Any, bucket: str) -> None:
    s3 = cloud.client("s3")
    key = f"uploads/c-s3/plain/{uuid.uuid4().hex[:8]}"
    s3.put_object(Bucket=bucket, Key=key, Body=b"abc", ContentType=JPEG_TYPE)  # the app's own writes: signed calls
    assert s3.get_object(Bucket=bucket, Key=key)["Body"].read() == b"abc"
    s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": key}]})  # POST ?delete: not a form upload
    assert _stored(cloud, bucket, key) is None
