"""Lambda for the app's own functions, without Docker: requests to moto's Invoke API run the Chalice handler.

Step Functions Lambda tasks (moto's ASL engine calls `lambda:Invoke` on the moto endpoint) and anything else that
calls the Lambda API arrive as `POST /2015-03-31/functions/{name}/invocations` on the moto endpoint. Two layouts:

- moto in its own process (`make up`): `LambdaProxyMiddleware` in front of moto forwards invocations of the app's
  functions to the `LambdaRuntime` HTTP endpoint of the app's process, which runs the handler there (where the app,
  its clients and its caches live, as in a warm Lambda container);
- moto on a thread of the app's process (the test session): `LambdaDispatchMiddleware` calls the handler directly.

Either way the answer is Lambda-shaped: a context, `X-Amz-Function-Error: Unhandled` and a body `{"errorType",
"errorMessage"}` for an exception (so `Retry`/`Catch` on named errors work), `InvocationType: Event` -> 202 at once.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import traceback
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import quote, unquote

import urllib3

from infra.localcloud.servers import LocalHTTPServer

# (status, headers by lower-case name, body) of an invocation
Invoked = tuple[int, dict[str, str], bytes]

INVOKE_PATH = re.compile(r"^/2015-03-31/functions/(?P<name>[^/]+)/invocations$")


@dataclass
class LocalLambdaContext:
    function_name: str
    invoked_function_arn: str
    memory_limit_in_mb: int = 512
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    log_group_name: str = ""
    log_stream_name: str = ""
    function_version: str = "$LATEST"
    timeout_ms: int = 30_000

    def get_remaining_time_in_millis(self) -> int:
        return self.timeout_ms


class FunctionRegistry:
    """The app's Lambda functions by deployed name (`{app}-{stage}-{name}`) and by plain chalice name."""

    def __init__(self, prefix: str, region: str, account: str, partition: str = "aws"):
        self.prefix = prefix
        self.region = region
        self.account = account
        self.partition = partition
        self.handlers: dict[str, Callable[[Any, Any], Any]] = {}

    def register(self, name: str, handler: Callable[[Any, Any], Any]) -> None:
        self.handlers[name] = handler

    def deployed_name(self, name: str) -> str:
        return f"{self.prefix}-{name}"

    def arn(self, name: str) -> str:
        return f"arn:{self.partition}:lambda:{self.region}:{self.account}:function:{self.deployed_name(name)}"

    def arns(self) -> dict[str, str]:
        return {name: self.arn(name) for name in self.handlers}

    def lookup(self, function: str) -> tuple[str, Callable[[Any, Any], Any]] | None:
        name = function.split(":function:")[-1].split(":")[0]
        if name.startswith(self.prefix + "-"):
            name = name[len(self.prefix) + 1 :]
        handler = self.handlers.get(name)
        return (name, handler) if handler else None

    def invoke(self, function: str, event: Any) -> tuple[Any, str | None]:
        """Run a function; returns (payload, function_error) the way Lambda reports them."""
        found = self.lookup(function)
        if found is None:
            raise KeyError(function)
        name, handler = found
        context = LocalLambdaContext(function_name=self.deployed_name(name), invoked_function_arn=self.arn(name))
        try:
            return handler(event, context), None
        except Exception as exc:  # Lambda turns an exception into an error payload; so do we
            return {
                "errorType": type(exc).__name__,
                "errorMessage": str(exc),
                "stackTrace": traceback.format_exception(exc)[-5:],
            }, "Unhandled"


