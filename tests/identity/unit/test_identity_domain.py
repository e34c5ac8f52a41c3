"""Identity rules with in-memory adapters and a hand-driven clock: lockout, validity, sessions, rotation races."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from chalicelib.identity import model as idn
from chalicelib.identity.service import IdentityService
from chalicelib.kernel.errors import Forbidden, InvalidInput, Unauthenticated


class Clock:
    def __init__(self) -> None:
        self.at = datetime(2025, 1, 1, 8, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.at


class PlainHasher:
    def hash(self, password: str) -> str:
        return "h:" + password

    def verify(self, password_hash: str, password: str) -> bool:
        return password_hash == "h:" + password

    def needs_rehash(self, password_hash: str) -> bool:
        return False


@dataclass
class Versioned:
    items: dict[str, Any] = field(default_factory=dict)
    lose_next_race: bool = False

    def get(self, key: str) -> Any:
        return self.items.get(key)

    def put_if(self, key: str, item: Any) -> Any:
        current = self.items.get(key)
        if self.lose_next_race or current is None or current.version != item.version:
            self.lose_next_race = False
            return None
        stored = replace(item, version=item.version + 1)
        self.items[key] = stored
        return stored


class Staff(Versioned):
    def by_username(self, username: str) -> Any:
        return next((a for a in self.items.values() if a.username == username), None)

    def add(self, account: Any) -> Any:
        stored = replace(account, version=1)
        self.items[account.account_id] = stored
        return stored

    def replace(self, account: Any) -> Any:
        return self.put_if(account.account_id, account)

    def in_community(self, community_id: str) -> list[Any]:
        return [a for a in self.items.values() if community_id in a.communities]


class Families(Versioned):
    def add(self, family: Any) -> None:
        self.items[family.family_id] = replace(family, version=1)

    def replace(self, family: Any) -> bool:
        return self.put_if(family.family_id, family) is not None

    def of_account(self, account_id: str) -> list[Any]:
        return [f for f in self.items.values() if f.account_id == account_id]


class NoResidents:
    def get(self, account_id: str) -> None:
        return None


def make() -> tuple[IdentityService, Clock, Staff, Families]:
    clock, staff, families = Clock(), Staff(), Families()
    svc = IdentityService(
        staff=staff,
        residents=NoResidents(),
        families=families,  # type: ignore[arg-type]
        hasher=PlainHasher(),
        wechat=None,
        personal=None,  # type: ignore[arg-type]
        memberships_of=lambda _: [],
        now=clock,
    )
    return svc, clock, staff, families


def account(svc: IdentityService, staff: Staff, **kw: Any) -> idn.StaffAccount:
    created = svc.create_staff(
        username="li.guard",
        name="Li",
        password="Good-Pass-123",
        roles=frozenset({"staff.guard"}),
        communities=frozenset({"c1"}),
        phone=None,
        valid_from=kw.pop("valid_from", None),
        valid_until=kw.pop("valid_until", None),
        idle_timeout_minutes=30,
        max_failed_logins=kw.pop("max_failed_logins", 3),
        created_by="t",
    )
    return staff.replace(replace(created, must_change_password=False, **kw))


def test_lock_lasts_lockout_minutes_then_lifts() -> None:
    svc, clock, staff, _ = make()
    account(svc, staff)
    for _ in range(3):
        with pytest.raises(Unauthenticated):
            svc.staff_login("li.guard", "wrong")
    with pytest.raises(Forbidden) as locked:
        svc.staff_login("li.guard", "Good-Pass-123")
    assert locked.value.code == "ACCOUNT_LOCKED"
    clock.at += timedelta(minutes=idn.LOCKOUT_MINUTES, seconds=1)
    session, _ = svc.staff_login("li.guard", "Good-Pass-123")
    assert session.roles == {"staff.guard"}


def test_success_resets_the_failure_count() -> None:
    svc, _, staff, _ = make()
    acct = account(svc, staff)
    for _ in range(2):
        with pytest.raises(Unauthenticated):
            svc.staff_login("li.guard", "wrong")
    svc.staff_login("li.guard", "Good-Pass-123")
    assert staff.get(acct.account_id).failed_logins == 0


def test_session_ends_with_validity_period() -> None:
    svc, clock, staff, _ = make()
    account(svc, staff, valid_until=clock.at + timedelta(hours=1))
    session, _ = svc.staff_login("li.guard", "Good-Pass-123")
    clock.at += timedelta(minutes=20)
    session = svc.refresh(session.refresh_token)
    clock.at += timedelta(minutes=25)
    session = svc.refresh(session.refresh_token)
    clock.at += timedelta(minutes=16)  # past valid_until (and past the family's capped lifetime)
    with pytest.raises(Unauthenticated) as ended:
        svc.refresh(session.refresh_token)
    assert ended.value.code == "SESSION_EXPIRED"


def test_concurrent_refresh_with_the_same_token_revokes_the_family() -> None:
    svc, _, staff, families = make()
    account(svc, staff)
    session, _ = svc.staff_login("li.guard", "Good-Pass-123")
    families.lose_next_race = True  # another request rotated this generation a moment earlier
    with pytest.raises(Unauthenticated) as reused:
        svc.refresh(session.refresh_token)
    assert reused.value.code == "REFRESH_TOKEN_REUSED"
    family_id = session.refresh_token.split(".")[1]
    assert families.get(family_id).revoked_reason == "reuse_detected"


def test_password_change_revokes_other_sessions() -> None:
    svc, _, staff, _families = make()
    acct = account(svc, staff)
    laptop, _ = svc.staff_login("li.guard", "Good-Pass-123")
    phone, _ = svc.change_password(acct.account_id, "Good-Pass-123", "Better-Pass-456")
    with pytest.raises(Unauthenticated):
        svc.refresh(laptop.refresh_token)
    assert svc.refresh(phone.refresh_token).subject == acct.account_id


@pytest.mark.parametrize(
    ("password", "problem"),
    [("Sh0rt!", "at least 10"), ("alllowercase1", "at least 3 of"), ("Li.Guard-Pass-1", "username")],
)
def test_password_policy(password: str, problem: str) -> None:
    problems = idn.password_problems(password, username="li.guard")
    assert any(problem in p for p in problems)
    assert idn.password_problems("Good-Pass-123", username="li.guard") == []


def test_create_validates_username_and_validity_order() -> None:
    svc, clock, staff, _ = make()
    with pytest.raises(InvalidInput):
        account(svc, staff, valid_from=clock.at, valid_until=clock.at - timedelta(days=1))
    with pytest.raises(InvalidInput):
        svc.create_staff(
            username="A B",
            name="x",
            password="Good-Pass-123",
            roles=frozenset(),
            communities=frozenset(),
            phone=None,
            valid_from=None,
            valid_until=None,
            idle_timeout_minutes=30,
            max_failed_logins=5,
            created_by="t",
        )


def test_refresh_token_parse_refuses_garbage() -> None:
    for text in ("", "rt1.a.b.c", "rt2.f.1.s", "rt1..1.s", "rt1.f.1."):
        with pytest.raises(Unauthenticated):
            idn.RefreshToken.parse(text)
    token = idn.RefreshToken("fam", 3, "sec")
    assert idn.RefreshToken.parse(str(token)) == token
