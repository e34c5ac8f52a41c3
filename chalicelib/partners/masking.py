"""What a partner sees of a record: each personal field at the partner's level (hidden, masked or full).

Records travel in one partner-neutral shape: a personal field is `{"masked": ..., "sealed": ...}` (the mask made
when the record was written, the value encrypted) or plain text (names, plates). Levels are applied on the way
out, per partner, for lists and change feeds alike; `full` opens the sealed value through `reveal`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalicelib.partners.model import MASKED_FIELDS, Partner


def mask_name(name: str) -> str:
    """张三 -> 张*, 欧阳娜娜 -> 欧***: the family name's first character stays."""
    return name[:1] + "*" * max(1, len(name) - 1) if name else ""


def mask_plate(plate: str) -> str:
    """粤B12345 -> 粤B***45."""
    return plate[:2] + "***" + plate[-2:] if len(plate) > 4 else "***"


def for_partner(data: dict[str, Any], partner: Partner, reveal: Callable[[str, str], str]) -> dict[str, Any]:
    out = dict(data)
    for name in MASKED_FIELDS:
        if name not in out:
            continue
        value = out[name]
        level = partner.level(name)
        if value is None:
            continue
        if level == "hidden":
            out[name] = None
        elif isinstance(value, dict):
            sealed = value.get("sealed")
            out[name] = reveal(name, sealed) if level == "full" and sealed else value.get("masked")
        elif level == "masked":
            out[name] = mask_plate(str(value)) if name == "plate" else mask_name(str(value))
    return out
