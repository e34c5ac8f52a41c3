"""The message catalogue (`chalicelib/kernel/i18n`): every code the code can answer has a Chinese and an English
message, every vocabulary the API names has its labels, statuses fit WeChat's `phrase` (<= 5 Chinese
characters), and the locale follows `Accept-Language`."""

from __future__ import annotations

import ast
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from chalicelib.kernel import i18n
from chalicelib.kernel.i18n.errors import DETAILS, ERRORS
from chalicelib.kernel.i18n.labels import LABELS

ROOT = Path(__file__).resolve().parents[3] / "chalicelib"
UPPER = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$|^[A-Z]{4,}$")
LOWER = re.compile(r"^[a-z][a-z0-9_]*$")
HAN = re.compile(r"[\u4e00-\u9fff]")
# Codes built at run time (`{kind.upper()}_NOT_FOUND`, claims' codes) the scan below cannot see as literals.
BUILT_AT_RUN_TIME = {
    "ORG_UNIT_NOT_FOUND",
    "PARENT_NOT_FOUND",
    "PERSON_NOT_FOUND",
    "UNIT_NOT_FOUND",
    "VEHICLE_NOT_FOUND",
    "ORGANISATION_NOT_FOUND",
    "ACCOUNT_DISABLED",
    "ACCOUNT_NOT_YET_VALID",
    "ACCOUNT_EXPIRED",
    "ACCOUNT_LOCKED",
    "MISSING_AUTHENTICATION_TOKEN",
}


def _name(func: ast.expr) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _text(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def raised_codes() -> tuple[set[str], set[str]]:
    """(error codes, detail codes) written as literals where errors are built: `code=` keywords, a domain error's
    class attribute, `ApiError`/`error_response`'s code argument, claims' codes, `code` defaults, `{"code": ...}`
    in details and the helpers that build a detail from (field, code, message)."""
    codes: set[str] = set()
    details: set[str] = set()
    for path in sorted(ROOT.rglob("*.py")):
        if "i18n" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.keyword) and node.arg == "code" and (v := _text(node.value)):
                (codes if UPPER.match(v) else details if LOWER.match(v) else set()).add(v)
            elif isinstance(node, ast.ClassDef):
                for st in node.body:
                    if (
                        isinstance(st, ast.Assign)
                        and any(isinstance(t, ast.Name) and t.id == "code" for t in st.targets)
                        and (v := _text(st.value))
                    ):
                        codes.add(v)
            elif isinstance(node, ast.Call):
                name, args = _name(node.func), node.args
                position = {"ApiError": 1, "error_response": 1, "Claim": 2, "put_new": 1}.get(name)
                if position is not None and len(args) > position and (v := _text(args[position])):
                    codes.add(v)
                elif name in ("_invalid", "_refuse"):
                    codes.update(v for a in args[1:] if (v := _text(a)) and UPPER.match(v))
                elif name in ("invalid_input", "_bad", "_problem") and len(args) > 1 and (v := _text(args[1])):
                    details.add(v)
            elif isinstance(node, ast.Dict):
                for key, value in zip(node.keys, node.values, strict=True):
                    if _text(key) == "code" and (v := _text(value)) and LOWER.match(v):
                        details.add(v)
            elif isinstance(node, ast.FunctionDef):
                for arg, default in zip(reversed(node.args.args), reversed(node.args.defaults), strict=False):
                    if arg.arg == "code" and (v := _text(default)) and UPPER.match(v):
                        codes.add(v)
    return codes, details


def test_every_error_code_the_code_answers_has_a_chinese_and_an_english_message() -> None:
    codes, _ = raised_codes()
    assert len(codes) > 120  # the scan sees the code base (a broken scan would pass vacuously)
    missing = sorted((codes | BUILT_AT_RUN_TIME) - set(ERRORS))
    assert missing == []
    for code, (zh, en) in ERRORS.items():
        assert HAN.search(zh) and en and not HAN.search(en), code


def test_every_detail_code_has_a_message() -> None:
    _, details = raised_codes()
    assert len(details) > 40
    assert sorted(details - set(DETAILS)) == []


def test_codes_built_at_run_time_still_read_as_chinese() -> None:
    assert i18n.error_message("GADGET_NOT_FOUND", 404) == "不存在"
    assert i18n.error_message("SOMETHING_ODD", 409) == "操作冲突，请刷新后重试"
    assert i18n.error_message("SOMETHING_ODD", 500) == "系统繁忙，请稍后重试"
    assert i18n.error_message("HOUSE_NOT_FOUND", 404, "house h1 not found", locale=i18n.EN) == "house h1 not found"
    assert i18n.error_message("HOUSE_NOT_FOUND", 404, locale=i18n.EN) == "house not found"


@pytest.mark.parametrize(
    ("header", "locale"),
    [
        (None, "zh-CN"),
        ("", "zh-CN"),
        ("en", "en"),
        ("en-US,en;q=0.9", "en"),
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh-CN"),
        ("en;q=0.5,zh;q=0.9", "zh-CN"),
        ("fr-FR", "zh-CN"),
        ("fr,en;q=0.5", "en"),
        ("en;q=0", "zh-CN"),
        ("*", "zh-CN"),
    ],
)
def test_the_locale_follows_accept_language(header: str | None, locale: str) -> None:
    assert i18n.negotiate(header) == locale


