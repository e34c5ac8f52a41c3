"""Image function benchmark: a 12-megapixel phone JPEG (4000 x 3000, EXIF orientation and GPS) through
`chalicelib.work_orders.adapters.process` (check, upright, strip, display size and thumbnail), beside Pillow's bare
full decode of the same file as the floor.

    python bench/image_pipeline.py [--runs 7]

Each run is a fresh process (what a cold Lambda pays), so peak memory is that process's peak resident set
(VmHWM), printed beside the same process doing nothing but importing Pillow and reading the file.
Targets: median <= 1.5 s and peak <= 300 MB on this machine.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, sys, time
sys.path.insert(0, {root!r})
mode, path = sys.argv[1], sys.argv[2]
data = open(path, "rb").read()
from PIL import Image
import io
if mode == "pipeline":
    from chalicelib.work_orders.adapters import process
start = time.perf_counter()
if mode == "pipeline":
    derived = process(data)
    extra = {{"display_bytes": len(derived.display), "thumb_bytes": len(derived.thumb)}}
elif mode == "decode":
    image = Image.open(io.BytesIO(data))
    image.load()
    extra = {{"size": image.size}}
else:
    extra = {{}}
elapsed = time.perf_counter() - start
# VmHWM, not ru_maxrss: on Linux a child's ru_maxrss starts from its parent's peak, VmHWM is this process's own.
hwm = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({{"seconds": elapsed, "peak_mb": int(hwm.split()[1]) / 1024, **extra}}))
"""


def twelve_megapixel_jpeg(path: Path) -> int:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (4000, 3000))
    draw = ImageDraw.Draw(image)
    for i in range(0, 4000, 40):  # detail, so the JPEG is photo-sized rather than a flat colour
        draw.line([(i, 0), (4000 - i, 3000)], fill=(i % 256, (i * 3) % 256, (i * 7) % 256), width=9)
    exif = Image.Exif()
    exif[0x0112] = 6
    exif.get_ifd(0x8825).update({1: "N", 2: (39.0, 54.0, 27.0), 3: "E", 4: (116.0, 23.0, 50.0)})
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=92, exif=exif.tobytes())
    path.write_bytes(out.getvalue())
    return len(out.getvalue())


def run(mode: str, path: Path) -> dict[str, float]:
    code = CHILD.format(root=str(ROOT))
    done = subprocess.run([sys.executable, "-c", code, mode, str(path)], capture_output=True, text=True, check=True)
    return dict(json.loads(done.stdout))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "photo.jpg"
        size = twelve_megapixel_jpeg(path)
        print(f"input: 4000x3000 JPEG, {size / 1e6:.2f} MB, EXIF orientation 6 + GPS; {args.runs} fresh processes each")
        results = {mode: [run(mode, path) for _ in range(args.runs)] for mode in ("idle", "decode", "pipeline")}
    for mode, label in (("decode", "Pillow bare decode (floor)"), ("pipeline", "image function (process)")):
        seconds = [r["seconds"] for r in results[mode]]
        peaks = [r["peak_mb"] for r in results[mode]]
        print(
            f"{label:30s} median {statistics.median(seconds) * 1000:7.1f} ms  (min {min(seconds) * 1000:.1f}, "
            f"max {max(seconds) * 1000:.1f})  peak RSS median {statistics.median(peaks):6.1f} MB"
        )
    idle = statistics.median(r["peak_mb"] for r in results["idle"])
    pipeline = results["pipeline"][0]
    print(f"{'process doing nothing':30s} peak RSS median {idle:6.1f} MB (interpreter + Pillow + the file)")
    print(
        f"derived sizes: display {pipeline['display_bytes'] / 1e3:.0f} KB, thumb {pipeline['thumb_bytes'] / 1e3:.0f} KB"
    )
    ratio = statistics.median(r["seconds"] for r in results["pipeline"]) / statistics.median(
        r["seconds"] for r in results["decode"]
    )
    print(f"ratio pipeline / bare decode: {ratio:.2f}x (targets: median <= 1500 ms, peak <= 300 MB)")


if __name__ == "__main__":
    main()
