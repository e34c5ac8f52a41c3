"""Demo sign-ins for the local cloud: a manager, a guard, a technician, a community admin and a platform admin.

The passwords are printed by `make up`: they are demo fixtures for a machine-local stack, not secrets. The accounts
do not have to change their password at first sign-in (real admin-created accounts do). Idempotent: an existing
username is left as it is. The resident signs in from the mini-program with the fake WeChat code `demo-resident`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

DEMO_RESIDENT_CODE = "demo-resident"

# role key -> (username, password, roles, all communities?)
DEMO_STAFF: dict[str, tuple[str, str, frozenset[str], bool]] = {
    "manager": ("demo.manager", "Manager-Demo-2024!", frozenset({"staff.manager"}), False),
    "guard": ("demo.guard", "Guard-Demo-2024!", frozenset({"staff.guard"}), False),
    "technician": ("demo.technician", "Technician-Demo-2024!", frozenset({"staff.technician"}), False),
    "community admin": ("demo.admin", "Admin-Demo-2024!", frozenset({"community.admin"}), False),
    "platform admin": ("demo.platform", "Platform-Demo-2024!", frozenset({"platform.admin"}), True),
}


def seed_identity(community_ids: list[str]) -> dict[str, Any]:
    from chalicelib import wiring

    service = wiring.identity_service()
    staff: dict[str, dict[str, str]] = {}
    for role, (username, password, roles, everywhere) in DEMO_STAFF.items():
        account = service.staff.by_username(username)
        if account is None:
            account = service.create_staff(
                username=username,
                name=f"Demo {role}",
                password=password,
                roles=roles,
                communities=frozenset({"*"} if everywhere else community_ids),
                phone=None,
                valid_from=None,
                valid_until=None,
                idle_timeout_minutes=60,
                max_failed_logins=5,
                created_by="demo-seed",
            )
            service.staff.replace(replace(account, must_change_password=False))
        staff[role] = {"username": username, "password": password, "account_id": account.account_id}

    resident = _demo_resident(service)
    return {"staff": staff, "resident": resident}


def _demo_resident(service: Any) -> dict[str, str]:
    """The account the mini-program's `demo-resident` code signs into (created now, so it can be bound to a
    house by the registry seed or the household flow)."""
    import uuid

    from chalicelib.domain.clock import utcnow
    from chalicelib.domain.identity import ResidentAccount

    openid = service.wechat.code_to_session(DEMO_RESIDENT_CODE).openid
    account = service.residents.by_openid(openid)
    if account is None:
        fresh = ResidentAccount(account_id=uuid.uuid4().hex, openid=openid, created_at=utcnow())
        account = service.residents.add(fresh) or service.residents.by_openid(openid)
    return {"code": DEMO_RESIDENT_CODE, "account_id": account.account_id}
