"""Shared pieces of the request/response contracts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any, ClassVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)
from pydantic_core import PydanticCustomError

from chalicelib.kernel.clock import TimeRefused, client_day, client_gat_time, client_month, client_time
from chalicelib.kernel.errors import InvalidInput

DAY = r"^\d{4}-\d{2}-\d{2}$"
MONTH = r"^\d{4}-(0[1-9]|1[0-2])$"


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


# Every time, day and month a client sends, in a query, a body or a path: read by the one reader in `kernel/clock.py`
# (a zone-less time is refused; everything between 2000 and 2100). `tests/kernel/integration/test_client_times.py`
# walks every declared endpoint and fails on a time-like field that does not use these types.


def _reader(read: Callable[[object], Any]) -> Callable[[object], Any]:
    def validate(value: object) -> Any:
        try:
            return read(value)
        except TimeRefused as exc:
            raise PydanticCustomError(exc.code, exc.message) from None

    return validate


Time = Annotated[datetime, BeforeValidator(_reader(client_time))]
# GA/T 1400's `YYYYMMDDhhmmss` (Beijing time, as the standard defines it), or ISO-8601 with its zone
GatTime = Annotated[
    datetime,
    BeforeValidator(_reader(client_gat_time)),
    WithJsonSchema(
        {"type": "string", "description": "YYYYMMDDhhmmss, Beijing time (GA/T 1400), or ISO-8601 with its zone"}
    ),
]
Day = Annotated[
    str, BeforeValidator(_reader(client_day)), WithJsonSchema({"type": "string", "format": "date", "pattern": DAY})
]
Month = Annotated[str, BeforeValidator(_reader(client_month)), WithJsonSchema({"type": "string", "pattern": MONTH})]


def path_value(read: Callable[[object], str], value: str, field_name: str) -> str:
    """A day or month named in a path (`/reconciliations/{day}`), read like a body's: a 400 naming the field."""
    try:
        return read(value)
    except TimeRefused as exc:
        raise InvalidInput(
            f"{field_name}: {exc.message}",
            code="VALIDATION_FAILED",
            details=[{"field": f"path.{field_name}", "code": exc.code, "message": exc.message}],
        ) from None
