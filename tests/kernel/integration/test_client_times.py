"""Every time, day and month a client sends goes through the one reader (`kernel/clock.py`, via the contract types
`Time`, `Day`, `Month` of `kernel/contracts.py`): a time needs its zone (a zone-less time is refused, never guessed),
everything lies between 2000 and 2100, and no edge value reaches a handler to fail there.

The class, walked over every declared endpoint (present and future):
- every body or query field that is a time, a day or a month (by its name or its type) uses the kernel types;
- every such field of every operation answers each edge value with 400 VALIDATION_FAILED naming the field and why;
- every operation with a time in its query, given in-range edge values, answers without a 5xx (the handler's own
  arithmetic holds at the ends of the range);
- the days and months named in paths are read the same way.
The review's requests (a zone-less `from`, a pass in 2106, `fromDay=9999-12-31`) are replayed at the end.
"""

from __future__ import annotations

import json
import re
import uuid
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

import pytest

from tests.support.callers import details_of, error_of, fill, send, token_through
from tests.support.walk import Field, every_field

COMMUNITY = "c-times-" + uuid.uuid4().hex[:8]
HOUSE = "h-times-1"

# Names that say "a time, a day or a month" (`startsAt`, `validUntil`, `fromDay`, `installedOn`, `from`, `at`).
TIME_NAME = re.compile(r"(At|On|Day|Month|Until|From|To|Since)$|^(at|on|day|month|until|from|to|since|date|time)$")
# Fields whose name says time but that are no client time, and why.
NOT_CLIENT_TIMES = {
    # the gate's signed proof: its exact text is signed, so it stays text; the gate-session check reads it with
    # kernel/clock.parse_iso and refuses anything outside a few minutes of now (every edge value) with 401
    ("POST /v1/gate/sessions", "signedAt"),
}

BAD_TIMES: dict[str, str | int | bool] = {
    "2026-01-01T00:00:00": "time_zone_missing",
    "2026-01-01": "time_zone_missing",
    "2106-02-07T06:00:00Z": "out_of_range",
    "2106-02-07T05:00:00Z": "out_of_range",
    "2107-01-01T00:00:00Z": "out_of_range",
    "9000-01-01T00:00:00Z": "out_of_range",
    "9999-12-31T23:59:59Z": "out_of_range",
    "9999-12-31T23:59:59-01:00": "out_of_range",
    "0001-01-01T00:00:00+01:00": "out_of_range",
    "1999-12-31T23:59:59Z": "out_of_range",
    "2100-01-01T00:00:00Z": "out_of_range",
    "2026-13-01T00:00:00Z": "invalid_time",
    "2026-02-30T00:00:00Z": "invalid_time",
    "yesterday": "invalid_time",
    "9" * 5000: "invalid_time",
}
BAD_TIMES_IN_BODIES: dict[str, str | int | bool] = {"1700000000 (a number)": "invalid_time", "true": "invalid_time"}
BAD_DAYS = {
    "9999-12-31": "out_of_range",
    "0001-01-01": "out_of_range",
    "1999-12-31": "out_of_range",
    "2100-01-01": "out_of_range",
    "2026-02-30": "invalid_day",
    "2026-13-01": "invalid_day",
    "20260101": "invalid_day",
    "2026-01-01T00:00:00Z": "invalid_day",
}
BAD_MONTHS = {
    "9999-12": "out_of_range",
    "1999-12": "out_of_range",
    "2100-01": "out_of_range",
    "2026-13": "invalid_month",
}
GOOD = {"time": "2026-01-01T00:00:00Z", "day": "2026-01-01", "month": "2026-01"}
EDGES = {
    "time": [
        "2000-01-01T00:00:00Z",
        "2099-12-31T23:59:59.999Z",
        "2100-01-01T07:59:59+08:00",
        "2026-06-01T08:00:00+08:00",
    ],
    "day": ["2000-01-01", "2099-12-31"],
    "month": ["2000-01", "2099-12"],
}
BODY_VALUES = {"1700000000 (a number)": 1_700_000_000, "true": True}


def kind_of(field: Field) -> str | None:
    """`time`, `day` or `month` when the field uses the kernel type; None otherwise."""
    from chalicelib.kernel.contracts import Day, Month, Time

    found = field.annotation_args()
    for name, kernel_type in (("time", Time), ("day", Day), ("month", Month)):
        marker = kernel_type.__metadata__[0]
        if any(item is marker for item in found):
            return name
    return None


