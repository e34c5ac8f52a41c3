"""Payments (001 8.2.2.1, 8.2.2.9, 8.3.1.10; 002 7.2.2, 7.2.11; 004 账目公示): fee items and bills per house,
paying through WeChat Pay v3 (the real `wechatpayv3` SDK), notifications verified on the raw body, refunds
approved by a second manager, daily reconciliation against WeChat Pay's bill, income summaries, the published
ledger and weekly arrears reminders. Money is integer fen.

- rules and use cases: `bills.py` (fee items, billing runs, the one rounding rule), `model.py` (orders, refunds,
  payment errors, the payment service's ports, order ids), `service.py` (the payment service: ordering,
  notifications, the workflow's tasks) with its mixins `refunds.py` (refunds, four eyes) and `reconciliation.py`
  (against WeChat Pay's trade bill), `reminders.py` (arrears reminders)
- storage: `repository.py` (the table's layout; `DynamoPaymentStore` built from the parts below),
  `repository_bills.py` (fee items, bills), `repository_orders.py` (orders, refunds), `repository_income.py`
  (income summaries, the published ledger, reconciliation findings); table: `payments`
  (`kernel/tables.py: PaymentTable`)
- workflow: stepfunctions/payment.asl.json (wait for the notification's task token, query on timeout, close);
  Lambda tasks and the schedules (billing, reconciliation, reminders) in `tasks.py`
- secret: the merchant's WeChat Pay keys (`WECHATPAY_SECRET_ARN`); adapters: `adapters.py` (WeChat Pay, Step
  Functions, the registry's houses, payers' openids); wiring: `wiring.py`
- HTTP: `routes_resident.py` (bills, orders, the notification endpoint), `routes_staff.py`, `contracts.py`.
  Tests: `tests/payments/`.
"""
