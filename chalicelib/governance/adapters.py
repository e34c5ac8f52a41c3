"""What the warning run reads: passages from the entry log (visitors) and the registry snapshot (residents with
their key category, vehicles, vacant houses), through their package faces."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from chalicelib import registry, visitors
from chalicelib.governance.model import Passage, Snapshot


class CommunitySources:
    def passages(self, community_id: str, since: datetime, until: datetime) -> Iterator[Passage]:
        for e in visitors.entries_between(community_id, since, until):
            if e.car_plate:
                yield Passage(e.car_plate, "vehicle", e.gate_id, e.direction, e.at, e.house_id)
            kind = e.subject_kind if e.subject_kind in ("resident", "visitor", "staff") else "unregistered"
            yield Passage(e.subject_id, kind, e.gate_id, e.direction, e.at, e.house_id)

    def snapshot(self, community_id: str) -> Snapshot:
        repo = registry.registry_service().repo
        residents: dict[str, str] = {}
        vehicles: set[str] = set()
        cursor: str | None = None
        while True:
            people, cursor = repo.people_by_name(community_id, None, 500, cursor)
            residents.update(
                {r.id: str((r.attrs or {}).get("keyCategory") or "") for r in people if r.kind == "person"}
            )
            if not cursor:
                break
        while True:
            cars, cursor = repo.vehicles(community_id, None, None, 500, cursor)
            vehicles.update(str((r.attrs or {}).get("plate") or "") for r in cars if r.kind == "vehicle")
            if not cursor:
                break
        vacant = {h.id for h in registry.houses_of(community_id) if (h.attrs or {}).get("occupancy") == "vacant"}
        return Snapshot(residents=residents, vehicles=vehicles - {""}, vacant_houses=vacant)
