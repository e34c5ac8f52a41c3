"""The care register's outbound adapters: people and devices read through the registry, identity and devices
packages; health data sealed with the personal-data key; guardians as notification recipients (WeChat for
resident accounts, app push for staff)."""

from __future__ import annotations

from typing import Any

from chalicelib.notifications import PUSH, WECHAT, Recipient


class RegistryPeople:
    def resident_name(self, community_id: str, house_id: str, person_id: str) -> str | None:
        from chalicelib.registry import residents_of

        for member in residents_of(community_id, house_id):
            if member.person_id == person_id:
                return member.person_name
        return None

    def guardian_name(self, community_id: str, account_id: str, kind: str) -> str | None:
        if kind == "staff":
            from chalicelib.identity import staff_account

            account = staff_account(account_id)
            if account is None or account.disabled:
                return None
            if community_id not in account.communities and "*" not in account.communities:
                return None
            return account.name or account.username
        from chalicelib.identity import openid_of
        from chalicelib.registry import residencies_of_account

        if not openid_of(account_id):  # a resident account that can hear (it signed in with WeChat)
            return None
        homes = residencies_of_account(account_id)
        return homes[0].person_name if homes else ""

    def device_of_house(self, community_id: str, device_id: str) -> str | None:
        from chalicelib.devices import find_device

        device = find_device(community_id, device_id)
        return device.user if device is not None and device.status != "retired" else None

    def device_type(self, community_id: str, device_id: str) -> str | None:
        from chalicelib.devices import find_device

        device = find_device(community_id, device_id)
        return device.device_type if device is not None and device.status != "retired" else None

    def house_exists(self, community_id: str, house_id: str) -> bool:
        from chalicelib.registry import find_record

        return find_record(community_id, "house", house_id) is not None

    def house_ids(self, community_id: str) -> list[str]:
        from chalicelib.registry import houses_of

        return [h.id for h in houses_of(community_id)]

    def residents(self, community_id: str, house_id: str) -> list[Any]:
        from chalicelib.registry import residents_of

        return list(residents_of(community_id, house_id))

    def last_entry(self, community_id: str, person_id: str) -> Any | None:
        from chalicelib.visitors import last_entry_of

        return last_entry_of(community_id, person_id)


class PiiSealer:
    PURPOSE = "care.health"

    def seal(self, value: str) -> str:
        from chalicelib.kernel.security import pii

        return pii.encrypt(value, purpose=self.PURPOSE)

    def open(self, token: str) -> str:
        from chalicelib.kernel.security import pii

        return pii.decrypt(token, purpose=self.PURPOSE)


def guardian_recipient(account_id: str, kind: str, name: str) -> Recipient | None:
    """Where a guardian hears: a staff account by push, a resident account by WeChat (its openid)."""
    if kind == "staff":
        return Recipient(PUSH, account_id, name, "guardian")
    from chalicelib.identity import openid_of

    openid = openid_of(account_id)
    return Recipient(WECHAT, openid, name, "guardian") if openid else None
