"""What a route handler gets: the parsed, validated request and who made it (`Call`), and the request id every
log line and error body carries. Apart from the endpoint decorator so that the audit log and the method override
can name them without importing it."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from chalicelib.kernel.security.principal import Principal

B = TypeVar("B", bound=BaseModel)


@dataclass
class Call(Generic[B]):
    """What a handler gets: the parsed, validated request and who made it."""

    request_id: str
    principal: Principal | None
    path: dict[str, str]
    body: Any = None
    query: Any = None
    source_ip: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    raw_body: bytes = b""

    @property
    def who(self) -> Principal:
        if self.principal is None:
            raise RuntimeError("public route asked for a principal")
        return self.principal


Handler = Callable[[Call[Any]], Any]


def request_id_of(request: Any) -> str:
    context = getattr(request, "context", None) or {}
    return str(context.get("requestId") or uuid.uuid4())
