"""Shared pieces of the request/response contracts."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from chalicelib.kernel.errors import InvalidInput


class Contract(BaseModel):
    """Base of every request and response model: unknown fields are refused, strings are trimmed, and no float
    is ever NaN or infinite (JSON `1e400` parses as infinity: it is refused, never stored).

    `defer_build`: a model's validator is built when it is first used, not at import, so a cold start pays only
    for the models its first request touches (the API function registers every route's models at import).
    """

    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, populate_by_name=True, allow_inf_nan=False, defer_build=True
    )


def _patch_schema(schema: dict[str, Any], model: type[BaseModel]) -> None:
    """The published schema says what the null rule does: only CLEARABLE fields accept null."""
    clearable: frozenset[str] = getattr(model, "CLEARABLE", frozenset())
    for name, prop in schema.get("properties", {}).items():
        if name in clearable or "anyOf" not in prop:
            continue
        options = [o for o in prop["anyOf"] if o != {"type": "null"}]
        prop.pop("anyOf")
        if prop.get("default", "") is None:
            prop.pop("default")
        if len(options) == 1:
            prop.update(options[0])
        else:
            prop["anyOf"] = options


class PatchContract(Contract):
    """Base of every PATCH body; one rule for a null, whatever the entity.

    A field left out keeps its value. A field sent as null clears it only when it is optional on the entity
    (listed in CLEARABLE); any other null is refused with a 400 naming the field (`null_not_allowed`), so no
    update can write a value the entity cannot hold.
    """

    model_config = ConfigDict(json_schema_extra=_patch_schema)
    CLEARABLE: ClassVar[frozenset[str]] = frozenset()

    @field_validator("*", mode="before")
    @classmethod
    def _null_rule(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None and info.field_name not in cls.CLEARABLE:
            raise PydanticCustomError("null_not_allowed", "cannot be null; leave the field out to keep its value")
        return value

    def changes(self) -> dict[str, Any]:
        """The sent fields (nulls included, meaning clear), without the version."""
        return {k: v for k, v in self.model_dump(mode="json", exclude_unset=True).items() if k != "version"}


Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
Cursor = Annotated[str, StringConstraints(max_length=1024)]


class PageQuery(Contract):
    limit: int = Field(default=20, ge=1, le=100)
    cursor: Cursor | None = None


class Page(Contract):
    nextCursor: str | None = Field(default=None, description="Pass back as `cursor` for the next page")


# A client's times, in queries and bodies.
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)


def parse_time(value: str | None, field_name: str) -> datetime | None:
    """A client's time: ISO-8601 with a zone, between 2000 and 2100 (nothing here is older or newer, and the
    arithmetic on it must never overflow)."""
    from chalicelib.kernel.clock import parse_iso

    if value is None:
        return None
    try:
        moment = parse_iso(value)
    except Exception:  # whatever the parser trips over, the client sent a bad time
        raise InvalidInput(
            f"{field_name} is not an ISO-8601 time with a zone",
            code="VALIDATION_FAILED",
            details=[{"field": field_name, "code": "invalid_time", "message": "e.g. 2026-01-31T08:00:00Z"}],
        ) from None
    if not EARLIEST <= moment < LATEST:
        raise InvalidInput(
            f"{field_name} is out of range",
            code="VALIDATION_FAILED",
            details=[{"field": field_name, "code": "out_of_range", "message": "between 2000 and 2100"}],
        )
    return moment
