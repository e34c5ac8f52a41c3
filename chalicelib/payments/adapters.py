"""WeChat Pay v3 through the real `wechatpayv3` SDK (unmodified), in platform public-key mode.

The SDK is built lazily (once per container) from a Secrets Manager secret (`WECHATPAY_SECRET_ARN`, JSON:
mchid, appid, merchantPrivateKey, merchantSerialNo, apiv3Key, platformPublicKey, platformPublicKeyId). Public-key
mode makes no network call at construction. `WECHATPAY_API_BASE` points the SDK at another host (the local WeChat
Pay server, infra/localcloud/wechatpay.py); the SDK has no parameter for it, so the instance's `_core._gate_way`
is set after construction (the only thing we touch; the SDK's code runs as published).

The SDK answers `(status, text)` instead of raising: 5xx and transport failures become `ProviderUnavailable`
(the workflow retries them), 4xx become `ProviderRejected` with WeChat's error code. Notifications are verified
by the SDK on the raw body; before that we refuse what the SDK would mishandle (a serial other than our platform
public key id would make it download certificates; a non-hex one would make it raise).

Step Functions gateway of the payment workflow (stepfunctions/payment.asl.json).
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import os
import secrets
import time
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, Any

from chalicelib.kernel.observability import logger
from chalicelib.kernel.workflows import StateMachine, task_succeeded
from chalicelib.payments.bills import HouseRef, yuan_to_fen
from chalicelib.payments.model import (
    NotificationRefused,
    Order,
    ProviderRejected,
    ProviderUnavailable,
    Refund,
    VerifiedNotification,
    signature_headers,
)

if TYPE_CHECKING:
    from chalicelib.registry import Record

DEFAULT_BASE = "https://api.mch.weixin.qq.com"


class WechatPayGateway:
    def __init__(
        self, settings: dict[str, str], base_url: str = DEFAULT_BASE, notify_url: str = "", timeout: float = 5
    ):
        self.settings = settings
        self.appid = settings["appid"]
        self.mchid = settings["mchid"]
        self.base_url = base_url.rstrip("/")
        self.notify_url = notify_url
        self.timeout = timeout

    @cached_property
    def sdk(self) -> Any:
        from wechatpayv3 import WeChatPay, WeChatPayType

        client = WeChatPay(
            wechatpay_type=WeChatPayType.MINIPROG,
            mchid=self.mchid,
            private_key=self.settings["merchantPrivateKey"],
            cert_serial_no=self.settings["merchantSerialNo"],
            appid=self.appid,
            apiv3_key=self.settings["apiv3Key"],
            notify_url=self.notify_url,
            timeout=(min(2.0, self.timeout), self.timeout),
            public_key=self.settings["platformPublicKey"],
            public_key_id=self.settings["platformPublicKeyId"],
        )
        client._core._gate_way = self.base_url  # see the module docstring
        return client

    def _call(self, what: str, fn: Any, *args: Any, **kwargs: Any) -> tuple[int, Any]:
        import requests

        try:
            status, text = fn(*args, **kwargs)
        except requests.RequestException as exc:
            raise ProviderUnavailable(f"{what}: {type(exc).__name__}") from exc
        except Exception as exc:  # the SDK raises bare Exception, e.g. 'failed to verify the signature'
            logger.warning("wechatpay sdk error", extra={"call": what, "error": str(exc)})
            raise ProviderUnavailable(f"{what}: {exc}") from exc
        if status >= 500:
            raise ProviderUnavailable(f"{what}: HTTP {status}")
        if status >= 400:
            code, message = "UNKNOWN", ""
            try:
                payload = json.loads(text)
                code, message = str(payload.get("code", code)), str(payload.get("message", ""))
            except (TypeError, ValueError):
                pass
            raise ProviderRejected(status, code, message)
        return status, text

    # -- orders -----------------------------------------------------------------------------------------
    def create_jsapi(self, order: Order) -> str:
        from wechatpayv3 import WeChatPayType

        _, text = self._call(
            "jsapi",
            self.sdk.pay,
            description=order.description or "物业缴费",
            out_trade_no=order.order_id,
            amount={"total": order.amount_fen, "currency": "CNY"},
            payer={"openid": order.openid},
            time_expire=order.expires_at.isoformat(timespec="seconds"),
            attach=order.community_id,
            pay_type=WeChatPayType.MINIPROG,
        )
        prepay_id = json.loads(text).get("prepay_id")
        if not prepay_id:
            raise ProviderUnavailable("jsapi answered without prepay_id")
        return str(prepay_id)

    def request_payment_params(self, prepay_id: str) -> dict[str, str]:
        """What the mini-program passes to wx.requestPayment (RSA over appId, timeStamp, nonceStr, package)."""
        timestamp, nonce = str(int(time.time())), secrets.token_hex(16)
        package = f"prepay_id={prepay_id}"
        sign = self.sdk.sign([self.appid, timestamp, nonce, package])
        return {
            "appId": self.appid,
            "timeStamp": timestamp,
            "nonceStr": nonce,
            "package": package,
            "signType": "RSA",
            "paySign": sign,
        }

    def query(self, order_id: str) -> dict[str, Any] | None:
        try:
            _, text = self._call("query", self.sdk.query, out_trade_no=order_id)
        except ProviderRejected as exc:
            if exc.code == "ORDER_NOT_EXIST":
                return None
            raise
        found: dict[str, Any] = json.loads(text)
        return found

    def close(self, order_id: str) -> None:
        self._call("close", self.sdk.close, out_trade_no=order_id)

    def refund(self, refund: Refund, order: Order) -> dict[str, Any]:
        _, text = self._call(
            "refund",
            self.sdk.refund,
            out_refund_no=refund.refund_id,
            amount={"refund": refund.amount_fen, "total": order.amount_fen, "currency": "CNY"},
            out_trade_no=order.order_id,
            reason=refund.reason[:80] or None,
        )
        answer: dict[str, Any] = json.loads(text)
        return answer

    def query_refund(self, refund_id: str) -> dict[str, Any] | None:
        try:
            _, text = self._call("query_refund", self.sdk.query_refund, out_refund_no=refund_id)
        except ProviderRejected as exc:
            if exc.code == "RESOURCE_NOT_EXISTS":
                return None
            raise
        found: dict[str, Any] = json.loads(text)
        return found

    # -- reconciliation -----------------------------------------------------------------------------
    def trade_bill(self, day: str) -> list[dict[str, str]]:
        """The day's trade bill (GZIP), downloaded and checked against its SHA1, as rows we compare."""
        _, text = self._call("tradebill", self.sdk.trade_bill, bill_date=day, bill_type="ALL", tar_type="GZIP")
        meta = json.loads(text)
        _, content = self._call("billdownload", self.sdk.download_bill, meta["download_url"])
        raw = content if isinstance(content, bytes) else str(content).encode()
        if meta.get("hash_value") and hashlib.sha1(raw).hexdigest() != meta["hash_value"]:
            raise ProviderUnavailable("trade bill hash does not match")
        return parse_trade_bill(gzip.decompress(raw).decode("utf-8"))

    # -- notifications -------------------------------------------------------------------------------
    def verify_notification(self, headers: dict[str, str], body: bytes) -> VerifiedNotification:
        from wechatpayv3.utils import rsa_verify

        canonical = signature_headers(headers)
        if canonical["Wechatpay-Serial"] != self.settings["platformPublicKeyId"]:
            raise NotificationRefused("UNKNOWN_SERIAL", "signed with a key we do not know", 401)
        try:
            timestamp = int(canonical["Wechatpay-Timestamp"])
            text = body.decode("utf-8")
        except (ValueError, UnicodeDecodeError) as exc:
            raise NotificationRefused("MALFORMED", "bad timestamp or body encoding", 400) from exc
        try:
            result = self.sdk.callback(canonical, text)
        except Exception as exc:  # the SDK raises bare Exception for algorithms it does not support
            raise NotificationRefused("MALFORMED", f"notification refused: {exc}", 400) from exc
        if result is None:
            signed = rsa_verify(
                canonical["Wechatpay-Timestamp"],
                canonical["Wechatpay-Nonce"],
                text,
                canonical["Wechatpay-Signature"],
                self.sdk._core._public_key,
            )
            if not signed:
                raise NotificationRefused("SIGNATURE_INVALID", "signature does not verify", 401)
            raise NotificationRefused("DECRYPT_FAILED", "resource could not be decrypted", 400)
        resource = result.get("resource")
        if not isinstance(resource, dict):
            raise NotificationRefused("MALFORMED", "resource is not an object", 400)
        return VerifiedNotification(
            notification_id=str(result.get("id", "")),
            event_type=str(result.get("event_type", "")),
            timestamp=timestamp,
            resource=resource,
        )


