"""Whitelist markers in the parking table: `C#{c}#WHITELIST#{device}` / `WHITELIST` -> the digest of the last list
sent to the barrier (claimed by a conditional write, so a same list is sent once); the communities with car parks:
`PARKCOMMUNITIES` / `{c}` (written with each car park)."""

from __future__ import annotations

from pynamodb.attributes import UnicodeAttribute
from pynamodb.exceptions import DeleteError, PutError

from chalicelib.kernel.dynamo import condition_failed
from chalicelib.kernel.tables import ParkingTable


class WhitelistMark(ParkingTable):
    mark = UnicodeAttribute()


class ParkCommunity(ParkingTable):
    pass


def park_community_item(community_id: str) -> ParkCommunity:
    return ParkCommunity("PARKCOMMUNITIES", community_id)


class WhitelistStorage:
    """Whitelist markers: a part of `DynamoParkingStore`."""

    def claim_whitelist(self, community_id: str, device_id: str, mark: str) -> bool:
        item = WhitelistMark(f"C#{community_id}#WHITELIST#{device_id}", "WHITELIST", mark=mark)
        try:
            item.save(condition=WhitelistMark.pk.does_not_exist() | (WhitelistMark.mark != mark))
            return True
        except PutError as exc:
            if condition_failed(exc):
                return False
            raise

    def release_whitelist(self, community_id: str, device_id: str, mark: str) -> None:
        try:
            WhitelistMark(f"C#{community_id}#WHITELIST#{device_id}", "WHITELIST").delete(
                condition=WhitelistMark.mark == mark
            )
        except DeleteError:
            pass  # a newer list was claimed meanwhile

    def park_communities(self) -> list[str]:
        return [i.sk for i in ParkCommunity.query("PARKCOMMUNITIES")]
