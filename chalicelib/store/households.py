"""Household memberships in the registry table (contract with identity: `memberships_of`)."""

from __future__ import annotations

from typing import cast

from chalicelib.domain.households import RELATIONS, Membership, Relation


def memberships_of(account_id: str) -> list[Membership]:
    """Current memberships of a resident account: one Query on gsi1 `ACCT#{account_id}`.

    Only current residencies bound to an account carry that index key; a move-out removes it (the residency goes
    to history), so the answer is exactly what a fresh resident token should hold.
    """
    from chalicelib.store.registry import memberships_by_account

    return [
        Membership(r.community_id, r.house_id, cast(Relation, r.relation))
        for r in memberships_by_account(account_id)
        if r.relation in RELATIONS and r.status == "current"
    ]
