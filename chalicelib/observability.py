"""Powertools Logger, Metrics and Tracer: one instance each, shared by every entry point.

Tracing is a per-stage switch (`TRACING=on`, set by infra for deployed stages). The X-Ray SDK builds botocore
clients when its recorder is created (~175 ms measured), so when tracing is off we never construct a Tracer
and the Lambda init stays close to the floor (see bench/cold_start.py).
"""

from __future__ import annotations

import os
import warnings
from typing import TYPE_CHECKING

from aws_lambda_powertools import Logger, Metrics

if TYPE_CHECKING:
    from aws_lambda_powertools import Tracer

os.environ.setdefault("POWERTOOLS_SERVICE_NAME", "smartcommunity")
os.environ.setdefault("POWERTOOLS_METRICS_NAMESPACE", "SmartCommunity")

# A request that records no business metric still flushes the cold-start metric; that is not worth a warning.
warnings.filterwarnings("ignore", message="No application metrics to publish")

logger = Logger()
metrics = Metrics()


def tracing_enabled() -> bool:
    return os.environ.get("TRACING", "off").lower() in {"on", "true", "1"}


_tracer: Tracer | None = None


def tracer() -> Tracer | None:
    """The shared Tracer, or None when tracing is off for this stage."""
    global _tracer
    if _tracer is None and tracing_enabled():
        from aws_lambda_powertools import Tracer

        _tracer = Tracer()
    return _tracer
