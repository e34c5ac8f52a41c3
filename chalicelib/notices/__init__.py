"""Notices (000 7.2.8, 6.2.10; 001 8.2.2.2): the six content types, drafts approved by a second staff member (an
emergency notice may skip it, said in the audit), publication to a target (the community, buildings, houses, the
households in arrears), expiry, pinned notices, each household's list and read receipt, the read rate, and a WeChat
subscribe message (`notice`) to the audience's bound residents; information screens (000 6.2.10: `display` devices)
shown the community's and buildings' notices by device command, cleared on withdrawal or expiry.

- rules and use cases: `model.py` (the notice, its lifecycle and checks), `service.py` (draft, approve, publish,
  the households' lists, receipts, the read rate)
- storage: `repository.py` (notices, feeds, receipts); table: `notices` (`kernel/tables.py: NoticeTable`)
- HTTP: `routes_staff.py`, `routes_resident.py`, `contracts.py`
- adapters: `adapters.py` (the registry's houses and buildings, payments' unpaid bills, WeChat, the devices'
  screens and command workflow); wiring: `wiring.py`
- entry point: `tasks.py`: `notices_clear_screens` (hourly: expired notices taken off the screens). Expiry for
  residents is checked when a notice is read. Tests: `tests/notices/`.

- attachments (`attachments.py`): images and PDFs through the work orders' media pipeline (the bucket, its queue and
  function, Pillow); `plug_into_media()` (app.py) hands the media function the keys under `uploads/notices/`.

Nothing is used by other capabilities.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chalicelib.work_orders import Outcome

__all__ = ["plug_into_media"]


def plug_into_media() -> None:
    """The media function hands notice attachments' uploads to the attachment pipeline."""
    from chalicelib.work_orders import upload_outcome, use_upload_handler

    def handle(key: str) -> Outcome:
        from chalicelib.notices.wiring import attachment_pipeline

        done = attachment_pipeline().handle(key)
        c, n, a = done.ids or (None, None, None)
        return upload_outcome(key, done.status, done.reason, c, n, a)

    use_upload_handler("notices", handle)
