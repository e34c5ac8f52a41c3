"""A partner's receiving server for `make up` (GA/T 1400 `SubscribeNotifications`): keeps every batch posted to it
and answers `ResponseStatusObject` OK; `GET <url>/_received` lists what a partner received, newest last.
`POST <url>/_fail-next?count=N` makes the next N posts answer 500 (to watch back-off and dead-lettering)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

from infra.localcloud.servers import LocalHTTPServer


class ViidReceiver:
    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.fail_next = 0
        self.lock = threading.Lock()
        self.server = LocalHTTPServer(("127.0.0.1", 0), self._handler())
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> ViidReceiver:
        threading.Thread(target=self.server.serve_forever, name="viid-receiver", daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self, status: int, body: Any) -> None:
                data = json.dumps(body, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                with receiver.lock:
                    self._answer(200, {"received": list(receiver.received)})

            def do_POST(self) -> None:
                url = urlsplit(self.path)
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if url.path.endswith("/_fail-next"):
                    with receiver.lock:
                        receiver.fail_next = int(parse_qs(url.query).get("count", ["1"])[0])
                    self._answer(200, {"failNext": receiver.fail_next})
                    return
                with receiver.lock:
                    if receiver.fail_next > 0:
                        receiver.fail_next -= 1
                        self._answer(500, {"ResponseStatusObject": {"StatusCode": 1, "StatusString": "fail"}})
                        return
                    try:
                        receiver.received.append({"path": url.path, "body": json.loads(raw or b"{}")})
                    except ValueError:
                        self._answer(400, {"ResponseStatusObject": {"StatusCode": 4, "StatusString": "not JSON"}})
                        return
                self._answer(200, {"ResponseStatusObject": {"StatusCode": 0, "StatusString": "OK"}})

            def log_message(self, *args: Any) -> None:
                pass

        return Handler
