"""Composition root: builds domain services from their store and gateway adapters (lazily, once per container)."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # each factory imports what it builds: a function's cold start imports only its own services
    from chalicelib.domain.commands import CommandService


class CatalogueCommands:
    """Adapter from the device-type catalogue in `iot/` to the command service's port."""

    def validate(self, device_type: str, name: str, params: dict[str, Any]) -> dict[str, Any]:
        from chalicelib.domain.errors import InvalidInput
        from iot import catalogue

        try:
            return catalogue.validate_command(device_type, name, params)
        except catalogue.UnknownCommand as exc:
            raise InvalidInput(
                f"{device_type} does not accept {name}",
                code="UNKNOWN_COMMAND",
                details=[{"field": "name", "code": "unknown_command", "message": str(exc)}],
            ) from exc
        except catalogue.InvalidMessage as exc:
            raise InvalidInput(
                "command parameters are invalid",
                code="VALIDATION_FAILED",
                details=[
                    {
                        "field": exc.path if exc.path.startswith("params") else "params",
                        "code": exc.reason,
                        "message": str(exc),
                    }
                ],
            ) from exc


@cache
def command_service() -> CommandService:
    from chalicelib.domain.commands import CommandService
    from chalicelib.gateways.iot_publisher import publisher
    from chalicelib.gateways.iot_shadow import ShadowMirroringPublisher, shadows
    from chalicelib.gateways.workflows import StepFunctionsWorkflows
    from chalicelib.store.commands import DynamoCommandRepository
    from chalicelib.store.devices import DynamoDeviceDirectory
    from iot.topics import topic_for

    directory = DynamoDeviceDirectory()

    def device_type_of(community_id: str, device_id: str) -> str | None:
        found = directory.find(community_id, device_id)
        return found.device_type if found else None

    return CommandService(
        repo=DynamoCommandRepository(),
        devices=directory,
        catalogue=CatalogueCommands(),
        # Stateful devices also get their shadow's desired state when a state-setting command is sent.
        publisher=ShadowMirroringPublisher(publisher(), shadows(), device_type_of),
        workflows=StepFunctionsWorkflows(),
        topic_for=topic_for,
    )


class SealedPhones:
    """Adapter from `security.pii` to the identity service's `PersonalData` port."""

    def seal_phone(self, phone: str) -> tuple[str, str, str]:
        from chalicelib.security import pii

        number = pii.normalise_phone(phone)
        return pii.encrypt(number, purpose="account.phone"), pii.blind_index("phone", number), pii.mask_phone(number)

    def valid_mobile(self, phone: str) -> bool:
        from chalicelib.security import pii

        return pii.valid_mobile(phone)


def household_memberships(account_id: str) -> list[Any]:
    """The identity service's membership port: a resident's current households (registry, part B)."""
    from chalicelib.store.households import memberships_of

    return list(memberships_of(account_id))


@cache
def wechat() -> Any:
    from chalicelib.gateways.wechat import from_environment

    return from_environment()


@cache
def identity_service() -> Any:
    from chalicelib.domain.clock import utcnow
    from chalicelib.domain.identity import IdentityService
    from chalicelib.security.passwords import Argon2Passwords
    from chalicelib.security.sessions import CachedCutoffWriter
    from chalicelib.store.identity import DynamoRefreshFamilies, DynamoResidentAccounts, DynamoStaffAccounts

    return IdentityService(
        staff=DynamoStaffAccounts(),
        residents=DynamoResidentAccounts(),
        families=DynamoRefreshFamilies(),
        hasher=Argon2Passwords(),
        wechat=wechat(),
        personal=SealedPhones(),
        memberships_of=household_memberships,
        now=utcnow,
        cutoffs=CachedCutoffWriter(),
    )


def known_device_type(device_type: str) -> bool:
    from iot import catalogue

    return device_type in catalogue.device_types()


def accepts_command(device_type: str, name: str) -> bool:
    from iot import catalogue

    return name in catalogue.get_type(device_type).command_names