def test_every_vocabulary_the_code_uses_is_labelled() -> None:
    from chalicelib.alarms.model import LEVEL_NAMES, ORIGINATOR_KINDS, SOS_TYPE
    from chalicelib.alarms.rules import SEVERITIES, catalogue_defaults
    from chalicelib.devices import commands
    from chalicelib.devices.model import STATUSES as DEVICE_STATUSES
    from chalicelib.parking import model as parking_model
    from chalicelib.partners import model as partner_model
    from chalicelib.patrol import model as patrol_model
    from chalicelib.payments import bills
    from chalicelib.payments import model as payment_model
    from chalicelib.visitors import model as visitor_model
    from chalicelib.work_orders.model import ACTIONS, DEFAULT_CATEGORIES, KINDS, SOURCES, STATUSES
    from iot import catalogue

    alarm_types = {SOS_TYPE} | {r.alarm_type for t in catalogue.device_types() for r in catalogue_defaults(t)}
    expected = {
        "alarm.type": alarm_types,
        "alarm.severity": set(SEVERITIES),
        "alarm.level": set(LEVEL_NAMES.values()),
        "alarm.originator": set(ORIGINATOR_KINDS),
        "work_order.kind": set(KINDS),
        "work_order.status": set(STATUSES),
        "work_order.action": set().union(*ACTIONS.values()),
        "work_order.category": {c.category_id for c in DEFAULT_CATEGORIES},
        "work_order.source": set(SOURCES),
        "device.status": set(DEVICE_STATUSES),
        "fee.kind": set(bills.KINDS),
        "fee.period": set(bills.PERIODS),
        "bill.status": {bills.UNPAID, bills.IN_ORDER, bills.PAID},
        "order.status": {payment_model.CREATED, payment_model.PAID, payment_model.CLOSED},
        "refund.status": {
            payment_model.REQUESTED,
            payment_model.APPROVED,
            payment_model.REJECTED,
            payment_model.REFUNDED,
            payment_model.REFUND_FAILED,
        },
        "visitor_pass.status": set(visitor_model.FINAL | visitor_model.ADMITTING | {visitor_model.PENDING}),
        "visitor_pass.source": {visitor_model.INVITATION, visitor_model.WALK_IN},
        "device.command": {name for t in catalogue.device_types().values() for name in t.command_names},
        "command.status": {commands.PENDING, commands.SENT, commands.DONE, commands.REJECTED, commands.FAILED}
        | {commands.TIMED_OUT},
        "parking.stay_kind": set(parking_model.STAY_KINDS),
        "parking.stay_status": set(parking_model.STAY_STATUSES),
        "parking.action": {parking_model.OPEN, parking_model.REFUSE, parking_model.HOLD, parking_model.CHARGE},
        "parking.release": set(parking_model.RELEASE_KINDS),
        "patrol.round_status": {patrol_model.ACTIVE, patrol_model.COMPLETED, patrol_model.INCOMPLETE},
        "partner.kind": set(partner_model.PARTNER_KINDS),
        "partner.resource": set(partner_model.RESOURCES),
    }
    for kind, keys in expected.items():
        assert sorted(keys - set(LABELS[kind])) == [], kind
        for key in keys:
            assert HAN.search(i18n.label(kind, key)), (kind, key)
            assert not HAN.search(i18n.label(kind, key, i18n.EN)), (kind, key)
    for device_type in catalogue.device_types():
        assert HAN.search(i18n.label("device.type", device_type))
        assert i18n.label("device.type", device_type, i18n.EN) == catalogue.get_type(device_type).title


@pytest.mark.parametrize(
    "kind",
    ["work_order.status", "alarm.status", "alarm.severity", "refund.status", "visitor_pass.status", "bill.status"],
)
def test_statuses_fit_a_wechat_phrase(kind: str) -> None:
    """WeChat's `phrase` takes at most five Chinese characters and nothing else."""
    for key, (zh, _) in LABELS[kind].items():
        assert re.fullmatch(r"[\u4e00-\u9fff]{1,5}", zh), (kind, key, zh)


def test_the_request_locale_is_what_lookups_read() -> None:
    token = i18n.current_locale.set(i18n.EN)
    try:
        assert i18n.label("work_order.status", "in_progress") == "In progress"
        assert i18n.error_message("ALARM_NOT_FOUND", 404) == "alarm not found"
    finally:
        i18n.current_locale.reset(token)
    assert i18n.label("work_order.status", "in_progress") == "处理中"
    assert i18n.label("work_order.category", "a-community-category") == "a-community-category"
    assert i18n.detail_message("missing", "Field required") == "必填"
    assert i18n.detail_message("some_new_code", "whatever") == "取值不符合要求"


def test_times_and_money_as_people_read_them() -> None:
    assert i18n.local_time(datetime(2026, 12, 7, 6, 51, 15, tzinfo=UTC)) == "2026年12月7日 14:51"
    assert i18n.local_time(datetime(2026, 12, 31, 16, 5, tzinfo=UTC)) == "2027年1月1日 00:05"
    assert i18n.local_date(datetime(2026, 12, 31, 16, 5, tzinfo=UTC)) == "2027年1月1日"
    assert i18n.yuan(123456) == "¥1234.56"
    assert i18n.yuan(5) == "¥0.05"
