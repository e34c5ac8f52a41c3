"""WeChat subscribe-message values: the one function that builds a template field's value from its type's rules.

A subscribe template's keys name their type (`thing1`, `phrase2`, `time4`, `character_string5`); WeChat refuses the
whole message (errcode 47003, "argument invalid! data.<key>.value invalid") when one value breaks its type's rule
(WeChat's "订阅消息参数值内容限制说明"):

- `thing`: <= 20 characters: Chinese, letters, digits, symbols (`1栋1单元101 烟感`)
- `number`: <= 32 digits, may have a decimal part (`3.5`)
- `letter`: <= 32 letters (`ABC`)
- `symbol`: <= 5 symbols (`%`)
- `character_string`: <= 32 digits, letters or symbols (no Chinese) (`WO-2026-0001`)
- `time`: 24-hour time, the date may precede it; a range joined by `~` (`2026年12月7日 14:51`)
- `date`: year-month-day, a 24-hour time may follow; a range joined by `~` (`2026年12月7日`)
- `amount`: one currency sign + <= 10 digits, may have decimals, may end with 元 (`¥128.50`)
- `phone_number`: <= 17 digits and symbols (`+86-0766-66888866`)
- `car_number`: <= 8: letters and digits, the first and the last may be Chinese (`粤A8Z888挂`)
- `name`: <= 10 Chinese characters (mixed counts as Chinese), or <= 20 letters/symbols (`王小明`)
- `phrase`: <= 5 Chinese characters, nothing else (`处理中`)

`subscribe_value(key, text)` shortens what can be shortened without changing its meaning (a long `thing` ends in
"…", a `phrase` keeps its Chinese characters, a `name` its first ten), turns an ISO-8601 moment into Beijing time for
`time`/`date`, and refuses (`ValueRefused`) what no shortening makes valid: an empty value, a `time` that is not a
time, a `phrase` without a Chinese character. `violation(key, value)` says which rule a value breaks (the tests and
the local WeChat server check with an independent copy of the rules, `infra/localcloud/wechat_rules.py`).
"""

from __future__ import annotations

import re
from datetime import datetime

from chalicelib.kernel.clock import parse_iso
from chalicelib.kernel.i18n import local_date, local_time

FIELD_TYPES = (
    "thing",
    "number",
    "letter",
    "symbol",
    "character_string",
    "time",
    "date",
    "amount",
    "phone_number",
    "car_number",
    "name",
    "phrase",
)
KEY = re.compile(r"^(" + "|".join(sorted(FIELD_TYPES, key=len, reverse=True)) + r")(\d{1,2})$")
HAN = r"\u4e00-\u9fff"
_TIME = r"\d{1,2}:\d{2}"
_DATE = r"\d{4}年\d{1,2}月\d{1,2}日"
_MOMENT = rf"(?:{_DATE} {_TIME}|{_DATE}|{_TIME})"
RULES: dict[str, re.Pattern[str]] = {
    "number": re.compile(r"^(?=[\d.]{1,32}$)\d+(?:\.\d+)?$"),
    "letter": re.compile(r"^[A-Za-z]{1,32}$"),
    "symbol": re.compile(r"^[!-/:-@\[-`{-~]{1,5}$"),
    "character_string": re.compile(r"^[!-~]{1,32}$"),
    "time": re.compile(rf"^(?:{_DATE} )?{_TIME}(?:\s?~\s?(?:{_DATE} )?{_TIME})?$"),
    "date": re.compile(rf"^{_DATE}(?: {_TIME})?(?:\s?~\s?{_MOMENT})?$"),
    "amount": re.compile(r"^[¥￥$€£]\d{1,10}(?:\.\d{1,2})?元?$"),
    "phone_number": re.compile(r"^[0-9+\-*() ]{1,17}$"),
    "car_number": re.compile(rf"^(?=.{{1,8}}$)[{HAN}A-Z0-9][A-Z0-9]*[{HAN}A-Z0-9]?$"),
    "phrase": re.compile(rf"^[{HAN}]{{1,5}}$"),
}
ELLIPSIS = "…"


class ValueRefused(ValueError):
    """No value of the key's type says this: the message would be refused (47003), so it is not sent."""

    def __init__(self, key: str, reason: str):
        super().__init__(f"data.{key}.value: {reason}")
        self.key = key
        self.reason = reason


def field_type(key: str) -> str:
    """`thing1` -> thing, `character_string12` -> character_string; ValueRefused for a key of no known type."""
    match = KEY.match(key)
    if not match:
        raise ValueRefused(key, "not a subscribe-message key (thing1, phrase2, time3, ...)")
    return match.group(1)


def _has_han(text: str) -> bool:
    return re.search(f"[{HAN}]", text) is not None


def violation(key: str, value: str) -> str | None:
    """The rule `value` breaks for the key's type, or None when WeChat accepts it."""
    kind = field_type(key)
    if not value:
        return "empty"
    if kind == "thing":
        return None if len(value) <= 20 and "\n" not in value else "thing: at most 20 characters, one line"
    if kind == "name":
        if _has_han(value):
            return None if len(value) <= 10 and not re.search(r"\d", value) else "name: at most 10 characters"
        return None if re.fullmatch(r"[A-Za-z !-/:-@\[-`{-~]{1,20}", value) else "name: at most 20 letters"
    return None if RULES[kind].match(value) else f"{kind}: {RULES[kind].pattern}"


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _moment(key: str, text: str, as_date: bool) -> str:
    """A moment as WeChat writes it; an ISO-8601 value (the API's form) becomes Beijing time."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}T[0-9:.]+(?:Z|[+-]\d{2}:?\d{2})", text):
        try:
            moment: datetime = parse_iso(text)
        except ValueError as exc:
            raise ValueRefused(key, "not a moment") from exc
        return local_date(moment) if as_date else local_time(moment)
    return text


def subscribe_value(key: str, value: str) -> str:
    """The value WeChat accepts for template field `key`, built from `value` by the key's type's rule."""
    kind = field_type(key)
    text = _one_line(value)
    if kind == "thing":
        text = text if len(text) <= 20 else text[:19] + ELLIPSIS
    elif kind == "phrase":
        text = "".join(re.findall(f"[{HAN}]", text))[:5]
    elif kind == "name":
        if _has_han(text):
            text = re.sub(r"[\d\s]", "", text)[:10]
        else:
            text = re.sub(r"[^A-Za-z !-/:-@\[-`{-~]", "", text)[:20].strip()
    elif kind == "character_string":
        text = re.sub(r"[^!-~]", "", text)[:32]
    elif kind in ("time", "date"):
        text = _moment(key, text, kind == "date")
    elif kind == "amount" and re.fullmatch(r"\d{1,10}(?:\.\d{1,2})?元?", text):
        text = "¥" + text
    elif kind == "phone_number":
        text = text.replace(" ", "")
    elif kind == "car_number":
        text = text.replace(" ", "").upper()
    problem = violation(key, text)
    if problem is not None:
        raise ValueRefused(key, f"{problem} (value {value[:40]!r})")
    return text


def subscribe_data(fields: dict[str, str], values: dict[str, str]) -> dict[str, dict[str, str]]:
    """A subscribe message's `data`: for each template key (-> the message field it shows) its valid value. A field
    the message lacks is shown as 无 where the type takes Chinese, else refused (WeChat refuses an empty value)."""
    data: dict[str, dict[str, str]] = {}
    for key, field_name in fields.items():
        value = values.get(field_name) or ""
        if not value.strip() and field_type(key) in ("thing", "phrase", "name"):
            value = "无"
        data[key] = {"value": subscribe_value(key, value)}
    return data