def command_history() -> Any:
    """The command records, for history queries (the service's repository port only covers the lifecycle)."""
    from chalicelib.store.commands import DynamoCommandRepository

    return DynamoCommandRepository()


def registry_building_exists(community_id: str, building_id: str) -> bool:
    """The device ledger's building port: is this a building of this community in the registry?"""
    return registry_service().repo.get(community_id, "building", building_id) is not None


@cache
def device_ledger() -> Any:
    from chalicelib.domain.devices import DeviceLedger
    from chalicelib.store.devices import DynamoDeviceLedger

    return DeviceLedger(
        repo=DynamoDeviceLedger(), known_type=known_device_type, building_exists=registry_building_exists
    )


@cache
def certificate_service() -> Any:
    from chalicelib.domain.provisioning import CertificateService
    from chalicelib.gateways.iot_registry import registry
    from chalicelib.store.devices import DynamoCertificateStore, DynamoDeviceLedger

    return CertificateService(devices=DynamoDeviceLedger(), certificates=DynamoCertificateStore(), registry=registry())


# -- device ingestion (issue 4A) ---------------------------------------------------------------------------
class CommandAckPort:
    """Ingestion hands device acks to the command service (built lazily: most batches carry no ack)."""

    def acknowledge(
        self, community_id: str, device_id: str, command_id: str, status: str, detail: str | None = None
    ) -> str:
        return command_service().acknowledge(community_id, device_id, command_id, status, detail)


@cache
def ingestion_service() -> Any:
    from chalicelib.domain.ingestion import IngestionService
    from chalicelib.gateways.alarm_queue import SqsAlarmSink
    from chalicelib.gateways.dead_letters import SqsDeadLetters
    from chalicelib.gateways.ingestion_metrics import PowertoolsIngestionMetrics
    from chalicelib.store.presence import DynamoDeviceDirectory
    from chalicelib.store.telemetry import DynamoIngestionStore

    return IngestionService(
        devices=DynamoDeviceDirectory(),
        store=DynamoIngestionStore(),
        dead_letters=SqsDeadLetters(),
        alarms=SqsAlarmSink(),
        acks=CommandAckPort(),
        metrics=PowertoolsIngestionMetrics(),
    )


@cache
def presence_sweep() -> Any:
    from chalicelib.domain.presence import PresenceSweep
    from chalicelib.gateways.alarm_queue import SqsAlarmSink
    from chalicelib.gateways.ingestion_metrics import PowertoolsIngestionMetrics
    from chalicelib.store.presence import DynamoPresenceStore
    from chalicelib.store.telemetry import DynamoIngestionStore

    return PresenceSweep(
        store=DynamoPresenceStore(DynamoIngestionStore()), alarms=SqsAlarmSink(), metrics=PowertoolsIngestionMetrics()
    )


# -- reads the API needs without importing store (the import rule: api never imports store) -------------------
def ping_database() -> None:
    """Raises when DynamoDB does not answer (the health check)."""
    from chalicelib.store.tables import RegistryTable

    RegistryTable.describe_table()


def latest_device_state(community_id: str, device_id: str) -> Any:
    from chalicelib.store.series import latest_state

    return latest_state(community_id, device_id)


def command_as_dict(command: Any) -> dict[str, Any]:
    from chalicelib.store.commands import command_view

    return command_view(command)


def audit_log() -> Any:
    """The audit log's query side (the `store.audit` module)."""
    from chalicelib.store import audit

    return audit


# -- registry and households (issue 8) ------------------------------------------------------------------------
@cache
def registry_service() -> Any:
    from chalicelib.domain.clock import utcnow
    from chalicelib.domain.registry_service import RegistryService
    from chalicelib.security.personal_data import PiiPersonalData
    from chalicelib.store.credentials import deregister_actions
    from chalicelib.store.registry_repository import DynamoRegistry

    # Moving out (or being removed from) a household deregisters the person's access credentials in the same change.
    return RegistryService(repo=DynamoRegistry([deregister_actions]), personal=PiiPersonalData(), now=utcnow)


