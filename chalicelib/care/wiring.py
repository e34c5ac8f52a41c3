"""Builds the care service from its repository and adapters."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalicelib.kernel.wiring import built

if TYPE_CHECKING:
    from chalicelib.care.service import CareService


@built
def care_service() -> CareService:
    from chalicelib.care.adapters import AlertNotices, PiiSealer, RegistryPeople, WorkOrderVisits
    from chalicelib.care.repository import DynamoCareStore
    from chalicelib.care.service import CareService
    from chalicelib.kernel.clock import utcnow

    return CareService(DynamoCareStore(), RegistryPeople(), PiiSealer(), utcnow, AlertNotices(), WorkOrderVisits())