def looks_like_time(field: Field) -> bool:
    from datetime import date, datetime

    typed = any(item in (datetime, date) for item in field.annotation_args())
    return typed or bool(TIME_NAME.search(field.name))


def time_fields() -> list[Field]:
    return [f for f in every_field() if kind_of(f) is not None]


def op(field: Field) -> str:
    return f"{field.ep.method} {field.ep.path}"


def test_every_time_like_field_uses_the_kernel_reader(app: Any) -> None:
    offenders = [
        f"{op(f)} {f.where}.{'.'.join(f.path)}"
        for f in every_field()
        if looks_like_time(f) and kind_of(f) is None and (op(f), f.name) not in NOT_CLIENT_TIMES
    ]
    assert not offenders, "time-like fields that bypass kernel Time/Day/Month:\n" + "\n".join(offenders)
    # and the walk has something to walk: the review's fields are all in it
    walked = {(op(f), f.detail_field) for f in time_fields()}
    for expected in (
        ("GET /v1/staff/communities/{community_id}/alarm-statistics", "query.from"),
        ("GET /v1/staff/communities/{community_id}/alarms", "query.from"),
        ("GET /v1/resident/communities/{community_id}/houses/{house_id}/alarms", "query.to"),
        ("POST /v1/resident/communities/{community_id}/houses/{house_id}/visitor-passes", "startsAt"),
        ("GET /v1/staff/communities/{community_id}/entry-records/statistics", "query.fromDay"),
        ("POST /v1/gate/communities/{community_id}/offline-entries", "admissions.0.at"),
    ):
        assert expected in walked, expected


def _value(text: str) -> Any:
    return BODY_VALUES.get(text, text)


def _request(client: Any, field: Field, value: Any) -> Any:
    ep = field.ep
    path = fill(ep.path, COMMUNITY, HOUSE)
    tok = token_through(ep, COMMUNITY, HOUSE, subject="times")
    if field.where == "query":
        return send(client, ep.method, f"{path}?{urlencode({field.name: value})}", None, tok)
    return send(client, ep.method, path, field.body_with(value), tok)


def test_every_time_field_refuses_every_edge_value_naming_the_field(client: Any) -> None:
    fields = time_fields()
    assert len(fields) >= 25, len(fields)
    failures: list[str] = []
    sent = 0
    for field in fields:
        kind = kind_of(field)
        bad = {"time": BAD_TIMES, "day": BAD_DAYS, "month": BAD_MONTHS}[kind or "time"]
        cases = dict(bad)
        if kind == "time" and field.where == "body":
            cases.update(BAD_TIMES_IN_BODIES)
        for text, code in cases.items():
            response = _request(client, field, _value(text))
            sent += 1
            got = details_of(response)
            if response.status_code != 400 or error_of(response).get("code") != "VALIDATION_FAILED":
                failures.append(f"{op(field)} {field.detail_field}={text[:30]!r}: {response.status_code} {got}")
            elif (field.detail_field, code) not in got:
                failures.append(f"{op(field)} {field.detail_field}={text[:30]!r}: details {got}, want {code}")
    print(f"{sent} edge values over {len(fields)} time fields of {len({op(f) for f in fields})} operations")
    assert not failures, f"{len(failures)} of {sent}:\n" + "\n".join(failures[:40])


