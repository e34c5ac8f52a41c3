"""Build the Lambda deployment package and the CloudFormation template: `chalice package` merged with infra/.

The package is built from a staging copy of the project so that:
- the runtime part of iot/ (topic scheme, device-type catalogue and schemas) ships in vendor/ (Chalice packages only
  app.py, chalicelib/ and vendor/), while the simulator and broker tooling stay out;
- packages whose only heavy dependency is botocore (PynamoDB, the X-Ray SDK) are vendored without dependencies: the
  Lambda runtime already provides boto3/botocore, and letting pip pull a second botocore adds ~16 MB to the zip.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IOT_RUNTIME = ["__init__.py", "topics.py", "catalogue.py", "device_types"]
VENDORED_WITHOUT_DEPS = {"pynamodb", "aws-xray-sdk"}


def _requirement_name(line: str) -> str:
    return re.split(r"[<>=!~\[; ]", line.strip(), maxsplit=1)[0].lower()


def stage_sources(staging: Path) -> None:
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    shutil.copy2(ROOT / "app.py", staging / "app.py")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.md", "deployments")
    shutil.copytree(ROOT / "chalicelib", staging / "chalicelib", ignore=ignore)
    shutil.copytree(ROOT / ".chalice", staging / ".chalice", ignore=ignore)
    vendor = staging / "vendor"
    (vendor / "iot").mkdir(parents=True)
    for name in IOT_RUNTIME:
        source = ROOT / "iot" / name
        if source.is_dir():
            shutil.copytree(source, vendor / "iot" / name, ignore=ignore)
        else:
            shutil.copy2(source, vendor / "iot" / name)
    kept, vendored = [], []
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        (vendored if _requirement_name(line) in VENDORED_WITHOUT_DEPS else kept).append(line.strip())
    (staging / "requirements.txt").write_text("\n".join(kept) + "\n")
    if vendored:
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(vendor), *vendored],
            check=True,
        )
        for extra in vendor.glob("*.dist-info"):
            shutil.rmtree(extra)


def package(stage: str, out: Path) -> Path:
    subprocess.run([sys.executable, "-m", "infra.build", "--check"], cwd=ROOT, check=True)
    staging = ROOT / "build" / ".sources"  # not build/staging: that is the `staging` stage's output
    stage_sources(staging)
    out = out.resolve()
    if out.exists():
        shutil.rmtree(out)
    chalice = Path(sys.executable).with_name("chalice")
    env = {**os.environ, "AWS_DEFAULT_REGION": os.environ.get("AWS_DEFAULT_REGION", "cn-north-1")}
    subprocess.run(
        [
            str(chalice),
            "package",
            "--stage",
            stage,
            "--merge-template",
            str(ROOT / "infra" / "generated" / "merge-template.json"),
            "--template-format",
            "json",
            str(out),
        ],
        cwd=staging,
        check=True,
        env=env,
    )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stage", default="dev")
    parser.add_argument("--out", default="build/dev")
    args = parser.parse_args(argv)
    out = package(args.stage, ROOT / args.out)
    size = (out / "deployment.zip").stat().st_size
    print(f"wrote {out.relative_to(ROOT)}/sam.json and deployment.zip ({size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
