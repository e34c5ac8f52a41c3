"""Who may change whom: the one rule (`management_refusal`) covers the target's scope as well as the caller's, and
the session rules that make ending a session real: a forged refresh token changes nothing, a genuine old one
revokes, every way a session ends writes the cutoff that kills its access tokens."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest

from chalicelib.identity import model as idn
from chalicelib.kernel.errors import Unauthenticated
from tests.identity.unit.test_identity_domain import account, make

NOW = datetime(2025, 1, 1, tzinfo=UTC)


def staff(communities: set[str], roles: set[str] | None = None, account_id: str = "t") -> idn.StaffAccount:
    return idn.StaffAccount(
        account_id=account_id,
        username="x",
        name="x",
        roles=frozenset(roles or {"staff.guard"}),
        communities=frozenset(communities),
        password_hash="h",
        created_at=NOW,
    )


ADMIN_OF_A = idn.Actor("me", frozenset({"A"}))
ADMIN_OF_AB = idn.Actor("me", frozenset({"A", "B"}))
PLATFORM = idn.Actor("me", frozenset({"*"}), platform=True)

CASES = [
    # actor, target, refusal code (None = allowed)
    (ADMIN_OF_A, staff({"A"}), None),
    (ADMIN_OF_A, staff({"A", "B"}), "ACCOUNT_OUTSIDE_SCOPE"),
    (ADMIN_OF_A, staff({"B"}), "ACCOUNT_OUTSIDE_SCOPE"),
    (ADMIN_OF_A, staff({"*"}), "ACCOUNT_OUTSIDE_SCOPE"),
    (ADMIN_OF_A, staff(set()), "ACCOUNT_OUTSIDE_SCOPE"),
    (ADMIN_OF_A, staff({"A"}, {"community.admin"}), "ACCOUNT_NOT_MANAGEABLE"),
    (ADMIN_OF_A, staff({"A"}, {"staff.guard", "platform.admin"}), "ACCOUNT_NOT_MANAGEABLE"),
    (ADMIN_OF_A, staff({"A"}, account_id="me"), "ACCOUNT_NOT_MANAGEABLE"),
    (ADMIN_OF_AB, staff({"A", "B"}), None),
    (ADMIN_OF_AB, staff({"A", "B", "C"}), "ACCOUNT_OUTSIDE_SCOPE"),
    (PLATFORM, staff({"A", "B"}, {"community.admin"}), None),
    (PLATFORM, staff({"*"}), None),
    (PLATFORM, staff({"A"}, account_id="me"), "ACCOUNT_NOT_MANAGEABLE"),
]


@pytest.mark.parametrize(("actor", "target", "code"), CASES)
def test_management_refusal(actor: idn.Actor, target: idn.StaffAccount, code: str | None) -> None:
    refusal = idn.management_refusal(actor, target)
    assert (refusal.code if refusal else None) == code


class Cutoffs:
    def __init__(self) -> None:
        self.ended: list[tuple[str, datetime]] = []

    def end_sessions(self, account_id: str, at: datetime) -> None:
        self.ended.append((account_id, at))


def service_with_cutoffs() -> tuple[Any, Any, Any, Any, Cutoffs]:
    svc, clock, staff_repo, families = make()
    cutoffs = Cutoffs()
    svc.cutoffs = cutoffs
    return svc, clock, staff_repo, families, cutoffs


def test_a_forged_refresh_token_changes_nothing_and_a_genuine_old_one_revokes() -> None:
    svc, _, staff_repo, families, cutoffs = service_with_cutoffs()
    acct = account(svc, staff_repo)
    first = svc.staff_login("li.guard", "Good-Pass-123")[0].refresh_token
    family_id = first.split(".")[1]
    for forged in (f"rt1.{family_id}.1.forged", f"rt1.{family_id}.2.forged", f"rt1.{family_id}.7.x"):
        for action in (svc.logout, svc.refresh):
            with pytest.raises(Unauthenticated) as refused:
                action(forged)
            assert refused.value.code == "REFRESH_TOKEN_INVALID"
    assert families.get(family_id).revoked_at is None and cutoffs.ended == []

    second = svc.refresh(first).refresh_token
    assert families.get(family_id).retired == (f"1:{idn.hash_secret(first.split('.')[3])}",)
    with pytest.raises(Unauthenticated) as reused:
        svc.refresh(first)
    assert reused.value.code == "REFRESH_TOKEN_REUSED"
    assert families.get(family_id).revoked_reason == "reuse_detected"
    assert [a for a, _ in cutoffs.ended] == [acct.account_id]
    with pytest.raises(Unauthenticated):
        svc.refresh(second)


def test_only_the_last_generations_are_kept() -> None:
    svc, _, staff_repo, families, _ = service_with_cutoffs()
    account(svc, staff_repo)
    token = svc.staff_login("li.guard", "Good-Pass-123")[0].refresh_token
    for _ in range(idn.RETIRED_KEPT + 5):
        token = svc.refresh(token).refresh_token
    assert len(families.get(token.split(".")[1]).retired) == idn.RETIRED_KEPT


def test_every_way_a_session_ends_writes_the_cutoff() -> None:
    svc, _, staff_repo, _, cutoffs = service_with_cutoffs()
    acct = account(svc, staff_repo, max_failed_logins=3)
    refresh = svc.staff_login("li.guard", "Good-Pass-123")[0].refresh_token
    svc.logout(refresh)
    assert len(cutoffs.ended) == 1
    svc.disable_staff(PLATFORM, "c1", acct.account_id)
    assert len(cutoffs.ended) == 2
    svc.enable_staff(PLATFORM, "c1", acct.account_id)
    svc.reset_password(PLATFORM, "c1", acct.account_id, "Another-Pass-456")
    assert len(cutoffs.ended) == 3
    staff_repo.replace(replace(staff_repo.get(acct.account_id), must_change_password=False))
    for _ in range(3):
        with pytest.raises(Unauthenticated):
            svc.staff_login("li.guard", "wrong")
    assert len(cutoffs.ended) == 4  # the lockout
    assert {a for a, _ in cutoffs.ended} == {acct.account_id}
