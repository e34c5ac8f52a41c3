"""Notification template settings (staff): which WeChat subscribe template and which SMS template each message
kind uses in this community, over the stage's defaults. Managers read them; a community admin sets and resets
them (audited)."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.audit import audited
from chalicelib.kernel.http import Call, endpoint
from chalicelib.kernel.security.access import Access
from chalicelib.notifications import wiring
from chalicelib.notifications.contracts import (
    KindTemplatesOut,
    TemplateSettingRequest,
    TemplateSettingsOut,
    kind_view,
)

bp = Blueprint(__name__)

TEMPLATES = "/v1/staff/communities/{community_id}/notification-templates"


@endpoint(
    bp,
    "GET",
    TEMPLATES,
    audience="staff",
    access=Access.community("notify:read"),
    response=TemplateSettingsOut,
    summary="Each message kind's WeChat and SMS templates in this community (its own, else the stage's)",
    operation_id="listNotificationTemplates",
)
def list_templates(call: Call[Any]) -> TemplateSettingsOut:
    found = wiring.template_settings().of(call.path["community_id"])
    return TemplateSettingsOut(items=[kind_view(k) for k in found.values()])


@endpoint(
    bp,
    "PUT",
    TEMPLATES + "/{kind}",
    audience="staff",
    access=Access.community("notify:configure"),
    request=TemplateSettingRequest,
    response=KindTemplatesOut,
    errors=(400, 404),
    summary="Set this community's WeChat template (id and the field each key shows) and SMS template for a kind",
    operation_id="setNotificationTemplate",
)
def set_template(call: Call[TemplateSettingRequest]) -> KindTemplatesOut:
    body, community_id, kind = call.body, call.path["community_id"], call.path["kind"]
    wechat = body.wechat.model_dump() if body.wechat else None
    with audited(call, "notification_template.set", "community", community_id, {"kind": kind}):
        found = wiring.template_settings().set(community_id, kind, wechat, body.smsTemplate, call.who.subject)
    return kind_view(found)


@endpoint(
    bp,
    "DELETE",
    TEMPLATES + "/{kind}",
    audience="staff",
    access=Access.community("notify:configure"),
    response=KindTemplatesOut,
    errors=(404,),
    summary="Go back to the stage's templates for a kind",
    operation_id="resetNotificationTemplate",
)
def reset_template(call: Call[Any]) -> KindTemplatesOut:
    community_id, kind = call.path["community_id"], call.path["kind"]
    with audited(call, "notification_template.reset", "community", community_id, {"kind": kind}):
        found = wiring.template_settings().reset(community_id, kind)
    return kind_view(found)
