"""Notices (000 7.2.8, 6.2.10; 001 8.2.2.2): the records and rules. Pure Python.

A notice is drafted by staff, approved by a second staff member (never its author), published to a target, and
expires. An emergency notice (001 8.2.2.2 b: emergency information) may be published without the approval; the audit
says so. The target is the whole community, some buildings, some houses, or the households in arrears at publication;
it is resolved to houses when the notice is published (who was in arrears then is who was told). A notice past its
expiry is no longer listed to residents (checked in code: TTL is never authorisation).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from chalicelib.kernel.errors import Conflict, Forbidden, InvalidInput

# 001 8.2.2.2 b: the six content types
CONTENT_TYPES: tuple[str, ...] = (
    "government_notice",
    "property",
    "weather_environment",
    "government_affairs",
    "education",
    "emergency",
)
TARGETS: tuple[str, ...] = ("community", "buildings", "houses", "arrears")
DRAFT, APPROVED, PUBLISHED, WITHDRAWN = "draft", "approved", "published", "withdrawn"
MAX_DAYS = 366


@dataclass
class Notice:
    community_id: str
    notice_id: str
    title: str
    body: str
    content_type: str
    target: str
    target_ids: list[str]
    pinned: bool
    expires_at: datetime
    created_by: str
    created_at: datetime
    status: str = DRAFT
    approved_by: str | None = None
    approved_at: datetime | None = None
    published_by: str | None = None
    published_at: datetime | None = None
    approval_skipped: bool = False
    audience: list[str] = field(default_factory=list)  # house ids (empty for the whole community)
    audience_size: int = 0
    version: int = 0

    def expired(self, now: datetime) -> bool:
        return now >= self.expires_at

    def shown_to(self, house_id: str) -> bool:
        return self.status == PUBLISHED and (self.target == "community" or house_id in self.audience)


def check_draft(content_type: str, target: str, target_ids: list[str], expires_at: datetime, now: datetime) -> None:
    problems: list[dict[str, str]] = []
    if content_type not in CONTENT_TYPES:
        problems.append({"field": "contentType", "code": "unknown_type", "message": "|".join(CONTENT_TYPES)})
    if target not in TARGETS:
        problems.append({"field": "target", "code": "unknown_type", "message": "|".join(TARGETS)})
    elif target in ("buildings", "houses") and not target_ids:
        problems.append({"field": "targetIds", "code": "required", "message": f"the {target} it is for"})
    elif target in ("community", "arrears") and target_ids:
        problems.append({"field": "targetIds", "code": "mismatch", "message": f"no ids for target {target}"})
    if expires_at <= now:
        problems.append({"field": "expiresAt", "code": "too_soon", "message": "in the future"})
    elif (expires_at - now).days > MAX_DAYS:
        problems.append({"field": "expiresAt", "code": "too_late", "message": f"within {MAX_DAYS} days"})
    if problems:
        raise InvalidInput("the notice is not valid", code="NOTICE_INVALID", details=problems)


def approve(notice: Notice, by: str, now: datetime) -> Notice:
    if notice.status != DRAFT:
        raise Conflict(f"a {notice.status} notice cannot be approved", code="NOTICE_STATE")
    if by == notice.created_by:
        raise Forbidden("a notice is approved by a second staff member, not its author", code="NOTICE_SELF_APPROVAL")
    notice.status, notice.approved_by, notice.approved_at = APPROVED, by, now
    return notice


def publish(notice: Notice, by: str, now: datetime, audience: list[str]) -> Notice:
    """Approved -> published; an emergency notice may go straight from its draft (the approval is skipped)."""
    if notice.status == DRAFT and notice.content_type == "emergency":
        notice.approval_skipped = True
    elif notice.status != APPROVED:
        code = "NOTICE_NEEDS_APPROVAL" if notice.status == DRAFT else "NOTICE_STATE"
        raise Conflict(f"a {notice.status} notice cannot be published", code=code)
    if notice.expired(now):
        raise Conflict("the notice has expired", code="NOTICE_EXPIRED")
    notice.status, notice.published_by, notice.published_at = PUBLISHED, by, now
    notice.audience = sorted(set(audience)) if notice.target != "community" else []
    notice.audience_size = len(set(audience))
    return notice


def withdraw(notice: Notice, by: str, now: datetime) -> Notice:
    """Published -> withdrawn: residents no longer see it, the screens are told to clear it."""
    if notice.status != PUBLISHED:
        raise Conflict(f"a {notice.status} notice cannot be withdrawn", code="NOTICE_STATE")
    notice.status = WITHDRAWN
    return notice


# -- information screens (000 6.2.10, 7.2.8) --------------------------------------------------------------------
# A notice for the whole community goes to every screen of the community, one for buildings to the screens bound to
# those buildings; notices for some houses or the households in arrears are not for a public screen. Each screen gets
# a `show_notice` device command (the devices capability's workflow: published, acknowledged or timed out) and, when
# the notice is withdrawn or expires, a `clear_notice`. The command ids are derived from the notice, the screen and
# the action, so a retried publication, withdrawal or expiry run starts nothing new.
SCREEN_TARGETS = ("community", "buildings")
EXCERPT_CHARS = 200
SENT, ACKED, FAILED = "sent", "acked", "failed"


@dataclass(frozen=True)
class ScreenDelivery:
    device_id: str
    name: str
    show_command: str
    clear_command: str | None = None
    error: str | None = None  # the command could not be requested (the device retired, the workflow unavailable)


def screen_command_id(notice_id: str, device_id: str, action: str) -> str:
    import hashlib

    return "cmd-" + hashlib.sha256(f"{notice_id}|{device_id}|{action}".encode()).hexdigest()[:16]


def show_params(notice: Notice) -> dict[str, object]:
    from chalicelib.kernel.clock import iso

    return {
        "noticeId": notice.notice_id,
        "title": notice.title,
        "excerpt": notice.body[:EXCERPT_CHARS],
        "noticeType": notice.content_type,
        "pinned": notice.pinned,
        "until": iso(notice.expires_at),
    }


def screen_state(command_status: str | None) -> str:
    """A screen's delivery state from its command's status: acked once the screen answered `done`, failed when it
    refused, failed or never answered, sent meanwhile."""
    if command_status == "done":
        return ACKED
    if command_status in ("rejected", "failed", "timed_out") or command_status is None:
        return FAILED
    return SENT
