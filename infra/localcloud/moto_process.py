"""moto in a process of its own: `python -m infra.localcloud.moto_process --port N` (started by `LocalCloud`).

The local AWS endpoint does real work for every request (DynamoDB expressions, SQS bookkeeping, ASL execution);
sharing one interpreter lock with the API, the rules bridge and the functions made each wait for the others. Here
it has its own process, as AWS is apart from a Lambda container. Invocations of the app's own functions are
forwarded to the app process (`LambdaProxyMiddleware` -> `LambdaRuntime`); moto's workflow engine reaches this
process at localhost:$MOTO_PORT.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import sys
import threading
from typing import Any

_kept = threading.local()  # set on a handler's thread while it answers a request on a connection it keeps open


def _keep_alive_drain() -> None:
    """werkzeug's server closes every connection after its answer, and before closing reads whatever the client
    sent beyond what the application read (waiting up to 10 ms for more). On a connection kept open that wait would
    swallow the client's next request; the handler below has read the whole request already, so for it the drain is
    skipped (`_kept.alive`); any other werkzeug server in the process drains as before."""
    import selectors

    from werkzeug import serving

    if getattr(serving.selectors, "keeps_alive", False):
        return

    class NothingToDrain:
        def register(self, *_a: Any, **_k: Any) -> None:
            pass

        def select(self, timeout: float | None = None) -> list[Any]:
            return []

        def close(self) -> None:
            pass

    class Selectors:
        keeps_alive = True
        EVENT_READ = selectors.EVENT_READ

        @staticmethod
        def DefaultSelector() -> Any:
            return NothingToDrain() if getattr(_kept, "alive", False) else selectors.DefaultSelector()

    serving.selectors = Selectors  # type: ignore[assignment]


def request_handler() -> type:
    """moto's request handler: quiet, answering each request in one TCP segment, and keeping the connection open for
    the client's next request (HTTP/1.1 keep-alive), as AWS's endpoints do.

    werkzeug's development server answers every request with `Connection: close`, so every AWS call of a function
    opened a TCP connection and the endpoint started a thread for it: in a burst of alarms, thousands of connections
    a second, and ~10,000 sockets left in TIME_WAIT by a run of the parking bench. Here the request's body is read
    whole before the application sees it (from the Content-Length, or to the end of a chunked body), so nothing of
    it is left on the socket, and the connection stays open unless the client asked to close it (HTTP/1.0,
    `Connection: close`)."""
    import io

    from moto.moto_server.werkzeug_app import MotoRequestHandler

    _keep_alive_drain()

    class QuietHandler(MotoRequestHandler):  # type: ignore[misc,valid-type]
        # Buffered: werkzeug writes the status line, the headers and the body separately; unbuffered, each is a
        # send() (a fifth of the endpoint's time under load). The buffer goes out at werkzeug's flush.
        wbufsize = 1 << 16

        def setup(self) -> None:
            super().setup()
            # Without TCP_NODELAY, Nagle could hold a response back until the client's delayed ACK (up to 40 ms).
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def make_environ(self) -> dict[str, Any]:
            environ: dict[str, Any] = super().make_environ()
            _kept.alive = False
            self.wfile.flush()  # werkzeug's "100 Continue" (buffered here) before the client is waited for
            try:
                if environ.get("wsgi.input_terminated"):  # chunked: werkzeug's reader stops at the last chunk
                    body = environ["wsgi.input"].read()
                else:
                    length = int(environ.get("CONTENT_LENGTH") or 0)
                    body = self.rfile.read(length) if length > 0 else b""
                    if len(body) != length:
                        raise ValueError("the client sent less than its Content-Length")
            except (OSError, ValueError):
                return environ  # as werkzeug would have it; the connection is closed after the answer
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
            environ.pop("wsgi.input_terminated", None)
            _kept.alive = True
            return environ

        def send_header(self, keyword: str, value: str) -> None:
            if keyword.lower() == "connection" and value.lower() == "close" and getattr(_kept, "alive", False):
                return  # kept open unless the client asked to close (`close_connection`, set by the request line)
            super().send_header(keyword, value)

        def handle_one_request(self) -> None:
            try:
                super().handle_one_request()
            finally:
                _kept.alive = False

        def log_request(self, *a: Any, **k: Any) -> None:
            pass

    return QuietHandler


def moto_server(port: int, app: Any) -> Any:
    """moto's threaded werkzeug server on 127.0.0.1:`port`, listening with the local cloud's backlog. werkzeug's own
    is 128: in a burst of 200 alarms the endpoint's accepting thread, waiting for the interpreter lock, fell behind
    the connections the functions opened (one per call, while werkzeug closed each after its answer), the queue
    overflowed and the kernel dropped the SYNs it could not queue; each dropped SYN cost its caller TCP's 1 s
    retransmission timeout (hundreds in one burst: the slowest alarms' seconds)."""
    from werkzeug.serving import ThreadedWSGIServer

    from infra.localcloud.servers import LISTEN_BACKLOG

    class Server(ThreadedWSGIServer):  # type: ignore[misc]
        request_queue_size = LISTEN_BACKLOG

    return Server("127.0.0.1", port, app, handler=request_handler())


FREEZE_SECONDS = 30


def _freeze_survivors() -> None:
    """Every 30 s, move what has survived so far out of the cyclic collector's reach (`gc.freeze`). The endpoint's
    tables are tens of millions of objects (a million entry records: 13 GB); each full collection walked them all,
    a pause of seconds (longer than a client waits: a Query timed out), though table items are freed by reference
    counting and never form cycles. Young objects are still collected as before; a cycle that outlives 30 s stays
    (a test or bench stack's lifetime)."""
    import gc
    import time

    while True:
        time.sleep(FREEZE_SECONDS)
        gc.freeze()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m infra.localcloud.moto_process")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    os.environ["MOTO_PORT"] = str(args.port)  # moto's ASL engine calls other services here

    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

    from infra.localcloud import moto_speed
    from infra.localcloud.dynamodb_isolation import install as isolate_dynamodb
    from infra.localcloud.lambdas import LambdaProxyMiddleware, invoke_from_workflows
    from infra.localcloud.s3_post_policy import S3PostPolicyMiddleware

    moto_speed.apply()
    isolate_dynamodb()  # conditional writes and transactions atomic under concurrency, as in DynamoDB

    # S3's checks of a browser upload's signed policy (moto stores whatever a form sends)
    app = LambdaProxyMiddleware(S3PostPolicyMiddleware(DomainDispatcherApplication(create_backend_app)))
    invoke_from_workflows(app.invoke)
    server = moto_server(args.port, app)

    def stop(signum: int, _frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    threading.Thread(target=_freeze_survivors, name="gc-freeze", daemon=True).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
