"""The WebSocket API, locally (Chalice's local server serves no WebSocket): a `websockets` server that turns each
handshake, close and message into the API Gateway event `live_socket` receives deployed, and a small HTTP server
that answers the API Gateway Management API (`POST`/`DELETE /@connections/{id}`), which `live_events` and
`live_sweep` reach through `LIVE_CALLBACK_URL` as they reach AWS. Both run the app's own functions through the local
Lambda registry, so the connect check, the push and the sweep are the deployed code.

A `$connect` the function refuses is answered with its status (401/403) and no upgrade, as API Gateway does.
The sweep runs every `SWEEP_SECONDS` here (a revoked session is closed within the session cutoff's 30 s plus this);
deployed it is a one-minute schedule, and every push checks the session first.
"""

from __future__ import annotations

import asyncio
import os
import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.http11 import Request, Response

from infra.localcloud.servers import LocalHTTPServer

SWEEP_SECONDS = 10.0

Invoke = Callable[[str, dict[str, Any]], tuple[Any, str | None]]


def sweep_event() -> dict[str, Any]:
    """The EventBridge scheduled event `live_sweep` gets deployed."""
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": "000000000000",
        "time": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": os.environ.get("AWS_REGION", "cn-north-1"),
        "resources": [],
        "detail": {},
    }


class LiveSocketServer:
    def __init__(self, invoke: Invoke, host: str = "127.0.0.1", port: int = 0) -> None:
        self.invoke = invoke
        self.host = host
        self.loop = asyncio.new_event_loop()
        self.connections: dict[str, ServerConnection] = {}
        self._ids: dict[int, str] = {}
        self._server: Server | None = None
        self._sweeper: Any = None
        self._thread = threading.Thread(target=self.loop.run_forever, name="live-socket", daemon=True)
        self._stopped = threading.Event()
        self.management = LocalHTTPServer((host, 0), self._management_handler())
        self.port = port
        self.url = ""
        self.callback_url = f"http://{host}:{self.management.server_address[1]}"

    # -- the WebSocket side ------------------------------------------------------------------------------------
    def _event(self, route: str, connection_id: str, query: dict[str, str] | None = None) -> dict[str, Any]:
        return {
            "requestContext": {
                "routeKey": route,
                "eventType": route.strip("$").upper() if route.startswith("$") else "MESSAGE",
                "connectionId": connection_id,
                "stage": "live",
                "apiId": "local-live-api",
            },
            "queryStringParameters": query or None,
            "isBase64Encoded": False,
        }

    async def _call(self, route: str, connection_id: str, query: dict[str, str] | None = None) -> dict[str, Any]:
        payload, error = await asyncio.to_thread(self.invoke, "live_socket", self._event(route, connection_id, query))
        if error is not None or not isinstance(payload, dict):
            return {"statusCode": 500}
        return payload

    async def _process_request(self, connection: ServerConnection, request: Request) -> Response | None:
        connection_id = uuid.uuid4().hex[:16]
        query = dict(parse_qsl(urlsplit(request.path).query))
        answer = await self._call("$connect", connection_id, query)
        status = int(answer.get("statusCode", 500))
        if status != 200:
            return connection.respond(HTTPStatus(status), str(answer.get("body") or HTTPStatus(status).phrase))
        self._ids[id(connection)] = connection_id
        return None

    async def _handler(self, connection: ServerConnection) -> None:
        connection_id = self._ids.pop(id(connection))
        self.connections[connection_id] = connection
        try:
            async for _message in connection:  # the channel is one-way: $default is told and ignored
                await self._call("$default", connection_id)
        finally:
            self.connections.pop(connection_id, None)
            await self._call("$disconnect", connection_id)

    async def _sweep(self) -> None:
        while not self._stopped.is_set():
            await asyncio.sleep(SWEEP_SECONDS)
            await asyncio.to_thread(self.invoke, "live_sweep", sweep_event())

    # -- the Management API side -------------------------------------------------------------------------------
    def _post(self, connection_id: str, data: bytes) -> bool:
        connection = self.connections.get(connection_id)
        if connection is None:
            return False
        text = data.decode("utf-8", errors="replace")
        asyncio.run_coroutine_threadsafe(connection.send(text), self.loop).result(timeout=5)
        return True

    def _delete(self, connection_id: str) -> bool:
        connection = self.connections.get(connection_id)
        if connection is None:
            return False
        asyncio.run_coroutine_threadsafe(connection.close(1008, "session ended"), self.loop).result(timeout=5)
        return True

    def _management_handler(self) -> type[BaseHTTPRequestHandler]:
        live = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _answer(self, found: bool) -> None:
                body = b"{}" if found else b'{"message": "Gone"}'
                self.send_response(200 if found else 410)
                self.send_header("Content-Type", "application/json")
                if not found:  # as API Gateway names it (botocore raises GoneException from this header)
                    self.send_header("x-amzn-ErrorType", "GoneException")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _id(self) -> str:
                return self.path.rstrip("/").rsplit("/", 1)[-1]

            def do_POST(self) -> None:
                data = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self._answer(live._post(self._id(), data))

            def do_DELETE(self) -> None:
                self._answer(live._delete(self._id()))

            def do_GET(self) -> None:
                self._answer(self._id() in live.connections)

        return Handler

    # -- life cycle --------------------------------------------------------------------------------------------
    def start(self) -> LiveSocketServer:
        self._thread.start()

        async def open_server() -> Server:
            return await serve(self._handler, self.host, self.port, process_request=self._process_request)

        self._server = asyncio.run_coroutine_threadsafe(open_server(), self.loop).result(timeout=10)
        self.port = int(next(iter(self._server.sockets)).getsockname()[1])
        self.url = f"ws://{self.host}:{self.port}"
        self._sweeper = asyncio.run_coroutine_threadsafe(self._sweep(), self.loop)
        threading.Thread(target=self.management.serve_forever, name="live-management", daemon=True).start()
        return self

    def stop(self) -> None:
        self._stopped.set()
        if self._sweeper is not None:
            self._sweeper.cancel()
        self.management.shutdown()
        self.management.server_close()
        if self._server is not None:
            server = self._server

            async def close() -> None:
                server.close()
                await server.wait_closed()

            try:
                asyncio.run_coroutine_threadsafe(close(), self.loop).result(timeout=5)
            except Exception:
                pass
        self.loop.call_soon_threadsafe(self.loop.stop)
