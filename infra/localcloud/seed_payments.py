"""Payments on the local cloud (what `make up` adds): the local WeChat Pay server, the merchant secret it generates
(put into the stack's WechatPaySecret, as an operator would in AWS), and the demo community's fee items and this
month's bills (idempotent: a second run creates nothing).

The server "pays" every order `auto_pay` seconds after the mini-program would have opened WeChat's payment sheet
(`POST {wechatpay}/local/pay/{orderId}` pays one at once), then notifies the API like WeChat Pay; it completes
every refund `auto_refund` seconds after a second manager approved it (`POST {wechatpay}/local/refunds/fail-next`
makes the next one fail, as WeChat Pay's ABNORMAL).
"""

from __future__ import annotations

import json
import os
from typing import Any

from infra.localcloud.wechatpay import LocalWechatPay

DEMO_FEES = [
    # (fee item id, name, kind, unit price in fen, period): every house of the demo community
    ("property", "物业费", "area", 250, "monthly"),
    ("elevator", "电梯运行费", "fixed", 1500, "monthly"),
]


def start_local_wechatpay(
    cloud: Any, api_port: int, port: int = 0, auto_pay: float | None = 3.0, auto_refund: float | None = 3.0
) -> LocalWechatPay:
    from chalicelib.kernel import wiring as kernel_wiring

    appid = os.environ.get("WECHAT_APPID") or "wx-local-demo"
    server = LocalWechatPay(appid=appid, auto_pay=auto_pay, auto_refund=auto_refund).start(port)
    cloud.client("secretsmanager").put_secret_value(
        SecretId=os.environ["WECHATPAY_SECRET_ARN"], SecretString=json.dumps(server.settings())
    )
    env = {
        "WECHATPAY_API_BASE": server.base_url,
        "WECHATPAY_NOTIFY_URL": f"http://127.0.0.1:{api_port}/v1/public/wechatpay/notify",
    }
    os.environ.update(env)
    cloud.environment.update(env)
    kernel_wiring.reset()
    return server


def seed_payments(community_id: str) -> dict[str, Any]:
    from chalicelib.kernel.clock import utcnow
    from chalicelib.payments import wiring as payments_wiring
    from chalicelib.payments.bills import FeeItem, current_period

    billing = payments_wiring.billing_service()
    period = current_period("monthly", utcnow())
    created = 0
    for fee_id, name, kind, price, cadence in DEMO_FEES:
        if payments_wiring.payment_store().get_fee_item(community_id, fee_id) is None:
            billing.define_fee_item(FeeItem(community_id, fee_id, name, kind, price, cadence, created_by="demo-seed"))
        created += billing.generate(community_id, fee_id, period).created
    return {
        "community_id": community_id,
        "period": period,
        "bills_created": created,
        "payer_binding": _second_owner(community_id),
    }


def _second_owner(community_id: str) -> dict[str, str] | None:
    """A second seeded owner (building 1, 1-1-102) a tester can bind and pay with, besides the printed demo one."""
    from chalicelib.registry import wiring as registry_wiring
    from chalicelib.registry.addresses import house_code
    from infra.localcloud.seed_registry import COMPOUND

    house = registry_wiring.registry_service().house_by_address(community_id, house_code(COMPOUND, "1", 1, 1, 2))
    if house is None:
        return None
    return {"community_id": community_id, "house_id": house.id, "name": "李华", "phone": "13800000002"}
