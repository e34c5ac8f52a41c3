"""One template per message kind: what people read, in Chinese, in every channel.

A sender states the facts of what happened (`Facts`: the place as people name it, `3栋2单元1201`; Beijing time,
`2026年12月7日 14:51`; names; what the person wrote), and `compose` turns them into one `Message` per audience among
the recipients:

- staff (app push: their account): a title and a body with everything needed to act, the caller's phone included
  where handling needs it (an SOS);
- residents (WeChat subscribe message: their openid): the same title and body, and the template fields the
  community's WeChat template shows (`fields`: logical name -> text; the channel maps them to the template's keys
  and builds each value by its type's rule, `subscribe_values.py`); phone numbers of others masked;
- emergency contacts (SMS): the kind's SMS variables (`KindSpec.sms`), each at most 35 characters.

The logical fields a kind offers (`KindSpec.fields`) and the WeChat types each may be shown as (`SHOWN_AS`) are what
an operator or community admin maps a WeChat template's keys to (`settings.py`). Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from chalicelib.notifications.service import PUSH, SMS, WECHAT, Message, Recipient

STAFF, RESIDENT, CONTACT = "staff", "resident", "contact"
AUDIENCE_OF_CHANNEL = {PUSH: STAFF, WECHAT: RESIDENT, SMS: CONTACT}
SMS_VALUE_LIMIT = 35  # Alibaba Cloud SMS: a template variable's value
PUSH_TITLE_LIMIT, PUSH_BODY_LIMIT = 64, 256

# The WeChat field types each logical field may be shown as (a template key's type must be one of them).
SHOWN_AS: dict[str, tuple[str, ...]] = {
    "title": ("thing",),
    "place": ("thing",),
    "device": ("thing",),
    "note": ("thing",),
    "reason": ("thing",),
    "time": ("time", "date"),
    "due": ("date", "time"),
    "level": ("phrase", "thing"),
    "status": ("phrase", "thing"),
    "name": ("name", "thing"),
    "phone": ("phone_number", "character_string", "thing"),
    "amount": ("amount", "thing"),
    "count": ("number", "thing"),
    "reference": ("character_string", "thing"),
    "plate": ("car_number", "thing"),
}

Facts = dict[str, str]


@dataclass(frozen=True)
class Rendered:
    title: str
    body: str
    fields: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class KindSpec:
    """A message kind: its fields, a WeChat template layout that shows them (the local cloud's template and the
    documented example), its SMS variables, and realistic facts (the tests render every kind with them)."""

    kind: str
    fields: tuple[str, ...]
    example_wechat: dict[str, str]  # template key -> field
    sms: tuple[str, ...]
    sample: Facts
    render: Callable[[Facts, str], Rendered]
    audiences: tuple[str, ...] = (STAFF, RESIDENT)  # who its senders tell (a stage needs a template per channel)


def _sentence(*parts: str) -> str:
    return "，".join(p for p in parts if p) + "。"


def _alarm(f: Facts, audience: str) -> Rendered:
    where = " ".join(p for p in (f.get("place", ""), f.get("device", "")) if p)
    note = f"备注：{f['note']}" if f.get("note") else ""
    act = "请尽快到场处理" if audience == STAFF else "物业已收到并在处理，请注意安全"
    return Rendered(
        title=f"【{f.get('level', '')}】{f.get('title', '')}" if f.get("level") else f.get("title", ""),
        body=_sentence(
            f"{f.get('title', '告警')}：{where}" if where else f.get("title", "告警"), f.get("time", ""), note, act
        ),
        fields={k: f.get(k, "") for k in ("title", "place", "device", "time", "level", "note")},
    )


def _sos(f: Facts, audience: str) -> Rendered:
    phone = f.get("phone_masked", "") if audience == RESIDENT else f.get("phone", "") or f.get("phone_masked", "")
    who = f"{f.get('name', '住户')}（{phone}）" if phone else f.get("name", "住户")
    said = f"留言：{f['note']}" if f.get("note") else ""
    act = "请立即电话联系并到场" if audience != RESIDENT else "物业已收到，正在联系"
    return Rendered(
        title=f"【紧急求助】{f.get('place', '')}",
        body=_sentence(f"{who}在{f.get('place', '')}发起紧急求助", said, f.get("time", ""), act),
        fields={
            "title": "紧急求助",
            "place": f.get("place", ""),
            "name": f.get("name", ""),
            "phone": phone,
            "time": f.get("time", ""),
            "note": f.get("note", ""),
        },
    )


def _work_order(f: Facts, audience: str) -> Rendered:
    due = f"完成期限{f['due']}" if f.get("due") and audience == STAFF else ""
    return Rendered(
        title=f"【{f.get('event', '')}】{f.get('title', '')}",
        body=_sentence(
            f"{f.get('event', '')}：{f.get('title', '工单')}",
            f.get("place", ""),
            f.get("note", ""),
            f.get("time", ""),
            due,
        ),
        fields={k: f.get(k, "") for k in ("title", "status", "place", "time", "note", "reference", "due")},
    )


def _arrears(f: Facts, audience: str) -> Rendered:
    return Rendered(
        title="缴费提醒",
        body=_sentence(
            f"{f.get('place', '')}有{f.get('count', '')}笔账单已逾期未缴（{f.get('title', '')}）",
            f"合计{f.get('amount', '')}",
            f"最早应于{f.get('due', '')}缴纳",
            "请在小程序中缴费",
        ),
        fields={k: f.get(k, "") for k in ("title", "amount", "place", "due", "count", "note")},
    )


def _visitor(f: Facts, audience: str) -> Rendered:
    return Rendered(
        title="访客到访待确认",
        body=_sentence(
            f"访客{f.get('name', '')}（{f.get('phone_masked', '')}）到访{f.get('place', '')}",
            f"事由：{f.get('reason', '')}",
            f.get("time", ""),
            "请在小程序中确认是否放行",
        ),
        fields={
            "name": f.get("name", ""),
            "phone": f.get("phone_masked", ""),
            "place": f.get("place", ""),
            "time": f.get("time", ""),
            "reason": f.get("reason", ""),
            "status": "待确认",
        },
    )


def _refund(f: Facts, audience: str) -> Rendered:
    return Rendered(
        title=f"退款{f.get('status', '')}",
        body=_sentence(
            f"您缴纳的{f.get('title', '')}退款{f.get('amount', '')}{f.get('status', '')}",
            f"订单号{f.get('reference', '')}" if f.get("reference") else "",
            f.get("note", ""),
            f.get("time", ""),
        ),
        fields={k: f.get(k, "") for k in ("title", "amount", "status", "time", "reference", "note")},
    )


def _notice(f: Facts, audience: str) -> Rendered:
    return Rendered(
        title="社区公告",
        body=_sentence(f"【{f.get('status', '')}】{f.get('title', '')}", f.get("note", ""), "请在小程序中查看"),
        fields={k: f.get(k, "") for k in ("title", "status", "time", "note")},
    )


def _vote_result(f: Facts, audience: str) -> Rendered:
    return Rendered(
        title="业主表决结果",
        body=_sentence(
            f"表决“{f.get('title', '')}”已于{f.get('time', '')}截止",
            f"结果：{f.get('status', '')}",
            f.get("note", ""),
            "请在小程序中查看计票结果",
        ),
        fields={k: f.get(k, "") for k in ("title", "status", "time", "note")},
    )


def _parking_pass(f: Facts, audience: str) -> Rendered:
    return Rendered(
        title=f.get("title", "") or "停车月卡即将到期",
        body=_sentence(
            f"{f.get('plate', '')}在{f.get('place', '')}的停车月卡将于{f.get('due', '')}到期",
            f.get("note", ""),
            "可在小程序中续费",
        ),
        fields={k: f.get(k, "") for k in ("title", "plate", "place", "due", "note")},
    )


def _export_ready(f: Facts, audience: str) -> Rendered:
    return Rendered(
        title=f"导出完成：{f.get('title', '')}",
        body=_sentence(f"{f.get('title', '')}已生成", f.get("note", ""), f.get("time", ""), "请在管理端下载"),
        fields={k: f.get(k, "") for k in ("title", "time", "note")},
    )


def _parcel(f: Facts, audience: str) -> Rendered:
    code = f.get("code", "")  # only in the deposit's message: a reminder names the compartment (the code is not kept)
    return Rendered(
        title=f.get("title", "") or "快递已存入快递柜",
        body=_sentence(
            f"{f.get('house', '')}的快递已存入{f.get('place', '')}{f.get('note', '')}",
            f"取件码{code}" if code else "",
            f.get("time", ""),
            "也可在小程序中远程开柜",
        ),
        fields={k: f.get(k, "") for k in ("title", "place", "reference", "time", "note")},
    )


def _care_alert(f: Facts, audience: str) -> Rendered:
    act = "请尽快上门探访并在系统中记录" if audience == STAFF else "社区工作人员将上门探访，请尽快联系老人"
    who = f.get("name", "") or "受照护人"
    return Rendered(
        title=f"【关爱提醒】{who}：{f.get('title', '')}",
        body=_sentence(f"{f.get('place', '')}{who}{f.get('title', '')}", f.get("note", ""), f.get("time", ""), act),
        fields={k: f.get(k, "") for k in ("title", "name", "place", "time", "note")},
    )


KINDS: dict[str, KindSpec] = {
    spec.kind: spec
    for spec in (
        KindSpec(
            "alarm",
            ("title", "place", "device", "time", "level", "note"),
            {"thing1": "title", "thing2": "place", "time3": "time", "phrase4": "level", "thing5": "device"},
            ("title", "place", "time"),
            {
                "title": "火灾报警",
                "level": "紧急",
                "place": "3栋2单元1201",
                "device": "客厅烟感探测器",
                "time": "2026年12月7日 14:51",
                "note": "",
            },
            _alarm,
            (STAFF, RESIDENT, CONTACT),
        ),
        KindSpec(
            "sos",
            ("title", "place", "name", "phone", "time", "note"),
            {
                "thing1": "title",
                "thing2": "place",
                "name3": "name",
                "phone_number4": "phone",
                "time5": "time",
                "thing6": "note",
            },
            ("place", "name", "phone", "time"),
            {
                "place": "3栋2单元1201",
                "name": "王小明",
                "phone": "13800000001",
                "phone_masked": "138****0001",
                "time": "2026年12月7日 14:51",
                "note": "老人摔倒了",
            },
            _sos,
            (STAFF, RESIDENT, CONTACT),
        ),
        KindSpec(
            "work_order",
            ("title", "status", "place", "time", "note", "reference", "due"),
            {"thing1": "title", "phrase2": "status", "thing3": "place", "time4": "time", "thing5": "note"},
            ("title", "status", "place"),
            {
                "event": "已派单",
                "title": "报修·水管漏水",
                "status": "已派单",
                "place": "3栋2单元1201",
                "time": "2026年12月7日 14:51",
                "due": "2026年12月7日 22:51",
                "note": "维修工张师傅已接单",
                "reference": "wo-3f2a9c1d7e5b4a60",
            },
            _work_order,
            (STAFF, RESIDENT),
        ),
        KindSpec(
            "arrears",
            ("title", "amount", "place", "due", "count", "note"),
            {"thing1": "title", "amount2": "amount", "thing3": "place", "date4": "due", "thing5": "note"},
            ("place", "count", "amount"),
            {
                "title": "物业费等2笔",
                "amount": "¥446.75",
                "place": "3栋2单元1201",
                "due": "2026年11月1日",
                "count": "2",
                "note": "请在小程序中缴费",
            },
            _arrears,
            (RESIDENT,),
        ),
        KindSpec(
            "visitor",
            ("name", "phone", "place", "time", "reason", "status"),
            {"name1": "name", "phone_number2": "phone", "thing3": "place", "time4": "time", "thing5": "reason"},
            ("name", "place", "time"),
            {
                "name": "李四",
                "phone_masked": "139****5678",
                "place": "3栋2单元1201",
                "time": "2026年12月7日 14:51",
                "reason": "送快递",
            },
            _visitor,
            (RESIDENT,),
        ),
        KindSpec(
            "refund",
            ("title", "amount", "status", "time", "reference", "note"),
            {
                "thing1": "title",
                "amount2": "amount",
                "phrase3": "status",
                "time4": "time",
                "character_string5": "reference",
            },
            ("title", "amount", "status"),
            {
                "title": "物业费 2026-11",
                "amount": "¥223.75",
                "status": "已退款",
                "time": "2026年12月7日 14:51",
                "reference": "po-3f2a9c1d7e5b4a60",
                "note": "",
            },
            _refund,
            (RESIDENT,),
        ),
        KindSpec(
            "notice",
            ("title", "status", "time", "note"),
            {"thing1": "title", "thing2": "status", "time3": "time", "thing4": "note"},
            ("title",),
            {
                "title": "12月10日停水通知",
                "status": "物业信息",
                "time": "2026年12月7日 09:00",
                "note": "2栋10日9时至12时停水",
            },
            _notice,
            (RESIDENT,),
        ),
        KindSpec(
            "vote_result",
            ("title", "status", "time", "note"),
            {"thing1": "title", "phrase2": "status", "time3": "time", "thing4": "note"},
            ("title", "status"),
            {
                "title": "更换物业服务企业",
                "status": "通过",
                "time": "2026年12月7日 18:00",
                "note": "选聘和解聘物业服务企业",
            },
            _vote_result,
            (RESIDENT,),
        ),
        KindSpec(
            "parcel",
            ("title", "place", "reference", "time", "note"),
            {"thing1": "title", "thing2": "place", "character_string3": "reference", "time4": "time", "thing5": "note"},
            ("place", "reference"),
            {
                "title": "快递已存入快递柜",
                "place": "北门快递柜",
                "house": "3栋2单元1201",
                "reference": "385027",
                "code": "385027",
                "time": "2026年12月7日 14:51",
                "note": "A12号格口",
            },
            _parcel,
            (RESIDENT,),
        ),
        KindSpec(
            "care_alert",
            ("title", "name", "place", "time", "note"),
            {"thing1": "title", "name2": "name", "thing3": "place", "time4": "time", "thing5": "note"},
            ("title", "name", "place"),
            {
                "title": "长时间无活动",
                "name": "王奶奶",
                "place": "3栋2单元1201",
                "time": "2026年12月7日 14:51",
                "note": "已超过24小时未见活动",
            },
            _care_alert,
        ),
        KindSpec(
            "parking_pass",
            ("title", "plate", "place", "due", "note"),
            {"thing1": "title", "car_number2": "plate", "thing3": "place", "date4": "due", "thing5": "note"},
            ("plate", "due"),
            {
                "title": "停车月卡即将到期",
                "plate": "粤B12345",
                "place": "东门停车场",
                "due": "2026年12月14日",
                "note": "还有7天到期",
            },
            _parking_pass,
            (RESIDENT,),
        ),
        KindSpec(
            "export_ready",
            ("title", "time", "note"),
            {},  # staff only: no WeChat template
            ("title",),
            {"title": "欠费清单 2026-11", "time": "2026年12月7日 14:51", "note": "共128户"},
            _export_ready,
            (STAFF,),
        ),
    )
}


class UnknownKind(ValueError):
    pass


def render(kind: str, facts: Facts, audience: str) -> Rendered:
    spec = KINDS.get(kind)
    if spec is None:
        raise UnknownKind(kind)
    return spec.render(facts, audience)


def sms_params(kind: str, fields: dict[str, str]) -> dict[str, str]:
    """The kind's SMS template variables (named after its fields), each within Alibaba Cloud's 35 characters."""
    return {name: (fields.get(name) or "无")[:SMS_VALUE_LIMIT] for name in KINDS[kind].sms}


def compose(
    kind: str,
    facts: Facts,
    *,
    community_id: str,
    subject: str,
    key: str,
    recipients: Iterable[Recipient],
    link: str = "",
) -> list[Message]:
    """One message per audience among `recipients` (staff by push, residents by WeChat, contacts by SMS), each
    rendered from the kind's template. The notifier's (subject, key, channel, address) deduplication holds across
    them: one delivery per person and change."""
    groups: dict[str, list[Recipient]] = {}
    for recipient in recipients:
        groups.setdefault(AUDIENCE_OF_CHANNEL.get(recipient.channel, STAFF), []).append(recipient)
    messages: list[Message] = []
    for audience, group in groups.items():
        rendered = render(kind, facts, audience)
        messages.append(
            Message(
                community_id=community_id,
                subject=subject,
                key=key,
                title=rendered.title[:PUSH_TITLE_LIMIT],
                body=rendered.body[:PUSH_BODY_LIMIT],
                recipients=tuple(group),
                fields=rendered.fields,
                link=link,
                kind=kind,
            )
        )
    return messages