BILL_COLUMNS = {
    "交易时间": "time",
    "公众账号ID": "appid",
    "商户号": "mchid",
    "微信订单号": "transaction_id",
    "商户订单号": "out_trade_no",
    "交易状态": "trade_state",
    "订单金额": "amount_yuan",
    "商户退款单号": "out_refund_no",
    "退款金额": "refund_yuan",
}


def parse_trade_bill(text: str) -> list[dict[str, str]]:
    """WeChat's trade bill: a header row, rows whose every field starts with a backtick, then a summary."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return []
    header = next(csv.reader([lines[0]]))
    rows: list[dict[str, str]] = []
    for line in lines[1:]:
        if not line.startswith("`"):
            break  # the summary block (总交易单数, ...)
        fields = [f.lstrip("`") for f in next(csv.reader(io.StringIO(line)))]
        row = {BILL_COLUMNS[h]: v for h, v in zip(header, fields, strict=False) if h in BILL_COLUMNS}
        row["amount_fen"] = str(yuan_to_fen(row.get("amount_yuan") or "0"))
        row["refund_fen"] = str(yuan_to_fen(row.get("refund_yuan") or "0"))
        rows.append(row)
    return rows


def _secret_settings() -> dict[str, str]:
    arn = os.environ.get("WECHATPAY_SECRET_ARN", "")
    raw = ""
    if arn:
        from chalicelib.kernel.aws import client

        raw = str(client("secretsmanager").get_secret_value(SecretId=arn)["SecretString"])
    try:
        settings = json.loads(raw) if raw else {}
    except ValueError as exc:
        raise RuntimeError("the WeChat Pay secret is not JSON") from exc
    needed = (
        "mchid",
        "appid",
        "merchantPrivateKey",
        "merchantSerialNo",
        "apiv3Key",
        "platformPublicKey",
        "platformPublicKeyId",
    )
    missing = [k for k in needed if not settings.get(k)]
    if missing:
        raise RuntimeError(f"WeChat Pay is not configured: {', '.join(missing)} missing from the secret")
    return {k: str(settings[k]) for k in needed}


def from_environment() -> WechatPayGateway:
    from chalicelib.kernel.errors import UpstreamUnavailable

    try:
        settings = _secret_settings()
    except RuntimeError as exc:  # fail closed, as a 503 the caller may retry once it is configured
        logger.error("wechatpay not configured", extra={"error": str(exc)})
        raise UpstreamUnavailable("payments are not configured", code="PAYMENTS_NOT_CONFIGURED") from exc
    return WechatPayGateway(
        settings,
        base_url=os.environ.get("WECHATPAY_API_BASE") or DEFAULT_BASE,
        notify_url=os.environ.get("WECHATPAY_NOTIFY_URL", ""),
        timeout=float(os.environ.get("WECHATPAY_TIMEOUT_SECONDS", "5")),
    )


class StepFunctionsPayments:
    """The payment workflow (stepfunctions/payment.asl.json, env PAYMENT_STATE_MACHINE_ARN)."""

    machine = StateMachine("PAYMENT_STATE_MACHINE_ARN")

    def start_payment(self, order: Order, pay_timeout_seconds: int) -> str:
        payload = {
            "orderId": order.order_id,
            "communityId": order.community_id,
            "payTimeoutSeconds": pay_timeout_seconds,
        }
        return self.machine.start(order.order_id, payload)  # one execution per order: a retry cannot start two

    def task_succeeded(self, token: str, output: dict[str, Any]) -> None:
        task_succeeded(token, output)


class RegistryHouses:
    """The billing port on the registry: a community's houses (with their area) and one house."""

    @staticmethod
    def _ref(record: Record) -> HouseRef:
        attrs = record.attrs or {}
        area = attrs.get("areaSqm")
        return HouseRef(
            community_id=record.community_id or "",
            house_id=record.id,
            building_id=str(attrs.get("buildingId") or ""),
            area_sqm=float(area) if area else None,
            label=str(attrs.get("houseNumber") or ""),
        )

    def houses(self, community_id: str) -> list[HouseRef]:
        from chalicelib.registry import houses_of

        return [self._ref(r) for r in houses_of(community_id)]

    def house(self, community_id: str, house_id: str) -> HouseRef | None:
        from chalicelib.registry import find_record

        record = find_record(community_id, "house", house_id)
        return self._ref(record) if record is not None else None


