"""The blueprint of non-HTTP entry points: Step Functions tasks, IoT rule targets, SQS consumers, schedules.

Every capability's `tasks.py` declares its functions on a `FunctionBlueprint`. Deployed, a blueprint's function runs
from the handler string Chalice gives it, `chalicelib.<capability>.tasks.<function>`: the Lambda runtime imports
that module and never app.py, so middleware registered on the app would never wrap it (aws/chalice#1566: logs
without the Lambda context, metrics never flushed, no X-Ray segment). A `FunctionBlueprint` handler therefore carries
its middleware (`observability.middleware_for`) from the moment it is declared, and keeps it when app.py registers
the blueprint (for `chalice package` and the local cloud): deployed and local invocations run the same chain.
"""

from __future__ import annotations

from typing import Any

from chalice import Blueprint, Chalice

from chalicelib.kernel.config import check_deployed_settings

check_deployed_settings()  # every function's cold start (the API's too: app.py imports the tasks modules)


class FunctionBlueprint(Blueprint):
    def __init__(self, import_name: str) -> None:
        super().__init__(import_name)
        self._function_handlers: list[tuple[Any, str]] = []

    def _register_handler(
        self,
        handler_type: str,
        name: str,
        user_handler: Any,
        wrapped_handler: Any,
        kwargs: dict[str, Any],
        options: dict[Any, Any] | None = None,
    ) -> None:
        if handler_type == "route":
            raise TypeError(f"{name}: routes are declared in chalicelib/api with `endpoint`")
        super()._register_handler(handler_type, name, user_handler, wrapped_handler, kwargs, options)
        self._function_handlers.append((wrapped_handler, name))
        self._wrap(wrapped_handler, name)

    def register(self, app: Chalice, options: dict[str, Any]) -> None:
        super().register(app, options)
        for handler, name in self._function_handlers:  # registration replaced them with the app's own
            self._wrap(handler, name)

    @staticmethod
    def _wrap(handler: Any, name: str) -> None:
        from chalicelib.kernel.observability import middleware_for

        handler.middleware_handlers = middleware_for(name)
        handler.handler = None  # rebuilt from these on the next invocation
