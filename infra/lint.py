"""cfn-lint the packaged template (`chalice package` merged with infra/) for both partitions.

    python -m infra.lint --stage prod          # packages if its inputs changed, then lints every region below

The package step is cached: build/<stage>/ is rebuilt only when a file it is built from changed (a fingerprint of
those files is kept beside it), so the test suite pays `chalice package` once per change, not once per run.
False positives are ignored by rule id where they occur, with the reason beside them (see infra/build.py: E3601 on
state machines, whose Task ARNs are partition-neutral).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# The China partition's two regions and one global region.
REGIONS = ("cn-north-1", "cn-northwest-1", "us-east-1")
PACKAGE_INPUTS = (
    "app.py",
    "chalicelib",
    ".chalice",
    "requirements.txt",
    "infra/generated/merge-template.json",
    "infra/package.py",
    "infra/native.py",
    "infra/lambda_runtime.yaml",
    "iot",
)


def fingerprint() -> str:
    digest = hashlib.sha256()
    for entry in PACKAGE_INPUTS:
        path = ROOT / entry
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        for file in files:
            if "__pycache__" in file.parts or file.suffix == ".pyc" or "deployments" in file.parts:
                continue
            digest.update(str(file.relative_to(ROOT)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


def packaged(stage: str) -> Path:
    """build/<stage>/sam.json, packaged again only when its inputs changed."""
    from infra.package import package

    out = ROOT / "build" / stage
    stamp = out / ".fingerprint"
    current = fingerprint()
    if not (out / "sam.json").exists() or not stamp.exists() or stamp.read_text() != current:
        package(stage, out)
        stamp.write_text(current)
    return out / "sam.json"


def lint(template: Path, regions: tuple[str, ...] = REGIONS) -> list[Any]:
    """cfn-lint's matches (errors and warnings) for `template` in `regions`."""
    from cfnlint.api import lint as cfn_lint

    return list(cfn_lint(template.read_text(), regions=list(regions)))


def describe(match: Any) -> str:
    return f"{match.rule.id} {match.message} (line {match.linenumber})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stage", default="prod")
    parser.add_argument("--regions", nargs="+", default=list(REGIONS))
    args = parser.parse_args(argv)
    template = packaged(args.stage)
    matches = lint(template, tuple(args.regions))
    errors = [m for m in matches if m.rule.id.startswith("E")]
    for match in matches:
        print(describe(match))
    resources = json.loads(template.read_text())["Resources"]
    print(
        f"cfn-lint {template.relative_to(ROOT)} ({len(resources)} resources) for {', '.join(args.regions)}: "
        f"{len(errors)} errors, {len(matches) - len(errors)} warnings"
    )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
