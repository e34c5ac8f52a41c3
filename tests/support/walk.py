"""The fields of every declared endpoint's request and query models, nested models and lists included, for the tests
that walk a class of input across the whole API (times, strict types, references)."""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo


@dataclass(frozen=True)
class Field:
    ep: Any
    where: str  # "body" | "query"
    path: tuple[str, ...]  # wire names from the model's top: ("admissions", "at")
    lists: tuple[bool, ...]  # per segment: is that segment a list (its items are the next segment)?
    info: FieldInfo

    @property
    def name(self) -> str:
        return self.path[-1]

    @property
    def detail_field(self) -> str:
        """How an error detail names it: `query.from`, `startsAt`, `admissions.0.at`."""
        parts: list[str] = []
        last = len(self.path) - 1
        for i, (segment, is_list) in enumerate(zip(self.path, self.lists, strict=True)):
            parts.append(segment)
            if is_list and i < last:
                parts.append("0")
        return ("query." if self.where == "query" else "") + ".".join(parts)

    def body_with(self, value: Any) -> dict[str, Any]:
        """A body holding `value` at this field (and nothing else; a list on the way holds one item)."""
        inner: Any = value
        last = len(self.path) - 1
        for i in range(last, -1, -1):
            inner = {self.path[i]: [inner] if self.lists[i] and i < last else inner}
        return dict(inner)

    def annotation_args(self) -> list[Any]:
        """The annotation and everything nested in it (Optional, list, Annotated metadata)."""
        found: list[Any] = []
        stack: list[Any] = [self.info.annotation, *self.info.metadata]
        while stack:
            item = stack.pop()
            found.append(item)
            stack.extend(typing.get_args(item))
            stack.extend(getattr(item, "__metadata__", ()))
        return found


def _models_in(annotation: Any) -> list[tuple[type[BaseModel], bool]]:
    """Models inside an annotation, each with whether it sits in a list."""
    out: list[tuple[type[BaseModel], bool]] = []
    origin = typing.get_origin(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [(annotation, False)]
    args = typing.get_args(annotation)
    if origin in (list, tuple, set, frozenset):
        return [(m, True) for arg in args for m, _ in _models_in(arg)]
    if origin in (typing.Union, types.UnionType, typing.Annotated) or origin is None:
        return [pair for arg in args for pair in _models_in(arg)]
    return out


def fields_of(model: type[BaseModel], ep: Any, where: str) -> list[Field]:
    found: list[Field] = []
    stack: list[tuple[type[BaseModel], tuple[str, ...], tuple[bool, ...]]] = [(model, (), ())]
    while stack:
        current, path, lists = stack.pop()
        for name, info in current.model_fields.items():
            wire = info.alias or name
            nested = _models_in(info.annotation)
            in_list = bool(nested) and nested[0][1]
            found.append(Field(ep, where, (*path, wire), (*lists, in_list), info))
            for inner, is_list in nested:
                stack.append((inner, (*path, wire), (*lists, is_list)))
    return found


def every_field() -> list[Field]:
    from chalicelib.kernel.lazy_routes import all_endpoints

    out: list[Field] = []
    for ep in all_endpoints():
        if ep.request is not None and not ep.raw_body:
            out.extend(fields_of(ep.request, ep, "body"))
        if ep.query is not None:
            out.extend(fields_of(ep.query, ep, "query"))
    return out
