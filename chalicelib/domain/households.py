"""Households: who lives in which house, how they are related, and how a resident account binds to a house.

001 7.1.1.4 a/c/d: a house has one owner and a history of residents with move-in and move-out times; a residency
is never deleted, it ends (`ended_at`, `end_reason`) and stays in history. 003 7.3.5: the archive distinguishes
permanent and floating residents and rented houses (relation `tenant`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Relation = Literal["owner", "family", "tenant"]
RELATIONS: tuple[str, ...] = ("owner", "family", "tenant")


@dataclass(frozen=True)
class Membership:
    """A resident account's current place in a household (what part A puts into resident tokens)."""

    community_id: str
    house_id: str
    relation: Relation

    @property
    def role(self) -> str:
        """The token role this membership grants: resident.owner, resident.family or resident.tenant."""
        return f"resident.{self.relation}"


APPLICATION_STATUSES: tuple[str, ...] = ("pending", "approved", "rejected", "withdrawn")
END_REASONS: tuple[str, ...] = ("moved_out", "removed_by_owner", "sold", "lease_ended", "deceased", "corrected")


def check_invite(inviter_relation: str | None, relation: str) -> None:
    """Owners invite family members and tenants; an owner is registered by the property, never invited."""
    from chalicelib.domain.errors import Forbidden, InvalidInput

    if inviter_relation != "owner":
        raise Forbidden("only the house owner may invite or remove members", code="NOT_HOUSE_OWNER")
    if relation not in ("family", "tenant"):
        raise InvalidInput(
            "an owner invites family members or tenants",
            code="INVALID_RELATION",
            details=[{"field": "relation", "code": "invalid_relation", "message": "family|tenant"}],
        )


def check_removal(remover_relation: str | None, target_relation: str) -> None:
    from chalicelib.domain.errors import Conflict

    check_invite(remover_relation, "family")
    if target_relation == "owner":
        raise Conflict(
            "the owner cannot be removed by an owner; the property records a change of owner",
            code="CANNOT_REMOVE_OWNER",
        )


def check_decision(status: str, decision: str, reason: str | None) -> None:
    """A pending application is approved, or rejected with a reason (shown to the applicant)."""
    from chalicelib.domain.errors import Conflict, InvalidInput

    if status != "pending":
        raise Conflict(f"application is already {status}", code="APPLICATION_DECIDED")
    if decision == "rejected" and not (reason and reason.strip()):
        raise InvalidInput(
            "a rejection needs a reason",
            code="REASON_REQUIRED",
            details=[{"field": "reason", "code": "missing", "message": "reason is required"}],
        )
