"""Routes that load their module on their first request: the API's cold start pays for one route module, not all.

Every route is registered with Chalice when app.py is imported, from the generated table `route_table.py` (path,
method, the module that declares it, the view's name): Chalice's route table, what `chalice package` turns into
API Gateway, is complete and unchanged. Each registered view is a stand-in that, on the first request to any route
of its module, imports that module, collects the module's real views from its blueprint and from then on calls
them straight away. Importing every route module at init cost ~290 ms of each cold start (pydantic contracts,
domain modules, views); a request needs the one module its route lives in.

The table has one source, the `endpoint` declarations: `python -m chalicelib.kernel.lazy_routes` writes it and
`--check` (run by `make drift`) fails when a module declares a route the table does not have, or the reverse. A
stand-in also refuses to serve a module whose routes differ from the table (a stale table in a package).
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from chalice import Blueprint, Chalice

TABLE = Path(__file__).with_name("route_table.py")
PARTNER_PREFIX = "/v1/partner/"  # the signed partner API (partners/routes_partner*.py)
CONTENT_TYPES = ["*/*"]  # every route accepts any body type; the endpoint decorator checks it (415 with our body)

_lock = threading.Lock()
_views: dict[str, dict[tuple[str, str], Callable[..., Any]]] = {}
_app: Chalice | None = None


def install(app: Chalice) -> None:
    """Register every route of the table on `app`, each behind a stand-in that loads its module when first called."""
    from chalicelib.kernel.route_table import MODULES, ROUTES

    global _app
    _app = app
    for path, method, module_index, view_name in ROUTES:
        # A partner's request carries its key id as `X-Api-Key`: API Gateway meters it in its usage plan (partners)
        app.route(
            path, methods=[method], content_types=CONTENT_TYPES, api_key_required=path.startswith(PARTNER_PREFIX)
        )(_stand_in(app, MODULES[module_index], path, method, view_name))


def _stand_in(app: Chalice, module: str, path: str, method: str, view_name: str) -> Callable[..., Any]:
    real: list[Callable[..., Any]] = []

    def view(**path_params: str) -> Any:
        if not real:
            real.append(_module_views(app, module)[(path, method)])
        return real[0](**path_params)

    view.__name__ = view_name
    view.__qualname__ = view_name
    view.__module__ = module
    return view


def _module_views(app: Chalice, module: str) -> dict[tuple[str, str], Callable[..., Any]]:
    views = _views.get(module)
    if views is not None:
        return views
    with _lock:
        views = _views.get(module)
        if views is None:
            from chalicelib.kernel.route_table import MODULES, ROUTES

            blueprint = _blueprint(importlib.import_module(module))
            views = _views_of(blueprint, app.app_name)
            declared = {(p, m) for p, m, i, _ in ROUTES if MODULES[i] == module}
            if set(views) != declared:
                raise RuntimeError(f"{module} declares other routes than route_table.py: run `make generate`")
            # The module's views read the request from the app that serves them (`bp.current_request`).
            blueprint._current_app = app
            _views[module] = views
    return views


def _blueprint(module: Any) -> Blueprint:
    blueprint = getattr(module, "bp", None)
    if not isinstance(blueprint, Blueprint):
        raise RuntimeError(f"{module.__name__} has no blueprint `bp`")
    return blueprint


def _views_of(blueprint: Blueprint, app_name: str) -> dict[tuple[str, str], Callable[..., Any]]:
    """The blueprint's routes, (path, method) -> view, as Chalice registers them (on a scratch app, once: Chalice
    consumes a blueprint's route arguments when it registers it)."""
    views: dict[tuple[str, str], Callable[..., Any]] | None = blueprint.__dict__.get("_lazy_route_views")
    if views is None:
        scratch = Chalice(app_name=app_name, configure_logs=False)
        serving = blueprint._current_app
        blueprint.register(scratch, {})
        blueprint._current_app = serving  # registering set it to the scratch app
        views = {
            (path, method): entry.view_function
            for path, methods in scratch.routes.items()
            for method, entry in methods.items()
        }
        blueprint.__dict__["_lazy_route_views"] = views
    return views


def load_all() -> None:
    """Load every route module (the contract generator and the tests that walk every endpoint need them all)."""
    from chalicelib.kernel.route_table import MODULES

    if _app is None:
        raise RuntimeError("install() the routes on an app first (import app)")
    for module in MODULES:
        _module_views(_app, module)


def all_endpoints() -> list[Any]:
    """Every declared endpoint (`http.ENDPOINTS` once every route module of the table is imported)."""
    from chalicelib.kernel.http import ENDPOINTS
    from chalicelib.kernel.route_table import MODULES

    for module in MODULES:
        importlib.import_module(module)
    return list(ENDPOINTS)


# --------------------------------------------------------------------------- the table, from the declarations


def route_modules() -> list[str]:
    """The modules that declare routes: each capability's `routes*.py` and the kernel's health check."""
    import pkgutil

    import chalicelib as package

    return sorted(
        info.name
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + ".")
        if info.name.rsplit(".", 1)[-1].startswith("routes") or info.name == "chalicelib.kernel.health"
    )


def declared_routes() -> list[tuple[str, str, str, str]]:
    """(path, method, module, view name) of every route the route modules declare, sorted."""
    from chalicelib.kernel.functions import FunctionBlueprint

    routes: list[tuple[str, str, str, str]] = []
    for name in route_modules():
        module = importlib.import_module(name)
        blueprint = module.__dict__.get("bp")
        if not isinstance(blueprint, Blueprint) or isinstance(blueprint, FunctionBlueprint):
            continue
        if blueprint._import_name != name:
            continue
        for (path, method), view in _views_of(blueprint, "routes").items():
            routes.append((path, method, name, view.__name__))
    return sorted(routes)


def render(routes: list[tuple[str, str, str, str]]) -> str:
    modules = sorted({module for _, _, module, _ in routes})
    lines = [
        '"""Every API route and the module that declares it. Generated by `python -m chalicelib.kernel.lazy_routes`',
        'from the `endpoint` declarations (`make generate`); `make drift` fails when it is stale. Do not edit."""',
        "",
        "MODULES = (",
        *(f'    "{m}",' for m in modules),
        ")",
        "",
        "# (path, method, index into MODULES, view name)",
        "ROUTES = (",
        *(f'    ("{p}", "{m}", {modules.index(mod)}, "{name}"),' for p, m, mod, name in routes),
        ")",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Write (or --check) chalicelib/kernel/route_table.py")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    text = render(declared_routes())
    if args.check:
        if not TABLE.exists() or TABLE.read_text() != text:
            print(f"{TABLE} is stale: run `make generate` (python -m chalicelib.kernel.lazy_routes)")
            return 1
        return 0
    TABLE.write_text(text)
    print(f"wrote {TABLE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