def answer_invoke(
    registry: FunctionRegistry, function: str, raw: bytes, invocation_type: str | None
) -> tuple[str, list[tuple[str, str]], bytes]:
    """(status line, headers, body) of a Lambda Invoke of one of the app's functions."""
    try:
        event = json.loads(raw) if raw.strip() else {}
    except ValueError:
        body = json.dumps({"Type": "User", "message": "Could not parse request body into json"}).encode()
        headers = [("Content-Type", "application/json"), ("x-amzn-ErrorType", "InvalidRequestContentException")]
        return "400 Bad Request", [*headers, ("Content-Length", str(len(body)))], body
    if invocation_type == "Event":
        threading.Thread(target=registry.invoke, args=(function, event), daemon=True).start()
        return "202 Accepted", [("Content-Type", "application/json"), ("Content-Length", "0")], b""
    payload, error = registry.invoke(function, event)
    body = json.dumps(payload, default=str).encode()
    headers = [
        ("Content-Type", "application/json"),
        ("Content-Length", str(len(body))),
        ("X-Amz-Executed-Version", "$LATEST"),
    ]
    if error:
        headers.append(("X-Amz-Function-Error", error))
    return "200 OK", headers, body


def _invoked(environ: dict[str, Any]) -> str | None:
    match = INVOKE_PATH.match(environ.get("PATH_INFO", ""))
    if not match or environ.get("REQUEST_METHOD") != "POST":
        return None
    return unquote(match.group("name"))


class LambdaDispatchMiddleware:
    """moto on a thread of the app's process: invocations of the app's functions run right here."""

    def __init__(self, app: Callable[..., Iterable[bytes]], registry: FunctionRegistry):
        self.app = app
        self.registry = registry

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        function = _invoked(environ)
        if function is None or self.registry.lookup(function) is None:
            return self.app(environ, start_response)
        length = int(environ.get("CONTENT_LENGTH") or 0)
        raw = environ["wsgi.input"].read(length) if length else b""
        status, headers, body = answer_invoke(self.registry, function, raw, environ.get("HTTP_X_AMZ_INVOCATION_TYPE"))
        start_response(status, headers)
        return [body]

    def invoke(self, function: str, raw: bytes, invocation_type: str | None) -> Invoked | None:
        """An invocation of one of the app's functions, answered here (None: not one of them)."""
        if self.registry.lookup(function) is None:
            return None
        status, headers, body = answer_invoke(self.registry, function, raw, invocation_type)
        return int(status.split()[0]), {k.lower(): v for k, v in headers}, body


RUNTIME_CONFIG_PATH = "/_localcloud/lambda-runtime"


class LambdaProxyMiddleware:
    """moto in its own process: invocations of the app's functions go to the app process's `LambdaRuntime`.

    The app process tells it where the runtime is and which names are its functions (`POST` to
    RUNTIME_CONFIG_PATH `{"url", "prefix", "functions": [...]}`); every other Lambda call is moto's own.
    """

    def __init__(self, app: Callable[..., Iterable[bytes]]):
        self.app = app
        self.url: str | None = None
        self.prefix = ""
        self.functions: set[str] = set()
        # Connections to the runtime kept open (it speaks HTTP/1.1): urllib opened one per invocation and closed it.
        # No retries: an invocation is not repeated behind its caller's back.
        self._pool = urllib3.PoolManager(
            maxsize=64, block=False, retries=False, timeout=urllib3.Timeout(connect=10, read=900)
        )

    def _ours(self, function: str) -> bool:
        name = function.split(":function:")[-1].split(":")[0]
        if self.prefix and name.startswith(self.prefix + "-"):
            name = name[len(self.prefix) + 1 :]
        return name in self.functions

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == RUNTIME_CONFIG_PATH and environ.get("REQUEST_METHOD") == "POST":
            config = json.loads(environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0)))
            self.url, self.prefix, self.functions = config["url"], config["prefix"], set(config["functions"])
            start_response("204 No Content", [("Content-Length", "0")])
            return [b""]
        function = _invoked(environ)
        if function is None or self.url is None or not self._ours(function):
            return self.app(environ, start_response)
        length = int(environ.get("CONTENT_LENGTH") or 0)
        raw = environ["wsgi.input"].read(length) if length else b""
        status, headers, body = self._forward(environ["PATH_INFO"], raw, environ.get("HTTP_X_AMZ_INVOCATION_TYPE"))
        keep = [(k, v) for k, v in headers.items() if k not in ("transfer-encoding", "connection", "content-length")]
        start_response(f"{status} {'OK' if status < 400 else 'Error'}", [*keep, ("Content-Length", str(len(body)))])
        return [body]

    def invoke(self, function: str, raw: bytes, invocation_type: str | None) -> Invoked | None:
        """An invocation of one of the app's functions, forwarded to its runtime (None: not one of them)."""
        if self.url is None or not self._ours(function):
            return None
        name = function.split(":function:")[-1].split(":")[0]
        return self._forward(f"/2015-03-31/functions/{quote(name, safe='')}/invocations", raw, invocation_type)

    def _forward(self, path: str, raw: bytes, invocation_type: str | None) -> Invoked:
        sent = {"Content-Type": "application/json"}
        if invocation_type:
            sent["X-Amz-Invocation-Type"] = invocation_type
        try:
            response = self._pool.request("POST", f"{self.url}{path}", body=raw, headers=sent)
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.data
        except (OSError, urllib3.exceptions.HTTPError) as exc:  # the app process is gone: Lambda's "service" failure
            body = json.dumps({"Type": "Service", "message": f"function runtime unreachable: {exc}"}).encode()
            return 502, {"x-amzn-errortype": "ServiceException"}, body


