"""The locker service's ports on other capabilities, each through its package face: the registry (the house of the
community), notifications (the household told its pick-up code and reminded by WeChat, the `parcel` kind), devices
(the locker in the community's ledger, the open_compartment command with its ack)."""

from __future__ import annotations

import logging

from chalicelib.lockers.model import MAX_REMINDERS, Parcel

LOCKER_TYPE = "parcel_locker"
log = logging.getLogger(__name__)


class RegistryHouseholds:
    def house_exists(self, community_id: str, house_id: str) -> bool:
        from chalicelib.registry import find_record

        return find_record(community_id, "house", house_id) is not None

    def houses_with_phone(self, community_id: str, phone: str) -> list[str]:
        from chalicelib.kernel.security.pii import blind_index
        from chalicelib.registry import houses_with_phone

        return houses_with_phone(community_id, blind_index("phone", phone))

    def _send(self, parcel: Parcel, key: str, title: str, note: str, place: str, code: str = "") -> None:
        from chalicelib.kernel.i18n import local_time
        from chalicelib.notifications import compose, household_recipients, send
        from chalicelib.registry import house_label

        facts = {
            "title": title,
            "place": place,
            "house": house_label(parcel.community_id, parcel.house_id) or parcel.house_id,
            "reference": code or parcel.compartment,
            "code": code,
            "time": local_time(parcel.stored_at),
            "note": note,
        }
        for message in compose(
            "parcel",
            facts,
            community_id=parcel.community_id,
            subject=f"parcel:{parcel.parcel_id}",
            key=key,
            recipients=household_recipients(parcel.community_id, parcel.house_id),
            link=f"pages/parcels/index?houseId={parcel.house_id}",
        ):
            send(message)

    def tell_code(self, parcel: Parcel, code: str, place: str) -> None:
        try:
            self._send(parcel, "stored", "快递已存入快递柜", f"{parcel.compartment}号格口", place, code)
        except Exception:  # the parcel stands; the household sees it in the mini-program and can open it remotely
            log.exception("could not tell the household of parcel %s", parcel.parcel_id)

    def remind(self, parcel: Parcel, place: str, nth: int) -> None:
        self._send(
            parcel, f"reminder-{nth}", "快递滞留提醒", f"第{nth}次提醒（共{MAX_REMINDERS}次），请尽快取件", place
        )


class DeviceLockers:
    def is_locker(self, community_id: str, device_id: str) -> bool:
        from chalicelib.devices import find_device

        device = find_device(community_id, device_id)
        return device is not None and device.device_type == LOCKER_TYPE

    def place(self, community_id: str, device_id: str) -> str:
        from chalicelib.devices import find_device

        device = find_device(community_id, device_id)
        return device.name if device is not None else "快递柜"

    def open(self, parcel: Parcel, by: str) -> str:
        from chalicelib.devices import command_service

        command = command_service().request(
            parcel.community_id,
            parcel.device_id,
            "open_compartment",
            {"compartment": parcel.compartment, "reason": "pickup"},
            requested_by=by,
        )
        return command.command_id

    def arm(self, parcel: Parcel) -> str:
        from chalicelib.devices import command_service

        command = command_service().request(
            parcel.community_id,
            parcel.device_id,
            "set_pickup_code",
            {"compartment": parcel.compartment, "parcelRef": parcel.parcel_id, "codeHash": parcel.code_hash},
            requested_by="lockers",
        )
        return command.command_id

    def command_status(self, community_id: str, command_id: str) -> str | None:
        from chalicelib.devices import find_command

        command = find_command(community_id, command_id)
        return command.status if command is not None else None