def test_in_range_edges_reach_every_query_handler_without_a_5xx(client: Any) -> None:
    """The handler gets the ends of the range (alone and with its other time parameters at a middle value): its
    own arithmetic (defaults, spans, day runs) holds, so the answer is 2xx or a 4xx with a code, never 5xx."""
    by_op: dict[str, list[Field]] = {}
    for field in time_fields():
        if field.where == "query":
            by_op.setdefault(op(field), []).append(field)
    failures: list[str] = []
    for fields in by_op.values():
        ep = fields[0].ep
        required = {f.name: GOOD[kind_of(f) or "time"] for f in fields if f.info.is_required()}
        tok = token_through(ep, COMMUNITY, HOUSE, subject="times")
        for field in fields:
            for edge in EDGES[kind_of(field) or "time"]:
                for others in ({}, {f.name: GOOD[kind_of(f) or "time"] for f in fields if f is not field}):
                    query = {**required, **others, field.name: edge}
                    path = fill(ep.path, COMMUNITY, HOUSE) + "?" + urlencode(query)
                    response = send(client, ep.method, path, None, tok)
                    if response.status_code >= 500 or not (response.status_code < 300 or error_of(response)):
                        failures.append(f"{ep.method} {path}: {response.status_code} {response.body[:200]!r}")
    assert len(by_op) >= 8, sorted(by_op)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(
    ("path", "field", "value", "code"),
    [
        ("/reconciliations/{}", "path.day", "9999-12-31", "out_of_range"),
        ("/reconciliations/{}", "path.day", "2026-02-30", "invalid_day"),
        ("/reconciliations/{}", "path.day", "yesterday", "invalid_day"),
        ("/ledger/{}/publish", "path.month", "9999-12", "out_of_range"),
        ("/ledger/{}/publish", "path.month", "2026-13", "invalid_month"),
    ],
)
def test_days_and_months_in_paths_are_read_the_same_way(
    client: Any, path: str, field: str, value: str, code: str
) -> None:
    from tests.support.identity import token_for

    manager = token_for({"staff.manager"}, {COMMUNITY}, subject="times-manager")
    method = "POST" if "publish" in path else "GET"
    response = send(client, method, f"/v1/staff/communities/{COMMUNITY}" + path.format(value), {}, manager)
    assert response.status_code == 400, response.body
    assert details_of(response) == [(field, code)]


# ---- the review's requests, replayed --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/v1/staff/communities/{c}/alarm-statistics",
        "/v1/staff/communities/{c}/alarms",
        "/v1/resident/communities/{c}/houses/{h}/alarms",
    ],
)
def test_a_zone_less_from_is_refused_not_a_500(client: Any, path: str) -> None:
    from tests.support.identity import token_for

    staff = token_for({"staff.guard"}, {COMMUNITY}, subject="times-guard")
    resident = token_for({"resident.owner"}, {COMMUNITY}, kind="resident", households={HOUSE}, subject="times-res")
    tok = resident if "/resident/" in path else staff
    url = path.format(c=COMMUNITY, h=HOUSE) + "?from=2026-01-01T00:00:00"
    response = send(client, "GET", url, None, tok)
    assert response.status_code == 400 and details_of(response) == [("query.from", "time_zone_missing")]
    assert (
        send(client, "GET", path.format(c=COMMUNITY, h=HOUSE) + "?from=2026-01-01T00:00:00Z", None, tok).status_code
        == 200
    )


def test_entry_statistics_from_the_last_day_and_from_9999(client: Any) -> None:
    from tests.support.identity import token_for

    guard = token_for({"staff.guard"}, {COMMUNITY}, subject="times-guard")
    base = f"/v1/staff/communities/{COMMUNITY}/entry-records/statistics"
    refused = send(client, "GET", base + "?fromDay=9999-12-31", None, guard)
    assert refused.status_code == 400 and details_of(refused) == [("query.fromDay", "out_of_range")]
    last = send(client, "GET", base + "?fromDay=2099-12-31&days=31", None, guard)
    assert last.status_code == 200, last.body
    days = json.loads(last.body)["days"]
    assert days[0]["day"] == "2099-12-31" and len(days) == 31


def test_a_visitor_pass_in_2106_is_refused_and_one_at_the_end_of_the_range_is_issued(client: Any, cloud: Any) -> None:
    from tests.support.visitors import call, iso, new_place, now

    place = new_place()
    path = f"/v1/resident/communities/{place.community}/houses/{place.house}/visitor-passes"
    body = {"visitorName": "Li Lei", "visitorPhone": "13912345678", "reason": "visit"}
    for start in ("2106-02-07T06:00:00Z", "2106-02-07T05:00:00Z", "2107-01-01T00:00:00Z", "9000-01-01T00:00:00Z"):
        status, error = call(client, "POST", path, place.resident_token(), {**body, "startsAt": start, "endsAt": start})
        assert status == 400, error
        assert ("startsAt", "out_of_range") in [(d["field"], d["code"]) for d in error["error"]["details"]]
    # a window in range is issued (the policy allows 24 h from now), and its signed token holds its end
    start = now() + timedelta(minutes=1)
    status, issued = call(
        client,
        "POST",
        path,
        place.resident_token(),
        {**body, "startsAt": iso(start), "endsAt": iso(start + timedelta(hours=24))},
    )
    assert status == 201, issued
    status, page = call(client, "GET", path, place.resident_token())
    assert status == 200 and [p["passId"] for p in page["items"]] == [issued["passId"]], "only the valid one"
