"""What every registry route module shares: the services and the audit call."""

from __future__ import annotations

from typing import Any

from chalicelib import wiring
from chalicelib.api.http import Call
from chalicelib.domain.household_service import HouseholdService
from chalicelib.domain.import_service import ImportService
from chalicelib.domain.registry_service import RegistryService
from chalicelib.security.access import Access

READ = Access.community("registry:read")
WRITE = Access.community("registry:write")


def registry() -> RegistryService:
    service: RegistryService = wiring.registry_service()
    return service


def households() -> HouseholdService:
    service: HouseholdService = wiring.household_service()
    return service


def importer() -> ImportService:
    service: ImportService = wiring.import_service()
    return service


def audit(
    call: Call[Any],
    operation: str,
    target_type: str,
    target_id: str,
    detail: dict[str, Any] | None = None,
    outcome: str = "success",
) -> None:
    from chalicelib.security import audit as log

    log.record_call(call, operation, target_type, target_id, outcome=outcome, detail=detail)