@cache
def household_service() -> Any:
    from chalicelib.domain.clock import utcnow
    from chalicelib.domain.household_service import HouseholdService
    from chalicelib.store.registry_repository import DynamoAttemptLimiter

    return HouseholdService(registry_service(), limiter=DynamoAttemptLimiter(), now=utcnow)


@cache
def import_service() -> Any:
    from chalicelib.domain.import_service import ImportService

    return ImportService(registry_service())


# -- visitor passes and access (issue 11) -------------------------------------------------------------------------
class VisitorHouses:
    """The visitor, door and credential services' `HouseDirectory` port over the registry repository."""

    def relation_of(self, account_id: str, community_id: str, house_id: str) -> str | None:
        return next(
            (
                m.relation
                for m in household_memberships(account_id)
                if (m.community_id, m.house_id) == (community_id, house_id)
            ),
            None,
        )

    def house(self, community_id: str, house_id: str) -> Any:
        from chalicelib.domain.visitors import HouseRef

        record = registry_service().repo.get(community_id, "house", house_id)
        if record is None:
            return None
        attrs = record.attrs or {}
        return HouseRef(community_id, house_id, attrs.get("buildingId"), attrs.get("floor"))


def person_of(account_id: str, community_id: str, house_id: str) -> str | None:
    """The registry person behind a resident account in one house (None when not a current member)."""
    return next(
        (
            r.person_id
            for r in registry_service().repo.residencies_of_account(account_id)
            if (r.community_id, r.house_id) == (community_id, house_id)
        ),
        None,
    )


class LedgerGates:
    """The visitor service's `GateDirectory` port on the device ledger."""

    def find(self, community_id: str, device_id: str) -> Any:
        from chalicelib.domain.visitors import GateRef
        from chalicelib.store.devices import DynamoDeviceLedger

        device = DynamoDeviceLedger().get(community_id, device_id)
        if device is None:
            return None
        return GateRef(community_id, device.device_id, device.device_type, device.status, device.location.building)


class LedgerCertificates:
    def active_certificate_id(self, community_id: str, device_id: str) -> str | None:
        from chalicelib.store.devices import DynamoCertificateStore

        active = DynamoCertificateStore().active(community_id, device_id)
        return active.certificate_id if active else None


class IotCertificateRegistry:
    def describe(self, certificate_id: str) -> tuple[str, str]:
        from chalicelib.gateways.aws import client

        described = client("iot").describe_certificate(certificateId=certificate_id)["certificateDescription"]
        return str(described["status"]), str(described["certificatePem"])


@cache
def pass_master_key() -> Any:
    from chalicelib.gateways.pass_keys import SecretsManagerMasterKey

    return SecretsManagerMasterKey()


@cache
def visitor_service() -> Any:
    from chalicelib.domain.visitors import PublishingKeyring, VisitorPassService
    from chalicelib.gateways.visitor_workflows import StepFunctionsPassWorkflows
    from chalicelib.store.visitors import (
        DynamoEntryLog,
        DynamoPassRepository,
        DynamoPolicyStore,
        DynamoPublishedKeys,
    )

    return VisitorPassService(
        repo=DynamoPassRepository(),
        entries_log=DynamoEntryLog(),
        policies=DynamoPolicyStore(),
        keyring=PublishingKeyring(pass_master_key(), DynamoPublishedKeys()),
        houses=VisitorHouses(),
        gates=LedgerGates(),
        workflows=StepFunctionsPassWorkflows(),
        personal=SealedPhones(),
    )


@cache
def gate_sessions() -> Any:
    from chalicelib.domain.gate_sessions import GateSessions

    return GateSessions(gates=LedgerGates(), certificates=LedgerCertificates(), registry=IotCertificateRegistry())


