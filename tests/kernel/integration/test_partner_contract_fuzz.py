"""A bounded Schemathesis pass over the partner contract, `mobile_contracts/partner-openapi.yaml`: every operation
is fuzzed with schema-valid and schema-violating requests, each one signed for a partner that holds every scope of
the fuzzed community (a hook signs the request as it is sent: method, path, query and body exactly as generated),
and once unsigned. Any 5xx, a status the operation does not list, or an answer off its schema fails the pass. The
GA/T 1400 routes (`/VIID/...`, HTTP Digest: the fuzzer holds no Digest answer) are checked for no 5xx and a listed
status only: their refusals are the standard's `ResponseStatusObject`, which the contract does not yet document."""

from __future__ import annotations

import secrets
import time
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import requests
import schemathesis
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error, status_code_conformance

from chalicelib.partners.model import SCOPES
from chalicelib.partners.signing import signed_headers
from tests.kernel.integration.test_contract_fuzz import BASE_URL, CONTRACT, InProcess, fuzzer
from tests.partners.support import onboard

PARTNER_CONTRACT = CONTRACT.with_name("partner-openapi.yaml")


class Signing(InProcess):
    """Signs each request with the partner's key as it goes out (fresh timestamp and nonce every time)."""

    def __init__(self, client: Any, key_id: str, secret: str):
        super().__init__(client)
        self.key_id = key_id
        self.secret = secret
        self.sign = True

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        if self.sign:
            url = urlsplit(request.url or "")
            body = request.body or b""
            raw = body.encode() if isinstance(body, str) else body
            query = dict(parse_qsl(url.query, keep_blank_values=True))
            headers = signed_headers(
                self.key_id, self.secret, request.method or "GET", unquote(url.path), query, raw,
                datetime.now(UTC), secrets.token_hex(12),
            )  # fmt: skip
            request.headers.update(headers)
        return super().send(request, **kwargs)


def test_the_partner_contract_holds_under_signed_fuzzing(client: Any) -> None:
    from schemathesis import GenerationMode

    from tests.support.registry import new_community

    community = new_community(client)
    issued = onboard(
        client,
        [community],
        scopes=sorted(SCOPES),
        masking={"phone": "masked", "idNumber": "hidden"},
        dailyQuota=10_000_000,
        ratePerMinute=6000,
    )
    schema = schemathesis.openapi.from_path(str(PARTNER_CONTRACT))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    session = requests.Session()
    adapter = Signing(client, issued["keyId"], issued["secret"])
    session.mount(BASE_URL, adapter)
    failures: list[str] = []
    started = time.monotonic()
    for operation in operations:
        path_parameters = {"community_id": community} if "{community_id}" in operation.path else None
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            strategy = operation.as_strategy(generation_mode=mode, path_parameters=path_parameters)
            for caller, sign in (("partner", True), ("unsigned", False)):
                adapter.sign = sign
                label = f"{operation.method.upper()} {operation.path} as {caller} ({mode.value})"
                checks = [not_a_server_error, status_code_conformance] if operation.path.startswith("/VIID/") else None
                try:
                    fuzzer(strategy, {}, session, label, failures, checks)()
                except Unsatisfiable:
                    assert mode == GenerationMode.NEGATIVE, label
    print(f"partner contract fuzz: {adapter.sent} requests over {len(operations)} operations in "
          f"{time.monotonic() - started:.1f} s")  # fmt: skip
    assert adapter.sent >= len(operations) * 4
    assert not failures, f"{len(failures)} contract violations:\n" + "\n".join(failures[:40])
