"""Put the built duty-room console (console/dist) into the stack's private ConsoleBucket, behind CloudFront.

`make deploy` calls `publish` after the stack is deployed: every file with its content type and cache header, then
the page's settings (`console-config.json`: the live channel's URL, from the stack's `LiveSocketUrl` output), then
index.html last (so it never names an asset that is not there yet), then an invalidation of what is not hashed.

Cache headers: Vite names the files under `assets/` after a hash of their content, so they never change and are
cached for a year (`immutable`); `index.html` and `console-config.json` change with every deploy and are revalidated
on every load (`no-cache`); anything else in dist (icons) for an hour. Old hashed assets are kept: a tab opened before
the deploy still loads its chunks.
"""

from __future__ import annotations

import json
import mimetypes
import re
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "console" / "dist"
CONFIG_KEY = "console-config.json"
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
SHORT = "public, max-age=3600"
# Vite's default file names: assets/<name>-<hash>.<ext>, the hash 8 characters of [A-Za-z0-9_-].
HASHED = re.compile(r"^assets/.+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$")
TYPES = {  # what mimetypes may not know, or knows differently per machine
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".svg": "image/svg+xml",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".map": "application/json; charset=utf-8",
    ".webmanifest": "application/manifest+json",
}
# The stack outputs the console needs (infra/resources.yaml, Outputs).
OUTPUTS = ("ConsoleBucketName", "ConsoleDistributionId", "LiveSocketUrl", "ConsoleUrl")


def content_type(key: str) -> str:
    suffix = Path(key).suffix.lower()
    if suffix in TYPES:
        return TYPES[suffix]
    guessed, _ = mimetypes.guess_type(key)
    return guessed or "application/octet-stream"


def cache_control(key: str) -> str:
    if key in ("index.html", CONFIG_KEY):
        return REVALIDATE
    if HASHED.match(key):
        return IMMUTABLE
    return SHORT


def dist_problems(dist: Path = DIST) -> list[str]:
    """Why console/dist cannot be published (empty when it can)."""
    if not (dist / "index.html").is_file():
        return [
            f"{dist.relative_to(ROOT) if dist.is_relative_to(ROOT) else dist}/index.html is missing: run `make console`"
        ]
    return []


def template_problems(template: dict[str, Any]) -> list[str]:
    """What the console needs from the stack and the packaged template does not have."""
    outputs = template.get("Outputs", {})
    missing = [name for name in OUTPUTS if name not in outputs]
    return [f"the template has no {name} output: the console cannot be published" for name in missing]


def upload(s3: Any, bucket: str, dist: Path, config: dict[str, str]) -> list[str]:
    """Every file of `dist` and the page's settings into `bucket`, index.html last; the keys written, in order."""
    files = sorted(p for p in dist.rglob("*") if p.is_file())
    keys = [p.relative_to(dist).as_posix() for p in files]
    ordered = sorted(zip(keys, files, strict=True), key=lambda kf: kf[0] == "index.html")
    written = []
    for key, path in ordered:
        if key == "index.html":
            _put(s3, bucket, CONFIG_KEY, json.dumps(config, sort_keys=True).encode())
            written.append(CONFIG_KEY)
        _put(s3, bucket, key, path.read_bytes())
        written.append(key)
    return written


def _put(s3: Any, bucket: str, key: str, body: bytes) -> None:
    s3.put_object(Bucket=bucket, Key=key, Body=body, ContentType=content_type(key), CacheControl=cache_control(key))


def invalidate(cloudfront: Any, distribution_id: str) -> str:
    """Invalidate what is not content-addressed (the page and its settings); the invalidation's id."""
    paths = ["/", "/index.html", f"/{CONFIG_KEY}"]
    done = cloudfront.create_invalidation(
        DistributionId=distribution_id,
        InvalidationBatch={
            "Paths": {"Quantity": len(paths), "Items": paths},
            "CallerReference": f"console-{time.time_ns()}",
        },
    )
    return str(done["Invalidation"]["Id"])


def publish(session: Any, outputs: dict[str, str], dist: Path = DIST, say: Any = print) -> int:
    """Upload console/dist to the stack's ConsoleBucket and invalidate the page; 0, or 1 when something is missing."""
    missing = [name for name in OUTPUTS if not outputs.get(name)]
    if missing or dist_problems(dist):
        for line in dist_problems(dist) + [f"the stack has no {name} output" for name in missing]:
            say(f"console not published: {line}")
        return 1
    written = upload(session.client("s3"), outputs["ConsoleBucketName"], dist, {"liveUrl": outputs["LiveSocketUrl"]})
    invalidation = invalidate(session.client("cloudfront"), outputs["ConsoleDistributionId"])
    say(f"console: {len(written)} file(s) in s3://{outputs['ConsoleBucketName']}, invalidation {invalidation}")
    say(f"  ConsoleUrl: {outputs['ConsoleUrl']}")
    return 0
