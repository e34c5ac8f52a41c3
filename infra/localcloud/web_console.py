"""The duty-room console, served locally as the CDN serves it deployed: the files `vite build` wrote
(`console/dist/`), the page's settings at `/console-config.json`, and `/v1/*` forwarded to the API, so the page and
the API share one origin (deployed, CloudFront routes `/v1/*` to API Gateway the same way: no CORS).

An unknown path that is not a file answers `index.html` (the page routes by the URL's hash, so this only covers a
reload of `/`). `make console` builds the files; the server says so when they are missing.
"""

from __future__ import annotations

import http.client
import json
import mimetypes
import threading
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

from infra.localcloud.servers import LocalHTTPServer

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "console" / "dist"
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-authorization"}


class WebConsole:
    def __init__(self, api_port: int, live_url: str, port: int = 0, dist: Path = DIST) -> None:
        self.api_port = api_port
        self.config = json.dumps({"liveUrl": live_url}).encode()
        self.dist = dist
        self.server = LocalHTTPServer(("127.0.0.1", port), self._handler())
        self.port = int(self.server.server_address[1])
        self.base_url = f"http://127.0.0.1:{self.port}"

    def start(self) -> WebConsole:
        threading.Thread(target=self.server.serve_forever, name="web-console", daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def built(self) -> bool:
        return (self.dist / "index.html").is_file()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass  # the API's own console line covers the forwarded requests

            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP | {"host"}}
                headers["X-Forwarded-For"] = self.client_address[0]
                upstream = http.client.HTTPConnection("127.0.0.1", site.api_port, timeout=60)
                try:
                    upstream.request(self.command, self.path, body=body, headers=headers)
                    answer = upstream.getresponse()
                    data = answer.read()
                    self.send_response(answer.status)
                    for key, value in answer.getheaders():
                        if key.lower() not in HOP_BY_HOP | {"content-length"}:
                            self.send_header(key, value)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                finally:
                    upstream.close()

            def _file(self) -> None:
                if self.path.split("?")[0] == "/console-config.json":
                    return self._send(200, site.config, "application/json", "no-store")
                if not site.built:
                    text = "The console is not built: run `make console` (npm ci + vite build), then reload.\n"
                    return self._send(503, text.encode(), "text/plain; charset=utf-8", "no-store")
                relative = self.path.split("?")[0].split("#")[0].lstrip("/") or "index.html"
                target = (site.dist / relative).resolve()
                if not target.is_file() or site.dist.resolve() not in target.parents:
                    target = site.dist / "index.html"
                kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
                # Hashed assets never change; index.html always revalidates (what the CDN's behaviours say too).
                cache = "public, max-age=31536000, immutable" if "/assets/" in self.path else "no-cache"
                self._send(200, target.read_bytes(), kind, cache)

            def _send(self, status: int, data: bytes, kind: str, cache: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Cache-Control", cache)
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            def _route(self) -> None:
                if self.path.startswith("/v1/"):
                    self._forward()
                elif self.command in ("GET", "HEAD"):
                    self._file()
                else:
                    self._send(405, b"", "text/plain", "no-store")

            do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _route

        return Handler