def visitor_records() -> Any:
    """Entry records and pass listings for queries (the service's ports only cover the lifecycle)."""
    from chalicelib.store.visitors import DynamoEntryLog, DynamoPassRepository, DynamoPolicyStore

    return DynamoEntryLog(), DynamoPassRepository(), DynamoPolicyStore()


class LedgerDoors:
    def doors(self, community_id: str, building: str | None) -> list[Any]:
        from chalicelib.domain.devices import DeviceFilter
        from chalicelib.domain.visitors import GateRef

        found = device_ledger().repo.all_matching(
            community_id, DeviceFilter(device_type="door_controller", building=building), cap=200
        )
        return [GateRef(community_id, d.device_id, d.device_type, d.status, d.location.building) for d in found]


@cache
def door_access() -> Any:
    from chalicelib.domain.doors import DoorAccess

    return DoorAccess(
        houses=VisitorHouses(), devices=LedgerGates(), door_list=LedgerDoors(), commands=command_service()
    )


@cache
def credential_service() -> Any:
    from chalicelib.domain.credentials import CredentialService
    from chalicelib.store.credentials import DynamoCredentials
    from chalicelib.store.visitors import DynamoEntryLog

    return CredentialService(
        repo=DynamoCredentials(), houses=VisitorHouses(), entries=DynamoEntryLog(), devices=LedgerGates()
    )


def credential_records() -> Any:
    from chalicelib.store.credentials import DynamoCredentials

    return DynamoCredentials()


# -- end of visitor passes ----------------------------------------------------------------------------------------


# -- alarm handling (issue 10): adapters in chalicelib/wiring_alarms.py ----------------------------------------
@cache
def alarm_service() -> Any:
    from chalicelib.wiring_alarms import build_alarm_service

    return build_alarm_service()


@cache
def alarm_dead_letters() -> Any:
    from chalicelib.gateways.alarm_workflows import SqsAlarmDeadLetters

    return SqsAlarmDeadLetters()


@cache
def duty_roster() -> Any:
    from chalicelib.wiring_alarms import build_roster

    return build_roster()


@cache
def alarm_rule_overrides() -> Any:
    from chalicelib.store.alarms import DynamoRuleOverrides

    return DynamoRuleOverrides()


def alarm_store() -> Any:
    """The alarm records, for statistics (the service's repository port only covers queries by page)."""
    from chalicelib.store.alarms import DynamoAlarmRepository

    return DynamoAlarmRepository()


def deliveries() -> Any:
    from chalicelib.store.notifications import DynamoDeliveries

    return DynamoDeliveries()


def reset_alarms() -> None:
    alarm_service.cache_clear()
    alarm_dead_letters.cache_clear()
    duty_roster.cache_clear()
    alarm_rule_overrides.cache_clear()


# -- end of alarm handling ------------------------------------------------------------------------------------


def reset() -> None:
    """Forget built services (tests and the local cloud change the environment)."""
    registry_service.cache_clear()
    household_service.cache_clear()
    import_service.cache_clear()
    reset_alarms()  # issue 10
    ingestion_service.cache_clear()
    presence_sweep.cache_clear()
    command_service.cache_clear()
    device_ledger.cache_clear()
    certificate_service.cache_clear()
    wechat.cache_clear()
    identity_service.cache_clear()
    for built in (media, work_order_service, photo_uploads, photo_pipeline, notifier):
        built.cache_clear()
    reset_payments()  # payments (issue 13)
    visitor_service.cache_clear()  # issue 11
    door_access.cache_clear()
    credential_service.cache_clear()
    gate_sessions.cache_clear()
    pass_master_key.cache_clear()


# ---- work orders and media (issue 12) -------------------------------------------------------------------------
@cache
def media() -> Any:
    from chalicelib.gateways.media import S3Media

    return S3Media()


