"""The keys of a device's time series, shared by the ingestion (writes) and the device views (reads)."""

from __future__ import annotations

# One letter per message kind: the sort key's prefix (`{K}#{msgId}`) and the receive-order key's (`{K}#{rcv}#...`).
KIND_PREFIX = {"telemetry": "T", "events": "E", "heartbeat": "H", "commands/ack": "A"}


def series_pk(community_id: str, device_id: str) -> str:
    return f"C#{community_id}#D#{device_id}"
