"""The shape of the code, checked on every import statement (module level, inside functions and under
TYPE_CHECKING), by walking the syntax trees of `chalicelib/` and `app.py`:

- every capability is one package with the same files: `__init__.py` (what others may use), `wiring.py`, rules
  (`model.py` and/or `service.py`), storage (`repository*.py`), and `routes*.py` + `contracts.py` when it serves HTTP;
- rules (every module that is not routes, contracts, repository, adapters, tasks, wiring or the package face)
  import nothing of AWS, Chalice or PynamoDB, none of their own capability's storage, adapters, routes, tasks or
  wiring, and of the kernel only its pure parts;
- routes and tasks never import a repository;
- a capability uses another only through that package (`from chalicelib.registry import houses_of`), never
  through one of its modules, and only a capability below it in `ORDER` (one documented exception);
- no production module imports `infra/`; no import circle; no module over 500 lines (generated files aside).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
ROOT = REPO / "chalicelib"
KERNEL = "kernel"
# Bottom to top: a capability may use those before it (and the kernel). The kernel uses the audit package (the
# endpoint decorator records refusals; revealing personal data is audited before it is answered).
ORDER = (
    "audit",
    "registry",
    "identity",
    "notifications",
    "devices",
    "work_orders",
    "visitors",
    "alarms",
    "payments",
    "notices",
    "votes",
    "questionnaires",
    "care",
    "governance",
    "partners",
    "parking",
    "patrol",
    "lockers",
    "live",
    "exports",
)
# The one edge against the order: a move-out deregisters the person's access credentials in the same transaction
# (chalicelib/registry/wiring.py names it), so no card outlives its holder's residency.
UPWARD = {("registry", "visitors")}
KERNEL_USES = {"audit"}
AWS = ("boto3", "botocore", "pynamodb", "chalice", "aws_lambda_powertools")
PURE_KERNEL = (
    "chalicelib.kernel.clock",
    "chalicelib.kernel.errors",
    "chalicelib.kernel.i18n",
    "chalicelib.kernel.security.principal",
)
NOT_RULES = ("routes", "contracts", "repository", "adapters", "tasks", "wiring", "__init__")
MAX_LINES = 500
GENERATED = {"chalicelib/kernel/route_table.py"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


SOURCES = {module_name(p): p for p in sorted(ROOT.rglob("*.py"))} | {"app": REPO / "app.py"}


def imported_modules(source: str, module: str, is_package: bool = False) -> list[tuple[int, str]]:
    """Every module an import statement names, resolved: `from chalicelib import registry` -> chalicelib.registry."""
    found = []
    package = module if is_package else module.rsplit(".", 1)[0]
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


def imports_of(module: str) -> list[tuple[int, str]]:
    path = SOURCES[module]
    return imported_modules(path.read_text(encoding="utf-8"), module, path.name == "__init__.py")


def edges(module: str) -> set[str]:
    """The modules of this tree that `module` imports: `from a.b import c` is an edge to the module a.b.c when c is
    one, else to the package a.b; `import a.b.c` to a.b.c."""
    path = SOURCES[module]
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in SOURCES)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            for alias in node.names:
                target = f"{base}.{alias.name}" if f"{base}.{alias.name}" in SOURCES else base
                if target in SOURCES:
                    found.add(target)
    found.discard(module)
    return found


def capability_of(module: str) -> str | None:
    parts = module.split(".")
    if len(parts) > 1 and parts[0] == "chalicelib" and (parts[1] in ORDER or parts[1] == KERNEL):
        return parts[1]
    return None


def kind_of(module: str) -> str:
    leaf = module.rsplit(".", 1)[-1] if SOURCES[module].name != "__init__.py" else "__init__"
    return next((k for k in NOT_RULES if leaf.startswith(k)), "rules")


def capability_modules() -> Iterator[tuple[str, str]]:
    for module in SOURCES:
        cap = capability_of(module)
        if cap and cap != KERNEL and module != "chalicelib":
            yield cap, module


def test_every_capability_has_the_same_files() -> None:
    packages = sorted(p.name for p in ROOT.iterdir() if (p / "__init__.py").exists() and p.name != KERNEL)
    assert packages == sorted(ORDER)
    for cap in ORDER:
        files = {p.name for p in (ROOT / cap).glob("*.py")}
        assert {"__init__.py", "wiring.py"} <= files, cap
        assert files & {"model.py", "service.py"}, f"{cap} has no model.py or service.py"
        assert any(f.startswith("repository") for f in files), f"{cap} has no repository"
        if any(f.startswith("routes") for f in files):
            assert "contracts.py" in files, f"{cap} serves HTTP without a contracts.py"
        doc = ast.get_docstring(ast.parse((ROOT / cap / "__init__.py").read_text())) or ""
        assert "Tests: `tests/" in doc and "table" in doc, f"{cap}/__init__.py names its tables and tests"


def test_rules_import_nothing_of_aws_nor_their_adapters() -> None:
    bad = []
    for cap, module in capability_modules():
        if kind_of(module) != "rules":
            continue
        for line, name in imports_of(module):
            top = name.split(".")[0]
            own = f"chalicelib.{cap}."
            if (
                top in AWS
                or (name.startswith(own) and kind_of_name(name) != "rules")
                or (name.startswith("chalicelib.kernel.") and not name.startswith(PURE_KERNEL))
            ):
                bad.append(f"{module}:{line} imports {name}")
    assert bad == []


def kind_of_name(name: str) -> str:
    module = name if name in SOURCES else name.rsplit(".", 1)[0]
    return kind_of(module) if module in SOURCES else "rules"


def test_routes_and_tasks_never_import_a_repository() -> None:
    bad = [
        f"{module}:{line} imports {name}"
        for _, module in capability_modules()
        if kind_of(module) in ("routes", "tasks")
        for line, name in imports_of(module)
        if name.startswith("chalicelib.") and kind_of_name(name) == "repository"
    ]
    assert bad == []


def test_capabilities_use_each_other_only_through_their_packages_and_downwards() -> None:
    bad = []
    for module in SOURCES:
        cap = capability_of(module)
        for line, name in imports_of(module):
            other = capability_of(name)
            if other is None or other in (cap, KERNEL):
                continue
            entry_point = module == "app" and name == f"chalicelib.{other}.tasks"  # the app registers every task
            if (
                name.count(".") > 1
                and not entry_point
                and not (name.rsplit(".", 1)[0] == f"chalicelib.{other}" and name not in SOURCES)
            ):
                bad.append(f"{module}:{line} imports {name} (use `chalicelib.{other}`)")
            elif cap == KERNEL and other not in KERNEL_USES:
                bad.append(f"{module}:{line}: the kernel imports {other}")
            elif cap in ORDER and ORDER.index(other) > ORDER.index(cap) and (cap, other) not in UPWARD:
                bad.append(f"{module}:{line}: {cap} imports {other}, which sits above it")
    assert bad == []


def test_no_production_module_imports_infra() -> None:
    bad = [
        f"{module}:{line} imports {name}"
        for module in SOURCES
        for line, name in imports_of(module)
        if name == "infra" or name.startswith("infra.")
    ]
    assert bad == []


def test_no_import_circle() -> None:
    graph = {module: edges(module) for module in SOURCES}
    circles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 = on the path, 2 = done
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                circles.append([*path[path.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)
    assert circles == []


def test_no_module_is_over_500_lines() -> None:
    long = {
        str(path.relative_to(REPO)): n
        for path in SOURCES.values()
        if str(path.relative_to(REPO)) not in GENERATED
        and (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_every_export_of_a_package_face_is_there_at_run_time() -> None:
    """What a capability's `__init__.py` lists in `__all__` can be imported (not only named for the type checker)."""
    import importlib

    for cap in ORDER:
        package = importlib.import_module(f"chalicelib.{cap}")
        missing = [name for name in getattr(package, "__all__", []) if not hasattr(package, name)]
        assert missing == [], f"chalicelib.{cap} lists {missing}"