class ResidentPayers:
    """The payment service's payer port: a resident account's WeChat openid."""

    def openid_of(self, account_id: str) -> str | None:
        from chalicelib.identity import openid_of

        return openid_of(account_id)


class LazyWechatPay:
    """Builds the WeChat Pay gateway on first use: reading bills or deciding a refund that is not found works
    even where the merchant secret is not (yet) configured."""

    def __init__(self, build: Callable[[], WechatPayGateway]):
        self._build = build

    def __getattr__(self, name: str) -> Any:
        return getattr(self._build(), name)


class ReceiptFiles:
    """A paid order's receipt as a file: names from the registry's face, the PDF written under `exports/` (expired
    after a day by the bucket's lifecycle) and handed out as a short-lived link (kernel.files)."""

    def link_for(self, order: Order) -> tuple[str, str, int]:
        from chalicelib.kernel import files
        from chalicelib.payments.receipt import facts_of, receipt_file_name, receipt_pdf
        from chalicelib.registry import community_name, house_label

        community = community_name(order.community_id) or order.community_id
        facts = facts_of(order, community, house_label(order.community_id, order.house_id) or order.house_id)
        key = f"{files.PREFIX}{order.community_id}/receipts/{order.order_id}.pdf"
        name = receipt_file_name(facts)
        files.put_file(key, receipt_pdf(facts), files.PDF)
        return name, files.link(key, name), files.LINK_SECONDS


class SqsSettlements:
    """The `Settlements` port: a paid charge's owner hears of it on PaymentSettledQueue (env
    PAYMENT_SETTLED_QUEUE_URL) as {orderId, communityId, purpose, reference, amountFen, transactionId, paidAt}; the
    owner's consumer counts each order once (the message may come more than once)."""

    def settled(self, order: Order, *, must: bool) -> None:
        from chalicelib.kernel.aws import client
        from chalicelib.kernel.clock import iso
        from chalicelib.kernel.observability import logger

        body = {
            "orderId": order.order_id,
            "communityId": order.community_id,
            "purpose": order.purpose,
            "reference": order.reference,
            "amountFen": order.amount_fen,
            "transactionId": order.transaction_id,
            "paidAt": iso(order.paid_at) if order.paid_at else None,
        }
        try:
            client("sqs").send_message(QueueUrl=os.environ["PAYMENT_SETTLED_QUEUE_URL"], MessageBody=json.dumps(body))
        except Exception:
            if must:
                raise
            logger.warning("charge owner not told yet", extra={"orderId": order.order_id, "purpose": order.purpose})
