"""Fee items, bills, orders, refunds, income summaries and reconciliation in the payments table.

Layout (`c` = community id); every read is a GetItem or a Query:
- fee item: `C#c#FEES` / `FEE#{id}`; gsi1 `FEEITEMS#{period}` / `{c}#{id}` (the scheduled run finds them)
- bill: `C#c#BILL#{id}` / `BILL`; gsi1 `C#c#H#{house}#BILLS` / `{period}#{id}`;
  gsi2 (only while unpaid: arrears) `C#c#UNPAID` / `{building}#{house}#{period}#{id}`
- order: `C#c#ORDER#{id}` / `ORDER`; gsi1 `C#c#H#{house}#ORDERS` / `{created}#{id}`;
  gsi2 (only once paid: reconciliation) `PAID#{Beijing day}` / `{id}`;
  gsi3 (only while `created`: the stale-order sweeper) `LIVEORDERS` / `{expires}#{c}#{id}`
- refund: `C#c#REFUND#{id}` / `REFUND`; gsi1 `C#c#REFUNDS` / `{created}#{id}`;
  gsi2 (only once refunded: reconciliation) `REFUNDED#{Beijing day}` / `{id}`
- income summary: `C#c#INCOME#{yyyy-mm}` / `FEE#{fee item}` (ADDed in the payment's own transaction) and
  `REFUNDS` (ADDed when a refund completes); published copy `C#c#LEDGER` / `PUB#{yyyy-mm}`
- reconciliation: `RECON#{day}` / `RUN` and `MISMATCH#{order}`; per community `C#c#RECON#{day}` / `MISMATCH#{order}`

State changes are conditional writes or TransactWrites; a lost condition is a return value, not an exception.
"""

from __future__ import annotations

from chalicelib.payments.repository_bills import BillStorage
from chalicelib.payments.repository_income import IncomeStorage
from chalicelib.payments.repository_orders import OrderStorage


class DynamoPaymentStore(BillStorage, OrderStorage, IncomeStorage):
    """The billing service's and the payment service's store (one table, one adapter): fee items and bills
    (repository_bills.py), orders and refunds (repository_orders.py), income summaries, the published ledger and
    reconciliation (repository_income.py)."""
