"""Every template of every message kind, rendered for every audience, against WeChat's field rules.

The rules are checked by the local WeChat server's copy (`infra/localcloud/wechat_rules.py`), written apart from
the app's value builder, so a builder that lets a bad value through fails here. Each kind is rendered from its
realistic facts and from hostile ones (long places, notes with new lines, English, ISO times), through its
documented WeChat layout and through every other key type its fields may be shown as.
"""

from __future__ import annotations

import re
from itertools import product

import pytest

from chalicelib.notifications.service import PUSH, SMS, WECHAT, Recipient
from chalicelib.notifications.settings import WechatTemplate, problems, stage_problems, stage_templates, wechat_data
from chalicelib.notifications.subscribe_values import FIELD_TYPES, ValueRefused, subscribe_value, violation
from chalicelib.notifications.templates import (
    AUDIENCE_OF_CHANNEL,
    CONTACT,
    KINDS,
    RESIDENT,
    SHOWN_AS,
    STAFF,
    compose,
    render,
    sms_params,
)
from infra.localcloud.wechat_rules import problem

HAN = re.compile(r"[\u4e00-\u9fff]")
HOSTILE = {
    "title": "Fire alarm in the underground garage level two near the ramp",
    "place": "12A栋3单元10511 地下车库B2层东侧坡道旁边的配电间",
    "device": "配电柜温度传感器（东侧第三台，2019年安装）",
    "time": "2026-12-07T06:51:15.664Z",
    "due": "2026-12-08T06:51:15Z",
    "level": "未定级",  # levels and statuses come from the catalogue (at most five Chinese characters)
    "status": "恢复待确认",
    "name": "欧阳 Nana 1号",
    "phone": "138 0000 0001",
    "phone_masked": "138****0001",
    "note": "老人摔倒了\n在卫生间，门从里面锁着，请带工具!!!",
    "reason": "装修  验收\t和 送材料 a very long reason that goes on",
    "amount": "1234567.5",
    "count": "12",
    "reference": "wo-3f2a9c1d7e5b4a60 第二次",
    "event": "已派单",
}


def _values(kind: str, facts: dict[str, str], audience: str) -> dict[str, str]:
    return render(kind, facts, audience).fields


@pytest.mark.parametrize(("kind", "facts"), [(k, f) for k in KINDS for f in ("sample", "hostile")])
def test_every_kind_renders_in_chinese_for_every_audience(kind: str, facts: str) -> None:
    given = KINDS[kind].sample if facts == "sample" else {**KINDS[kind].sample, **HOSTILE}
    for audience in (STAFF, RESIDENT, CONTACT):
        rendered = render(kind, given, audience)
        assert HAN.search(rendered.body), (kind, audience)  # the template's own words are Chinese
        assert HAN.search(rendered.title) or facts == "hostile", (kind, audience)
        assert set(rendered.fields) <= set(KINDS[kind].fields), (kind, set(rendered.fields) - set(KINDS[kind].fields))
        if facts == "sample":
            assert "None" not in rendered.body and "{" not in rendered.body


@pytest.mark.parametrize(
    ("kind", "facts"), [(k, f) for k in KINDS for f in ("sample", "hostile") if RESIDENT in KINDS[k].audiences]
)
def test_every_kind_through_its_wechat_layout_is_what_wechat_accepts(kind: str, facts: str) -> None:
    given = KINDS[kind].sample if facts == "sample" else {**KINDS[kind].sample, **HOSTILE}
    template = WechatTemplate(f"tmpl-{kind}", dict(KINDS[kind].example_wechat))
    assert problems(kind, template.as_dict(), None) == []
    data = wechat_data(template, _values(kind, given, RESIDENT))
    assert set(data) == set(template.fields)
    for key, item in data.items():
        assert problem(key, item["value"]) is None, (kind, key, item["value"])


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_field_through_every_type_it_may_be_shown_as(kind: str) -> None:
    """Whatever layout an admin maps (within `SHOWN_AS`), a value is either valid or not sent with its reason."""
    for facts, field_name in product((KINDS[kind].sample, {**KINDS[kind].sample, **HOSTILE}), KINDS[kind].fields):
        value = _values(kind, facts, RESIDENT).get(field_name, "")
        for field_type in SHOWN_AS[field_name]:
            key = f"{field_type}7"
            try:
                built = wechat_data(WechatTemplate("t", {key: field_name}), {field_name: value})[key]["value"]
            except ValueRefused:
                continue
            assert problem(key, built) is None, (kind, field_name, key, value, built)
    sample = _values(kind, KINDS[kind].sample, RESIDENT)
    for field_name in KINDS[kind].example_wechat.values():  # the realistic facts always go through
        natural = SHOWN_AS[field_name][0]
        wechat_data(WechatTemplate("t", {f"{natural}1": field_name}), sample)


