"""The notices capability's outbound gateways: the registry (houses, buildings), payments (households in arrears)
and the WeChat subscribe message (`notice`) to the audience's bound residents."""

from __future__ import annotations

import logging

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
