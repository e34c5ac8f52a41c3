"""The parking service's outbound ports on the other capabilities (through their package faces only): the registry's
vehicles, the visitors' passes naming a car, the devices capability's commands (with acks) and alarm hand-off, and
the payments capability's charges."""

from __future__ import annotations

from typing import Any

from chalicelib.parking.model import PAYMENT_PURPOSE, Stay

WATCHLIST_EVENT = "watchlisted_plate"  # the barrier_gate catalogue event whose hint raises the alarm


class RegistryVehicles:
    def lookup(self, community_id: str, plate: str) -> dict[str, Any] | None:
        """The registry's vehicle with this plate, marked as watched (`keyClass`) when the registry classes it
        so or the community's watch list (governance) names the plate; None for a plate neither knows."""
        from chalicelib.governance import watched_plate
        from chalicelib.kernel.clock import utcnow
        from chalicelib.registry import vehicle_by_plate

        record = vehicle_by_plate(community_id, plate)
        watched = watched_plate(community_id, plate, utcnow())
        if record is None and watched is None:
            return None
        attrs = (record.attrs or {}) if record is not None else {}
        return {
            "parkingType": attrs.get("parkingType"),
            "keyClass": attrs.get("keyClass") or (f"watchlist: {watched.reason}" if watched else None),
            "houseId": attrs.get("houseId"),
        }

    def with_space(self, community_id: str, day: Any) -> list[str]:
        """Plates of the registry's cars holding a space of their own (owned or monthly) on that Beijing day."""
        from chalicelib.parking.whitelist import SPACE_TYPES
        from chalicelib.registry import vehicles_of

        plates = []
        for record in vehicles_of(community_id):
            attrs = record.attrs or {}
            first, last = str(attrs.get("validFrom") or ""), str(attrs.get("validTo") or "")
            if attrs.get("parkingType") not in SPACE_TYPES or attrs.get("keyClass") or not attrs.get("plate"):
                continue
            if (first and first > day.isoformat()) or (last and last < day.isoformat()):
                continue
            plates.append(str(attrs["plate"]))
        return plates


class PassVisitorCars:
    def admit(self, community_id: str, device_id: str, plate: str, direction: str) -> dict[str, Any] | None:
        from datetime import timedelta

        from chalicelib.kernel.clock import utcnow
        from chalicelib.visitors import visitor_car_pass

        now = utcnow()
        found = visitor_car_pass(community_id, plate, now, device_id)
        if found is None:
            return None
        minutes = int(found["freeParkingMinutes"])
        return {"passId": found["passId"], "freeParkingUntil": now + timedelta(minutes=minutes) if minutes else None}

    def plates_between(self, community_id: str, since: Any, until: Any) -> list[str]:
        """Plates named by the community's admitting visitor passes whose window meets [since, until)."""
        from chalicelib.visitors import visitor_car_plates

        return visitor_car_plates(community_id, since, until)


class DeviceBarriers:
    """Decisions reach the barrier as device commands: the devices capability publishes them and waits for the
    barrier's ack (stepfunctions/device_command.asl.json)."""

    def open(self, community_id: str, device_id: str, plate: str, reason: str, by: str) -> str:
        from chalicelib.devices import command_service

        command = command_service().request(
            community_id, device_id, "open_gate", {"reason": reason, "plate": plate}, requested_by=by, publish_now=True
        )
        return command.command_id

    def show(self, community_id: str, device_id: str, text: str, by: str) -> str:
        from chalicelib.devices import command_service

        command = command_service().request(
            community_id,
            device_id,
            "show_message",
            {"text": text[:64], "speak": True},
            requested_by=by,
            publish_now=True,
        )
        return command.command_id

    def set_whitelist(self, community_id: str, device_id: str, plates: list[str], valid_on: str, by: str) -> str:
        from chalicelib.devices import command_service

        command = command_service().request(
            community_id, device_id, "set_whitelist", {"whitelist": plates, "validOn": valid_on}, requested_by=by
        )
        return command.command_id

    def watch_listed(self, community_id: str, device_id: str, plate: str, key_class: str, msg_id: str) -> None:
        from chalicelib.devices import hand_over_event

        hand_over_event(
            community_id, device_id, "barrier_gate", WATCHLIST_EVENT, {"plate": plate, "keyClass": key_class}, msg_id
        )


class PaymentCharges:
    def charge(
        self, community_id: str, account_id: str, stay: Stay, amount_fen: int, description: str
    ) -> tuple[dict[str, Any], dict[str, str]]:
        return self.charge_reference(community_id, account_id, stay.stay_id, amount_fen, description)

    def charge_reference(
        self, community_id: str, account_id: str, reference: str, amount_fen: int, description: str
    ) -> tuple[dict[str, Any], dict[str, str]]:
        from chalicelib.kernel.clock import iso
        from chalicelib.payments import charge

        order, params = charge(community_id, account_id, PAYMENT_PURPOSE, reference, amount_fen, description)
        view = {
            "orderId": order.order_id,
            "status": order.status,
            "amountFen": order.amount_fen,
            "expiresAt": iso(order.expires_at),
        }
        return view, params

    def order_status(self, community_id: str, order_id: str) -> str | None:
        """`created`, `paid` or `closed` at the payments capability; None for no such order."""
        from chalicelib.payments import order_status

        return order_status(community_id, order_id)


class PassHouseholdNotices:
    """A monthly pass's house told by WeChat (the notifications capability's `parking_pass` kind)."""

    def remind_expiry(self, mp: Any, park_name: str, days: int) -> None:
        from chalicelib.notifications import compose, household_recipients, send

        due = f"{mp.valid_until.year}年{mp.valid_until.month}月{mp.valid_until.day}日"
        plates = "、".join(mp.plates)
        facts = {
            "title": "停车月卡即将到期",
            "plate": mp.plates[0] if len(mp.plates) == 1 else plates,
            "place": park_name,
            "due": due,
            "note": "明天到期" if days == 1 else f"还有{days}天到期",
        }
        for message in compose(
            "parking_pass",
            facts,
            community_id=mp.community_id,
            subject=f"monthly_pass:{mp.pass_id}",
            key=f"expiry-{mp.valid_until.isoformat()}-{days}",
            recipients=household_recipients(mp.community_id, mp.house_id),
            link=f"pages/parking/monthly?houseId={mp.house_id}&passId={mp.pass_id}",
        ):
            send(message)