def test_the_checker_sees_every_form_of_import() -> None:
    source = (
        "import chalicelib.registry.repository\n"
        "from chalicelib import registry\n"
        "from chalicelib.registry.repository_items import Tx\n"
        "def f():\n    from ..audit import repository\n"
        "import boto3\n"
    )
    names = {name for _, name in imported_modules(source, "chalicelib.alarms.routes_staff")}
    assert {
        "chalicelib.registry.repository",
        "chalicelib.registry",
        "chalicelib.registry.repository_items",
        "chalicelib.audit.repository",
        "boto3",
    } <= names


@pytest.mark.parametrize(
    ("source", "module", "rule"),
    [
        ("from chalicelib.registry.repository import DynamoRegistry\n", "chalicelib.alarms.service", "internal"),
        ("import boto3\n", "chalicelib.alarms.service", "aws"),
        ("from chalicelib.alarms import wiring\n", "chalicelib.devices.wiring", "upward"),
    ],
)
def test_the_rules_catch_what_they_forbid(source: str, module: str, rule: str) -> None:
    """Each rule above fails on a module that breaks it (so a passing run says something)."""
    names = [name for _, name in imported_modules(source, module)]
    cap = capability_of(module)
    if rule == "internal":
        assert any(capability_of(n) not in (cap, KERNEL, None) and n.count(".") > 1 for n in names)
    elif rule == "aws":
        assert any(n.split(".")[0] in AWS for n in names)
    else:
        assert cap is not None and any(
            (o := capability_of(n)) in ORDER and ORDER.index(o) > ORDER.index(cap) for n in names
        )
