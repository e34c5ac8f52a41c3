"""What `make up` prints after its banner: one readable line per event, coloured when the terminal is.

- an API request:            `11:52:08  GET  /v1/staff/communities/c1/devices  200   12 ms`
- a log record of the app:   `11:52:09  WARN  BatchWriteItem failed  error=... attempt=1`
- device traffic, per minute: `11:53:00  devices  1,234 msgs/min from 25 devices: telemetry 1,000 · heartbeat 200`

Powertools writes JSON lines to stdout (log records, and one EMF metrics document per invocation, which
CloudWatch turns into metrics in AWS); locally the metrics documents are dropped and the log records are shown as
one line each. Set NO_COLOR to turn colours off; they are off anyway when stdout is not a terminal.
"""

from __future__ import annotations

import io
import json
import os
import sys
import threading
import time
from collections.abc import Callable
from typing import Any, TextIO

RESET, DIM, BOLD = "\033[0m", "\033[2m", "\033[1m"
RED, GREEN, YELLOW, BLUE, MAGENTA, CYAN = (f"\033[{n}m" for n in (31, 32, 33, 34, 35, 36))
LEVEL_COLOURS = {"DEBUG": DIM, "INFO": BLUE, "WARNING": YELLOW, "ERROR": RED, "CRITICAL": RED + BOLD}
SKIPPED_KEYS = frozenset(
    {
        "level",
        "location",
        "message",
        "timestamp",
        "service",
        "cold_start",
        "function_name",
        "function_memory_size",
        "function_arn",
        "function_request_id",
        "xray_trace_id",
        "sampling_rate",
    }
)


class Console:
    def __init__(self, stream: TextIO | None = None, colour: bool | None = None):
        self.stream = stream or sys.__stdout__ or sys.stdout
        tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.colour = (tty and "NO_COLOR" not in os.environ) if colour is None else colour
        self._lock = threading.Lock()

    def paint(self, text: str, colour: str) -> str:
        return f"{colour}{text}{RESET}" if self.colour else text

    def emit(self, text: str) -> None:
        with self._lock:
            self.stream.write(f"{self.paint(time.strftime('%H:%M:%S'), DIM)}  {text}\n")
            self.stream.flush()

    def request(self, method: str, path: str, status: int, millis: float) -> None:
        colour = GREEN if status < 400 else YELLOW if status < 500 else RED
        slow = millis >= 1000
        latency = self.paint(f"{millis:6.0f} ms", YELLOW if slow else DIM)
        self.emit(f"{self.paint(f'{method:<6}', BOLD)} {path}  {self.paint(str(status), colour)}  {latency}")

    def record(self, doc: dict[str, Any]) -> None:
        level = str(doc.get("level", "INFO")).upper()
        extras = "  ".join(f"{k}={v}" for k, v in doc.items() if k not in SKIPPED_KEYS)
        label = self.paint(f"{level[:5]:<5}", LEVEL_COLOURS.get(level, ""))
        self.emit(f"{label} {doc.get('message', '')}" + (f"  {self.paint(extras, DIM)}" if extras else ""))

    def devices(self, counts: dict[str, int], devices: int, seconds: float) -> None:
        total = sum(counts.values())
        per_minute = total * 60 / max(seconds, 1e-9)
        kinds = " · ".join(f"{kind} {n:,}" for kind, n in sorted(counts.items(), key=lambda kv: -kv[1]))
        self.emit(
            f"{self.paint('devices', MAGENTA)}  {per_minute:,.0f} msgs/min from {devices} device"
            f"{'' if devices == 1 else 's'}: {kinds}"
        )


class JsonLinesToConsole(io.TextIOBase):
    """A stdout that shows Powertools' JSON log lines as console lines and drops EMF metric documents."""

    def __init__(self, console: Console):
        self.console = console
        self._pending = ""
        self._lock = threading.Lock()

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        with self._lock:
            self._pending += text
            lines = self._pending.split("\n")
            self._pending = lines.pop()
        for line in lines:
            self._line(line)
        return len(text)

    def flush(self) -> None:
        self.console.stream.flush()

    def isatty(self) -> bool:
        return False

    def _line(self, line: str) -> None:
        if not line.strip():
            return
        if line.startswith("{"):
            try:
                doc = json.loads(line)
            except ValueError:
                doc = None
            if isinstance(doc, dict):
                if "_aws" in doc:
                    return  # an EMF metrics document: CloudWatch's input, not a person's
                if "level" in doc and "message" in doc:
                    self.console.record(doc)
                    return
        self.console.emit(line)


def install(console: Console) -> None:
    """From now on the app's stdout (metrics, prints) and Powertools' log handlers go through the console."""
    import logging

    stream = JsonLinesToConsole(console)
    sys.stdout = stream
    for name in ("smartcommunity", os.environ.get("POWERTOOLS_SERVICE_NAME", "")):
        for handler in logging.getLogger(name).handlers if name else []:
            if isinstance(handler, logging.StreamHandler):
                handler.setStream(stream)


def device_counts_every(
    console: Console, take: Callable[[], tuple[dict[str, int], int]], stop: threading.Event, period: float = 60.0
) -> threading.Thread:
    """A thread printing the bridge's message counts once per `period` (nothing when no device spoke)."""

    def run() -> None:
        last = time.monotonic()
        while not stop.wait(period):
            counts, devices = take()
            now = time.monotonic()
            if counts:
                console.devices(dict(counts), devices, now - last)
            last = now

    thread = threading.Thread(target=run, name="console-devices", daemon=True)
    thread.start()
    return thread
