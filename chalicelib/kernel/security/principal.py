"""Who is calling: the identity a verified access token describes."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Principal:
    subject: str  # user id (staff, admin, partner) or resident id
    kind: str  # resident | staff | admin | partner
    roles: frozenset[str]
    communities: frozenset[str] = field(default_factory=frozenset)  # "*" = every community (platform admin)
    households: frozenset[str] = field(default_factory=frozenset)  # house ids a resident belongs to
    name: str = ""
    token_id: str = ""
    issued_ms: int = 0  # when the access token was issued (ms since the epoch)
    certificate: str = ""  # a gate's session: the device certificate it signed in with (ends with that certificate)
    scopes: frozenset[str] = field(default_factory=frozenset)  # a partner's grants, `resource:action` (`people:read`)

    def in_community(self, community_id: str) -> bool:
        return "*" in self.communities or community_id in self.communities

    @property
    def is_platform_admin(self) -> bool:
        return "platform.admin" in self.roles


UNBOUND_RESIDENT_ROLE = "resident.unbound"
RELATION_ROLES = {"owner": "resident.owner", "family": "resident.family", "tenant": "resident.tenant"}


def resident_scope(memberships: list[tuple[str, str, str]]) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """What a resident's access token carries, from their current households as (community, house, relation):
    roles (one per relation; `resident.unbound` with none), communities and households. The one rule, used by
    sign-in and refresh (identity) and by a bind's answer (registry), so a token is the same whichever issued it."""
    roles = {RELATION_ROLES[relation] for _, _, relation in memberships if relation in RELATION_ROLES}
    return (
        frozenset(roles or {UNBOUND_RESIDENT_ROLE}),
        frozenset(community for community, _, _ in memberships),
        frozenset(house for _, house, _ in memberships),
    )
