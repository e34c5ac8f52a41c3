"""The dependency rule, checked on every import statement (module level and inside functions), by walking the
syntax trees: `api -> domain <- store`. The API never imports `chalicelib.store`; the domain imports nothing of
AWS or Chalice (boto3, botocore, pynamodb, chalice) and none of the adapters (store, gateways, api, events,
security)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "chalicelib"
RULES = {
    "api": ("chalicelib.store",),
    "domain": (
        "boto3",
        "botocore",
        "pynamodb",
        "chalice",
        "chalicelib.store",
        "chalicelib.gateways",
        "chalicelib.api",
        "chalicelib.events",
        "chalicelib.security",
    ),
}


def imported_modules(source: str, module: str) -> list[tuple[int, str]]:
    """Every module an import statement names, resolved: `from chalicelib import store` -> chalicelib.store."""
    found = []
    package = module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            found.append((node.lineno, base))
            found.extend((node.lineno, f"{base}.{alias.name}") for alias in node.names)
    return found


def violations(layer: str) -> list[str]:
    out = []
    for path in sorted((ROOT / layer).rglob("*.py")):
        module = ".".join(path.relative_to(ROOT.parent).with_suffix("").parts)
        for line, name in imported_modules(path.read_text(encoding="utf-8"), module):
            for forbidden in RULES[layer]:
                if name == forbidden or name.startswith(forbidden + "."):
                    out.append(f"{path.relative_to(ROOT.parent)}:{line} imports {name}")
    return out


@pytest.mark.parametrize("layer", sorted(RULES))
def test_layer_imports_follow_the_dependency_rule(layer: str) -> None:
    assert violations(layer) == []


def test_the_checker_sees_every_form_of_import() -> None:
    source = (
        "import chalicelib.store.registry\n"
        "from chalicelib import store\n"
        "from chalicelib.store.registry import Tx\n"
        "def f():\n    from ..store import audit\n"
        "import boto3\n"
    )
    names = {name for _, name in imported_modules(source, "chalicelib.api.x")}
    assert {"chalicelib.store.registry", "chalicelib.store", "chalicelib.store.audit", "boto3"} <= names