@cache
def work_order_service() -> Any:
    from chalicelib.domain.clock import utcnow
    from chalicelib.domain.work_orders import WorkOrderService
    from chalicelib.gateways.work_order_workflows import StepFunctionsSla
    from chalicelib.store.identity import DynamoStaffAccounts
    from chalicelib.store.work_orders import DynamoCategories, DynamoTechnicianProfiles, DynamoTicketRepository

    return WorkOrderService(
        repo=DynamoTicketRepository(),
        categories=DynamoCategories(),
        technicians=DynamoTechnicianProfiles(DynamoStaffAccounts().in_community),
        notifier=notifier(),
        workflows=StepFunctionsSla(),
        now=utcnow,
    )


@cache
def photo_uploads() -> Any:
    from chalicelib.domain.media import PhotoUploads
    from chalicelib.gateways.media import UPLOAD_URL_SECONDS

    return PhotoUploads(add_photo=work_order_service().add_photo, forms=media(), expires_in=UPLOAD_URL_SECONDS)


@cache
def photo_pipeline() -> Any:
    from chalicelib.domain.media import PhotoPipeline
    from chalicelib.gateways.images import process

    service = work_order_service()
    return PhotoPipeline(slots=service.repo, media=media(), process=process, settle=service.photo_processed)


class WorkOrderNotices:
    """The work-order service's `Notifier` port over the one notifier (issue 10's, with a delivery record per
    recipient): staff by push (their account), residents by WeChat subscribe message (their openid)."""

    def __init__(self, send: Any, openid_of: Any):
        self._send = send  # (Message) -> deliveries
        self._openid_of = openid_of  # (resident account id) -> openid | None

    def send(self, notices: list[Any]) -> None:
        from chalicelib.domain.notifications import PUSH, WECHAT, Message, Recipient

        by_topic: dict[tuple[str, str], list[Any]] = {}
        for notice in notices:
            by_topic.setdefault((notice.topic, notice.data["ticketId"]), []).append(notice)
        for (topic, ticket_id), group in by_topic.items():
            recipients = []
            for notice in group:
                if notice.recipient_kind == "resident":
                    openid = self._openid_of(notice.recipient)
                    if openid:
                        recipients.append(Recipient(WECHAT, openid, role="reporter"))
                else:
                    recipients.append(Recipient(PUSH, notice.recipient, role="staff"))
            if not recipients:
                continue
            data = group[0].data
            self._send(
                Message(
                    community_id=group[0].community_id,
                    subject=f"workorder:{ticket_id}",
                    key=f"{topic}@v{data.get('version', 0)}",  # one delivery per change: a retry sends nothing new
                    title=f"[{data['kind']}] {topic.rsplit('.', 1)[-1].replace('_', ' ')}",
                    body=f"{data['category']}: {data['status']} (due {data['dueAt']})",
                    recipients=tuple(recipients),
                    fields={
                        "type": f"{data['kind']} {data['category']}",
                        "severity": data["status"],
                        "place": data.get("place", ""),
                        "time": data["dueAt"],
                    },
                    link=f"pages/work-orders/detail?id={ticket_id}",
                )
            )


@cache
def notifier() -> Any:
    """Where work orders send their notices: the alarm issue's notifier (channels, delivery records, retries)."""
    from chalicelib.wiring_alarms import LazyNotifier

    return WorkOrderNotices(LazyNotifier().send, ResidentPayers().openid_of)


class AlarmWorkOrders:
    """The alarm workflow's `WorkOrderDispatch` port: an equipment alarm opens a repair work order (once)."""

    def dispatch(self, alarm: Any) -> str | None:
        from chalicelib.domain.alarm_work_orders import dispatch_for
        from chalicelib.domain.errors import Conflict
        from chalicelib.domain.work_orders import Actor

        plan = dispatch_for(alarm)
        if plan is None:
            return None
        try:
            ticket = work_order_service().report(
                alarm.community_id,
                Actor(subject=f"alarm:{alarm.alarm_id}", kind="system"),
                kind="repair",
                category_id=plan.category_id,
                description=plan.description,
                location=plan.location,
                contact="none",
                source="alarm",
                alarm_id=alarm.alarm_id,
                ticket_id=plan.ticket_id,
            )
        except Conflict as exc:
            if exc.code == "WORK_ORDER_EXISTS":  # a retried dispatch: the alarm's ticket is already open
                return plan.ticket_id
            raise
        return ticket.ticket_id


