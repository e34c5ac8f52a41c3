"""Builds the visitor, door and credential services from their repositories and adapters (once per container)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalicelib.kernel.wiring import built

if TYPE_CHECKING:
    from chalicelib.visitors.adapters import SecretsManagerMasterKey
    from chalicelib.visitors.credentials import CredentialService
    from chalicelib.visitors.doors import DoorAccess
    from chalicelib.visitors.gate_sessions import GateSessions
    from chalicelib.visitors.model import GateRef
    from chalicelib.visitors.repository import DynamoPassRepository, DynamoPolicyStore
    from chalicelib.visitors.repository_credentials import DynamoCredentials
    from chalicelib.visitors.repository_entries import DynamoEntryLog
    from chalicelib.visitors.service import VisitorPassService


@built
def pass_master_key() -> SecretsManagerMasterKey:
    from chalicelib.visitors.adapters import SecretsManagerMasterKey

    return SecretsManagerMasterKey()


@built
def visitor_service() -> VisitorPassService:
    from chalicelib.kernel.security.pii import SealedPhones
    from chalicelib.visitors.adapters import (
        GateGuessingAlarms,
        HouseholdVisitorNotices,
        LedgerGates,
        RegistryHouses,
        StepFunctionsPassWorkflows,
    )
    from chalicelib.visitors.keypad import KeypadGuard
    from chalicelib.visitors.keyring import PublishingKeyring
    from chalicelib.visitors.repository import DynamoPassRepository, DynamoPolicyStore, DynamoPublishedKeys
    from chalicelib.visitors.repository_entries import DynamoEntryLog
    from chalicelib.visitors.repository_gates import DynamoAttemptCounters
    from chalicelib.visitors.service import VisitorPassService

    return VisitorPassService(
        repo=DynamoPassRepository(),
        entries_log=DynamoEntryLog(),
        policies=DynamoPolicyStore(),
        keyring=PublishingKeyring(pass_master_key(), DynamoPublishedKeys()),
        houses=RegistryHouses(),
        gates=LedgerGates(),
        workflows=StepFunctionsPassWorkflows(),
        personal=SealedPhones(),
        keypad=KeypadGuard(DynamoAttemptCounters(), GateGuessingAlarms()),
        host_notices=HouseholdVisitorNotices(),
    )


@built
def gate_sessions() -> GateSessions:
    from chalicelib.visitors.adapters import IotCertificateRegistry, LedgerCertificates, LedgerGates
    from chalicelib.visitors.gate_sessions import GateSessions
    from chalicelib.visitors.repository_gates import DynamoSignInNonces

    return GateSessions(
        gates=LedgerGates(),
        certificates=LedgerCertificates(),
        registry=IotCertificateRegistry(),
        nonces=DynamoSignInNonces(),
    )


def visitor_records() -> tuple[DynamoEntryLog, DynamoPassRepository, DynamoPolicyStore]:
    """Entry records, passes and policies for queries (the service's ports only cover the lifecycle)."""
    from chalicelib.visitors.repository import DynamoPassRepository, DynamoPolicyStore
    from chalicelib.visitors.repository_entries import DynamoEntryLog

    return DynamoEntryLog(), DynamoPassRepository(), DynamoPolicyStore()


@built
def door_access() -> DoorAccess:
    from chalicelib.devices import command_service
    from chalicelib.visitors.adapters import LedgerDoors, LedgerGates, RegistryHouses
    from chalicelib.visitors.doors import DoorAccess

    return DoorAccess(
        houses=RegistryHouses(), devices=LedgerGates(), door_list=LedgerDoors(), commands=command_service()
    )


@built
def credential_service() -> CredentialService:
    from chalicelib.registry import current_residency_check
    from chalicelib.visitors.adapters import IdentityStaff, LedgerGates, RegistryHouses
    from chalicelib.visitors.credentials import CredentialService
    from chalicelib.visitors.passage_listeners import passage_recorded
    from chalicelib.visitors.repository_credentials import DynamoCredentials
    from chalicelib.visitors.repository_entries import DynamoEntryLog

    return CredentialService(
        repo=DynamoCredentials(current_residency_check),
        houses=RegistryHouses(),
        staff=IdentityStaff(),
        entries=DynamoEntryLog(),
        devices=LedgerGates(),
        buildings=RegistryHouses(),
        on_passage=passage_recorded,
    )


def credential_records() -> DynamoCredentials:
    from chalicelib.visitors.repository_credentials import DynamoCredentials

    return DynamoCredentials()


def person_of(account_id: str, community_id: str, house_id: str) -> str | None:
    """The registry person behind a resident account in one house (None when not a current member)."""
    from chalicelib.visitors.adapters import person_of as look_up

    return look_up(account_id, community_id, house_id)


def find_gate(community_id: str, device_id: str) -> GateRef | None:
    """A gate or door device of the community's ledger, as the access rules see it."""
    from chalicelib.visitors.adapters import LedgerGates

    return LedgerGates().find(community_id, device_id)
