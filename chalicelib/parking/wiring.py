"""Builds the parking service from its repository and adapters (typed; built once per container)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalicelib.kernel.wiring import built

if TYPE_CHECKING:
    from chalicelib.parking.occupancy import OccupancySampler
    from chalicelib.parking.reminders import PassReminders
    from chalicelib.parking.repository_offline import OfflineParkingStore
    from chalicelib.parking.service import ParkingService
    from chalicelib.parking.zones import ZoneService


@built
def parking_store() -> OfflineParkingStore:
    from chalicelib.parking.repository_offline import OfflineParkingStore  # DynamoParkingStore and offline passages

    return OfflineParkingStore()


@built
def parking_service() -> ParkingService:
    from chalicelib.kernel.clock import utcnow
    from chalicelib.parking.adapters import DeviceBarriers, PassVisitorCars, PaymentCharges, RegistryVehicles
    from chalicelib.parking.service import ParkingService

    return ParkingService(
        store=parking_store(),
        vehicles=RegistryVehicles(),
        visitors=PassVisitorCars(),
        barriers=DeviceBarriers(),
        charges=PaymentCharges(),
        monthly=parking_store(),
        now=utcnow,
    )


@built
def pass_reminders() -> PassReminders:
    from chalicelib.kernel.clock import utcnow
    from chalicelib.parking.adapters import PassHouseholdNotices
    from chalicelib.parking.reminders import PassReminders

    return PassReminders(store=parking_store(), households=PassHouseholdNotices(), now=utcnow)


@built
def zone_service() -> ZoneService:
    from chalicelib.kernel.clock import utcnow
    from chalicelib.parking.zones import ZoneService

    def house_exists(community_id: str, house_id: str) -> bool:
        from chalicelib.registry import find_record

        return find_record(community_id, "house", house_id) is not None

    return ZoneService(store=parking_store(), house_exists=house_exists, now=utcnow)


@built
def occupancy() -> OccupancySampler:
    from chalicelib.kernel.clock import utcnow
    from chalicelib.parking.occupancy import OccupancySampler

    return OccupancySampler(store=parking_store(), now=utcnow)


def is_barrier(community_id: str, device_id: str) -> bool:
    """A barrier_gate device of the community's ledger (the devices capability's face)."""
    from chalicelib.devices import find_device

    device = find_device(community_id, device_id)
    return device is not None and device.device_type == "barrier_gate"
