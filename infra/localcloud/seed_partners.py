"""The demo partner (阳光派出所, a police station) for the first demo community, and its signing credentials in the
work directory (`partner-demo.json`, mode 0600; never in the repository). Idempotent: a second run reuses the
partner and the file. The demo community is enrolled in the daily warning run with the default thresholds."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

DEMO_PARTNER_ID = "ptn_demo_police"


def seed_partners(community_id: str, workdir: Path) -> dict[str, Any]:
    from chalicelib.governance.model import Thresholds
    from chalicelib.governance.repository import DynamoWarningStore
    from chalicelib.partners import wiring
    from chalicelib.partners.model import SCOPES

    file = workdir / "partner-demo.json"
    service = wiring.partner_service()
    if service.store.partner(DEMO_PARTNER_ID) is None or not file.exists():
        if service.store.partner(DEMO_PARTNER_ID) is None:
            _, key_id, secret = service.onboard(
                partner_id=DEMO_PARTNER_ID,
                name="阳光派出所",
                kind="police_station",
                communities=[community_id],
                scopes=sorted(SCOPES),
                masking={"name": "full", "phone": "masked", "idNumber": "masked"},
                allow_ips=["127.0.0.1/32", "::1/128"],
                quota_per_day=100_000,
                rate_per_minute=600,
            )
        else:
            key_id, secret, _ = service.rotate(DEMO_PARTNER_ID)
        file.write_text(json.dumps({"partnerId": DEMO_PARTNER_ID, "keyId": key_id, "secret": secret}))
        os.chmod(file, 0o600)
    DynamoWarningStore().set_thresholds(community_id, Thresholds())
    saved = json.loads(file.read_text())
    return {"partner": f"{DEMO_PARTNER_ID} 阳光派出所, key {saved['keyId']} (secret in {file})"}


def seed_subscription(community_id: str, receiver_url: str) -> str:
    """The demo partner's push subscription to the demo community's people feed (once; a restart re-points it at
    this run's receiver)."""
    from dataclasses import replace
    from datetime import timedelta

    from chalicelib.kernel.clock import utcnow
    from chalicelib.partners import wiring

    push = wiring.push_service()
    url = receiver_url + "/VIID/SubscribeNotifications"
    existing = [s for s in push.store.of_partner(DEMO_PARTNER_ID) if s.resource == "people"]
    if existing:
        sub = push.store.save(replace(existing[0], receive_addr=url, status="active", failures=0, next_due=None))
    else:
        partner = wiring.partner_service().get(DEMO_PARTNER_ID)
        now = utcnow()
        sub = push.subscribe(partner, community_id, "people", url, 60, now, now + timedelta(days=365), "人员变更")
    return f"subscription {sub.subscription_id}: people changes every 60 s to {url} (GET {receiver_url}/_received)"
