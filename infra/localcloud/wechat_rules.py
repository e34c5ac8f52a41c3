"""WeChat's value rules for subscribe-message fields, as the local WeChat server applies them (errcode 47003).

Written apart from the app's own value builder (`chalicelib/notifications/subscribe_values.py`) on purpose: the
local server is the test oracle, so a mistake in the app's builder is caught here rather than copied. Source:
WeChat's "订阅消息参数值内容限制说明" (subscribeMessage.send): thing <= 20 characters; number <= 32 digits (a
decimal part allowed); letter <= 32 letters; symbol <= 5 symbols; character_string <= 32 digits, letters or
symbols; time a 24-hour time, optionally after a date written 年月日, a range joined by "~"; date a 年月日 date,
optionally with a 24-hour time, a range joined by "~"; amount one currency sign and <= 10 digits, decimals allowed,
optionally ending in 元; phone_number <= 17 digits and symbols; car_number <= 8 characters, letters and digits, the
first and the last may be Chinese; name <= 10 Chinese characters (mixed counts as Chinese) or <= 20 letters or
symbols; phrase <= 5 Chinese characters only. An empty value is refused whatever the type.
"""

from __future__ import annotations

import string

TYPES = (
    "character_string",
    "phone_number",
    "car_number",
    "thing",
    "number",
    "letter",
    "symbol",
    "time",
    "date",
    "amount",
    "name",
    "phrase",
)
PUNCTUATION = set(string.punctuation)
CURRENCY = set("¥￥$€£")


def _han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def type_of(key: str) -> str | None:
    """The type a template key declares (`thing12` -> thing), or None."""
    for name in TYPES:
        if key.startswith(name) and key[len(name) :].isdigit() and 1 <= len(key) - len(name) <= 2:
            return name
    return None


def _clock(text: str) -> bool:
    hours, sep, minutes = text.partition(":")
    return (
        sep == ":"
        and hours.isdigit()
        and minutes.isdigit()
        and len(minutes) == 2
        and 1 <= len(hours) <= 2
        and int(hours) < 24
        and int(minutes) < 60
    )


def _calendar(text: str) -> bool:
    year, _, rest = text.partition("年")
    month, _, rest = rest.partition("月")
    day, _, tail = rest.partition("日")
    return (
        len(year) == 4
        and year.isdigit()
        and month.isdigit()
        and day.isdigit()
        and tail == ""
        and 1 <= int(month) <= 12
        and 1 <= int(day) <= 31
    )


def _time_piece(text: str) -> bool:
    """`14:51` or `2026年12月7日 14:51`."""
    parts = text.strip().split(" ")
    return (len(parts) == 1 and _clock(parts[0])) or (len(parts) == 2 and _calendar(parts[0]) and _clock(parts[1]))


def _date_piece(text: str) -> bool:
    """`2026年12月7日` or `2026年12月7日 14:51`."""
    parts = text.strip().split(" ")
    return (len(parts) == 1 and _calendar(parts[0])) or (len(parts) == 2 and _calendar(parts[0]) and _clock(parts[1]))


def problem(key: str, value: object) -> str | None:
    """Why WeChat refuses `value` for template key `key` (None when it accepts it)."""
    kind = type_of(key)
    if kind is None:
        return "unknown keyword type"
    if not isinstance(value, str) or not value:
        return "empty"
    n = len(value)
    if kind == "thing":
        ok = n <= 20 and all(ch.isprintable() for ch in value)
    elif kind == "number":
        ok = n <= 32 and value.replace(".", "", 1).isdigit() and not value.startswith(".") and not value.endswith(".")
    elif kind == "letter":
        ok = n <= 32 and all(ch in string.ascii_letters for ch in value)
    elif kind == "symbol":
        ok = n <= 5 and all(ch in PUNCTUATION for ch in value)
    elif kind == "character_string":
        ok = n <= 32 and all(ch in string.ascii_letters or ch in string.digits or ch in PUNCTUATION for ch in value)
    elif kind == "time":
        pieces = value.split("~")
        ok = len(pieces) <= 2 and all(_time_piece(p) for p in pieces)
    elif kind == "date":
        pieces = value.split("~")
        ok = len(pieces) <= 2 and all(_date_piece(p) for p in pieces)
    elif kind == "amount":
        body = value[1:].removesuffix("元")
        whole, _, cents = body.partition(".")
        ok = value[0] in CURRENCY and whole.isdigit() and len(whole) <= 10 and (cents == "" or cents.isdigit())
        ok = ok and not (body.endswith(".") or ("." in body and not cents))
    elif kind == "phone_number":
        ok = n <= 17 and all(ch in string.digits or ch in "+-*() " for ch in value)
    elif kind == "car_number":
        middle = value[1:-1] if n > 1 else ""
        ends = [value[0], value[-1]]
        ok = n <= 8 and all(ch in string.ascii_uppercase or ch in string.digits for ch in middle)
        ok = ok and all(_han(ch) or ch in string.ascii_uppercase or ch in string.digits for ch in ends)
    elif kind == "name":
        if any(_han(ch) for ch in value):
            ok = n <= 10 and not any(ch.isdigit() for ch in value)
        else:
            ok = n <= 20 and all(ch in string.ascii_letters or ch in PUNCTUATION or ch == " " for ch in value)
    else:  # phrase
        ok = n <= 5 and all(_han(ch) for ch in value)
    return None if ok else f"{kind} value invalid"
