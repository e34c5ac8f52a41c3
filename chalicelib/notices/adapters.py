"""The notices capability's outbound gateways: the registry (houses, buildings), payments (households in arrears)
and the WeChat subscribe message (`notice`) to the audience's bound residents."""

from __future__ import annotations

import logging
from typing import Any

from chalicelib.notices.attachments import Rejected, Stored
from chalicelib.notices.model import Notice


class RegistryAudience:
    """`service.Audience` on the registry's and payments' package faces."""

    def all_houses(self, community_id: str) -> list[str]:
        from chalicelib.registry import houses_of

        return [h.id for h in houses_of(community_id)]

    def houses_in_buildings(self, community_id: str, building_ids: list[str]) -> tuple[list[str], list[str]]:
        from chalicelib.registry import building_exists, houses_of

        missing = [b for b in building_ids if not building_exists(community_id, b)]
        wanted = set(building_ids) - set(missing)
        houses = [h.id for h in houses_of(community_id) if (h.attrs or {}).get("buildingId") in wanted]
        return houses, missing

    def known_houses(self, community_id: str, house_ids: list[str]) -> list[str]:
        from chalicelib.registry import place_labels

        return sorted(set(place_labels(community_id, house_ids=house_ids)))

    def in_arrears(self, community_id: str) -> list[str]:
        from chalicelib.payments import unpaid_bills

        return sorted({b.house_id for b in unpaid_bills(community_id)})


class WechatAnnouncer:
    """`service.Announcer`: each audience household's bound residents get the `notice` template by WeChat (once per
    notice and resident: the notifier deduplicates)."""

    def published(self, notice: Notice, houses: list[str]) -> int:
        from chalicelib.kernel.i18n import label, local_time
        from chalicelib.notifications import compose, household_recipients, send

        facts = {
            "title": notice.title,
            "status": label("notice.type", notice.content_type),
            "time": local_time(notice.published_at or notice.created_at),
            "note": notice.body[:20],
        }
        told = 0
        for house in houses:
            try:
                for message in compose(
                    "notice",
                    facts,
                    community_id=notice.community_id,
                    subject=f"notice:{notice.notice_id}",
                    key="published",
                    recipients=household_recipients(notice.community_id, house),
                    link=f"pages/notices/detail?id={notice.notice_id}",
                ):
                    send(message)
                    told += 1
            except Exception:  # the notice is published and listed; one household's failure is logged
                logging.getLogger(__name__).exception("could not tell house %s of %s", house, notice.notice_id)
        return told


SCREEN_TYPE = "display"
MAX_SCREENS = 200  # a community's information screens; a building has a few


class DeviceScreens:
    """`service.Screens` on the devices capability's face: the ledger's `display` devices and the command workflow
    (published to the screen, acknowledged or timed out)."""

    def of_target(self, community_id: str, building_ids: list[str] | None) -> list[tuple[str, str]]:
        from chalicelib.devices import devices_matching

        found = []
        for building in building_ids if building_ids is not None else [None]:
            found += devices_matching(community_id, device_type=SCREEN_TYPE, building=building, cap=MAX_SCREENS)
        return [(d.device_id, d.name) for d in {d.device_id: d for d in found}.values()]

    def command(self, community_id: str, device_id: str, name: str, params: dict[str, object], command_id: str) -> None:
        from chalicelib.devices import command_service
        from chalicelib.kernel.errors import Conflict

        try:
            command_service().request(
                community_id, device_id, name, dict(params), requested_by="notices", command_id=command_id
            )
        except Conflict as exc:
            if exc.code != "COMMAND_EXISTS":  # requested before (a retry): its workflow runs already
                raise

    def status(self, community_id: str, command_id: str) -> str | None:
        from chalicelib.devices import find_command

        command = find_command(community_id, command_id)
        return command.status if command is not None else None


class BucketMedia:
    """`attachments.Media` and the upload forms / viewing links on the work-order media face (the media bucket)."""

    def head(self, key: str) -> Stored | None:
        from chalicelib.work_orders import media_store

        found = media_store().head(key)
        return Stored(found.size, found.content_type) if found is not None else None

    def read(self, key: str, max_bytes: int) -> bytes:
        from chalicelib.work_orders import media_store

        return media_store().read(key, max_bytes)

    def write(self, key: str, data: bytes, content_type: str) -> None:
        from chalicelib.work_orders import media_store

        media_store().write(key, data, content_type)

    def delete(self, key: str) -> None:
        from chalicelib.work_orders import media_store

        media_store().delete(key)

    def upload_form(self, key: str, content_type: str, max_bytes: int) -> dict[str, Any]:
        from chalicelib.work_orders import media_store

        return media_store().upload_form(key, content_type, max_bytes)

    def view_url(self, key: str) -> str:
        from chalicelib.work_orders import media_store

        return media_store().view_url(key)


def reencode(data: bytes) -> tuple[bytes, str, str]:
    """Pillow through the work-order media face: decoded, checked, upright, metadata stripped, re-encoded."""
    from chalicelib.work_orders import ImageRejected, process_image

    try:
        derived = process_image(data)
    except ImageRejected as exc:
        raise Rejected(exc.reason, str(exc)) from exc
    return derived.display, derived.suffix, derived.content_type
