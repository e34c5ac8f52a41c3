"""Key rotation against the local cloud: Secrets Manager holds the signing secret (never the repository), the
platform admin rotates it (a new secret version = a new key generation), passes signed before stay valid online
and offline until they end, and a container still signing with the previous generation never unpublishes the new
key."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from tests.support.identity import token_for
from tests.support.visitors import add_gate, call, gate_token, invite, new_place, now


def test_rotation_keeps_earlier_passes_valid(client: Any, cloud: Any) -> None:
    from chalicelib.visitors.passes import OfflineGate, parse

    place = new_place()
    gate = add_gate(place.community)
    before = invite(client, place)[1]
    status, rotated = call(client, "POST", "/v1/admin/pass-keys/rotate", token_for({"platform.admin"}, {"*"}))
    assert status == 200 and rotated["keyId"] != before["keyId"]
    after = invite(client, place)[1]
    assert after["keyId"] == rotated["keyId"] == parse(after["token"]).kid

    session = gate_token(client, place.community, gate)
    status, published = call(client, "GET", f"/v1/gate/communities/{place.community}/pass-keys", session)
    assert {k["kid"] for k in published["keys"]} >= {before["keyId"], after["keyId"]}
    offline = OfflineGate.from_published(gate.device_id, place.community, published)
    assert offline.scan(before["token"], time.time()).ok and offline.scan(after["token"], time.time()).ok
    path = f"/v1/gate/communities/{place.community}/verify"
    for created in (before, after):
        assert call(client, "POST", path, session, {"token": created["token"]})[1]["admitted"]

    # The signing secret lives in Secrets Manager with both versions; nothing of it is in a table.
    import os

    versions = cloud.client("secretsmanager").list_secret_version_ids(SecretId=os.environ["PASS_SIGNING_SECRET_ARN"])
    stages = {s for v in versions["Versions"] for s in v.get("VersionStages", [])}
    assert {"AWSCURRENT", "AWSPREVIOUS"} <= stages


def test_an_older_generation_published_late_never_supersedes_the_newer() -> None:
    import uuid

    from chalicelib.visitors.repository import DynamoPublishedKeys

    keys, community = DynamoPublishedKeys(), "c-" + uuid.uuid4().hex[:10]
    t0 = now()
    keys.publish(community, "0000000a", "old-key", t0)
    keys.publish(community, "0000000b", "new-key", t0 + timedelta(seconds=5))
    keys.publish(community, "0000000a", "old-key", t0 + timedelta(seconds=9))  # a container with a cached old key
    state = {k.kid: k.superseded_at for k in keys.list(community)}
    assert state["0000000b"] is None
    assert state["0000000a"] is not None