def test_sms_variables_and_push_texts_fit_the_providers() -> None:
    for kind, spec in KINDS.items():
        for facts in (spec.sample, {**spec.sample, **HOSTILE}):
            params = sms_params(kind, render(kind, facts, CONTACT).fields)
            assert set(params) == set(spec.sms) and all(0 < len(v) <= 35 for v in params.values()), kind
        messages = compose(
            kind,
            {**spec.sample, **HOSTILE},
            community_id="c",
            subject="s",
            key="k",
            recipients=[Recipient(PUSH, "staff-1"), Recipient(WECHAT, "openid-1"), Recipient(SMS, "13800000000")],
        )
        assert {AUDIENCE_OF_CHANNEL[m.recipients[0].channel] for m in messages} == {STAFF, RESIDENT, CONTACT}
        assert all(len(m.title) <= 64 and len(m.body) <= 256 and m.kind == kind for m in messages)


def test_an_sos_reads_house_name_phone_and_what_they_wrote() -> None:
    facts = {**KINDS["sos"].sample}
    staff = render("sos", facts, STAFF)
    assert staff.title == "【紧急求助】3栋2单元1201"
    assert "王小明（13800000001）" in staff.body and "老人摔倒了" in staff.body and "2026年12月7日 14:51" in staff.body
    resident = render("sos", facts, RESIDENT)
    assert "13800000001" not in resident.body and resident.fields["phone"] == "138****0001"


@pytest.mark.parametrize(
    ("key", "value", "built"),
    [
        ("thing1", "  一行\n两行  ", "一行 两行"),
        ("thing1", "x" * 30, "x" * 19 + "…"),
        ("phrase2", "处理中", "处理中"),
        ("phrase2", "in_progress 处理中", "处理中"),
        ("phrase2", "正在处理中哦", "正在处理中"),
        ("time3", "2026-12-07T06:51:15.664Z", "2026年12月7日 14:51"),
        ("time3", "2026年12月7日 14:51", "2026年12月7日 14:51"),
        ("date4", "2026-12-31T16:05:00Z", "2027年1月1日"),
        ("amount5", "446.75", "¥446.75"),
        ("amount5", "¥446.75元", "¥446.75元"),
        ("character_string6", "wo-123 第二次", "wo-123"),
        ("phone_number7", "138 0000 0001", "13800000001"),
        ("car_number8", "京a 12345", "京A12345"),
        ("name9", "欧阳娜娜1号", "欧阳娜娜号"),
        ("name9", "Zhang Wei", "Zhang Wei"),
        ("number10", "3.5", "3.5"),
    ],
)
def test_the_one_value_function_applies_each_types_rule(key: str, value: str, built: str) -> None:
    assert subscribe_value(key, value) == built
    assert problem(key, built) is None and violation(key, built) is None


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("phrase1", "in_pr"),
        ("time1", "yesterday"),
        ("time1", "2026-12-07"),
        ("date1", "soon"),
        ("amount1", "¥12345678901"),
        ("phone_number1", "call 110"),
        ("number1", "3,5"),
        ("letter1", "abc1"),
        ("thing1", ""),
        ("thing1", "   "),
        ("widget1", "x"),
        ("car_number1", "京A1234567"),
    ],
)
def test_what_no_rule_can_make_valid_is_refused_before_wechat_sees_it(key: str, value: str) -> None:
    with pytest.raises(ValueRefused):
        subscribe_value(key, value)


@pytest.mark.parametrize("field_type", FIELD_TYPES)
def test_both_copies_of_the_rules_agree(field_type: str) -> None:
    key = f"{field_type}3"
    candidates = [
        "",
        "处理中",
        "正在处理中哦",
        "in_pr",
        "x" * 20,
        "x" * 21,
        "2026年12月7日 14:51",
        "14:51",
        "2026年12月7日",
        "2026-12-07T14:51:05Z",
        "¥446.75",
        "446.75",
        "3.5",
        "ABC",
        "%",
        "wo-3f2a9c1d7e5b4a60",
        "138****0001",
        "+86-0766-66888866",
        "粤A8Z888挂",
        "王小明",
        "Zhang Wei",
        "一二三四五六七八九十一",
    ]
    for value in candidates:
        assert (violation(key, value) is None) == (problem(key, value) is None), (key, value)


def test_a_stage_document_is_checked_entry_by_entry() -> None:
    good = {"templateId": "abcDEF_123-x", "fields": {"thing1": "title", "time3": "time"}}
    document = (
        '{"wechat": {"alarm": ' + str(good).replace("'", '"') + ', "sos": {"templateId": "t", "fields": {"phrase1": '
        '"place"}}, "nope": {"templateId": "t", "fields": {"thing1": "title"}}}, "sms": {"alarm": "SMS_12", '
        '"sos": "12"}}'
    )
    lines = stage_problems(document)
    assert any(line.startswith("wechat.sos: wechat.fields.phrase1 type") for line in lines)
    assert any(line.startswith("wechat.nope: kind unknown_kind") for line in lines)
    assert any(line.startswith("sms.sos: smsTemplate pattern") for line in lines)
    assert not any(line.startswith(("wechat.alarm", "sms.alarm")) for line in lines)
    parsed = stage_templates(document)
    assert parsed["alarm"].wechat is not None and parsed["alarm"].sms_template == "SMS_12"
    assert parsed["sos"].wechat is None and parsed["sos"].sms_template is None  # refused entries are left out
    assert stage_problems("{not json")[0].startswith("NotifyTemplates is not JSON")
