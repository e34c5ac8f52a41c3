"""Tests of a budget counted per fixed window (aligned to the epoch) must not straddle the window's end, where a
new budget begins and the counts the test expects split in two."""

from __future__ import annotations

import time


def inside_one_window(window_seconds: int, margin: float = 60) -> None:
    """Return at once when more than `margin` seconds of the current window are left; else wait for the next one."""
    left = window_seconds - time.time() % window_seconds
    if left < margin:
        time.sleep(left + 0.5)
