"""In-process Lambda: requests to moto's Invoke API for the app's own functions run the Chalice handler here.

Step Functions Lambda tasks (moto's ASL engine calls `lambda:Invoke` on the moto endpoint) and the rules bridge
both arrive as `POST /2015-03-31/functions/{name}/invocations`. A WSGI middleware in front of moto answers those
by calling the function registered in `app.py`, with a Lambda-shaped context and Lambda-shaped errors
(`X-Amz-Function-Error: Unhandled`, body `{"errorType", "errorMessage"}`), so no Docker is needed.
"""

from __future__ import annotations

import json
import re
import threading
import traceback
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

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


class LambdaDispatchMiddleware:
    def __init__(self, app: Callable[..., Iterable[bytes]], registry: FunctionRegistry):
        self.app = app
        self.registry = registry

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        match = INVOKE_PATH.match(environ.get("PATH_INFO", ""))
        if not match or environ.get("REQUEST_METHOD") != "POST":
            return self.app(environ, start_response)
        function = unquote(match.group("name"))
        if self.registry.lookup(function) is None:
            return self.app(environ, start_response)
        length = int(environ.get("CONTENT_LENGTH") or 0)
        raw = environ["wsgi.input"].read(length) if length else b""
        event = json.loads(raw) if raw.strip() else {}
        if environ.get("HTTP_X_AMZ_INVOCATION_TYPE") == "Event":
            threading.Thread(target=self.registry.invoke, args=(function, event), daemon=True).start()
            start_response("202 Accepted", [("Content-Type", "application/json"), ("Content-Length", "0")])
            return [b""]
        payload, error = self.registry.invoke(function, event)
        body = json.dumps(payload, default=str).encode()
        headers = [
            ("Content-Type", "application/json"),
            ("Content-Length", str(len(body))),
            ("X-Amz-Executed-Version", "$LATEST"),
        ]
        if error:
            headers.append(("X-Amz-Function-Error", error))
        start_response("200 OK", headers)
        return [body]
