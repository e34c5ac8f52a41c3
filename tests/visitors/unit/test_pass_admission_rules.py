"""The pass rules of online admission, without AWS: each test fails when its rule is taken out.

- single use: a pass admits as many entries as it was issued for, then refuses NO_ENTRIES_LEFT (leaving is still
  let through and recorded, never counted);
- the entries are taken by a write conditional on what was read: a gate whose read is stale (another gate admitted
  meanwhile) reads again and refuses, so two gates never admit one single-use pass twice;
- a pass window ends within what its signed token can carry (unsigned 32-bit seconds).

Until now single use was seen only through the local cloud (twenty gates scanning at once); here the service runs
with in-memory ports that keep the repository's condition, and the gate's real signature check.
"""

from __future__ import annotations

import struct
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from chalicelib.kernel.errors import InvalidInput
from chalicelib.visitors import passes
from chalicelib.visitors.keypad import KeypadGuard
from chalicelib.visitors.keyring import PublishingKeyring
from chalicelib.visitors.model import (
    ACTIVE,
    ARRIVED,
    INVITATION,
    TOKEN_LAST_SECOND,
    USED,
    EntryRecord,
    GateRef,
    Visitor,
    VisitorPass,
    VisitorPolicy,
    check_window,
    new_pass_id,
)
from chalicelib.visitors.service import VisitorPassService
from tests.fakes.keypad import Alarms, MemoryCounters

COMMUNITY = "c-passes"
GATES = ("door_controller-north", "door_controller-south")
NOW = datetime.now(UTC).replace(microsecond=0)


class Master:
    def current(self) -> tuple[str, bytes]:
        return passes.kid_of("v1"), b"master-secret-version-1-padding-padding-padding"


class Keys:
    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], Any] = {}

    def list(self, community_id: str) -> list[Any]:
        return [r for (c, _), r in self.rows.items() if c == community_id]

    def publish(self, community_id: str, kid: str, public_key: str, now: datetime) -> None:
        from types import SimpleNamespace

        self.rows.setdefault(
            (community_id, kid), SimpleNamespace(kid=kid, public_key=public_key, published_at=now, superseded_at=None)
        )


class Passes:
    """The pass store as the repository keeps it: an admission is written only if the pass is still as it was read
    (status and entries used), together with its entry record."""

    def __init__(self) -> None:
        self.items: dict[str, VisitorPass] = {}
        self.entries: list[EntryRecord] = []
        self.stale_reads: list[VisitorPass] = []  # served once each before the stored pass (a gate that read early)

    def get(self, community_id: str, pass_id: str) -> VisitorPass | None:
        if self.stale_reads:
            return self.stale_reads.pop(0)
        return self.items.get(pass_id)

    def admit(self, updated: VisitorPass, previous: VisitorPass, entry: EntryRecord) -> str:
        current = self.items[updated.pass_id]
        if (current.status, current.entries_used) != (previous.status, previous.entries_used):
            return "raced"
        self.items[updated.pass_id] = updated
        self.entries.append(entry)
        return "admitted"


class Entries:
    def __init__(self) -> None:
        self.recorded: list[EntryRecord] = []

    def record(self, entry: EntryRecord) -> bool:
        self.recorded.append(entry)
        return True


class Policies:
    def get(self, community_id: str) -> VisitorPolicy:
        return VisitorPolicy(community_id)


class Gates:
    def find(self, community_id: str, device_id: str) -> GateRef | None:
        return GateRef(community_id, device_id, "door_controller", "active", None) if device_id in GATES else None


@pytest.fixture
def gate_side() -> tuple[VisitorPassService, Passes, Entries]:
    store, entries = Passes(), Entries()
    service = VisitorPassService(
        repo=store,  # type: ignore[arg-type]
        entries_log=entries,  # type: ignore[arg-type]
        policies=Policies(),  # type: ignore[arg-type]
        keyring=PublishingKeyring(Master(), Keys(), cache_seconds=0),
        houses=None,  # type: ignore[arg-type]
        gates=Gates(),  # type: ignore[arg-type]
        workflows=None,  # type: ignore[arg-type]
        personal=None,  # type: ignore[arg-type]
        keypad=KeypadGuard(MemoryCounters(), Alarms()),
        now=lambda: NOW,
    )
    return service, store, entries


