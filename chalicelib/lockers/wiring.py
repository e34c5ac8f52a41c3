"""Builds the locker service from its repository and adapters (typed; built once per container)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalicelib.kernel.wiring import built

if TYPE_CHECKING:
    from chalicelib.lockers.repository import DynamoParcels
    from chalicelib.lockers.service import LockerService


@built
def parcel_store() -> DynamoParcels:
    from chalicelib.lockers.repository import DynamoParcels

    return DynamoParcels()


@built
def locker_service() -> LockerService:
    from chalicelib.kernel.clock import utcnow
    from chalicelib.lockers.adapters import DeviceLockers, RegistryHouseholds
    from chalicelib.lockers.service import LockerService

    return LockerService(parcels=parcel_store(), households=RegistryHouseholds(), lockers=DeviceLockers(), now=utcnow)
