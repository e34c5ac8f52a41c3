"""Helpers for the device end-to-end tests against the `make up` stack (tests/e2e/conftest.py `stack`): staff tokens
signed with the stack's own key, a JSON client, devices registered and given certificates through the API."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def stack_token(
    stack: dict[str, Any],
    community: str,
    role: str = "staff.manager",
    kind: str = "staff",
    households: list[str] | None = None,
) -> str:
    """A staff (or admin, or resident with `households`) access token for `community`, signed with the key the stack
    verifies (its Secrets Manager secret)."""
    import boto3
    import jwt

    env = stack["environment"]
    secrets = boto3.client(
        "secretsmanager",
        endpoint_url=stack["aws_endpoint"],
        region_name=stack["region"],
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )
    key = secrets.get_secret_value(SecretId=env["JWT_SECRET_ARN"])["SecretString"]
    now = int(time.time())
    claims = {
        "iss": "smartcommunity",
        "aud": "smartcommunity-api",
        "sub": f"e2e-{role}",
        "typ": "access",
        "knd": kind,
        "rol": [role],
        "cty": [community],
        "hh": list(households or []),
        "nam": "e2e",
        "iat": now,
        "exp": now + 900,
        "jti": uuid.uuid4().hex,
    }
    return jwt.encode(claims, key, algorithm="HS256")


@dataclass
class StaffApi:
    base: str
    token: str

    def __call__(self, method: str, path: str, body: Any = None) -> tuple[int, dict[str, Any]]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        request.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read() or b"{}")


def staff_api(stack: dict[str, Any], community: str, role: str = "staff.manager") -> StaffApi:
    return StaffApi(f"{stack['api']}/v1/staff/communities/{community}", stack_token(stack, community, role))


def provisioned_device(api: StaffApi, folder: Path, body: dict[str, Any]) -> tuple[dict[str, Any], Path, Path]:
    """Register, activate and issue a certificate; returns (device, cert path, key path)."""
    status, device = api("POST", "/devices", body)
    assert status == 201, device
    status, device = api("PATCH", f"/devices/{device['deviceId']}", {"version": device["version"], "status": "active"})
    assert status == 200, device
    status, issued = api("POST", f"/devices/{device['deviceId']}/certificate")
    assert status == 201, issued
    cert, key = folder / f"{device['deviceId']}.pem", folder / f"{device['deviceId']}.key"
    cert.write_text(issued["certificatePem"])
    key.touch(mode=0o600)
    key.write_text(issued["privateKeyPem"])
    return device, cert, key


def wait_for_command(api: StaffApi, command_id: str, wanted: set[str], timeout: float = 30.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        status, command = api("GET", f"/commands/{command_id}")
        assert status == 200, command
        if command["status"] in wanted or time.monotonic() > deadline:
            return command
        time.sleep(0.2)


def registry_building(stack: dict[str, Any], number: str = "3") -> tuple[str, str]:
    """A fresh community in the registry's organisation hierarchy with one building: (community id, building id).
    A device's location names a registry building of its community (what the fire linkage matches on)."""
    import random

    admin = StaffApi(f"{stack['api']}/v1/admin", stack_token(stack, "*", "platform.admin", kind="admin"))
    street = f"110105{random.randint(100, 999)}"
    community = f"{street}{random.randint(0, 999):03d}"
    for level, code, parent in (
        ("province", "110000", None),
        ("city", "110100", "110000"),
        ("district", "110105", "110100"),
        ("street", street, "110105"),
        ("community", community, street),
    ):
        status, body = admin(
            "POST", "/org-units", {"code": code, "level": level, "name": f"{level} {code}", "parentCode": parent}
        )
        assert status in (201, 409), body
    status, building = staff_api(stack, community)("POST", "/buildings", {"number": number, "floors": 6})
    assert status == 201, building
    return community, str(building["buildingId"])
