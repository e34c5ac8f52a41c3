"""A bounded Schemathesis pass over `mobile_contracts/openapi.yaml`, as part of `make test`.

Every operation of the generated contract is fuzzed with schema-valid and schema-violating requests, anonymously and
as a signed-in manager (whose community is put in the path, so the calls get past the access check and into the
handlers). It fails on any 5xx, on any status the operation does not list and on any response that violates the
documented schema. Requests go through a `requests` adapter into Chalice's in-process test client (the same app, no
server to start); the examples are derandomised so a failure reproduces, and the example count keeps the pass to
about a minute on one core.
"""

from __future__ import annotations

import os
import time
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict
from schemathesis.checks import not_a_server_error, response_schema_conformance, status_code_conformance
from urllib3 import HTTPHeaderDict, HTTPResponse

from tests.support.identity import token_for

CONTRACT = Path(__file__).resolve().parents[3] / "mobile_contracts" / "openapi.yaml"
COMMUNITY = "c-fuzz-contract"
BASE_URL = "http://contract-fuzz.invalid"
EXAMPLES = int(os.environ.get("CONTRACT_FUZZ_EXAMPLES", "2"))  # per operation x caller x (valid, invalid)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@schemathesis.serializer(XLSX)
def _spreadsheet_bytes(ctx: Any, value: Any) -> bytes:
    """Uploads are raw bytes: whatever was generated goes as is (fuzzing the spreadsheet parser's refusals)."""
    if isinstance(value, bytes):
        return value
    return str(value).encode("utf-8", "surrogatepass")


class InProcess(BaseAdapter):
    """`requests` transport that hands each request to `chalice.test.Client` and wraps its answer."""

    def __init__(self, client: Any):
        super().__init__()
        self.client = client
        self.sent = 0

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        url = urlsplit(request.url or "")
        body = request.body or b""
        answer = self.client.http.request(
            request.method or "GET",
            url.path + (f"?{url.query}" if url.query else ""),
            headers={k: v for k, v in request.headers.items() if k.lower() != "content-length"},
            body=body.encode() if isinstance(body, str) else body,
        )
        self.sent += 1
        response = requests.Response()
        response.status_code = answer.status_code
        response._content = answer.body or b""
        response.headers = CaseInsensitiveDict(answer.headers)
        response.raw = HTTPResponse(
            body=b"", headers=HTTPHeaderDict(answer.headers), status=answer.status_code, version=11
        )
        response.url = request.url or ""
        response.request = request
        response.encoding = "utf-8"
        response.reason = ""
        response.elapsed = timedelta(0)
        return response

    def close(self) -> None:
        return None


def fuzzer(
    strategy: Any, headers: dict[str, str], session: Any, label: str, failures: list[str], checks: Any = None
) -> Any:
    """One bounded Hypothesis run: draw requests, send them, record (not raise) what the checks find (by default:
    no 5xx, a documented status, a documented body)."""
    checks = checks or [not_a_server_error, response_schema_conformance, status_code_conformance]

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def fuzz(data: Any) -> None:
        case = data.draw(strategy)
        case.headers = {**(case.headers or {}), **headers}
        response = case.call(base_url=BASE_URL, session=session)
        try:
            case.validate_response(response, checks=checks)
        except (Exception, BaseExceptionGroup) as exc:  # a check failed: record it and keep fuzzing the rest
            first = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
            failures.append(f"{label}: {response.status_code} {first}\n    {case.as_curl_command()[:600]}")

    return fuzz


def test_the_contract_holds_under_fuzzing(client: Any) -> None:
    from schemathesis import GenerationMode

    schema = schemathesis.openapi.from_path(str(CONTRACT))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 70
    session = requests.Session()
    adapter = InProcess(client)
    session.mount(BASE_URL, adapter)
    manager = token_for({"staff.manager"}, {COMMUNITY}, subject="fuzz-manager")
    callers = {"anonymous": {}, "manager": {"Authorization": f"Bearer {manager}"}}
    failures: list[str] = []
    unsatisfiable: list[str] = []
    started = time.monotonic()

    for operation in operations:
        path_parameters = {"community_id": COMMUNITY} if "{community_id}" in operation.path else None
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            strategy = operation.as_strategy(generation_mode=mode, path_parameters=path_parameters)
            for caller, headers in callers.items():
                label = f"{operation.method.upper()} {operation.path} as {caller} ({mode.value})"
                try:
                    fuzzer(strategy, headers, session, label, failures)()
                except Unsatisfiable:
                    # nothing about this operation can be sent wrong (no parameters, no body): no negative case
                    assert mode == GenerationMode.NEGATIVE, label
                    unsatisfiable.append(label)

    elapsed = time.monotonic() - started
    print(
        f"contract fuzz: {adapter.sent} requests over {len(operations)} operations in {elapsed:.1f} s "
        f"({len(unsatisfiable)} caller/operation pairs have no negative case)"
    )
    assert adapter.sent >= len(operations) * 4
    assert not failures, f"{len(failures)} contract violations:\n" + "\n".join(failures[:40])
