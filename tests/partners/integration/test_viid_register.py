"""GA/T 1400 registration with HTTP Digest: no Authorization gets a challenge; the right response for it registers
(ResponseStatusObject OK) and is audited; a wrong secret, a replayed response, a stale or forged nonce, another
URI get a fresh challenge; keepalive works the same way."""

from __future__ import annotations

import json
import re
import time
import uuid
from typing import Any

from chalicelib.partners.digest import authorization
from tests.partners.support import onboard
from tests.support.registry import new_community

REGISTER = "/VIID/System/Register"


def _post(client: Any, path: str, auth: str | None, device: str) -> Any:
    obj = "RegisterObject" if path.endswith("Register") else "KeepaliveObject"
    headers = {"Content-Type": "application/json", **({"Authorization": auth} if auth else {})}
    return client.http.post(path, headers=headers, body=json.dumps({obj: {"DeviceID": device}}))


def _nonce(response: Any) -> str:
    assert response.status_code == 401, response.body
    found = re.search(r'nonce="([^"]+)"', response.headers["WWW-Authenticate"])
    assert found and "Digest" in response.headers["WWW-Authenticate"]
    return found.group(1)


def test_register_and_keepalive_with_digest(client: Any) -> None:
    issued = onboard(client, [new_community(client)])
    key, secret = issued["keyId"], issued["secret"]
    nonce = _nonce(_post(client, REGISTER, None, key))

    ok = _post(client, REGISTER, authorization(key, secret, "POST", REGISTER, nonce, "00000001", "abc123"), key)
    assert ok.status_code == 200, ok.body
    status = json.loads(ok.body)["ResponseStatusObject"]
    assert status["StatusCode"] == 0 and status["Id"] == key

    replay = _post(client, REGISTER, authorization(key, secret, "POST", REGISTER, nonce, "00000001", "abc123"), key)
    _nonce(replay)  # refused, with a fresh challenge
    wrong = _post(client, REGISTER, authorization(key, "not-it", "POST", REGISTER, nonce, "00000002", "x"), key)
    _nonce(wrong)
    forged = f"{int(time.time())}.{uuid.uuid4().hex[:16]}.{uuid.uuid4().hex}"
    _nonce(_post(client, REGISTER, authorization(key, secret, "POST", REGISTER, forged, "00000001", "x"), key))
    stale = _nonce(_post(client, REGISTER, None, key))
    stamp, rand, mac = stale.split(".")
    old = f"{int(stamp) - 400}.{rand}.{mac}"  # an old time: its MAC no longer matches either
    _nonce(_post(client, REGISTER, authorization(key, secret, "POST", REGISTER, old, "00000001", "x"), key))
    other_uri = authorization(key, secret, "POST", "/VIID/System/Keepalive", nonce, "00000003", "x")
    _nonce(_post(client, REGISTER, other_uri, key))

    keepalive = "/VIID/System/Keepalive"
    fresh = _nonce(_post(client, keepalive, None, key))
    alive = _post(client, keepalive, authorization(key, secret, "POST", keepalive, fresh, "00000001", "k"), key)
    assert alive.status_code == 200 and json.loads(alive.body)["ResponseStatusObject"]["StatusString"] == "OK"
