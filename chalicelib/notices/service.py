"""Notices, the use cases: draft, approve (a second staff member), publish to the target's households (its feed
entries, a WeChat message to their bound residents), the households' lists and read receipts, the read rate."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Protocol

from chalicelib.kernel.errors import Conflict, DomainError, InvalidInput, NotFound
from chalicelib.notices.attachments import (
    CONTENT_TYPES,
    MAX_ATTACHMENTS,
    PDF_TYPE,
    Attachment,
    cap_for,
    upload_key,
)
from chalicelib.notices.model import (
    FAILED,
    SCREEN_TARGETS,
    Notice,
    ScreenDelivery,
    approve,
    check_draft,
    publish,
    screen_command_id,
    screen_state,
    show_params,
    withdraw,
)


class NoticeStore(Protocol):
    def save(self, notice: Notice) -> bool: ...
    def get(self, community_id: str, notice_id: str) -> Notice | None: ...
    def page(self, community_id: str, limit: int, cursor: str | None) -> tuple[list[Notice], str | None]: ...
    def feed(self, notice: Notice) -> None: ...
    def feed_of(self, community_id: str, house_id: str, limit: int) -> list[tuple[str, bool, datetime]]: ...
    def get_many(self, community_id: str, notice_ids: list[str]) -> dict[str, Notice]: ...
    def mark_read(self, community_id: str, notice_id: str, house_id: str, account_id: str, at: datetime) -> bool: ...
    def read_by(self, community_id: str, notice_id: str, house_id: str) -> bool: ...
    def read_count(self, community_id: str, notice_id: str) -> int: ...
    def save_screens(self, notice: Notice, deliveries: list[ScreenDelivery]) -> None: ...
    def watch_expiry(self, notice: Notice, watching: bool) -> None: ...
    def screens_of(self, community_id: str, notice_id: str) -> list[ScreenDelivery]: ...
    def due_for_clearing(self, before: datetime, limit: int) -> list[tuple[str, str]]: ...
    def add_attachment(self, attachment: Attachment) -> None: ...
    def attachments_of(self, community_id: str, notice_id: str) -> list[Attachment]: ...


class Uploads(Protocol):
    """The media bucket: a presigned POST bound to one key, type and size; a 5-minute presigned GET."""

    def upload_form(self, key: str, content_type: str, max_bytes: int) -> dict[str, object]: ...
    def view_url(self, key: str) -> str: ...


class Audience(Protocol):
    """Which houses a target names (the registry; payments for the households in arrears)."""

    def all_houses(self, community_id: str) -> list[str]: ...
    def houses_in_buildings(self, community_id: str, building_ids: list[str]) -> tuple[list[str], list[str]]:
        """(houses, building ids the community does not hold)."""
        ...

    def known_houses(self, community_id: str, house_ids: list[str]) -> list[str]: ...
    def in_arrears(self, community_id: str) -> list[str]: ...


class Announcer(Protocol):
    def published(self, notice: Notice, houses: list[str]) -> int: ...


class Screens(Protocol):
    """The community's information screens and their device commands (the devices capability)."""

    def of_target(self, community_id: str, building_ids: list[str] | None) -> list[tuple[str, str]]:
        """(device id, name) of the screens of the community (None) or bound to these buildings."""
        ...

    def command(self, community_id: str, device_id: str, name: str, params: dict[str, object], command_id: str) -> None:
        """Request the command under this id (a command already requested under it is fine: nothing new starts);
        raises a DomainError when it cannot be requested."""
        ...

    def status(self, community_id: str, command_id: str) -> str | None: ...


@dataclass(frozen=True)
class ScreenView:
    device_id: str
    name: str
    state: str  # sent | acked | failed
    cleared: str | None  # the clear_notice's state, once one was sent


@dataclass(frozen=True)
class ReadRate:
    read: int
    audience: int

    @property
    def percent(self) -> float:
        return round(100 * self.read / self.audience, 1) if self.audience else 0.0


