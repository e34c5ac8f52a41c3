"""What every registry route module shares: the services and the audit call."""

from __future__ import annotations

from typing import Any

from chalicelib.kernel.http import Call
from chalicelib.kernel.security.access import Access
from chalicelib.registry import wiring
from chalicelib.registry.households import HouseholdService
from chalicelib.registry.imports import ImportService
from chalicelib.registry.service import RegistryService

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
    from chalicelib import audit as log

    log.record_call(call, operation, target_type, target_id, outcome=outcome, detail=detail)
