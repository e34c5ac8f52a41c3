"""Operation ids a person would write: every operation of the contract is named verb first, in camelCase, once
(`bindHouse`, `acknowledgeAlarm`, `reportCredentialLoss`); the typed client calls them by these names."""

from __future__ import annotations

import re

from chalicelib.kernel.http import camel_case
from chalicelib.kernel.lazy_routes import all_endpoints

# fmt: off
VERBS = frozenset({
    "accept", "acknowledge", "add", "apply", "approve", "assign", "authorise", "bind", "broadcast", "cancel",
    "change", "clear", "close", "comment", "confirm", "create", "decline", "define", "deregister", "disable",
    "enable", "export", "extend", "get", "grab", "invite", "issue", "list", "move", "open", "pay", "present",
    "press", "publish", "rate", "receive", "record", "refresh", "register", "reject", "remove", "reopen", "report",
    "request", "reset", "resolve", "retire", "reveal", "revive", "revoke", "rotate", "run", "send", "set", "settle",
    "sign", "start", "sync", "unlock", "update", "upload", "urge", "verify", "withdraw",
})
# fmt: on
CAMEL = re.compile(r"[a-z]+(?:[A-Z][a-z0-9]*)+")


def test_every_operation_id_is_unique_verb_first_and_short() -> None:
    ids = [ep.operation_id for ep in all_endpoints()]
    assert len(ids) == len(set(ids)) == len({(ep.method, ep.path) for ep in all_endpoints()})
    for op in ids:
        assert CAMEL.fullmatch(op), op
        assert re.match(r"[a-z]+", op).group(0) in VERBS, op  # type: ignore[union-attr]
        assert len(op) <= 32, op


def test_ids_default_to_the_handler_name() -> None:
    assert camel_case("acknowledge_alarm") == "acknowledgeAlarm"
    assert camel_case("logout") == "logout"
    named = {ep.name: ep.operation_id for ep in all_endpoints()}
    assert named["acknowledge_alarm"] == "acknowledgeAlarm" and named["bind_household"] == "bindHouse"