def issued(service: VisitorPassService, store: Passes, entries: int = 1) -> VisitorPass:
    visitor = Visitor("Li Lei", "sealed", "index", "139****5678", "visit")
    made = VisitorPass(
        pass_id=new_pass_id(),
        community_id=COMMUNITY,
        house_id="h-1",
        visitor=visitor,
        starts_at=NOW - timedelta(minutes=1),
        ends_at=NOW + timedelta(hours=2),
        entries=entries,
        gates=(),
        source=INVITATION,
        created_by="acct-1",
        created_at=NOW,
        status=ACTIVE,
    )
    kid, key = service.keyring.signer(COMMUNITY)
    made = replace(made, token=passes.sign(made.claims(), key, kid), kid=kid)
    store.items[made.pass_id] = made
    return made


def test_a_single_use_pass_admits_once(gate_side: tuple[VisitorPassService, Passes, Entries]) -> None:
    service, store, entries = gate_side
    visit = issued(service, store)
    first = service.verify(COMMUNITY, GATES[0], visit.token or "")
    assert (first.admitted, first.entries_left, first.status) == (True, 0, USED)
    for gate in GATES:
        again = service.verify(COMMUNITY, gate, visit.token or "")
        assert (again.admitted, again.reason) == (False, "NO_ENTRIES_LEFT")
    assert len(store.entries) == 1 and store.items[visit.pass_id].entries_used == 1
    leaving = service.verify(COMMUNITY, GATES[1], visit.token or "", direction="out")
    assert leaving.admitted and len(entries.recorded) == 1, "leaving is recorded, never counted"
    assert store.items[visit.pass_id].entries_used == 1


def test_a_pass_for_three_entries_admits_three(gate_side: tuple[VisitorPassService, Passes, Entries]) -> None:
    service, store, _ = gate_side
    visit = issued(service, store, entries=3)
    answers = [service.verify(COMMUNITY, GATES[i % 2], visit.token or "") for i in range(4)]
    assert [(a.admitted, a.entries_left) for a in answers[:3]] == [(True, 2), (True, 1), (True, 0)]
    assert [a.status for a in answers[:3]] == [ARRIVED, ARRIVED, USED]
    assert (answers[3].admitted, answers[3].reason) == (False, "NO_ENTRIES_LEFT") and len(store.entries) == 3


def test_a_gate_that_read_before_another_admitted_reads_again_and_refuses(
    gate_side: tuple[VisitorPassService, Passes, Entries],
) -> None:
    service, store, _ = gate_side
    visit = issued(service, store)
    assert service.verify(COMMUNITY, GATES[0], visit.token or "").admitted
    store.stale_reads.append(visit)  # the south gate read the pass unused, before the north gate's write
    late = service.verify(COMMUNITY, GATES[1], visit.token or "")
    assert (late.admitted, late.reason) == (False, "NO_ENTRIES_LEFT")
    assert len(store.entries) == 1 and store.items[visit.pass_id].entries_used == 1


def test_a_window_ends_within_what_its_token_carries() -> None:
    policy = VisitorPolicy(COMMUNITY, max_window_hours=720)
    last = datetime.fromtimestamp(TOKEN_LAST_SECOND, UTC)
    now = last - timedelta(days=1)
    check_window(policy, now, last, 1, now)  # the token's last second: packs
    passes.sign(passes.PassClaims("vp" + "0" * 16, COMMUNITY, int(now.timestamp()), TOKEN_LAST_SECOND, 1, ()), *_key())
    with pytest.raises(InvalidInput) as refused:
        check_window(policy, now, last + timedelta(seconds=1), 1, now)
    assert refused.value.details == [
        {
            "field": "endsAt",
            "code": "out_of_range",
            "message": "a pass ends by 2106-02-07T06:28:15Z (its token's limit)",
        }
    ]
    with pytest.raises(struct.error):  # one second more does not fit the token: what made 2106 a 500
        passes.sign(passes.PassClaims("vp" + "0" * 16, COMMUNITY, 0, TOKEN_LAST_SECOND + 1, 1, ()), *_key())


def _key() -> tuple[Any, str]:
    kid, master = Master().current()
    return passes.derive_signing_key(master, COMMUNITY, kid), kid
