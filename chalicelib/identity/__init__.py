"""Identity (001 7.3.3, 7.3.5; 002 6.4.12): staff and resident accounts, sign-in (WeChat for residents, password
for staff), sessions as refresh-token families, and the administration of staff accounts.

- rules: `model.py` (staff and resident accounts, password rules, who may manage whom, refresh-token families and
  sessions; ports as Protocols)
- use cases: `service.py` (`IdentityService`, the one object that combines the three below), `base.py` (the ports,
  account look-ups, ending sessions), `sign_in.py` (sign-in, password change, refresh, logout), `staff_admin.py`
  (the administration of staff accounts)
- storage: `repository.py` (accounts, usernames, openids, refresh families); table: `identity`
  (`kernel/tables.py: IdentityTable`; the per-account session cutoff item is the kernel's, `kernel/security`)
- HTTP: `routes.py` (sign-in, refresh, logout, profile, password), `routes_staff_admin.py` (staff accounts),
  `contracts.py`
- adapters: `adapters.py` (WeChat server API, Argon2id passwords); wiring: `wiring.py`
- no workflow, no queue. Tests: `tests/identity/`.

What other capabilities use is below.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalicelib.identity.model import StaffAccount
from chalicelib.identity.wiring import identity_service, wechat_client

if TYPE_CHECKING:
    from chalicelib.identity.adapters import HttpWechat

__all__ = [
    "StaffAccount",
    "identity_service",
    "openid_of",
    "staff_account",
    "staff_in_community",
    "wechat_client",
    "wechat_server_api",
]


def staff_account(account_id: str) -> StaffAccount | None:
    from chalicelib.identity.repository import DynamoStaffAccounts

    return DynamoStaffAccounts().get(account_id)


def staff_in_community(community_id: str) -> list[StaffAccount]:
    """The staff accounts that work in a community (platform accounts with `*` included)."""
    from chalicelib.identity.repository import DynamoStaffAccounts

    return DynamoStaffAccounts().in_community(community_id)


def openid_of(account_id: str) -> str | None:
    """A resident account's WeChat openid (where its subscribe messages go), or None."""
    from chalicelib.identity.repository import DynamoResidentAccounts

    account = DynamoResidentAccounts().get(account_id)
    return account.openid if account is not None else None


def wechat_server_api(appid: str, secret: str, base_url: str) -> HttpWechat:
    """WeChat's server API for another mini-program or official account (its own AppID and secret)."""
    from chalicelib.identity.adapters import HttpWechat

    return HttpWechat(appid, secret, base_url)
