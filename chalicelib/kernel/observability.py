"""Powertools Logger, Metrics and Tracer: one instance each, shared by every entry point.

Tracing is a per-partition switch (`TRACING=on` where X-Ray integrates with Lambda: infra/partitions.yaml, set by
infra/package.py; off in the China regions). Building Powertools' Tracer
imports the X-Ray SDK and patches botocore (which pulls in `botocore.client` and friends): ~200 ms that would
otherwise sit in every cold start's init. So the Tracer is built by the first invocation, not at import
(`LazyTracing`); it still traces every invocation (`capture_lambda_handler`) and every AWS call (botocore is
patched at class level, so clients built before the first invocation are traced too). bench/cold_start.py shows
the init with tracing on beside the floor.
"""

from __future__ import annotations

import os
import threading
import warnings
from collections.abc import Callable
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools import Logger, Metrics

if TYPE_CHECKING:
    from aws_lambda_powertools import Tracer

os.environ.setdefault("POWERTOOLS_SERVICE_NAME", "smartcommunity")
os.environ.setdefault("POWERTOOLS_METRICS_NAMESPACE", "SmartCommunity")

# A request that records no business metric still flushes the cold-start metric; that is not worth a warning.
warnings.filterwarnings("ignore", message="No application metrics to publish")

logger = Logger()
metrics = Metrics()

# What the X-Ray SDK patches: every AWS call goes through botocore (boto3 clients and PynamoDB alike); the WeChat
# gateway uses urllib (http.client). X-Ray skips the http.client subsegment of a call botocore already traces.
TRACED_MODULES = ("botocore", "httplib")

# The Lambda function (chalice name: `api_handler`, `ingest_event`, ...) the current invocation runs in.
current_function: ContextVar[str] = ContextVar("current_function", default="")


def tracing_enabled() -> bool:
    return os.environ.get("TRACING", "off").lower() in {"on", "true", "1"}


_tracer: Tracer | None = None
_tracer_lock = threading.Lock()


def tracer() -> Tracer | None:
    """The shared Tracer (built, and botocore patched, on first use), or None when tracing is off for this stage."""
    global _tracer
    if _tracer is None and tracing_enabled():
        with _tracer_lock:
            if _tracer is None:
                from aws_lambda_powertools import Tracer

                _tracer = Tracer(patch_modules=list(TRACED_MODULES))
    return _tracer


class LazyTracing:
    """Chalice middleware ('all', registered after the naming one): a segment per invocation named after the function.

    The Tracer is built by the first invocation (see the module docstring).
    """

    def __call__(self, event: Any, get_response: Callable[[Any], Any]) -> Any:
        built = tracer()
        if built is None:  # tracing switched off after import: pass through
            return get_response(event)
        if type(event).__name__ == "Request":
            original, context = event.to_original_event(), event.lambda_context
        else:
            original, context = event.to_dict(), event.context

        def handler(_event: Any, _context: Any) -> Any:
            return get_response(event)

        handler.__name__ = current_function.get() or "handler"
        return built.capture_lambda_handler(handler, capture_response=False)(original, context)


def naming(name: str) -> Callable[[Any, Callable[[Any], Any]], Any]:
    """Chalice middleware: sets `current_function` to `name` for the invocation."""

    def name_the_function(event: Any, get_response: Callable[[Any], Any]) -> Any:
        token = current_function.set(name)
        try:
            return get_response(event)
        finally:
            current_function.reset(token)

    name_the_function.function_name = name  # type: ignore[attr-defined]
    return name_the_function


def middleware_for(name: str) -> list[Callable[[Any, Callable[[Any], Any]], Any]]:
    """What every invocation of the function `name` runs inside, outermost first: the logger's Lambda context, the
    metrics flush (with the cold-start metric), the function's name and, when on, its X-Ray segment.

    The API handler gets it as app middleware ('http'); a function declared in a blueprint carries it itself
    (`chalicelib.kernel.functions.FunctionBlueprint`), because its deployed handler string names its own module and the
    Lambda runtime never imports app.py.
    """
    from chalice import ConvertToMiddleware

    chain: list[Callable[[Any, Callable[[Any], Any]], Any]] = [
        ConvertToMiddleware(logger.inject_lambda_context(clear_state=True)),
        ConvertToMiddleware(metrics.log_metrics(capture_cold_start_metric=True)),
        naming(name),
    ]
    if tracing_enabled():
        # Inside the naming one: the segment is named after the function. The X-Ray recorder and botocore
        # patching are built by the first invocation, not at import (cold start).
        chain.append(LazyTracing())
    return chain
