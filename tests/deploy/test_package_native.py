"""The deployment package loads on the Lambda runtime: every ELF file's libraries are in the zip
or in the runtime's base image, no symbol needs a newer glibc than the runtime's, and every file is built for the
runtime's architecture. Covers Pillow, cryptography, pydantic-core and anything native added later.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from infra import lint
from infra.native import elf_files, problems, runtime


@pytest.fixture(scope="module")
def package() -> Path:
    return lint.packaged("prod").parent


def test_every_elf_file_in_the_package_loads_on_the_runtime(package: Path) -> None:
    zip_path = package / "deployment.zip"
    assert problems(zip_path) == []
    target = runtime()
    assert (target["runtime"], target["architecture"], target["glibc"]) == ("python3.12", "x86_64", "2.34")
    names = {f.path for f in elf_files(zip_path)}
    # The native parts of the photo pipeline, the crypto and the models are there, built for CPython 3.12.
    assert any(n.startswith("PIL/_imaging.cpython-312-x86_64-linux-gnu") for n in names), sorted(names)
    assert any(n.startswith("pydantic_core/_pydantic_core.cpython-312-x86_64-linux-gnu") for n in names)
    assert "cryptography/hazmat/bindings/_rust.abi3.so" in names
    assert not any("cpython-311" in n for n in names), "a wheel for the wrong Python"
    template = json.loads((package / "sam.json").read_text())
    functions = [r for r in template["Resources"].values() if r["Type"] == "AWS::Serverless::Function"]
    assert functions and all(f["Properties"]["Runtime"] == "python3.12" for f in functions)
    assert all(f["Properties"]["Architectures"] == ["x86_64"] for f in functions)


def test_the_check_refuses_a_package_that_would_not_load(package: Path, tmp_path: Path) -> None:
    """What the python3.11 package had: Pillow's image libraries outside the zip, glibc symbols newer than the
    runtime's; and a zip built for another machine."""
    broken = tmp_path / "broken.zip"
    with zipfile.ZipFile(package / "deployment.zip") as source, zipfile.ZipFile(broken, "w") as out:
        for info in source.infolist():
            if not info.filename.startswith("pillow.libs/"):
                out.writestr(info, source.read(info))
    found = problems(broken)
    assert any(line.startswith("PIL/_imaging.") and "libjpeg-" in line for line in found), found

    older = {**runtime(), "glibc": "2.17"}  # Amazon Linux 2 had 2.26; a stricter target shows the rule at work
    assert any("needs GLIBC_2.2" in line for line in problems(package / "deployment.zip", older))
    arm = {**runtime(), "architecture": "arm64"}
    assert any(
        "built for EM_X86_64, the runtime is arm64" in line for line in problems(package / "deployment.zip", arm)
    )
