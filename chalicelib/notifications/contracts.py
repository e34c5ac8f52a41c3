"""Request and response models of the notification template settings (they generate the OpenAPI document)."""

from __future__ import annotations

from pydantic import Field, StrictBool

from chalicelib.kernel.contracts import Contract
from chalicelib.kernel.i18n import label
from chalicelib.notifications.settings import KindTemplates
from chalicelib.notifications.templates import KINDS, SHOWN_AS


class WechatTemplateIn(Contract):
    templateId: str = Field(min_length=1, max_length=64, description="The subscribe template's id (WeChat console)")
    fields: dict[str, str] = Field(
        min_length=1,
        max_length=20,
        description="Template key (thing1, time4, ...) -> the kind's field it shows (title, place, time, ...)",
    )


class TemplateSettingRequest(Contract):
    wechat: WechatTemplateIn | None = Field(default=None, description="This community's WeChat template, if its own")
    smsTemplate: str | None = Field(
        default=None, max_length=32, description="This community's SMS template code (SMS_...), if its own"
    )


class FieldOut(Contract):
    name: str
    shownAs: list[str] = Field(description="The WeChat key types that may show it (a key's name starts with one)")


class WechatTemplateOut(Contract):
    templateId: str
    fields: dict[str, str]


class KindTemplatesOut(Contract):
    kind: str = Field(
        description="alarm, sos, work_order, arrears, visitor, refund, vote_result, notice, parcel, care_alert, "
        "export_ready"
    )
    label: str = Field(description="The kind as people name it (zh-CN unless Accept-Language: en)")
    fields: list[FieldOut] = Field(description="What the kind's messages can show, and as which WeChat types")
    smsVariables: list[str] = Field(description="The variables the kind's SMS template must have (${name})")
    wechat: WechatTemplateOut | None = None
    smsTemplate: str | None = None
    source: dict[str, str] = Field(description="channel (wechat, sms) -> stage (the deploy's default) or community")


class TemplateSettingsOut(Contract):
    items: list[KindTemplatesOut]


def kind_view(found: KindTemplates) -> KindTemplatesOut:
    spec = KINDS[found.kind]
    return KindTemplatesOut(
        kind=found.kind,
        label=label("notification.kind", found.kind),
        fields=[FieldOut(name=f, shownAs=list(SHOWN_AS[f])) for f in spec.fields],
        smsVariables=list(spec.sms),
        wechat=WechatTemplateOut(**found.wechat.as_dict()) if found.wechat else None,
        smsTemplate=found.sms_template,
        source=dict(found.source),
    )


class ConsentReport(Contract):
    reportId: str = Field(
        min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$", description="the mini-program's id of this report"
    )
    results: dict[str, str] = Field(
        min_length=1,
        max_length=20,
        description="wx.requestSubscribeMessage's result: template id -> accept | reject | ban | filter",
    )
    longTerm: StrictBool = Field(default=False, description="the templates are long-term subscriptions (长期订阅)")


class ConsentOut(Contract):
    kind: str
    kindLabel: str
    remaining: int = Field(description="one-time acceptances not yet used")
    longTerm: bool


class ConsentsOut(Contract):
    items: list[ConsentOut]
    recorded: bool | None = Field(default=None, description="false: this report was recorded before (no change)")
