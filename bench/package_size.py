"""Size of the `chalice package` deployment zip (target <= 15 MB), with its largest top-level entries."""

from __future__ import annotations

import sys
import zipfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    from infra.package import package

    out = package("dev", ROOT / "build" / "bench")
    zip_path = out / "deployment.zip"
    size = zip_path.stat().st_size
    by_entry: Counter[str] = Counter()
    with zipfile.ZipFile(zip_path) as archive:
        for info in archive.infolist():
            by_entry[info.filename.split("/")[0]] += info.compress_size
        files = len(archive.infolist())
    print("deployment package (chalice package --stage dev)")
    print(f"  deployment.zip   {size / 1e6:6.2f} MB  ({size / 2**20:.2f} MiB, {files} files; target <= 15 MB)")
    for name, compressed in by_entry.most_common(6):
        print(f"    {name:<28} {compressed / 1e6:6.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
