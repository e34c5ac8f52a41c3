"""Notifications: one message to many recipients over channels (WeChat subscribe messages to residents, app push
to staff, SMS to emergency contacts), with a delivery record per recipient and channel, retries with back-off, and
no second delivery of the same message (a retried task sends nothing new).

- rules: `service.py` (message, recipient, delivery, the notifier; channels and the store are ports)
- storage: `repository.py` (delivery records, 400 days); table: `notifications`
  (`kernel/tables.py: NotificationTable`)
- adapters: `adapters.py` (Alibaba Cloud SMS and Mobile Push, WeChat subscribe messages); wiring: `wiring.py`
  (channels from the configuration and the `NOTIFY_SECRET_ARN` secret)
- no routes of its own (the delivery records are read through the alarm settings), no workflow, no queue.
  Tests: `tests/notifications/`.

Alarms, work orders and payments send through what is exported below.
"""

from __future__ import annotations

from chalicelib.notifications.service import PUSH, SMS, WECHAT, Delivery, Message, Recipient
from chalicelib.notifications.wiring import Outbox, deliveries, household_recipients, send

__all__ = [
    "PUSH",
    "SMS",
    "WECHAT",
    "Delivery",
    "Message",
    "Outbox",
    "Recipient",
    "deliveries",
    "household_recipients",
    "send",
]
