"""A local WeChat Pay v3 server: the endpoints the app calls, signed and verified like WeChat Pay.

- checks every request's `Authorization: WECHATPAY2-SHA256-RSA2048 ...` against the merchant's public key
  (401 SIGN_ERROR otherwise), and signs every JSON answer with the platform private key (`Wechatpay-Timestamp`,
  `-Nonce`, `-Signature`, `-Serial` = the platform public key id, `-Signature-Type`), which the SDK verifies;
- POST /v3/pay/transactions/jsapi, GET /v3/pay/transactions/out-trade-no/{no}, POST .../{no}/close,
  POST /v3/refund/domestic/refunds, GET /v3/refund/domestic/refunds/{no}, GET /v3/bill/tradebill,
  GET /v3/billdownload/file (gzip CSV in WeChat's trade-bill format), GET /v3/certificates (none: public-key mode);
- notifications (TRANSACTION.SUCCESS, REFUND.SUCCESS) encrypted with AES-256-GCM under the APIv3 key and signed
  over `timestamp\\nnonce\\nbody\\n`, delivered by HTTP POST to the order's notify_url (or a test's `deliver`);
- `POST /local/pay/{out_trade_no}`: "the resident confirms in WeChat" (pays and notifies); with `auto_pay`, every
  JSAPI order is paid that many seconds after it is created (what `make up` uses for the demo);
- refunds end as WeChat Pay ends them: with `auto_refund`, every refund completes (SUCCESS, REFUND.SUCCESS notified)
  that many seconds after it was requested, as `make up` runs it. `POST /local/refunds/fail-next` makes the next
  refund end ABNORMAL (REFUND.ABNORMAL) instead; `POST /local/refund/{out_refund_no}?status=SUCCESS|ABNORMAL` ends
  one at once.

Faults for tests: `faults` is a queue popped per /v3 request: "timeout" (answers after `slow_seconds`), "500",
"400" (PARAM_ERROR: a refusal that retrying cannot fix).
Keys and the APIv3 key are generated at start; `settings()` is the merchant secret the app reads.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import secrets
import threading
import time
import urllib.request
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse
from zoneinfo import ZoneInfo

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from infra.localcloud.servers import LocalHTTPServer

BEIJING = ZoneInfo("Asia/Shanghai")
SIGNATURE_TYPE = "WECHATPAY2-SHA256-RSA2048"
BILL_HEADER = (
    "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,"
    "应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,"
    "手续费,费率,订单金额,申请退款金额,费率备注"
)


def _pem_private(key: rsa.RSAPrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def _pem_public(key: rsa.RSAPublicKey) -> str:
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def sign(key: rsa.RSAPrivateKey, message: str) -> str:
    return base64.b64encode(key.sign(message.encode(), padding.PKCS1v15(), hashes.SHA256())).decode()


def yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


def beijing(moment: datetime) -> str:
    return moment.astimezone(BEIJING).isoformat(timespec="seconds")


class LocalWechatPay:
    def __init__(
        self,
        appid: str = "wx-local-demo",
        mchid: str = "1900000109",
        auto_pay: float | None = None,
        auto_refund: float | None = None,
    ):
        self.appid = appid
        self.mchid = mchid
        self.auto_pay = auto_pay
        self.auto_refund = auto_refund
        self.fail_next_refunds = 0  # the next N refunds end ABNORMAL
        self.platform_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.merchant_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.public_key_id = "PUB_KEY_ID_" + secrets.token_hex(12).upper()
        self.merchant_serial = secrets.token_hex(20).upper()
        self.apiv3_key = secrets.token_hex(16)  # 32 ASCII characters, as WeChat's APIv3 key
        self.orders: dict[str, dict[str, Any]] = {}
        self.refunds: dict[str, dict[str, Any]] = {}
        self.bills: dict[str, bytes] = {}
        self.faults: list[str] = []
        self.slow_seconds = 2.0
        self.calls: list[tuple[str, str]] = []
        self.deliveries: list[tuple[int, str]] = []
        self.extra_bill_rows: dict[str, list[dict[str, Any]]] = {}  # day -> rows the test injects
        self.bill_amount_override: dict[str, int] = {}  # out_trade_no / out_refund_no -> fen the bill shows
        self.bill_hidden: set[str] = set()  # out_trade_no / out_refund_no left out of the bill
        self.deliver: Callable[[str, dict[str, str], bytes], int] = self._post
        self._server: ThreadingHTTPServer | None = None
        self._lock = threading.Lock()

    # -- configuration ---------------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def settings(self) -> dict[str, str]:
        """The merchant secret (what the deployed stack keeps in Secrets Manager)."""
        return {
            "mchid": self.mchid,
            "appid": self.appid,
            "merchantPrivateKey": _pem_private(self.merchant_key),
            "merchantSerialNo": self.merchant_serial,
            "apiv3Key": self.apiv3_key,
            "platformPublicKey": _pem_public(self.platform_key.public_key()),
            "platformPublicKeyId": self.public_key_id,
        }

    # -- notifications ---------------------------------------------------------------------------------
    def encrypt(self, plain: dict[str, Any], associated_data: str) -> dict[str, str]:
        nonce = secrets.token_urlsafe(9)[:12]
        data = json.dumps(plain, ensure_ascii=False).encode()
        ciphertext = AESGCM(self.apiv3_key.encode()).encrypt(nonce.encode(), data, associated_data.encode())
        return {
            "algorithm": "AEAD_AES_256_GCM",
            "ciphertext": base64.b64encode(ciphertext).decode(),
            "associated_data": associated_data,
            "original_type": associated_data,
            "nonce": nonce,
        }

    def signed(
        self,
        body: str,
        *,
        timestamp: int | None = None,
        key: rsa.RSAPrivateKey | None = None,
        serial: str | None = None,
    ) -> dict[str, str]:
        ts = str(int(time.time()) if timestamp is None else timestamp)
        nonce = secrets.token_hex(16)
        return {
            "Wechatpay-Timestamp": ts,
            "Wechatpay-Nonce": nonce,
            "Wechatpay-Signature": sign(key or self.platform_key, f"{ts}\n{nonce}\n{body}\n"),
            "Wechatpay-Serial": serial or self.public_key_id,
            "Wechatpay-Signature-Type": SIGNATURE_TYPE,
        }

    def transaction(self, out_trade_no: str) -> dict[str, Any]:
        o = self.orders[out_trade_no]
        tx: dict[str, Any] = {
            "appid": o["appid"],
            "mchid": o["mchid"],
            "out_trade_no": out_trade_no,
            "trade_state": o["trade_state"],
            "trade_state_desc": {"SUCCESS": "支付成功", "NOTPAY": "未支付", "CLOSED": "已关闭"}.get(
                o["trade_state"], ""
            ),
            "attach": o.get("attach", ""),
            "payer": o["payer"],
            "amount": {"total": o["amount"]["total"], "currency": o["amount"].get("currency", "CNY")},
        }
        if o.get("transaction_id"):
            tx.update(
                transaction_id=o["transaction_id"],
                trade_type="JSAPI",
                bank_type="OTHERS",
                success_time=o["success_time"],
            )
            tx["amount"].update(payer_total=o["amount"]["total"], payer_currency="CNY")
        return tx

    def notification(
        self,
        out_trade_no: str,
        *,
        resource: dict[str, Any] | None = None,
        event_type: str = "TRANSACTION.SUCCESS",
        associated_data: str = "transaction",
        timestamp: int | None = None,
        key: rsa.RSAPrivateKey | None = None,
        serial: str | None = None,
    ) -> tuple[dict[str, str], bytes]:
        """A notification exactly as WeChat Pay sends it; the keywords forge or tamper with it for tests."""
        plain = resource if resource is not None else self.transaction(out_trade_no)
        envelope = {
            "id": str(uuid.uuid4()),
            "create_time": beijing(datetime.now(UTC)),
            "resource_type": "encrypt-resource",
            "event_type": event_type,
            "summary": "支付成功" if event_type == "TRANSACTION.SUCCESS" else "退款状态变更",
            "resource": self.encrypt(plain, associated_data),
        }
        body = json.dumps(envelope, ensure_ascii=False)
        return self.signed(body, timestamp=timestamp, key=key, serial=serial), body.encode()

    def _post(self, url: str, headers: dict[str, str], body: bytes) -> int:
        request = urllib.request.Request(url, data=body, method="POST")
        request.add_header("Content-Type", "application/json")
        for name, value in headers.items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return int(response.status)
        except urllib.error.HTTPError as exc:
            return int(exc.code)
        except OSError:
            return 0

    def pay(self, out_trade_no: str, notify: bool = True) -> int:
        """The payer confirms: the order succeeds and WeChat Pay notifies. Returns the notify answer's status."""
        with self._lock:
            o = self.orders[out_trade_no]
            if o["trade_state"] == "NOTPAY":
                o.update(
                    trade_state="SUCCESS",
                    transaction_id="4200" + datetime.now(BEIJING).strftime("%Y%m%d") + secrets.token_hex(7)[:14],
                    success_time=beijing(datetime.now(UTC)),
                )
        if not notify:
            return 0
        headers, body = self.notification(out_trade_no)
        status = self.deliver(o["notify_url"], headers, body)
        self.deliveries.append((status, out_trade_no))
        return status

    def refund_notification(self, out_refund_no: str, status: str = "SUCCESS") -> tuple[dict[str, str], bytes]:
        r = self.refunds[out_refund_no]
        resource = {
            "mchid": self.mchid,
            "out_trade_no": r["out_trade_no"],
            "transaction_id": r["transaction_id"],
            "out_refund_no": out_refund_no,
            "refund_id": r["refund_id"],
            "refund_status": status,
            "success_time": beijing(datetime.now(UTC)),
            "user_received_account": "支付用户零钱",
            "amount": {
                "total": r["amount"]["total"],
                "refund": r["amount"]["refund"],
                "payer_total": r["amount"]["total"],
                "payer_refund": r["amount"]["refund"],
            },
        }
        event = "REFUND.SUCCESS" if status == "SUCCESS" else "REFUND.ABNORMAL"
        return self.notification(r["out_trade_no"], resource=resource, event_type=event, associated_data="refund")

    def complete_refund(self, out_refund_no: str, status: str = "SUCCESS") -> int:
        with self._lock:
            if self.refunds[out_refund_no]["status"] != "PROCESSING":
                return 0  # ended already (an earlier completion)
        self.refunds[out_refund_no].update(status=status, success_time=beijing(datetime.now(UTC)))
        headers, body = self.refund_notification(out_refund_no, status)
        return self.deliver(self.refunds[out_refund_no]["notify_url"], headers, body)

    # -- the trade bill ----------------------------------------------------------------------------------
    def bill_csv(self, day: str) -> str:
        lines = [BILL_HEADER]
        total = 0
        for no, o in sorted(self.orders.items()):
            if o["trade_state"] not in ("SUCCESS", "REFUND") or no in self.bill_hidden:
                continue
            if o["success_time"][:10] != day:
                continue
            amount = self.bill_amount_override.get(no, o["amount"]["total"])
            lines.append(self._bill_row(o["success_time"], o["transaction_id"], no, o["payer"]["openid"], amount))
            total += amount
        for no, r in sorted(self.refunds.items()):
            if r["status"] != "SUCCESS" or no in self.bill_hidden or r.get("success_time", "")[:10] != day:
                continue
            refunded = self.bill_amount_override.get(no, r["amount"]["refund"])
            lines.append(self._refund_row(r["success_time"], no, r, refunded))
        for row in self.extra_bill_rows.get(day, []):
            lines.append(
                self._bill_row(
                    f"{day}T12:00:00+08:00", row["transaction_id"], row["out_trade_no"], "o-x", row["amount_fen"]
                )
            )
            total += row["amount_fen"]
        count = len(lines) - 1
        lines.append("总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额")
        lines.append(f"`{count},`{yuan(total)},`0.00,`0.00,`0.00,`{yuan(total)},`0.00")
        return "\r\n".join(lines) + "\r\n"

    def _refund_row(self, when: str, out_refund_no: str, r: dict[str, Any], refunded: int) -> str:
        stamp = datetime.fromisoformat(when).astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S")
        openid = self.orders[r["out_trade_no"]]["payer"]["openid"]
        fields = [
            stamp, self.appid, self.mchid, "0", "", r["transaction_id"], r["out_trade_no"], openid, "JSAPI",
            "REFUND", "OTHERS", "CNY", "0.00", "0.00", r["refund_id"], out_refund_no, yuan(refunded), "0.00",
            "ORIGINAL", "SUCCESS", "物业缴费", "", "0.00", "0.60%", yuan(r["amount"]["total"]), yuan(refunded), "",
        ]  # fmt: skip
        return ",".join("`" + f for f in fields)

    def _bill_row(self, when: str, transaction_id: str, no: str, openid: str, amount: int) -> str:
        stamp = datetime.fromisoformat(when).astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S")
        fields = [
            stamp, self.appid, self.mchid, "0", "", transaction_id, no, openid, "JSAPI", "SUCCESS", "OTHERS", "CNY",
            yuan(amount), "0.00", "0", "0", "0.00", "0.00", "", "", "物业缴费", "", "0.00", "0.60%", yuan(amount),
            "0.00", "",
        ]  # fmt: skip
        return ",".join("`" + f for f in fields)

    # -- HTTP ----------------------------------------------------------------------------------------------
    def start(self, port: int = 0) -> LocalWechatPay:
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def _send(self, status: int, payload: Any = None, raw: bytes | None = None, ctype: str = "") -> None:
                body = raw if raw is not None else (b"" if payload is None else json.dumps(payload).encode())
                self.send_response(status)
                if raw is not None:
                    self.send_header("Content-Type", ctype or "application/octet-stream")
                else:
                    self.send_header("Content-Type", "application/json; charset=utf-8")
                    for name, value in outer.signed(body.decode()).items():
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _error(self, status: int, code: str, message: str) -> None:
                self._send(status, {"code": code, "message": message})

            def _authorised(self, body: str) -> bool:
                header = self.headers.get("Authorization", "")
                scheme, _, rest = header.partition(" ")
                if scheme != SIGNATURE_TYPE:
                    return False
                parts = dict(p.split("=", 1) for p in rest.split(",") if "=" in p)
                parts = {k.strip(): v.strip().strip('"') for k, v in parts.items()}
                if parts.get("mchid") != outer.mchid or parts.get("serial_no") != outer.merchant_serial:
                    return False
                if abs(time.time() - int(parts.get("timestamp", "0"))) > 300:
                    return False
                message = f"{self.command}\n{self.path}\n{parts['timestamp']}\n{parts.get('nonce_str', '')}\n{body}\n"
                try:
                    outer.merchant_key.public_key().verify(
                        base64.b64decode(parts.get("signature", "")),
                        message.encode(),
                        padding.PKCS1v15(),
                        hashes.SHA256(),
                    )
                except Exception:
                    return False
                return True

            def _route(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode() if length else ""
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                outer.calls.append((self.command, url.path))
                if url.path == "/local/refunds/fail-next" and self.command == "POST":
                    with outer._lock:
                        outer.fail_next_refunds += 1
                    return self._send(200, {"failNext": outer.fail_next_refunds})
                if url.path.startswith("/local/refund/") and self.command == "POST":
                    no, status = url.path.rsplit("/", 1)[1], query.get("status", "SUCCESS")
                    if no not in outer.refunds or status not in ("SUCCESS", "ABNORMAL"):
                        return self._error(404, "RESOURCE_NOT_EXISTS", "退款单不存在")
                    threading.Thread(target=outer.complete_refund, args=(no, status), daemon=True).start()
                    return self._send(200, {"out_refund_no": no, "status": status})
                if url.path.startswith("/local/pay/") and self.command == "POST":
                    no = url.path.rsplit("/", 1)[1]
                    if no not in outer.orders:
                        return self._error(404, "ORDER_NOT_EXIST", "订单不存在")
                    threading.Thread(target=outer.pay, args=(no,), daemon=True).start()
                    return self._send(200, {"out_trade_no": no, "paying": True})
                if url.path == "/v3/billdownload/file":
                    data = outer.bills.get(query.get("token", ""))
                    if data is None:
                        return self._error(404, "RESOURCE_NOT_EXISTS", "账单不存在")
                    return self._send(200, raw=data, ctype="application/octet-stream")
                if not self._authorised(body):
                    return self._error(401, "SIGN_ERROR", "签名错误")
                if outer.faults:
                    fault = outer.faults.pop(0)
                    if fault == "timeout":
                        time.sleep(outer.slow_seconds)
                    elif fault == "500":
                        return self._error(500, "SYSTEM_ERROR", "系统错误")
                    elif fault == "400":
                        return self._error(400, "PARAM_ERROR", "参数错误")
                data = json.loads(body) if body else {}
                return self._dispatch(url.path, query, data)

            def _dispatch(self, path: str, query: dict[str, str], data: dict[str, Any]) -> None:
                parts = path.strip("/").split("/")
                if path == "/v3/certificates":
                    return self._send(200, {"data": []})
                if path == "/v3/pay/transactions/jsapi" and self.command == "POST":
                    return self._jsapi(data)
                if parts[:4] == ["v3", "pay", "transactions", "out-trade-no"] and len(parts) >= 5:
                    no = parts[4]
                    if len(parts) == 6 and parts[5] == "close" and self.command == "POST":
                        return self._close(no, data)
                    if len(parts) == 5 and self.command == "GET":
                        if query.get("mchid") != outer.mchid:
                            return self._error(400, "PARAM_ERROR", "mchid 不匹配")
                        if no not in outer.orders:
                            return self._error(404, "ORDER_NOT_EXIST", "订单不存在")
                        return self._send(200, outer.transaction(no))
                if path == "/v3/refund/domestic/refunds" and self.command == "POST":
                    return self._refund(data)
                if parts[:4] == ["v3", "refund", "domestic", "refunds"] and len(parts) == 5:
                    found = outer.refunds.get(parts[4])
                    if found is None:
                        return self._error(404, "RESOURCE_NOT_EXISTS", "退款单不存在")
                    return self._send(200, outer._refund_view(parts[4]))
                if path == "/v3/bill/tradebill":
                    day = query.get("bill_date", "")
                    raw = gzip.compress(outer.bill_csv(day).encode())
                    token = secrets.token_hex(8)
                    outer.bills[token] = raw
                    return self._send(
                        200,
                        {
                            "hash_type": "SHA1",
                            "hash_value": hashlib.sha1(raw).hexdigest(),
                            "download_url": f"{outer.base_url}/v3/billdownload/file?token={token}",
                        },
                    )
                return self._error(404, "NOT_FOUND", "no such endpoint")

            def _jsapi(self, data: dict[str, Any]) -> None:
                missing = [
                    k
                    for k in ("appid", "mchid", "description", "out_trade_no", "notify_url", "amount", "payer")
                    if not data.get(k)
                ]
                if missing:
                    return self._error(400, "PARAM_ERROR", f"缺少参数 {missing}")
                if data["appid"] != outer.appid or data["mchid"] != outer.mchid:
                    return self._error(400, "APPID_MCHID_NOT_MATCH", "appid和mch_id不匹配")
                total = data["amount"].get("total")
                if not isinstance(total, int) or total <= 0:
                    return self._error(400, "PARAM_ERROR", "amount.total 无效")
                no = data["out_trade_no"]
                with outer._lock:
                    existing = outer.orders.get(no)
                    if existing is not None:
                        if existing["amount"]["total"] != total:
                            return self._error(400, "OUT_TRADE_NO_USED", "商户订单号重复")
                        return self._send(200, {"prepay_id": existing["prepay_id"]})
                    prepay_id = "wx" + datetime.now(BEIJING).strftime("%d%H%M%S") + secrets.token_hex(12)
                    outer.orders[no] = {**data, "trade_state": "NOTPAY", "prepay_id": prepay_id}
                if outer.auto_pay is not None:
                    threading.Timer(outer.auto_pay, outer.pay, args=(no,)).start()
                return self._send(200, {"prepay_id": prepay_id})

            def _close(self, no: str, data: dict[str, Any]) -> None:
                if data.get("mchid") != outer.mchid:
                    return self._error(400, "PARAM_ERROR", "mchid 不匹配")
                with outer._lock:
                    order = outer.orders.get(no)
                    if order is None:
                        return self._error(404, "ORDER_NOT_EXIST", "订单不存在")
                    if order["trade_state"] in ("SUCCESS", "REFUND"):
                        return self._error(400, "ORDER_PAID", "订单已支付")
                    order["trade_state"] = "CLOSED"
                self.send_response(204)
                for name, value in outer.signed("").items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def _refund(self, data: dict[str, Any]) -> None:
                no = data.get("out_trade_no", "")
                order = outer.orders.get(no)
                if order is None or order["trade_state"] not in ("SUCCESS", "REFUND"):
                    return self._error(404, "RESOURCE_NOT_EXISTS", "订单不存在或未支付")
                amount = data.get("amount") or {}
                with outer._lock:
                    if data["out_refund_no"] in outer.refunds:
                        return self._send(200, outer._refund_view(data["out_refund_no"]))
                    done = sum(r["amount"]["refund"] for r in outer.refunds.values() if r["out_trade_no"] == no)
                    if amount.get("total") != order["amount"]["total"] or done + int(
                        amount.get("refund", 0)
                    ) > amount.get("total", 0):
                        return self._error(400, "INVALID_REQUEST", "退款金额超过订单金额")
                    outer.refunds[data["out_refund_no"]] = {
                        "out_trade_no": no,
                        "transaction_id": order["transaction_id"],
                        "refund_id": "5030" + secrets.token_hex(12),
                        "amount": {"refund": int(amount["refund"]), "total": int(amount["total"])},
                        "status": "PROCESSING",
                        "notify_url": data.get("notify_url") or order["notify_url"],
                    }
                    order["trade_state"] = "REFUND"
                    ending = "SUCCESS"
                    if outer.fail_next_refunds > 0:
                        outer.fail_next_refunds -= 1
                        ending = "ABNORMAL"
                if outer.auto_refund is not None:
                    timer = threading.Timer(
                        outer.auto_refund, outer.complete_refund, args=(data["out_refund_no"], ending)
                    )
                    timer.daemon = True
                    timer.start()
                return self._send(200, outer._refund_view(data["out_refund_no"]))

            def do_GET(self) -> None:
                self._route()

            def do_POST(self) -> None:
                self._route()

        self._server = LocalHTTPServer(("127.0.0.1", port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, name="local-wechatpay", daemon=True).start()
        return self

    def _refund_view(self, out_refund_no: str) -> dict[str, Any]:
        r = self.refunds[out_refund_no]
        return {
            "refund_id": r["refund_id"],
            "out_refund_no": out_refund_no,
            "transaction_id": r["transaction_id"],
            "out_trade_no": r["out_trade_no"],
            "channel": "ORIGINAL",
            "user_received_account": "支付用户零钱",
            "status": r["status"],
            "create_time": beijing(datetime.now(UTC)),
            "amount": {
                **r["amount"],
                "payer_total": r["amount"]["total"],
                "payer_refund": r["amount"]["refund"],
                "currency": "CNY",
            },
        }

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
