"""Shared pieces of the request/response contracts."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints


class Contract(BaseModel):
    """Base of every request and response model: unknown fields are refused, strings are trimmed.

    `defer_build`: a model's validator is built when it is first used, not at import, so a cold start pays only
    for the models its first request touches (the API function registers every route's models at import).
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, populate_by_name=True, defer_build=True)


Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
Cursor = Annotated[str, StringConstraints(max_length=1024)]


class PageQuery(Contract):
    limit: int = Field(default=20, ge=1, le=100)
    cursor: Cursor | None = None


class Page(Contract):
    nextCursor: str | None = Field(default=None, description="Pass back as `cursor` for the next page")
