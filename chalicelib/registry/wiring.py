"""Builds the registry's services from its repository and adapters (once per container, on first use)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalicelib.kernel.wiring import built

if TYPE_CHECKING:
    from chalicelib.registry.households import HouseholdService
    from chalicelib.registry.imports import ImportService
    from chalicelib.registry.service import RegistryService


@built
def registry_service() -> RegistryService:
    from chalicelib.kernel.clock import utcnow
    from chalicelib.registry.adapters import PiiPersonalData
    from chalicelib.registry.repository import DynamoRegistry
    from chalicelib.registry.service import RegistryService

    # The one upward edge of the capability graph: moving out (or being removed from) a household deregisters the
    # person's access credentials (visitors) in the same transaction, so no card outlives its holder's residency.
    from chalicelib.visitors import credential_move_out

    return RegistryService(repo=DynamoRegistry([credential_move_out]), personal=PiiPersonalData(), now=utcnow)


@built
def household_service() -> HouseholdService:
    from chalicelib.kernel.clock import utcnow
    from chalicelib.registry.households import HouseholdService
    from chalicelib.registry.repository import DynamoAttemptLimiter

    return HouseholdService(registry_service(), limiter=DynamoAttemptLimiter(), now=utcnow)


@built
def import_service() -> ImportService:
    from chalicelib.registry.imports import ImportService

    return ImportService(registry_service())
