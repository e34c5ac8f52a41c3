"""The subset of AWS IoT SQL (version 2016-03-23) that the local rules bridge evaluates.

The topic rules in ``infra/resources.yaml`` are deployed to AWS IoT Core as they are; locally,
``infra/localcloud/rules_bridge.py`` evaluates them with this module. Anything outside the subset raises
:class:`UnsupportedSql` when the rule is parsed (loudly, at bridge start), never silently at message time.

Supported grammar (keywords case-insensitive)::

    rule      := SELECT items FROM '<topic filter>' [WHERE condition]
    items     := item (',' item)*
    item      := '*' | expr AS name
    expr      := field | literal | function
    field     := name ('.' name)*                 -- a payload field (JSON payloads only)
    literal   := 'string' | number | true | false
    function  := topic() | topic(n) | clientid() | timestamp() | encode(*, 'base64')
    condition := term (OR term)*
    term      := factor (AND factor)*
    factor    := NOT factor | '(' condition ')' | expr op expr
    op        := = | <> | != | < | <= | > | >=

Semantics, as in AWS IoT:

- The topic filter uses MQTT wildcards ``+`` (one level) and ``#`` (the rest, last level only).
- ``topic(n)`` is the n-th level (1-based) of the concrete topic, ``topic()`` the whole topic.
- ``timestamp()`` is milliseconds since the epoch when the broker received the message; ``clientid()`` is
  the MQTT client id of the publisher.
- ``encode(*, 'base64')`` is the raw payload in base64, so non-JSON payloads survive.
- ``SELECT *`` copies the JSON payload's fields; with a payload that is not a JSON object, a rule that
  selects ``*`` or a field, or whose WHERE reads a field, does not match (AWS reports the payload as
  undefined fields; the local bridge treats it the same way).
- A comparison with an undefined operand (a missing field) is Undefined, which AND/OR/NOT propagate and WHERE
  treats as no match; comparing a number with a string, or a boolean with anything but a boolean, is false.

Not supported (raise :class:`UnsupportedSql`): nested SELECTs, other functions, arithmetic, CASE, array
indexing, ``SELECT VALUE``, wildcards in the middle of field paths, and any SQL version but 2016-03-23.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass, field
from typing import Any, Final

SQL_VERSION: Final = "2016-03-23"
_UNDEFINED: Final = object()


class UnsupportedSql(ValueError):
    """The rule uses SQL outside the subset documented in this module."""


@dataclass(frozen=True)
class Message:
    """One MQTT message as the rules engine sees it."""

    topic: str
    payload: bytes
    client_id: str = ""
    timestamp_ms: int = 0
    basic_ingest: bool = False  # sent to `$aws/rules/<this rule>/<topic>`: `topic` is without that prefix

    def json(self) -> Any:
        try:
            return json.loads(self.payload)
        except (ValueError, UnicodeDecodeError, RecursionError):  # not JSON to the rules engine: no field matches
            return _UNDEFINED


# --------------------------------------------------------------------------- expressions


@dataclass(frozen=True)
class Field:
    path: tuple[str, ...]

    def value(self, message: Message, doc: Any) -> Any:
        current = doc
        for part in self.path:
            if not isinstance(current, dict) or part not in current:
                return _UNDEFINED
            current = current[part]
        return current


@dataclass(frozen=True)
class Literal:
    literal: Any

    def value(self, message: Message, doc: Any) -> Any:
        return self.literal


@dataclass(frozen=True)
class Function:
    name: str
    args: tuple[Any, ...] = ()

    def value(self, message: Message, doc: Any) -> Any:
        if self.name == "topic":
            if not self.args:
                return message.topic
            levels = message.topic.split("/")
            index = int(self.args[0])
            return levels[index - 1] if 1 <= index <= len(levels) else _UNDEFINED
        if self.name == "timestamp":
            return message.timestamp_ms
        if self.name == "clientid":
            return message.client_id
        if self.name == "encode":
            return base64.b64encode(message.payload).decode("ascii")
        raise UnsupportedSql(f"function {self.name}()")  # unreachable: the parser refuses it first


Expr = Field | Literal | Function


@dataclass(frozen=True)
class Comparison:
    left: Expr
    op: str
    right: Expr

    def holds(self, message: Message, doc: Any) -> bool | None:
        a, b = self.left.value(message, doc), self.right.value(message, doc)
        if a is _UNDEFINED or b is _UNDEFINED:
            return None
        numeric = (int, float)
        if isinstance(a, bool) or isinstance(b, bool):
            comparable = isinstance(a, bool) and isinstance(b, bool)
        else:
            comparable = (isinstance(a, numeric) and isinstance(b, numeric)) or (
                isinstance(a, str) and isinstance(b, str)
            )
        if not comparable:
            return False
        if self.op == "=":
            return bool(a == b)
        if self.op in ("<>", "!="):
            return bool(a != b)
        if isinstance(a, bool):
            return False
        return bool({"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[self.op])


@dataclass(frozen=True)
class BoolOp:
    op: str  # AND | OR | NOT
    parts: tuple[Any, ...]

    def holds(self, message: Message, doc: Any) -> bool | None:
        """Three-valued: None is Undefined (a missing field), which NOT keeps and WHERE treats as no match."""
        if self.op == "NOT":
            inner = self.parts[0].holds(message, doc)
            return None if inner is None else not inner
        values = [p.holds(message, doc) for p in self.parts]
        decisive = self.op == "OR"  # OR: any True decides; AND: any False decides
        if decisive in values:
            return decisive
        return None if None in values else not decisive


Condition = Comparison | BoolOp


@dataclass(frozen=True)
class Rule:
    """A parsed topic rule: ``evaluate`` returns the rule's output document, or ``None`` when it does not match."""

    sql: str
    topic_filter: str
    select_all: bool
    items: tuple[tuple[str, Expr], ...]
    where: Condition | None = None
    needs_json: bool = field(default=False)

    def matches_topic(self, topic: str) -> bool:
        return topic_matches(self.topic_filter, topic)

    def evaluate(self, message: Message) -> dict[str, Any] | None:
        """A Basic Ingest message named this rule (``$aws/rules/<name>/...``, the prefix already taken off): AWS runs
        the named rule without matching its FROM filter (FROM is optional for such rules); WHERE still applies."""
        if not message.basic_ingest and not self.matches_topic(message.topic):
            return None
        doc = message.json() if self.needs_json else None
        if self.needs_json and not isinstance(doc, dict):
            return None
        if self.where is not None and self.where.holds(message, doc) is not True:
            return None
        out: dict[str, Any] = dict(doc) if self.select_all and isinstance(doc, dict) else {}
        for name, expr in self.items:
            value = expr.value(message, doc)
            if value is not _UNDEFINED:
                out[name] = value
        return out