def invoke_from_workflows(invoke: Callable[[str, bytes, str | None], Invoked | None]) -> None:
    """Step Functions' Lambda tasks reach the app's functions through `invoke` (one of the middlewares above), not
    through a boto3 client of moto's engine calling the endpoint it runs in: that request's signing, sending and
    parsing on both of its ends was moto's largest cost per workflow task. The answer is what the client's was:
    the status, the parsed payload and the function's error. An invocation that did not run (the runtime
    unreachable, a payload that is not JSON) or is not the app's goes the usual way, which answers its error."""
    import io

    from moto.stepfunctions.parser.asl.component.state.exec.state_task import lambda_eval_utils as engine

    base = engine._invoke_lambda_function

    def invoke_lambda_function(parameters: dict[str, Any], region: str, state_credentials: Any) -> Any:
        function, payload = parameters.get("FunctionName"), parameters.get("Payload", b"")
        raw = payload.encode() if isinstance(payload, str) else payload
        if not isinstance(function, str) or not isinstance(raw, bytes) or set(parameters) - _DIRECT_PARAMETERS:
            return base(parameters, region, state_credentials)
        answered = invoke(function, raw, parameters.get("InvocationType"))
        if answered is None or answered[0] not in (200, 202):
            return base(parameters, region, state_credentials)
        status, headers, body = answered
        response: dict[str, Any] = {"StatusCode": status, "Payload": engine._from_payload(io.BytesIO(body))}
        if headers.get("x-amz-executed-version"):
            response["ExecutedVersion"] = headers["x-amz-executed-version"]
        if headers.get("x-amz-function-error"):
            response["FunctionError"] = headers["x-amz-function-error"]
        return response

    engine._invoke_lambda_function = invoke_lambda_function


_DIRECT_PARAMETERS = frozenset({"FunctionName", "Payload", "InvocationType"})


class LambdaRuntime:
    """The app process's side: an HTTP endpoint on loopback that runs its functions (what moto's proxy calls)."""

    def __init__(self, registry: FunctionRegistry):
        self.registry = registry
        registry_ref = registry

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self) -> None:
                super().setup()
                # headers and body go out in separate writes: no Nagle delay on keep-alive connections
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                function = unquote(m.group("name")) if (m := INVOKE_PATH.match(self.path)) else None
                if function is None or registry_ref.lookup(function) is None:
                    status, headers, body = "404 Not Found", [("Content-Length", "0")], b""
                else:
                    status, headers, body = answer_invoke(
                        registry_ref, function, raw, self.headers.get("X-Amz-Invocation-Type")
                    )
                self.send_response(int(status.split()[0]))
                for key, value in headers:
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = LocalHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, name="lambda-runtime", daemon=True)

    def start(self) -> LambdaRuntime:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
