"""Writes the API's message catalogue (every vocabulary, device types included) for the console's build.

One source of truth: the console names alarm types, severities, statuses and device types with the same labels the
API and its notifications use (`chalicelib/kernel/i18n`). Run by `make console` before `vite build`; the output
(`console/src/generated/labels.json`) is generated, not committed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from chalicelib.kernel.i18n import labels
from chalicelib.kernel.i18n.labels import LABELS
from iot import catalogue as catalogue_module

OUT = Path(__file__).resolve().parent.parent / "src" / "generated" / "labels.json"


def catalogue() -> dict[str, object]:
    kinds = [*sorted(LABELS), "device.type"]
    out: dict[str, object] = {locale: {kind: labels(kind, locale) for kind in kinds} for locale in ("zh-CN", "en")}
    # Each device type's commands (the console offers only those the role's `device:command:<name>` allows).
    out["commands"] = {name: list(t.command_names) for name, t in catalogue_module.device_types().items()}
    return out


def main() -> int:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(catalogue(), ensure_ascii=False, sort_keys=True)
    if not OUT.exists() or OUT.read_text(encoding="utf-8") != text:
        OUT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
