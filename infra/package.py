"""Build the Lambda deployment package and the CloudFormation template: `chalice package` merged with infra/.

The package is built from a staging copy of the project so that:
- the runtime part of iot/ (topic scheme, device-type catalogue and schemas) ships in vendor/ (Chalice packages only
  app.py, chalicelib/ and vendor/), while the simulator and broker tooling stay out;
- packages whose only heavy dependency is botocore (PynamoDB, the X-Ray SDK) are vendored without dependencies: the
  Lambda runtime already provides boto3/botocore, and letting pip pull a second botocore adds ~16 MB to the zip;
- every dependency is installed as a wheel built for the runtime of infra/lambda_runtime.yaml (python3.12 on Amazon
  Linux 2023, its architecture and glibc: `--platform manylinux_2_17..2_34_<machine> --only-binary=:all:`), never
  compiled here: a source build links this machine's libraries (libjpeg, libxcb...), which Lambda does not have.
  Chalice is handed no requirements (it would pick wheels for the Python running it, 3.11 here).
The template's Runtime and Architectures come from the same file, and the zip is refused when an ELF file in it
needs a library or a glibc the runtime lacks (infra/native.py).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from infra.native import problems, runtime

ROOT = Path(__file__).resolve().parent.parent
IOT_RUNTIME = ["__init__.py", "topics.py", "catalogue.py", "device_types"]
MACHINE = {"x86_64": "x86_64", "arm64": "aarch64"}
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
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        (vendored if _requirement_name(line) in VENDORED_WITHOUT_DEPS else kept).append(line)
    (staging / "requirements.txt").write_text("")  # everything is in vendor/, built for the runtime
    target = runtime()
    for requirements, no_deps in ((kept, False), (vendored, True)):
        if requirements:
            subprocess.run(
                [*pip_for_runtime(target, vendor), *(["--no-deps"] if no_deps else []), *requirements], check=True
            )
    for name in VENDORED_WITHOUT_DEPS:  # installed without their dependencies: no metadata that promises them
        for extra in vendor.glob(f"{name.replace('-', '_')}-*.dist-info"):
            shutil.rmtree(extra)
    shutil.rmtree(vendor / "bin", ignore_errors=True)  # console scripts: nothing on Lambda runs them


def pip_for_runtime(target: dict[str, Any], into: Path) -> list[str]:
    """`pip install` of wheels for the Lambda runtime only: its Python, machine and glibc (never a source build)."""
    machine = MACHINE[target["architecture"]]
    major, minor = (int(p) for p in str(target["glibc"]).split("."))
    platforms = [f"manylinux_{major}_{m}_{machine}" for m in range(17, minor + 1)] + [f"manylinux2014_{machine}"]
    abi = "cp" + str(target["python_version"]).replace(".", "")
    return [
        sys.executable, "-m", "pip", "install", "--quiet", "--no-compile", "--target", str(into),
        "--only-binary=:all:", "--implementation", "cp", "--python-version", str(target["python_version"]),
        "--abi", abi, "--abi", "abi3", "--abi", "none",
        *(arg for platform in platforms for arg in ("--platform", platform)),
    ]  # fmt: skip


def for_runtime(template: dict[str, Any], target: dict[str, Any]) -> dict[str, Any]:
    """Every function on the runtime and architecture of infra/lambda_runtime.yaml (chalice writes the Python
    version that runs it), traced where the partition offers X-Ray with Lambda (infra/partitions.yaml: not in aws-cn;
    the `XRayTracing` condition), whatever the stage."""
    for resource in template["Resources"].values():
        if resource.get("Type") == "AWS::Serverless::Function":
            props = resource["Properties"]
            props["Runtime"] = target["runtime"]
            props["Architectures"] = [target["architecture"]]
            props["Tracing"] = {"Fn::If": ["XRayTracing", "Active", "PassThrough"]}
            variables = props.setdefault("Environment", {}).setdefault("Variables", {})
            variables["TRACING"] = {"Fn::If": ["XRayTracing", "on", "off"]}
    return template


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
    sam = out / "sam.json"
    sam.write_text(json.dumps(for_runtime(json.loads(sam.read_text()), runtime()), indent=2) + "\n")
    refused = problems(out / "deployment.zip")
    if refused:
        raise SystemExit("the package would not load on the Lambda runtime:\n" + "\n".join(refused))
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
