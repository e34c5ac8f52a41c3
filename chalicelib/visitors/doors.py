"""Remote door opening from the mini-program (001 8.2.2.5, 003 6.5.5): a resident opens only the doors of their own
building and the community's shared doors (no building: compound gates, clubhouse), as a device command with ack
and timeout through the existing command service; the command's outcome is what the resident sees."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from chalicelib.kernel.errors import Forbidden, NotFound
from chalicelib.visitors.model import GateDirectory, GateRef, HouseDirectory

DOOR_TYPES = frozenset({"door_controller"})
OPEN_ACK_TIMEOUT_SECONDS = 10


class DoorCommands(Protocol):
    def request(
        self,
        community_id: str,
        device_id: str,
        name: str,
        params: dict[str, Any],
        requested_by: str,
        delay_seconds: int = 0,
        ack_timeout_seconds: int = 30,
        command_id: str | None = None,
    ) -> Any: ...


class DoorList(Protocol):
    def doors(self, community_id: str, building: str | None) -> list[GateRef]:
        """Door controllers of a building (and, for None, every door controller of the community)."""
        ...


def may_use(door: GateRef, building_id: str | None) -> bool:
    return door.device_type in DOOR_TYPES and (door.building is None or door.building == building_id)


@dataclass
class DoorAccess:
    houses: HouseDirectory
    devices: GateDirectory
    door_list: DoorList
    commands: DoorCommands

    def _building(self, account_id: str, community_id: str, house_id: str) -> str | None:
        if self.houses.relation_of(account_id, community_id, house_id) is None:
            raise Forbidden("you are not a current member of this house", code="HOUSEHOLD_FORBIDDEN")
        house = self.houses.house(community_id, house_id)
        if house is None:
            raise NotFound(f"house {house_id} not found", code="HOUSE_NOT_FOUND")
        return house.building_id

    def usable_doors(self, account_id: str, community_id: str, house_id: str) -> list[GateRef]:
        building = self._building(account_id, community_id, house_id)
        shared = [d for d in self.door_list.doors(community_id, None) if d.building is None]
        own = self.door_list.doors(community_id, building) if building else []
        return [d for d in [*own, *shared] if may_use(d, building) and d.status == "active"]

    def open(self, account_id: str, community_id: str, house_id: str, door_id: str) -> Any:
        building = self._building(account_id, community_id, house_id)
        door = self.devices.find(community_id, door_id)
        if door is None or door.device_type not in DOOR_TYPES:
            raise NotFound(f"door {door_id} not found", code="DOOR_NOT_FOUND")
        if not may_use(door, building):
            raise Forbidden("this door is outside your building", code="DOOR_FORBIDDEN")
        return self.commands.request(
            community_id,
            door_id,
            "open_door",
            {},
            requested_by=account_id,
            ack_timeout_seconds=OPEN_ACK_TIMEOUT_SECONDS,
        )