def topic_matches(topic_filter: str, topic: str) -> bool:
    """MQTT filter matching (``+`` one level, ``#`` the rest, including the parent level)."""
    f_levels, t_levels = topic_filter.split("/"), topic.split("/")
    for index, level in enumerate(f_levels):
        if level == "#":
            return True
        if index >= len(t_levels):
            return False
        if level != "+" and level != t_levels[index]:
            return False
    return len(f_levels) == len(t_levels)


# --------------------------------------------------------------------------- parser

_TOKEN: Final = re.compile(
    r"\s*(?:(?P<string>'(?:[^']|'')*')|(?P<number>-?\d+(?:\.\d+)?)|(?P<op><>|!=|<=|>=|=|<|>)"
    r"|(?P<punct>[(),*.])|(?P<name>[A-Za-z_][A-Za-z0-9_]*))"
)
_KEYWORDS: Final = frozenset({"SELECT", "FROM", "WHERE", "AS", "AND", "OR", "NOT", "TRUE", "FALSE"})


def _tokenize(sql: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    position = 0
    sql = sql.strip()
    while position < len(sql):
        match = _TOKEN.match(sql, position)
        if match is None or match.end() == position:
            raise UnsupportedSql(f"cannot read rule SQL at {sql[position : position + 20]!r}")
        kind = match.lastgroup or ""
        text = match.group(kind)
        if kind == "name" and text.upper() in _KEYWORDS:
            kind, text = "kw", text.upper()
        tokens.append((kind, text))
        position = match.end()
    return tokens


class _Parser:
    def __init__(self, sql: str):
        self.sql = sql
        self.tokens = _tokenize(sql)
        self.i = 0
        self.reads_fields = False

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.i] if self.i < len(self.tokens) else ("end", "")

    def take(self, kind: str, text: str | None = None) -> str:
        got = self.peek()
        if got[0] != kind or (text is not None and got[1] != text):
            raise UnsupportedSql(f"expected {text or kind}, found {got[1] or 'end'!r} in {self.sql!r}")
        self.i += 1
        return got[1]

    def accept(self, kind: str, text: str) -> bool:
        if self.peek() == (kind, text):
            self.i += 1
            return True
        return False

    def rule(self) -> Rule:
        self.take("kw", "SELECT")
        select_all = False
        items: list[tuple[str, Expr]] = []
        while True:
            if self.accept("punct", "*"):
                if select_all:
                    raise UnsupportedSql("'*' selected twice")
                select_all = True
            else:
                expr = self.expr()
                self.take("kw", "AS")
                items.append((self.take("name"), expr))
            if not self.accept("punct", ","):
                break
        self.take("kw", "FROM")
        topic_filter = _unquote(self.take("string"))
        _check_filter(topic_filter)
        where = None
        if self.accept("kw", "WHERE"):
            where = self.condition()
        if self.peek()[0] != "end":
            raise UnsupportedSql(f"unexpected {self.peek()[1]!r} in {self.sql!r}")
        return Rule(self.sql, topic_filter, select_all, tuple(items), where, select_all or self.reads_fields)

    def condition(self) -> Condition:
        parts = [self.term()]
        while self.accept("kw", "OR"):
            parts.append(self.term())
        return parts[0] if len(parts) == 1 else BoolOp("OR", tuple(parts))

    def term(self) -> Condition:
        parts = [self.factor()]
        while self.accept("kw", "AND"):
            parts.append(self.factor())
        return parts[0] if len(parts) == 1 else BoolOp("AND", tuple(parts))

    def factor(self) -> Condition:
        if self.accept("kw", "NOT"):
            return BoolOp("NOT", (self.factor(),))
        if self.accept("punct", "("):
            inner = self.condition()
            self.take("punct", ")")
            return inner
        left = self.expr()
        op = self.take("op")
        return Comparison(left, op, self.expr())

    def expr(self) -> Expr:
        kind, text = self.peek()
        if kind == "string":
            self.i += 1
            return Literal(_unquote(text))
        if kind == "number":
            self.i += 1
            return Literal(float(text) if "." in text else int(text))
        if kind == "kw" and text in ("TRUE", "FALSE"):
            self.i += 1
            return Literal(text == "TRUE")
        if kind != "name":
            raise UnsupportedSql(f"expected an expression, found {text or 'end'!r} in {self.sql!r}")
        self.i += 1
        if self.accept("punct", "("):
            return self.function(text.lower())
        path = [text]
        while self.accept("punct", "."):
            path.append(self.take("name"))
        self.reads_fields = True
        return Field(tuple(path))

    def function(self, name: str) -> Function:
        if name == "topic":
            if self.accept("punct", ")"):
                return Function("topic")
            number = self.take("number")
            self.take("punct", ")")
            if "." in number or int(number) < 1:
                raise UnsupportedSql(f"topic({number}): the level must be a positive integer")
            return Function("topic", (int(number),))
        if name in ("timestamp", "clientid"):
            self.take("punct", ")")
            return Function(name)
        if name == "encode":
            self.take("punct", "*")
            self.take("punct", ",")
            scheme = _unquote(self.take("string"))
            self.take("punct", ")")
            if scheme != "base64":
                raise UnsupportedSql(f"encode(*, {scheme!r}): only base64 is supported")
            return Function("encode", ("base64",))
        raise UnsupportedSql(f"function {name}() is not in the supported subset")


def _unquote(text: str) -> str:
    return text[1:-1].replace("''", "'")


def _check_filter(topic_filter: str) -> None:
    levels = topic_filter.split("/")
    for index, level in enumerate(levels):
        if ("#" in level and (level != "#" or index != len(levels) - 1)) or ("+" in level and level != "+"):
            raise UnsupportedSql(f"invalid topic filter {topic_filter!r}")


def parse_rule(sql: str, sql_version: str = SQL_VERSION) -> Rule:
    """Parse one rule's SQL; raises :class:`UnsupportedSql` for anything outside the subset."""
    if sql_version != SQL_VERSION:
        raise UnsupportedSql(f"AwsIotSqlVersion {sql_version!r}: only {SQL_VERSION} is supported")
    return _Parser(sql).rule()
