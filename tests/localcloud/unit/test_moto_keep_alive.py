"""The local AWS endpoint keeps a client's connection open between requests (HTTP/1.1 keep-alive, as AWS's endpoints
do), and a request's body never leaks into the next request on that connection: the body is read whole (by its
Content-Length or to a chunked body's end) whatever the application reads of it."""

from __future__ import annotations

import http.client
import json
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def echo(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    """Answers the client's port and, unless the path is /ignore, the body it read."""
    if environ["PATH_INFO"] == "/ignore":
        body = b""  # reads nothing of the request's body
    else:
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
    answer = json.dumps({"port": environ["REMOTE_PORT"], "body": body.decode()}).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(answer)))])
    return [answer]


@pytest.fixture
def endpoint() -> Iterator[int]:
    from infra.localcloud.moto_process import moto_server

    server = moto_server(_free_port(), echo)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield int(server.server_address[1])
    server.shutdown()
    server.server_close()


def ask(connection: http.client.HTTPConnection, path: str, body: Any = None, **headers: str) -> dict[str, Any]:
    connection.request("POST", path, body=body, headers=headers)
    response = connection.getresponse()
    assert response.status == 200
    return dict(json.loads(response.read()))


def test_one_connection_serves_request_after_request(endpoint: int) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", endpoint, timeout=5)
    answers = [ask(connection, "/", f'{{"n": {i}}}') for i in range(20)]
    assert [a["body"] for a in answers] == [f'{{"n": {i}}}' for i in range(20)]
    assert len({a["port"] for a in answers}) == 1  # one TCP connection for all twenty
    connection.close()


def test_a_body_the_application_did_not_read_is_not_taken_for_the_next_request(endpoint: int) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", endpoint, timeout=5)
    first = ask(connection, "/ignore", "GET /evil HTTP/1.1\r\nHost: x\r\n\r\n" * 50)
    second = ask(connection, "/", "second")
    assert second["body"] == "second" and second["port"] == first["port"]
    connection.close()


def test_a_chunked_body_is_read_to_its_end_and_the_connection_kept(endpoint: int) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", endpoint, timeout=5)
    first = ask(connection, "/", iter([b"chunk one, ", b"chunk two"]))  # an iterable: http.client sends it chunked
    assert first["body"] == "chunk one, chunk two"
    second = ask(connection, "/ignore", iter([b"unread"]))
    third = ask(connection, "/", "third")
    assert third["body"] == "third" and first["port"] == second["port"] == third["port"]
    connection.close()


def test_a_client_that_asks_to_close_is_closed(endpoint: int) -> None:
    with socket.create_connection(("127.0.0.1", endpoint), timeout=5) as raw:
        raw.sendall(b"POST / HTTP/1.1\r\nHost: local\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi")
        received = b""
        while chunk := raw.recv(65536):  # the server closes: recv returns b"" at the end
            received += chunk
    assert received.startswith(b"HTTP/1.1 200") and received.endswith(b'"body": "hi"}')
