"""The local cloud's HTTP servers serve a burst of concurrent clients: twenty gates verifying
at the same moment through the API server (chalice's local server, as `make up` runs it) all get their answer,
none is reset unprocessed; and every HTTP server the local cloud runs listens with a queue deep enough for such a
burst (socketserver's default of 5 is what dropped them)."""

from __future__ import annotations

import http.client
import json
import socket
import threading
from typing import Any

import pytest

from infra.localcloud.servers import LISTEN_BACKLOG
from tests.support.visitors import add_gate, gate_token, invite, new_place

CLIENTS, ROUNDS = 20, 5


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def api(app: Any) -> Any:
    from infra.localcloud.__main__ import serve_api

    port = _free_port()
    server = serve_api(app, port, console=_Quiet())
    yield port, server
    server.shutdown()
    server.server.server_close()


class _Quiet:
    def request(self, *_args: Any) -> None:
        pass


def test_twenty_gates_verifying_at_once_are_all_answered(api: tuple[int, Any], client: Any) -> None:
    port, _ = api
    place = new_place()
    gate = add_gate(place.community)
    session = gate_token(client, place.community, gate)
    token = invite(client, place, entries=5)[1]["token"]  # admitted 5 times, then refused: answered either way
    body = json.dumps({"token": token}).encode()
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {session}"}
    start = threading.Barrier(CLIENTS)
    answers: list[int] = []
    failures: list[str] = []

    def gate_client() -> None:
        for _ in range(ROUNDS):
            start.wait()  # every client connects in the same instant, as a burst does
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                connection.request("POST", f"/v1/gate/communities/{place.community}/verify", body, headers)
                response = connection.getresponse()
                response.read()
                answers.append(response.status)
                connection.close()
            except OSError as exc:
                failures.append(repr(exc))

    threads = [threading.Thread(target=gate_client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == [], f"{len(failures)} of {CLIENTS * ROUNDS} requests never answered: {failures[:3]}"
    assert answers == [200] * (CLIENTS * ROUNDS)


def test_every_local_http_server_listens_with_a_deep_queue(api: tuple[int, Any], cloud: Any) -> None:
    from infra.localcloud.lambdas import LambdaRuntime
    from infra.localcloud.notify_providers import LocalProviders
    from infra.localcloud.wechatpay import LocalWechatPay

    _, api_server = api
    runtime = LambdaRuntime(cloud.registry).start()
    providers = LocalProviders().start()
    wechatpay = LocalWechatPay().start()
    servers = {
        "api (make up)": api_server.server,
        "lambda runtime": runtime._server,
        "wechat provider": providers.wechat._server,
        "sms provider": providers.sms._server,
        "push provider": providers.push._server,
        "local WeChat Pay": wechatpay._server,
        "local AWS endpoint (moto)": cloud.moto._server,
    }
    try:
        shallow = {name: s.request_queue_size for name, s in servers.items() if s.request_queue_size < LISTEN_BACKLOG}
        assert shallow == {}, f"servers that drop a burst of clients: {shallow}"
    finally:
        runtime.stop()
        providers.stop()
        wechatpay.stop()


def test_the_aws_endpoint_queues_a_burst_of_connections_it_has_not_accepted_yet() -> None:
    """A burst's connections wait in the listen queue while the endpoint's accepting thread is busy; none is dropped.
    (werkzeug's own queue of 128 dropped the SYNs beyond it in a burst of 200 alarms, and each caller waited TCP's 1 s
    retransmission timeout; here the timeout is shorter than that, so a dropped SYN fails the connect.)"""
    from infra.localcloud.moto_process import moto_server

    burst = 300
    server = moto_server(_free_port(), lambda environ, start_response: [])  # never serves: nothing is accepted
    port = server.server_address[1]
    connected: list[socket.socket] = []
    try:
        for _ in range(burst):
            connected.append(socket.create_connection(("127.0.0.1", port), timeout=0.5))
        assert len(connected) == burst
    finally:
        for s in connected:
            s.close()
        server.server_close()
