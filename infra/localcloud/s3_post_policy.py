"""S3's checks of a browser upload (POST Object with a presigned policy), in front of moto, which stores whatever a
form sends. As S3 does (AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy, sigv4-authentication-HTTPPOST):

- the form must carry a policy signed with Signature Version 4 by a known key (`x-amz-algorithm`,
  `x-amz-credential`, `x-amz-date`, `x-amz-signature` over the base64 policy): else 403 `SignatureDoesNotMatch`
  (or `InvalidAccessKeyId`, or `AccessDenied` for a form without a policy: the bucket is not public);
- the policy must not have expired: else 403 `AccessDenied` "Invalid according to Policy: Policy expired.";
- every condition must hold: exact match (`{"key": "..."}`, `["eq", "$key", "..."]`), `starts-with`, and the
  bucket the form is posted to: else 403 `AccessDenied` "Invalid according to Policy: Policy Condition failed";
- every form field but `file`, `policy`, `x-amz-signature` and `x-ignore-*` must be named by a condition: else
  403 `AccessDenied` "Invalid according to Policy: Extra input fields";
- the file's size must be within `content-length-range`: else 400 `EntityTooLarge` / `EntityTooSmall`.

So locally a form for one photo slot can fill no other key, no larger file and no other content type than the
one it was signed for. Requests other than multipart POSTs pass through untouched.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import json
import os
import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

UNSIGNED_FIELDS = {"file", "policy", "x-amz-signature"}


class Refused(Exception):
    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def sigv4_signature(secret: str, date: str, region: str, service: str, policy_b64: str) -> str:
    """The signature of a POST policy: HMAC-SHA256 of the base64 policy with the SigV4 signing key."""
    key = _hmac(_hmac(_hmac(_hmac(("AWS4" + secret).encode(), date), region), service), "aws4_request")
    return hmac.new(key, policy_b64.encode(), hashlib.sha256).hexdigest()


def _known_secret(access_key: str) -> str | None:
    """The local cloud's one key pair (its environment); S3 would look the key up in IAM."""
    if access_key and access_key == os.environ.get("AWS_ACCESS_KEY_ID"):
        return os.environ.get("AWS_SECRET_ACCESS_KEY")
    return None