class NoticeService:
    def __init__(
        self, store: NoticeStore, audience: Audience, announcer: Announcer, screens: Screens, uploads: Uploads
    ):
        self.store, self.audience, self.announcer, self.screens = store, audience, announcer, screens
        self.uploads = uploads

    def draft(
        self,
        community_id: str,
        by: str,
        *,
        title: str,
        body: str,
        content_type: str,
        target: str,
        target_ids: list[str],
        pinned: bool,
        expires_at: datetime,
        now: datetime,
    ) -> Notice:
        check_draft(content_type, target, target_ids, expires_at, now)
        self._check_targets(community_id, target, target_ids)
        notice = Notice(
            community_id, "nt-" + uuid.uuid4().hex[:16], title, body, content_type, target, sorted(set(target_ids)),
            pinned, expires_at, by, now,
        )  # fmt: skip
        self.store.save(notice)
        return notice

    def _check_targets(self, community_id: str, target: str, target_ids: list[str]) -> None:
        missing: list[str] = []
        if target == "buildings":
            _, missing = self.audience.houses_in_buildings(community_id, target_ids)
        elif target == "houses":
            known = set(self.audience.known_houses(community_id, target_ids))
            missing = [h for h in target_ids if h not in known]
        if missing:
            raise InvalidInput(
                "the target names what this community does not hold",
                code="NOTICE_INVALID",
                details=[{"field": "targetIds", "code": "not_found", "message": ", ".join(sorted(missing)[:10])}],
            )

    def get(self, community_id: str, notice_id: str) -> Notice:
        notice = self.store.get(community_id, notice_id)
        if notice is None:
            raise NotFound(f"notice {notice_id} not found", code="NOTICE_NOT_FOUND")
        return notice

    def approve(self, community_id: str, notice_id: str, by: str, now: datetime) -> Notice:
        notice = approve(self.get(community_id, notice_id), by, now)
        if not self.store.save(notice):
            raise Conflict("the notice changed meanwhile", code="NOTICE_STATE")
        return notice

    def publish(self, community_id: str, notice_id: str, by: str, now: datetime) -> tuple[Notice, int]:
        """Publish once: the audience is resolved now, the feeds written, the bound residents told."""
        notice = self.get(community_id, notice_id)
        houses = self._audience(notice)
        published = publish(notice, by, now, houses)
        if not self.store.save(published):
            raise Conflict("the notice changed meanwhile", code="NOTICE_STATE")
        self.store.feed(published)
        told = self.announcer.published(published, houses)
        self.show_on_screens(published)
        return published, told

    def withdraw(self, community_id: str, notice_id: str, by: str, now: datetime) -> Notice:
        """Published -> withdrawn; its screens are told to clear it."""
        notice = withdraw(self.get(community_id, notice_id), by, now)
        if not self.store.save(notice):
            raise Conflict("the notice changed meanwhile", code="NOTICE_STATE")
        self.clear_screens(notice)
        return notice

    # -- attachments ----------------------------------------------------------------------------------------------

    def open_attachment(
        self, community_id: str, notice_id: str, file_name: str, content_type: str, size: int, now: datetime
    ) -> tuple[Attachment, dict[str, object]]:
        """A slot for one image or PDF on a notice not yet published, and the presigned POST bound to it."""
        notice = self.get(community_id, notice_id)
        if notice.status not in ("draft", "approved"):
            raise Conflict("a published notice's attachments no longer change", code="NOTICE_STATE")
        problems = []
        if content_type not in CONTENT_TYPES:
            problems.append({"field": "contentType", "code": "unsupported", "message": "|".join(CONTENT_TYPES)})
        elif not 1 <= size <= cap_for(content_type):
            kind = "PDF" if content_type == PDF_TYPE else "image"
            problems.append({"field": "size", "code": "range", "message": f"a {kind}: 1..{cap_for(content_type)}"})
        if problems:
            raise InvalidInput("the attachment is not acceptable", code="ATTACHMENT_INVALID", details=problems)
        if len(self.store.attachments_of(community_id, notice_id)) >= MAX_ATTACHMENTS:
            raise Conflict(f"a notice has at most {MAX_ATTACHMENTS} attachments", code="ATTACHMENT_LIMIT")
        attachment = Attachment(
            community_id, notice_id, "at-" + uuid.uuid4().hex[:16], file_name, content_type, size, now
        )
        self.store.add_attachment(attachment)
        return attachment, self.uploads.upload_form(upload_key(attachment), content_type, size)

    def attachments(self, notice: Notice, ready_only: bool = False) -> list[Attachment]:
        found = self.store.attachments_of(notice.community_id, notice.notice_id)
        return [a for a in found if a.status == "ready"] if ready_only else found

    # -- information screens --------------------------------------------------------------------------------------

    def show_on_screens(self, notice: Notice) -> list[ScreenDelivery]:
        """`show_notice` to each screen of the target (community-wide: all; buildings: theirs). A screen whose
        command could not be requested is recorded as failed with the reason; the others' acks settle theirs."""
        if notice.target not in SCREEN_TARGETS:
            return []
        buildings = notice.target_ids if notice.target == "buildings" else None
        deliveries: list[ScreenDelivery] = []
        for device_id, name in self.screens.of_target(notice.community_id, buildings):
            command_id = screen_command_id(notice.notice_id, device_id, "show")
            error = self._command(notice, device_id, "show_notice", show_params(notice), command_id)
            deliveries.append(ScreenDelivery(device_id, name, command_id, error=error))
        self.store.save_screens(notice, deliveries)
        self.store.watch_expiry(notice, bool(deliveries))
        return deliveries

    def clear_screens(self, notice: Notice) -> bool:
        """`clear_notice` to every screen it was shown on; True when each one's clear was requested (the expiry run
        then stops watching the notice). A screen whose show could not be requested shows nothing to clear."""
        changed: list[ScreenDelivery] = []
        pending = 0
        for d in self.store.screens_of(notice.community_id, notice.notice_id):
            if d.error is not None or d.clear_command is not None:
                continue
            command_id = screen_command_id(notice.notice_id, d.device_id, "clear")
            params: dict[str, object] = {"noticeId": notice.notice_id}
            if self._command(notice, d.device_id, "clear_notice", params, command_id) is None:
                changed.append(replace(d, clear_command=command_id))
            else:
                pending += 1
        self.store.save_screens(notice, changed)
        if not pending:
            self.store.watch_expiry(notice, False)
        return not pending

    def clear_expired(self, now: datetime, limit: int = 100) -> dict[str, int]:
        """The hourly run: notices past their expiry still shown on screens are cleared from them."""
        cleared = waiting = 0
        for community_id, notice_id in self.store.due_for_clearing(now, limit):
            notice = self.store.get(community_id, notice_id)
            if notice is None or self.clear_screens(notice):
                cleared += 1
            else:
                waiting += 1
        return {"cleared": cleared, "waiting": waiting}

    def screen_views(self, notice: Notice) -> list[ScreenView]:
        """Each screen's delivery state: sent, acked (the screen answered) or failed; and its clear's state."""
        c = notice.community_id
        views = []
        for d in self.store.screens_of(c, notice.notice_id):
            state = FAILED if d.error else screen_state(self.screens.status(c, d.show_command))
            cleared = screen_state(self.screens.status(c, d.clear_command)) if d.clear_command else None
            views.append(ScreenView(d.device_id, d.name, state, cleared))
        return views

    def _command(
        self, notice: Notice, device_id: str, name: str, params: dict[str, object], command_id: str
    ) -> str | None:
        try:
            self.screens.command(notice.community_id, device_id, name, params, command_id)
        except DomainError as exc:
            return exc.code
        return None

    def _audience(self, notice: Notice) -> list[str]:
        c = notice.community_id
        if notice.target == "community":
            return self.audience.all_houses(c)
        if notice.target == "buildings":
            return self.audience.houses_in_buildings(c, notice.target_ids)[0]
        if notice.target == "houses":
            return self.audience.known_houses(c, notice.target_ids)
        return self.audience.in_arrears(c)

    # -- households -------------------------------------------------------------------------------------------------

    def for_house(self, community_id: str, house_id: str, now: datetime, limit: int = 50) -> list[Notice]:
        """What targets the household and has not expired: pinned first, then newest first."""
        entries = [(n, p) for n, p, expires in self.store.feed_of(community_id, house_id, limit) if expires > now]
        found = self.store.get_many(community_id, [n for n, _ in entries])
        shown = [found[n] for n, _ in entries if n in found and found[n].shown_to(house_id)]
        return sorted(shown, key=lambda n: (not n.pinned, -(n.published_at or n.created_at).timestamp()))

    def one_for_house(self, community_id: str, house_id: str, notice_id: str, now: datetime) -> Notice:
        notice = self.store.get(community_id, notice_id)
        if notice is None or not notice.shown_to(house_id) or notice.expired(now):
            raise NotFound(f"notice {notice_id} not found", code="NOTICE_NOT_FOUND")
        return notice

    def read(self, community_id: str, house_id: str, notice_id: str, account_id: str, now: datetime) -> bool:
        """The household's read receipt (once: reading again changes nothing)."""
        self.one_for_house(community_id, house_id, notice_id, now)
        return self.store.mark_read(community_id, notice_id, house_id, account_id, now)

    def read_rate(self, notice: Notice) -> ReadRate:
        if notice.status != "published":
            return ReadRate(0, 0)
        return ReadRate(self.store.read_count(notice.community_id, notice.notice_id), notice.audience_size)
