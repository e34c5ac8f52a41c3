"""Every status an operation answers is one its contract lists (`mobile_contracts/openapi.yaml`).

The review found two that were not (`POST .../ledger/{month}/publish` and `GET .../reconciliations/{day}` answered
404). The class, walked over every operation of the contract, each called by a caller its access check lets in
(tests/support/callers.py) and anonymously, with what a client gets wrong most: a path value that is no id at all,
a well-formed id that names nothing, an empty body, a body of the wrong shape, an unknown query parameter. Whatever
the answer, its status must be in the operation's `responses`, and an error carries the one error body (or, for a
provider's callback, the provider's own shape).
"""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path
from typing import Any

import yaml

from tests.support.callers import error_of, send, token_through

CONTRACT = Path(__file__).resolve().parents[3] / "mobile_contracts" / "openapi.yaml"
PARTNER_CONTRACT = CONTRACT.with_name("partner-openapi.yaml")  # the signed partner routes' own contract
COMMUNITY = "c-statuses-" + uuid.uuid4().hex[:8]
HOUSE = "h-statuses-1"
NOT_AN_ID = "-not-an-id"  # an id this API issues starts with a letter or digit (kernel/http.py PATH_PARAM)
NAMES_NOTHING = "nothing-here-1"


def declared() -> dict[tuple[str, str], set[int]]:
    found: dict[tuple[str, str], set[int]] = {}
    for contract in (CONTRACT, PARTNER_CONTRACT):
        document = yaml.safe_load(contract.read_text())
        found.update(
            {
                (method.upper(), path): {int(code) for code in op["responses"]}
                for path, methods in document["paths"].items()
                for method, op in methods.items()
            }
        )
    return found


def paths_for(path: str) -> dict[str, str]:
    """The path with every id but the community and house given (a) as no id at all and (b) as a missing one."""
    base = path.replace("{community_id}", COMMUNITY).replace("{house_id}", HOUSE)
    if not re.search(r"\{[a-z_]+\}", base):
        return {"path": base}
    return {
        "path id that is no id": re.sub(r"\{[a-z_]+\}", NOT_AN_ID, base),
        "path id naming nothing": re.sub(r"\{[a-z_]+\}", NAMES_NOTHING, base),
    }


def test_every_answer_is_a_status_the_contract_lists(client: Any) -> None:
    from chalicelib.kernel.lazy_routes import all_endpoints

    statuses = declared()
    endpoints = all_endpoints()
    assert len(endpoints) == len(statuses)
    failures: list[str] = []
    sent = 0
    for ep in endpoints:
        allowed = statuses[(ep.method, ep.path)]
        tok = token_through(ep, COMMUNITY, HOUSE, subject="statuses")
        bodies: dict[str, Any] = {"no body": None}
        if ep.request is not None or ep.raw_body:
            bodies = {"empty object": {}, "wrong shape": [1, 2], "unknown field": {"surprise": 1}}
        for label, path in paths_for(ep.path).items():
            for body_label, body in bodies.items():
                for caller, bearer in (("caller", tok), ("anonymous", None)):
                    response = send(client, ep.method, path, body, bearer)
                    sent += 1
                    shapeless = response.status_code >= 400 and ep.error_model is None and not error_of(response)
                    if response.status_code not in allowed or shapeless:
                        failures.append(
                            f"{ep.method} {ep.path} [{label}, {body_label}, {caller}]: {response.status_code} "
                            f"{response.body[:120]!r}; the contract lists {sorted(allowed)}"
                        )
            if ep.query is not None and tok is not None:
                response = send(client, ep.method, path + "?surprise=1", None, tok)
                sent += 1
                if response.status_code not in allowed:
                    failures.append(f"{ep.method} {ep.path} [{label}, ?surprise=1]: {response.status_code}")
    print(f"{sent} requests over {len(endpoints)} operations")
    assert not failures, f"{len(failures)} undeclared answers:\n" + "\n".join(failures[:40])


def test_the_reviews_two_operations(client: Any) -> None:
    from tests.support.identity import token_for

    manager = token_for({"staff.manager"}, {COMMUNITY}, subject="statuses-manager")
    statuses = declared()
    base = f"/v1/staff/communities/{COMMUNITY}"
    for method, template, filled in (
        ("POST", "/ledger/{month}/publish", "/ledger/%E6%9C%88/publish"),
        ("GET", "/reconciliations/{day}", "/reconciliations/-1"),
    ):
        refused = send(client, method, base + filled, None, manager)
        assert refused.status_code == 404 and json.loads(refused.body)["error"]["code"] == "NOT_FOUND"
        assert 404 in statuses[(method, "/v1/staff/communities/{community_id}" + template)]
