"""A JSON body already has its types: nothing in it is coerced. An integer field refuses `true`, `"10"`, `10.0`,
`1e2` and `10.5`; a boolean refuses `1` and `"true"`; a number refuses `"1.5"` and `true` (money above all:
`{"unitPriceFen": true}` was a fee item of 1 fen). Query strings are text, so they are the one place a string
becomes a number or a boolean.

The class, walked over every declared endpoint: every integer, boolean and number field of every request body
(nested and in lists), each wrong type answered 400 VALIDATION_FAILED naming the field and the type it wants.
"""

from __future__ import annotations

import json
import typing
import uuid
from typing import Any

from tests.support.callers import details_of, error_of, fill, send, token_through
from tests.support.walk import Field, every_field

COMMUNITY = "c-strict-" + uuid.uuid4().hex[:8]
HOUSE = "h-strict-1"

# raw JSON text for each wrong value (so `1e2` and `10.0` reach the parser as written)
WRONG = {
    "int": {"true": "int_type", '"10"': "int_type", "10.0": "int_type", "1e2": "int_type", "10.5": "int_type"},
    "bool": {"1": "bool_type", '"true"': "bool_type", "0": "bool_type", '"yes"': "bool_type"},
    "float": {'"1.5"': "float_type", "true": "float_type", '"NaN"': "float_type"},
}
PLACEHOLDER = "__wrong_value__"


def primitive(field: Field) -> tuple[str, bool] | None:
    """(`int` | `bool` | `float`, whether it is a list of them), or None for any other field."""
    annotation = field.info.annotation
    args = field.annotation_args()
    in_list = any(typing.get_origin(a) is list for a in [annotation, *typing.get_args(annotation)])
    for name, kind in (("bool", bool), ("int", int), ("float", float)):
        if kind in args:
            return name, in_list
    return None


def numeric_fields() -> list[tuple[Field, str, bool]]:
    found = []
    for field in every_field():
        if field.where != "body":
            continue
        kind = primitive(field)
        if kind is not None:
            found.append((field, *kind))
    return found


def test_every_integer_boolean_and_number_in_a_body_is_strict(client: Any) -> None:
    fields = numeric_fields()
    names = {".".join(f.path) for f, _, _ in fields}
    assert {"unitPriceFen", "amountFen", "entries", "days", "approvalRequired", "version"} <= names, names
    failures: list[str] = []
    sent = 0
    for field, kind, in_list in fields:
        ep = field.ep
        path = fill(ep.path, COMMUNITY, HOUSE)
        tok = token_through(ep, COMMUNITY, HOUSE, subject="strict")
        detail = field.detail_field + (".0" if in_list else "")
        for raw, code in WRONG[kind].items():
            value: Any = [PLACEHOLDER] if in_list else PLACEHOLDER
            text = json.dumps(field.body_with(value)).replace(f'"{PLACEHOLDER}"', raw)
            response = send(client, ep.method, path, text.encode(), tok)
            sent += 1
            if response.status_code != 400 or error_of(response).get("code") != "VALIDATION_FAILED":
                failures.append(f"{ep.method} {ep.path} {detail}={raw}: {response.status_code} {response.body[:160]!r}")
            elif (detail, code) not in details_of(response):
                failures.append(f"{ep.method} {ep.path} {detail}={raw}: {details_of(response)}, want {code}")
    print(f"{sent} wrong-typed values over {len(fields)} numeric body fields")
    assert not failures, f"{len(failures)} of {sent}:\n" + "\n".join(failures[:40])


def test_a_fee_item_priced_true_is_refused_and_nothing_is_defined(client: Any) -> None:
    """The review's request: `{"unitPriceFen": true}` -> 201 with 1 fen. Now 400, and the fee item does not exist."""
    from tests.support.identity import token_for

    manager = token_for({"staff.manager"}, {COMMUNITY}, subject="strict-manager")
    path = f"/v1/staff/communities/{COMMUNITY}/fee-items"
    item = {"feeItemId": "parking", "name": "停车费", "kind": "fixed", "period": "monthly"}
    for raw in ("true", '"10"', "10.0", "1e2"):
        text = json.dumps({**item, "unitPriceFen": PLACEHOLDER}).replace(f'"{PLACEHOLDER}"', raw)
        response = send(client, "POST", path, text.encode(), manager)
        assert response.status_code == 400, (raw, response.body)
        assert details_of(response) == [("unitPriceFen", "int_type")], raw
    listed = json.loads(send(client, "GET", path, None, manager).body)["items"]
    assert listed == []
    created = send(client, "POST", path, {**item, "unitPriceFen": 10_000}, manager)
    assert created.status_code == 201 and json.loads(created.body)["unitPriceFen"] == 10_000


def test_query_strings_are_the_one_place_text_becomes_a_number(client: Any) -> None:
    from tests.support.identity import token_for

    guard = token_for({"staff.guard"}, {COMMUNITY}, subject="strict-guard")
    base = f"/v1/staff/communities/{COMMUNITY}/entry-records/statistics?fromDay=2026-01-01"
    assert send(client, "GET", base + "&days=3", None, guard).status_code == 200
    refused = send(client, "GET", base + "&days=3.5", None, guard)
    assert refused.status_code == 400 and details_of(refused) == [("query.days", "int_parsing")]
