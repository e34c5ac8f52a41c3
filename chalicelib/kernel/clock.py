"""Time in one place: UTC, ISO-8601 with a Z suffix on the wire, and the one reader of a client's times and days.

Every time, day and month a client sends (query string, body or path) is read by `client_time`, `client_day` or
`client_month`, through the contract types `Time`, `Day` and `Month` of `kernel/contracts.py`:

- a time is ISO-8601 with its zone (`Z` or `+08:00`); a time without a zone is refused (`time_zone_missing`), never
  guessed: the API speaks UTC, and reading `08:00` as Beijing time when the client meant UTC (or the reverse) would
  move a visit, a report range or an account's validity by eight hours without anyone noticing;
- every time lies in [EARLIEST, LATEST) and every day and month in that span. Nothing this platform keeps is older,
  nothing it schedules is later, and the arithmetic done on a client's time (a pass window packed into a token
  whose seconds are unsigned 32-bit and end in 2106, a run of days after a first day, a range of days) stays far
  from any overflow.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)  # not included
FIRST_DAY = EARLIEST.date()
LAST_DAY = date(LATEST.year - 1, 12, 31)
RANGE_TEXT = "from 2000-01-01T00:00:00Z up to 2100-01-01T00:00:00Z"
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MONTH = re.compile(r"[0-9]{4}-[0-9]{2}")
_LONGEST_TIME = 64  # "2026-01-31T08:00:00.123456+08:00" is 32 characters
_GAT_TIME = re.compile(r"[0-9]{14}")
# Beijing time: what people read (kernel.i18n) and the zone GA/T 1400 defines its times in (no daylight saving since
# 1991, so every time this platform accepts has one UTC offset, +08:00)
BEIJING = ZoneInfo("Asia/Shanghai")
# ... and that one offset, for arithmetic on hot paths (a car park's fee, a day's bounds): `moment + BEIJING_OFFSET`
BEIJING_OFFSET = timedelta(hours=8)


def utcnow() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_iso(text: str) -> datetime:
    """A stored or internal time (records, queue messages): ISO-8601 with a zone, as UTC."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError("timestamp needs a timezone")
    return moment.astimezone(UTC)


class TimeRefused(ValueError):
    """A client's time, day or month that is refused; `code` names why (the `details[].code` of the 400)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def client_time(value: object) -> datetime:
    """A client's time: ISO-8601 with its zone, in [EARLIEST, LATEST); answered in UTC."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str) and len(value) <= _LONGEST_TIME:
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise TimeRefused("invalid_time", "an ISO-8601 time with its zone, e.g. 2026-01-31T08:00:00Z") from None
    else:
        raise TimeRefused("invalid_time", "an ISO-8601 time with its zone, e.g. 2026-01-31T08:00:00Z")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise TimeRefused(
            "time_zone_missing", "the time has no zone: add Z (UTC) or the offset (+08:00 for Beijing time)"
        )
    try:
        moment = moment.astimezone(UTC)
    except OverflowError:  # 0001-01-01T00:00:00+01:00 has no UTC value
        raise TimeRefused("out_of_range", RANGE_TEXT) from None
    if not EARLIEST <= moment < LATEST:
        raise TimeRefused("out_of_range", RANGE_TEXT)
    return moment


def client_gat_time(value: object) -> datetime:
    """A time in GA/T 1400's form, `YYYYMMDDhhmmss` (14 digits), which the standard defines as Beijing time: not a
    guessed zone, so it is read in `BEIJING`. An ISO-8601 time with its zone is read as `client_time` reads it; any
    other form is refused, and the range is `client_time`'s."""
    if isinstance(value, str) and _GAT_TIME.fullmatch(value):
        try:
            moment = datetime.strptime(value, "%Y%m%d%H%M%S").replace(tzinfo=BEIJING)
        except ValueError:
            raise TimeRefused("invalid_time", "not a real time (YYYYMMDDhhmmss, Beijing time)") from None
        return client_time(moment)
    if isinstance(value, str) and value.isdigit():
        raise TimeRefused("invalid_time", "GA/T 1400's time is 14 digits, YYYYMMDDhhmmss (Beijing time)")
    try:
        return client_time(value)
    except TimeRefused as exc:
        if exc.code != "invalid_time":
            raise
        raise TimeRefused(
            "invalid_time", "YYYYMMDDhhmmss (Beijing time, GA/T 1400) or ISO-8601 with its zone"
        ) from None


def gat_time(moment: datetime) -> str:
    """A moment as GA/T 1400 writes it: `YYYYMMDDhhmmss`, Beijing time."""
    return moment.astimezone(BEIJING).strftime("%Y%m%d%H%M%S")


def client_day(value: object) -> str:
    """A client's calendar day: YYYY-MM-DD, a real date, 2000-01-01 .. 2099-12-31; answered as YYYY-MM-DD."""
    if isinstance(value, date) and not isinstance(value, datetime):
        day = value
    elif isinstance(value, str) and _DAY.fullmatch(value):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise TimeRefused("invalid_day", "not a calendar day (YYYY-MM-DD)") from None
    else:
        raise TimeRefused("invalid_day", "a day as YYYY-MM-DD, e.g. 2026-01-31")
    if not FIRST_DAY <= day <= LAST_DAY:
        raise TimeRefused("out_of_range", f"from {FIRST_DAY} to {LAST_DAY}")
    return day.isoformat()


def client_month(value: object) -> str:
    """A client's calendar month: YYYY-MM, 2000-01 .. 2099-12."""
    if not isinstance(value, str) or not _MONTH.fullmatch(value) or not 1 <= int(value[5:]) <= 12:
        raise TimeRefused("invalid_month", "a month as YYYY-MM, e.g. 2026-01")
    if not FIRST_DAY.year <= int(value[:4]) <= LAST_DAY.year:
        raise TimeRefused("out_of_range", f"from {FIRST_DAY.year}-01 to {LAST_DAY.year}-12")
    return value
