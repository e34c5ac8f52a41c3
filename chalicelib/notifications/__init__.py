"""Notifications: one message to many recipients over channels (WeChat subscribe messages to residents, app push
to staff, SMS to emergency contacts), with a delivery record per recipient and channel, retries with back-off, and
no second delivery of the same message (a retried task sends nothing new).

- rules: `service.py` (message, recipient, delivery, the notifier; channels and the store are ports),
  `templates.py` (one template per message kind, in Chinese, per audience: `compose`), `subscribe_values.py`
  (WeChat's value rules per field type: the one function that builds a subscribe-message value),
  `settings.py` (which WeChat and SMS template each kind uses, per community over the stage's `NOTIFY_TEMPLATES`)
- storage: `repository.py` (delivery records, 400 days), `repository_settings.py` (a community's own templates);
  table: `notifications` (`kernel/tables.py: NotificationTable`)
- consent: `consent.py` (WeChat subscribe messages only to residents who accepted the kind: one-time or long-term),
  `repository_consents.py`; `routes_consent.py` (the mini-program reports `wx.requestSubscribeMessage`'s answers)
- HTTP: `routes_settings.py` (a community admin reads and sets the templates), `contracts.py`
- adapters: `adapters.py` (Alibaba Cloud SMS and Mobile Push, WeChat subscribe messages); wiring: `wiring.py`
  (channels from the configuration and the `NOTIFY_SECRET_ARN` secret)
- queue: NotifyRetryQueue (retryable failures sent again later, once per round; dead-letter queue), consumed by
  `tasks.py: notify_retry`. Tests: `tests/notifications/`.

Alarms, work orders, visitors and payments state the facts of a message kind and send what `compose` makes of them,
through what is exported below.
"""

from __future__ import annotations

from chalicelib.notifications.service import PUSH, SMS, WECHAT, Delivery, Message, Recipient
from chalicelib.notifications.templates import KINDS, Facts, compose
from chalicelib.notifications.wiring import Outbox, deliveries, household_recipients, send

__all__ = [
    "KINDS",
    "PUSH",
    "SMS",
    "WECHAT",
    "Delivery",
    "Facts",
    "Message",
    "Outbox",
    "Recipient",
    "compose",
    "deliveries",
    "household_recipients",
    "send",
]