def check_signature(fields: dict[str, str]) -> None:
    if "policy" not in fields:
        raise Refused(403, "AccessDenied", "Access Denied")  # an anonymous form: only a public bucket takes one
    if fields.get("x-amz-algorithm") != "AWS4-HMAC-SHA256":
        raise Refused(400, "InvalidArgument", "x-amz-algorithm must be AWS4-HMAC-SHA256")
    parts = fields.get("x-amz-credential", "").split("/")
    if len(parts) != 5 or parts[4] != "aws4_request":
        raise Refused(400, "InvalidArgument", "x-amz-credential is not <key>/<date>/<region>/s3/aws4_request")
    secret = _known_secret(parts[0])
    if secret is None:
        raise Refused(403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.")
    expected = sigv4_signature(secret, parts[1], parts[2], parts[3], fields["policy"])
    if not hmac.compare_digest(expected, fields.get("x-amz-signature", "")):
        raise Refused(
            403,
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided.",
        )


def read_policy(policy_b64: str) -> dict[str, Any]:
    try:
        policy = json.loads(base64.b64decode(policy_b64, validate=True))
    except Exception:
        raise Refused(400, "InvalidPolicyDocument", "Invalid Policy: Invalid JSON.") from None
    if not isinstance(policy, dict) or not isinstance(policy.get("conditions"), list) or "expiration" not in policy:
        raise Refused(400, "InvalidPolicyDocument", "Invalid Policy: expiration and conditions are required.")
    return policy


def check_policy(policy: dict[str, Any], fields: dict[str, str], bucket: str, size: int, now: datetime) -> None:
    """The policy's expiration and conditions against the form's fields, the bucket and the file's size."""
    try:
        expires = datetime.fromisoformat(str(policy["expiration"]).replace("Z", "+00:00"))
    except ValueError:
        raise Refused(400, "InvalidPolicyDocument", "Invalid Policy: Invalid 'expiration' value.") from None
    if expires.tzinfo is None or now > expires:
        raise Refused(403, "AccessDenied", "Invalid according to Policy: Policy expired.")
    values = {**fields, "bucket": bucket}
    named: set[str] = set()
    for condition in policy["conditions"]:
        if isinstance(condition, dict) and len(condition) == 1:
            ((name, wanted),) = condition.items()
            op, name = "eq", str(name).lower().lstrip("$")
        elif isinstance(condition, list) and len(condition) == 3 and condition[0] == "content-length-range":
            low, high = int(condition[1]), int(condition[2])
            if size > high:
                raise Refused(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size")
            if size < low:
                raise Refused(400, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size")
            continue
        elif isinstance(condition, list) and len(condition) == 3 and condition[0] in ("eq", "starts-with"):
            op, name, wanted = str(condition[0]), str(condition[1]).lower().lstrip("$"), condition[2]
        else:
            raise Refused(400, "InvalidPolicyDocument", f"Invalid Policy: Invalid condition {json.dumps(condition)}")
        named.add(name)
        value = values.get(name)
        if value is None or not _holds(op, name, value, str(wanted)):
            raise Refused(
                403,
                "AccessDenied",
                f'Invalid according to Policy: Policy Condition failed: ["{op}", "${name}", {json.dumps(wanted)}]',
            )
    extra = sorted(
        name
        for name in fields
        if name not in named and name not in UNSIGNED_FIELDS and not name.startswith("x-ignore-")
    )
    if extra:
        raise Refused(403, "AccessDenied", f"Invalid according to Policy: Extra input fields: {', '.join(extra)}")


def _holds(op: str, name: str, value: str, wanted: str) -> bool:
    if op == "eq":
        return value == wanted
    if name == "content-type":  # a comma-separated list of types: each must start with the prefix
        return all(part.strip().startswith(wanted) for part in value.split(","))
    return value.startswith(wanted)


def _error(refused: Refused, resource: str) -> bytes:
    from xml.sax.saxutils import escape

    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<Error>'
        f"<Code>{refused.code}</Code><Message>{escape(refused.message)}</Message>"
        f"<Resource>{escape(resource)}</Resource><RequestId>{uuid.uuid4().hex[:16].upper()}</RequestId></Error>"
    ).encode()


class S3PostPolicyMiddleware:
    """WSGI middleware in front of moto: a multipart POST (a browser upload to a bucket) is checked as S3 checks it
    before moto sees it; the request moto gets is the same bytes."""

    def __init__(self, app: Callable[..., Iterable[bytes]], now: Callable[[], datetime] = lambda: datetime.now(UTC)):
        self.app = app
        self.now = now

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        content_type = str(environ.get("CONTENT_TYPE") or "")
        if environ.get("REQUEST_METHOD") != "POST" or not content_type.lower().startswith("multipart/form-data"):
            return self.app(environ, start_response)
        length = int(environ.get("CONTENT_LENGTH") or 0)
        raw = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(raw)
        path = str(environ.get("PATH_INFO") or "/")
        try:
            self.check(environ, raw, path.strip("/").split("/", 1)[0])
        except Refused as refused:
            body = _error(refused, path)
            reason = {400: "Bad Request", 403: "Forbidden"}[refused.status]
            start_response(
                f"{refused.status} {reason}",
                [("Content-Type", "application/xml"), ("Content-Length", str(len(body)))],
            )
            return [body]
        environ["wsgi.input"] = io.BytesIO(raw)
        return self.app(environ, start_response)

    def check(self, environ: dict[str, Any], raw: bytes, bucket: str) -> None:
        from werkzeug.formparser import parse_form_data

        copy = {**environ, "wsgi.input": io.BytesIO(raw), "CONTENT_LENGTH": str(len(raw))}
        try:
            _, form, files = parse_form_data(copy)
        except Exception:
            form, files = None, None
        if form is None or files is None or len(files) != 1 or "file" not in files:
            raise Refused(400, "MalformedPOSTRequest", "The body of your POST request is not well-formed multipart.")
        upload = files["file"]
        size = len(upload.read())
        fields = {str(k).lower(): str(v) for k, v in form.items()}
        if "key" in fields and upload.filename:
            fields["key"] = fields["key"].replace("${filename}", upload.filename)
        check_signature(fields)
        check_policy(read_policy(fields["policy"]), fields, bucket, size, self.now())
