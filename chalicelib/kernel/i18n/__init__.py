"""The one message catalogue: what people read, in zh-CN first and English on `Accept-Language: en`.

- `label(kind, key)`: the name of a code the API keeps machine-readable (`label("work_order.status", "in_progress")`
  -> 处理中); vocabularies in `labels.py`, device types from the device catalogue (`iot/device_types/*.json`).
- `error_message(code, status, fallback)`: an error body's message (`errors.py`); `detail_message` for `details[]`.
- `local_time`, `local_date`, `yuan`: times and money as people read them (Asia/Shanghai, `2026年12月7日 14:51`,
  `¥12.34`). The API itself keeps UTC ISO-8601 and integer fen.

The locale of the current request is `current_locale` (a context variable the HTTP layer sets from
`Accept-Language`: `negotiate`); a lookup without an explicit locale reads it, so a view or an error body needs no
locale argument. Outside a request (workflow tasks, notifications) it is zh-CN. Pure: no AWS, no I/O beyond the
device catalogue's JSON files.
"""

from __future__ import annotations

from contextvars import ContextVar
from datetime import UTC, datetime

from chalicelib.kernel.clock import BEIJING
from chalicelib.kernel.i18n.errors import DETAILS, ERRORS
from chalicelib.kernel.i18n.labels import LABELS

ZH, EN = "zh-CN", "en"
LOCALES = (ZH, EN)
current_locale: ContextVar[str] = ContextVar("current_locale", default=ZH)

# By HTTP status, when neither the code nor its suffix is in the catalogue (a code built at run time).
_BY_STATUS = {
    400: ("请求有误", "bad request"),
    401: ("请先登录", "sign in first"),
    403: ("没有权限执行此操作", "forbidden"),
    404: ("未找到", "not found"),
    409: ("操作冲突，请刷新后重试", "conflict"),
    410: ("内容已不存在", "gone"),
    413: ("请求内容过大", "too large"),
    429: ("操作过于频繁，请稍后再试", "too many requests"),
}
_BY_SUFFIX = {
    "_NOT_FOUND": ("不存在", "not found"),
    "_EXISTS": ("已存在", "already exists"),
    "_FORBIDDEN": ("没有权限执行此操作", "forbidden"),
    "_CHANGED": ("数据已变更，请刷新后重试", "changed meanwhile"),
}


def negotiate(accept_language: str | None) -> str:
    """zh-CN unless the caller prefers English (`en`, `en-US`, ...) over Chinese: the highest-q tag decides."""
    best, best_q = ZH, -1.0
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        tag = tag.strip().lower()
        if not tag:
            continue
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        q -= position * 1e-6  # equal weights: the first named wins
        locale = EN if tag == "en" or tag.startswith("en-") else ZH if tag == "zh" or tag.startswith("zh-") else None
        if locale is not None and q > best_q and q > 0:
            best, best_q = locale, q
    return best


def _pick(pair: tuple[str, str], locale: str | None) -> str:
    return pair[1] if (locale or current_locale.get()) == EN else pair[0]


def label(kind: str, key: str | None, locale: str | None = None) -> str:
    """The name people read for `key` of vocabulary `kind`; the key itself when the catalogue has none (a
    community's own category, a staff report's free-form type)."""
    if not key:
        return ""
    if kind == "device.type":
        return _device_type(key, locale)
    pair = LABELS.get(kind, {}).get(key)
    return _pick(pair, locale) if pair else key


def labels(kind: str, locale: str | None = None) -> dict[str, str]:
    """Every label of a vocabulary (key -> name)."""
    if kind == "device.type":
        from iot import catalogue

        return {name: _device_type(name, locale) for name in catalogue.device_types()}
    return {key: _pick(pair, locale) for key, pair in LABELS.get(kind, {}).items()}


def has_label(kind: str, key: str) -> bool:
    if kind == "device.type":
        from iot import catalogue

        return key in catalogue.device_types()
    return key in LABELS.get(kind, {})


def _device_type(key: str, locale: str | None) -> str:
    from iot import catalogue

    found = catalogue.device_types().get(key)
    if found is None:
        return key
    return _pick((found.title_zh, found.title), locale)


def error_message(code: str, status: int = 400, fallback: str = "", locale: str | None = None) -> str:
    """An error body's message: the catalogue's zh-CN sentence; in English the raise's own message when it gave one
    (it is specific), else the catalogue's English."""
    english = (locale or current_locale.get()) == EN
    if english and fallback:
        return fallback
    pair = ERRORS.get(code)
    if pair is None:
        suffix = next((s for s in _BY_SUFFIX if code.endswith(s)), None)
        pair = _BY_SUFFIX[suffix] if suffix else _BY_STATUS.get(status, _BY_STATUS[400])
        if status >= 500:
            pair = ERRORS["INTERNAL_ERROR"]
    return pair[1] if english else pair[0]


def detail_message(code: str, fallback: str, locale: str | None = None) -> str:
    """A `details[]` entry's message: zh-CN from the catalogue (a generic sentence for codes it lacks); in English
    the raise's own message."""
    if (locale or current_locale.get()) == EN:
        return fallback
    pair = DETAILS.get(code)
    return pair[0] if pair else "取值不符合要求"


def local(moment: datetime) -> datetime:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(BEIJING)


def local_time(moment: datetime) -> str:
    """`2026年12月7日 14:51` (Asia/Shanghai, 24-hour): how WeChat's `time` fields and people write a moment."""
    t = local(moment)
    return f"{t.year}年{t.month}月{t.day}日 {t.hour:02d}:{t.minute:02d}"


def local_date(moment: datetime) -> str:
    """`2026年12月7日` (Asia/Shanghai)."""
    t = local(moment)
    return f"{t.year}年{t.month}月{t.day}日"


def yuan(amount_fen: int) -> str:
    """1234 -> `¥12.34` (integer fen as yuan with two decimals)."""
    sign = "-" if amount_fen < 0 else ""
    whole, cents = divmod(abs(amount_fen), 100)
    return f"{sign}¥{whole}.{cents:02d}"


__all__ = [
    "EN",
    "LOCALES",
    "ZH",
    "current_locale",
    "detail_message",
    "error_message",
    "has_label",
    "label",
    "labels",
    "local",
    "local_date",
    "local_time",
    "negotiate",
    "yuan",
]
