"""A community's own notification templates in the notifications table.

Layout: `C#{community}#NOTIFYTPL` / `{kind}`, one item per kind the community set (its WeChat template and its SMS
template code); the community's templates are one Query. No TTL (a setting is kept until it is reset).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pynamodb.attributes import JSONAttribute, UnicodeAttribute, UTCDateTimeAttribute

from chalicelib.kernel.tables import NotificationTable


class TemplateSettingRecord(NotificationTable):
    community_id = UnicodeAttribute()
    kind = UnicodeAttribute()
    wechat = JSONAttribute(null=True)
    sms_template = UnicodeAttribute(null=True)
    updated_by = UnicodeAttribute()
    updated_at = UTCDateTimeAttribute()


def _pk(community_id: str) -> str:
    return f"C#{community_id}#NOTIFYTPL"


class DynamoTemplateSettings:
    def overrides(self, community_id: str) -> dict[str, dict[str, Any]]:
        """kind -> {"wechat": {...} | None, "smsTemplate": str | None} of what the community set."""
        found: dict[str, dict[str, Any]] = {}
        for record in TemplateSettingRecord.query(_pk(community_id), consistent_read=True):
            found[record.kind] = {"wechat": record.wechat or None, "smsTemplate": record.sms_template or None}
        return found

    def put(
        self,
        community_id: str,
        kind: str,
        wechat: dict[str, Any] | None,
        sms_template: str | None,
        by: str,
        at: datetime,
    ) -> None:
        TemplateSettingRecord(
            _pk(community_id),
            kind,
            community_id=community_id,
            kind=kind,
            wechat=wechat,
            sms_template=sms_template,
            updated_by=by,
            updated_at=at,
        ).save()

    def delete(self, community_id: str, kind: str) -> None:
        TemplateSettingRecord(_pk(community_id), kind).delete()
