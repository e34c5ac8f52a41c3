"""Native code in the deployment package loads on the Lambda runtime (infra/lambda_runtime.yaml).

For every ELF file in the zip: each library it needs (DT_NEEDED) is in the zip or in the runtime's base image, and
no symbol it needs from glibc is newer than the runtime's glibc. Covers every native wheel (Pillow, cryptography,
pydantic-core, cffi, argon2, wrapt, charset-normalizer) and anything native added later. `infra/package.py` runs
it on every package it builds; tests/deploy/test_package_native.py runs it on the packaged zip.

    python -m infra.native build/prod/deployment.zip
"""

from __future__ import annotations

import io
import posixpath
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

RUNTIME_FILE = Path(__file__).resolve().parent / "lambda_runtime.yaml"
MACHINES = {"x86_64": "EM_X86_64", "arm64": "EM_AARCH64"}


def runtime() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(RUNTIME_FILE.read_text())
    return data


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(".") if part.isdigit())


@dataclass
class ElfFile:
    path: str
    machine: str
    needed: list[str] = field(default_factory=list)
    glibc: list[str] = field(default_factory=list)  # GLIBC_x.y versions its symbols need


def read_elf(path: str, data: bytes) -> ElfFile:
    from elftools.elf.dynamic import DynamicSection
    from elftools.elf.elffile import ELFFile
    from elftools.elf.gnuversions import GNUVerNeedSection

    elf = ELFFile(io.BytesIO(data))
    found = ElfFile(path=path, machine=str(elf["e_machine"]))
    for section in elf.iter_sections():
        if isinstance(section, DynamicSection):
            found.needed += [tag.needed for tag in section.iter_tags() if tag.entry.d_tag == "DT_NEEDED"]
        elif isinstance(section, GNUVerNeedSection):
            for _, auxiliaries in section.iter_versions():
                found.glibc += [a.name for a in auxiliaries if a.name.startswith("GLIBC_2")]
    return found


def elf_files(zip_path: Path) -> list[ElfFile]:
    found = []
    with zipfile.ZipFile(zip_path) as archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            with archive.open(info) as handle:
                if handle.read(4) != b"\x7fELF":
                    continue
            found.append(read_elf(info.filename, archive.read(info)))
    return found


def problems(zip_path: Path, target: dict[str, Any] | None = None) -> list[str]:
    """What would fail to load on the runtime: missing libraries, too-new glibc symbols, a wrong architecture."""
    target = target or runtime()
    files = elf_files(zip_path)
    shipped = {posixpath.basename(f.path) for f in files}
    base = set(target["base_libraries"])
    glibc = _version(target["glibc"])
    machine = MACHINES[target["architecture"]]
    found = []
    for elf in files:
        if elf.machine != machine:
            found.append(f"{elf.path}: built for {elf.machine}, the runtime is {target['architecture']}")
        for library in elf.needed:
            if library not in shipped and library not in base:
                found.append(f"{elf.path}: needs {library}, which is neither in the zip nor in the runtime")
        newer = sorted({v for v in elf.glibc if _version(v.removeprefix("GLIBC_")) > glibc}, key=_version)
        if newer:
            found.append(f"{elf.path}: needs {', '.join(newer)}; the runtime has glibc {target['glibc']}")
    return found


def summary(zip_path: Path) -> dict[str, Any]:
    files = elf_files(zip_path)
    shipped = {posixpath.basename(f.path) for f in files}
    newest = max((v for f in files for v in f.glibc), key=lambda v: _version(v.removeprefix("GLIBC_")), default="")
    return {
        "elf_files": len(files),
        "from_runtime": sorted({n for f in files for n in f.needed if n not in shipped}),
        "newest_glibc": newest,
    }


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    path = Path(args[0] if args else "build/prod/deployment.zip")
    found = problems(path)
    for line in found:
        print(line)
    print(f"{path}: {summary(path)}; {len(found)} problem(s)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