# -- payments (issue 13) ------------------------------------------------------------------------------------
class RegistryHouses:
    """The billing port over the registry repository: a community's houses (with their area) and one house."""

    def _ref(self, record: Any) -> Any:
        from chalicelib.domain.bills import HouseRef

        attrs = record.attrs or {}
        area = attrs.get("areaSqm")
        return HouseRef(
            community_id=record.community_id or "",
            house_id=record.id,
            building_id=str(attrs.get("buildingId") or ""),
            area_sqm=float(area) if area else None,
            label=str(attrs.get("houseNumber") or ""),
        )

    def houses(self, community_id: str) -> list[Any]:
        repo = registry_service().repo
        found: list[Any] = []
        cursor: str | None = None
        while True:
            records, cursor = repo.houses(community_id, None, None, 500, cursor)
            found.extend(self._ref(r) for r in records if r.kind == "house")
            if not cursor:
                return found

    def house(self, community_id: str, house_id: str) -> Any:
        record = registry_service().repo.get(community_id, "house", house_id)
        return self._ref(record) if record is not None else None


class ResidentPayers:
    """The payment service's payer port: a resident account's WeChat openid."""

    def openid_of(self, account_id: str) -> str | None:
        from chalicelib.store.identity import DynamoResidentAccounts

        account = DynamoResidentAccounts().get(account_id)
        return account.openid if account is not None else None


@cache
def payment_store() -> Any:
    from chalicelib.store.payments import DynamoPaymentStore

    return DynamoPaymentStore()


@cache
def wechatpay() -> Any:
    from chalicelib.gateways.wechatpay import from_environment

    return from_environment()


class LazyWechatPay:
    """Builds the WeChat Pay gateway on first use: reading bills or deciding a refund that is not found works
    even where the merchant secret is not (yet) configured."""

    def __getattr__(self, name: str) -> Any:
        return getattr(wechatpay(), name)


@cache
def billing_service() -> Any:
    from chalicelib.domain.bills import BillingService
    from chalicelib.domain.clock import utcnow

    return BillingService(store=payment_store(), houses=RegistryHouses(), now=utcnow)


@cache
def payment_service() -> Any:
    import os

    from chalicelib.domain.clock import utcnow
    from chalicelib.domain.payments import DEFAULT_PAY_TIMEOUT_SECONDS, PaymentService
    from chalicelib.gateways.payment_workflows import StepFunctionsPayments

    return PaymentService(
        store=payment_store(),
        provider=LazyWechatPay(),
        workflows=StepFunctionsPayments(),
        payers=ResidentPayers(),
        now=utcnow,
        pay_timeout_seconds=int(os.environ.get("PAYMENT_TIMEOUT_SECONDS", str(DEFAULT_PAY_TIMEOUT_SECONDS))),
    )


def arrears_reminders() -> Any:
    """Issue 13: weekly reminders of overdue bills through the one notifier (built on the first message)."""
    from chalicelib.domain.arrears_reminders import ArrearsReminders
    from chalicelib.domain.clock import utcnow
    from chalicelib.wiring_alarms import LazyNotifier, household_recipients

    return ArrearsReminders(
        bills=payment_store(), recipients=household_recipients, send=LazyNotifier().send, now=utcnow
    )


def billing_communities() -> set[str]:
    """Every community with a fee item (bills exist only for fee items)."""
    from chalicelib.domain.bills import PERIODS

    store = payment_store()
    return {item.community_id for period in PERIODS for item in store.fee_items_with_period(period)}


def reset_payments() -> None:
    payment_store.cache_clear()
    wechatpay.cache_clear()
    billing_service.cache_clear()
    payment_service.cache_clear()
