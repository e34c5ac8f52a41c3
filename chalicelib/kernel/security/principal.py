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

    def in_community(self, community_id: str) -> bool:
        return "*" in self.communities or community_id in self.communities

    @property
    def is_platform_admin(self) -> bool:
        return "platform.admin" in self.roles
