"""Builds the billing and payment services and the reminders from their repository and adapters."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from chalicelib.kernel.wiring import built

if TYPE_CHECKING:
    from chalicelib.payments.adapters import ReceiptFiles, WechatPayGateway
    from chalicelib.payments.bills import BillingService, HouseRef
    from chalicelib.payments.reminders import ArrearsReminders
    from chalicelib.payments.repository import DynamoPaymentStore
    from chalicelib.payments.service import PaymentService


@built
def payment_store() -> DynamoPaymentStore:
    from chalicelib.payments.repository import DynamoPaymentStore

    return DynamoPaymentStore()


@built
def wechatpay() -> WechatPayGateway:
    from chalicelib.payments.adapters import from_environment

    return from_environment()


@built
def billing_service() -> BillingService:
    from chalicelib.kernel.clock import utcnow
    from chalicelib.payments.adapters import RegistryHouses
    from chalicelib.payments.bills import BillingService

    return BillingService(store=payment_store(), houses=RegistryHouses(), now=utcnow)


@built
def payment_service() -> PaymentService:
    from chalicelib.kernel.clock import utcnow
    from chalicelib.notifications import send
    from chalicelib.payments.adapters import LazyWechatPay, ResidentPayers, SqsSettlements, StepFunctionsPayments
    from chalicelib.payments.model import DEFAULT_PAY_TIMEOUT_SECONDS
    from chalicelib.payments.service import PaymentService

    return PaymentService(
        store=payment_store(),
        provider=LazyWechatPay(wechatpay),
        workflows=StepFunctionsPayments(),
        payers=ResidentPayers(),
        now=utcnow,
        pay_timeout_seconds=int(os.environ.get("PAYMENT_TIMEOUT_SECONDS", str(DEFAULT_PAY_TIMEOUT_SECONDS))),
        notices=send,
        settlements=SqsSettlements(),
    )


def arrears_reminders() -> ArrearsReminders:
    """Weekly reminders of overdue bills through the notifications capability (built on the first message)."""
    from chalicelib.kernel.clock import utcnow
    from chalicelib.notifications import household_recipients, send
    from chalicelib.payments.reminders import ArrearsReminders
    from chalicelib.registry import house_label

    return ArrearsReminders(
        bills=payment_store(), recipients=household_recipients, send=send, now=utcnow, place=house_label
    )


def billing_communities() -> set[str]:
    """Every community with a fee item (bills exist only for fee items)."""
    from chalicelib.payments.bills import PERIODS

    store = payment_store()
    return {item.community_id for period in PERIODS for item in store.fee_items_with_period(period)}


def find_house(community_id: str, house_id: str) -> HouseRef | None:
    """A house of the community as billing sees it (area, building), or None."""
    from chalicelib.payments.adapters import RegistryHouses

    return RegistryHouses().house(community_id, house_id)


@built
def receipts() -> ReceiptFiles:
    from chalicelib.payments.adapters import ReceiptFiles

    return ReceiptFiles()
