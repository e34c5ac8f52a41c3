"""Demo sign-ins for the local cloud: per demo community its own two managers (a refund needs a second person to
approve it: four eyes), guard, technician and community admin; one platform admin for all of them.

The passwords are printed by `make up`: they are demo fixtures for a machine-local stack, not secrets. The accounts
do not have to change their password at first sign-in (real admin-created accounts do). Idempotent: an existing
username is left as it is. The resident signs in from the mini-program with the fake WeChat code `demo-resident`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

DEMO_RESIDENT_CODE = "demo-resident"

# Each demo community has its own staff (role key -> username stem, password stem, roles); the first community's keep
# the plain names. One platform admin works everywhere. So a newcomer sees community scoping at work: the admin of
# one community neither lists nor manages the other's staff.
COMMUNITY_STAFF: dict[str, tuple[str, str, frozenset[str]]] = {
    "manager": ("manager", "Manager", frozenset({"staff.manager"})),
    "second manager": ("manager.b", "ManagerB", frozenset({"staff.manager"})),  # approves the first one's refunds
    "guard": ("guard", "Guard", frozenset({"staff.guard"})),
    "technician": ("technician", "Technician", frozenset({"staff.technician"})),
    "community admin": ("admin", "Admin", frozenset({"community.admin"})),
}
# The names people read in messages and views (a technician who took a repair, who acknowledged an alarm).
DISPLAY_NAMES = {
    "manager": "张经理",
    "second manager": "王经理",
    "guard": "李保安",
    "technician": "赵师傅",
    "community admin": "刘主任",
    "platform admin": "平台管理员",
}
PLATFORM_ADMIN = ("demo.platform", "Platform-Demo-2024!", frozenset({"platform.admin"}))


def demo_staff(community_ids: list[str]) -> dict[str, tuple[str, str, frozenset[str], frozenset[str]]]:
    """role key -> (username, password, roles, communities): per community, then the platform admin."""
    plan: dict[str, tuple[str, str, frozenset[str], frozenset[str]]] = {}
    for n, community in enumerate(community_ids, start=1):
        suffix = "" if n == 1 else str(n)
        for role, (stem, word, roles) in COMMUNITY_STAFF.items():
            key = role if n == 1 else f"{role} {n}"
            plan[key] = (f"demo{suffix}.{stem}", f"{word}{suffix}-Demo-2024!", roles, frozenset({community}))
    username, password, roles = PLATFORM_ADMIN
    plan["platform admin"] = (username, password, roles, frozenset({"*"}))
    return plan


def seed_identity(community_ids: list[str]) -> dict[str, Any]:
    from chalicelib.identity import wiring

    service = wiring.identity_service()
    staff: dict[str, dict[str, Any]] = {}
    for role, (username, password, roles, communities) in demo_staff(community_ids).items():
        account = service.staff.by_username(username)
        if account is None:
            account = service.create_staff(
                username=username,
                name=DISPLAY_NAMES.get(role.rsplit(" ", 1)[0] if role[-1].isdigit() else role, role),
                password=password,
                roles=roles,
                communities=communities,
                phone=None,
                valid_from=None,
                valid_until=None,
                idle_timeout_minutes=60,
                max_failed_logins=5,
                created_by="demo-seed",
            )
            service.staff.replace(replace(account, must_change_password=False))
        staff[role] = {
            "username": username,
            "password": password,
            "account_id": account.account_id,
            "communities": sorted(account.communities),
        }

    resident = _demo_resident(service)
    return {"staff": staff, "resident": resident}


def _demo_resident(service: Any) -> dict[str, str]:
    """The account the mini-program's `demo-resident` code signs into (created now, so it can be bound to a
    house by the registry seed or the household flow)."""
    import uuid

    from chalicelib.identity.model import ResidentAccount
    from chalicelib.kernel.clock import utcnow

    openid = service.wechat.code_to_session(DEMO_RESIDENT_CODE).openid
    account = service.residents.by_openid(openid)
    if account is None:
        fresh = ResidentAccount(account_id=uuid.uuid4().hex, openid=openid, created_at=utcnow())
        account = service.residents.add(fresh) or service.residents.by_openid(openid)
    _demo_consents(openid)
    return {"code": DEMO_RESIDENT_CODE, "account_id": account.account_id}


def _demo_consents(openid: str) -> None:
    """The demo resident has accepted every WeChat subscribe message kind for good, as a mini-program reports it
    (`wx.requestSubscribeMessage` with the long-term subscription): without a consent a message to them is recorded
    `skipped_no_consent`, and the demo would show no WeChat message at all. A second seed changes nothing."""
    from chalicelib.kernel.clock import utcnow
    from chalicelib.notifications.consent import Grant
    from chalicelib.notifications.templates import KINDS
    from chalicelib.notifications.wiring import consent_book

    grants = [Grant(kind, True) for kind, spec in KINDS.items() if spec.example_wechat]
    consent_book().record(openid, "demo-seed", grants, True, utcnow())
