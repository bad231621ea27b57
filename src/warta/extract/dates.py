"""Date parsing for page metadata: ISO / RFC strings, URL paths and visible date text.

Every function returns ISO 8601 text: ``YYYY-MM-DD`` when only the day is known, else
``YYYY-MM-DDTHH:MM:SS`` with ``+HH:MM`` when the time zone is known. Month names, weekday
names and time-zone abbreviations come from the language data (``lang/*/dates.toml``,
``lang/*/metadata.toml``), merged across languages, so one call handles Indonesian, English
and Malay text.

>>> parse_datetime("2021-06-18T07:05:00Z")
'2021-06-18T07:05:00+00:00'
>>> parse_text_date("Jumat, 18 Juni 2021 14:05 WIB")
'2021-06-18T14:05:00+07:00'
>>> date_from_url("https://example.id/news/2021/06/18/judul")
'2021-06-18'
>>> not_after("2021-06-20", "2021-06-18T10:00:00Z")
False

All-number dates ("3/4/2025") are read day first unless the page's locale writes the month
first (``[dates.numeric]`` in the language data: English pages are month first except in the
regions listed there):

>>> parse_text_date("3/4/2025", month_first=month_first("en-US")), parse_text_date("3/4/2025")
('2025-03-04', '2025-04-03')
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from functools import cache, lru_cache

from warta import lang

_ISO = re.compile(
    r"^\s*(\d{4})-?(\d{2})-?(\d{2})"
    r"(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?\s*"
    r"(Z|[+-]\d{2}(?::?\d{2})?|UTC|GMT)?)?",
    re.I,
)
_URL_DATE = re.compile(r"(?<!\d)(20\d{2}|19[89]\d)([/_-]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?!\d)")
_URL_DATE_SLASH = re.compile(
    r"/(20\d{2}|19[89]\d)/([a-z]{3,9}|0?[1-9]|1[0-2])/(0?[1-9]|[12]\d|3[01])(?:/|$)", re.I
)
_NUMERIC = re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?![\d/.-])")
_YMD = re.compile(
    r"(?<![\d/.-])((?:19|20)\d{2})([/.-])(0?[1-9]|1[0-2])\2(0?[1-9]|[12]\d|3[01])(?![\d/]|[.-]\d)"
)
"""Year first, as written in page text: "2024-11-06", "2025.12.17", "2025/12/17"."""
_YEAR = re.compile(r"\d{4}")
_TIME = re.compile(
    r"^[\s,|@\-–—]*(?:pukul\s+|jam\s+|at\s+)?(\d{1,2})[:.](\d{2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?"
    r"(?:\s*(?:\(?\s*([A-Z]{2,5})\b|([+-]\d{2}:?\d{2})))?",
    re.I,
)


@cache
def _lexicon() -> tuple[dict[str, int], dict[str, str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Month names -> number and tz abbreviations -> offset, over every language; plus the text regexes."""
    months: dict[str, int] = {}
    zones: dict[str, str] = {}
    for code in lang.available():
        data = lang.load(code)
        for i, names in enumerate(data.get("dates", {}).get("months", []), start=1):
            for name in names:
                months.setdefault(name.lower(), i)
        zones.update({k.upper(): v for k, v in data.get("metadata", {}).get("timezones", {}).items()})
    alt = "|".join(sorted((re.escape(m) for m in months), key=len, reverse=True))
    # 18 Juni 2021 / 18 Jun. 2021 / 18th June 2021
    dmy = re.compile(rf"(?<!\w)(\d{{1,2}})(?:st|nd|rd|th)?\.?\s+({alt})\.?,?\s+(\d{{4}})(?!\d)", re.I)
    # June 18, 2021 / Jun 18th 2021
    mdy = re.compile(rf"(?<!\w)({alt})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})(?!\d)", re.I)
    # 2023 Jan 7 (citation style)
    ymd = re.compile(rf"(?<![\w.])((?:19|20)\d{{2}})\s+({alt})\.?\s+(\d{{1,2}})(?![\d:])", re.I)
    return months, zones, dmy, mdy, ymd


def _tz(text: str | None) -> str | None:
    if not text:
        return None
    t = text.upper()
    if t in ("Z", "UTC", "GMT"):
        return "+00:00"
    if t[0] in "+-":
        digits = t[1:].replace(":", "")
        if len(digits) == 2:
            digits += "00"
        return f"{t[0]}{digits[:2]}:{digits[2:4]}" if len(digits) == 4 else None
    return _lexicon()[1].get(t)


def _fmt(
    y: int, m: int, d: int, hh: int | None = None, mm: int = 0, ss: int = 0, tz: str | None = None
) -> str | None:
    try:
        date(y, m, d)
    except ValueError:
        return None
    if not 1900 <= y <= 2100:
        return None
    if hh is None or not (0 <= hh < 24 and 0 <= mm < 60 and 0 <= ss < 60):
        return f"{y:04d}-{m:02d}-{d:02d}"
    return f"{y:04d}-{m:02d}-{d:02d}T{hh:02d}:{mm:02d}:{ss:02d}{tz or ''}"


@lru_cache(maxsize=256)
def month_first(locale: str | None) -> bool:
    """Whether pages in ``locale`` ("en", "en-GB", "id_ID" …) write all-number dates month first.

    Read from the language's ``[dates.numeric]`` data: ``order = "mdy"`` with the regions that
    write the day first anyway (``day_first_regions``). Unknown languages read day first, as
    most of the world writes.

    >>> month_first("en-US"), month_first("en"), month_first("en_GB"), month_first("id"), month_first(None)
    (True, True, False, False, False)
    >>> month_first("x" * 300), month_first("../en")
    (False, False)
    """
    if not locale:
        return False
    parts = _LOCALE_SPLIT.split(locale.strip().lower())
    if parts[0] not in lang.available():  # page input: only a shipped language's data is read
        return False
    numeric = lang.load(parts[0]).get("dates", {}).get("numeric", {})
    if numeric.get("order") != "mdy":
        return False
    return not (len(parts) > 1 and parts[1] in numeric.get("day_first_regions", ()))


_LOCALE_SPLIT = re.compile(r"[-_]")

MonthFirst = bool | Callable[[], bool]
"""How all-number dates are read: a flag, or a function asked only when a date is ambiguous
("3/4/2025"; "3/13/2025" reads one way only), so a page's text is scanned only when needed."""


def numeric_order(text: str) -> bool | None:
    """What the all-number dates of ``text`` say about their order: True when some can only be
    month first ("3/13/2025"), False when some can only be day first ("13/3/2025"), None when
    none decide or they disagree.

    >>> numeric_order("Posted 3/4/2025 · Updated 3/13/2025"), numeric_order("13.03.2025"), numeric_order("3/4/2025")
    (True, False, None)
    """
    mdy = dmy = False
    for m in _NUMERIC.finditer(text):
        a, b = int(m.group(1)), int(m.group(3))
        if a <= 12 < b <= 31:
            mdy = True
        elif b <= 12 < a <= 31:
            dmy = True
    return mdy if mdy != dmy else None


def parse_datetime(value: str | None, month_first: MonthFirst = False) -> str | None:
    """Normalise a machine-readable date (ISO 8601, compact ``20210618``, RFC 2822) to ISO text.

    Falls back to :func:`parse_text_date` for human forms ("June 18, 2021"); ``month_first`` is
    passed on to it.
    """
    if not value:
        return None
    value = value.strip()
    m = _ISO.match(value)
    if m:
        y, mo, d, hh, mi, ss, tz = m.groups()
        if hh is None:
            return _fmt(int(y), int(mo), int(d))
        return _fmt(int(y), int(mo), int(d), int(hh), int(mi), int(ss or 0), _tz(tz))
    if value.isdigit() and len(value) in (10, 13):  # epoch seconds / milliseconds
        try:
            ts = int(value) / (1000 if len(value) == 13 else 1)
            dt = datetime.fromtimestamp(ts, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
        return _fmt(dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second, "+00:00")
    return parse_text_date(value, month_first)


def parse_text_date(text: str | None, month_first: MonthFirst = False) -> str | None:
    """The first date written for people in ``text``, with its time and zone when they follow it.

    Understands "18 Juni 2021", "June 18, 2021", "18/06/2021" (day first unless impossible, or
    month first when ``month_first`` says so: see :func:`month_first`, :data:`MonthFirst`),
    "2021-06-18" / "2021.06.18" and "2021 Jun 18", then a time such as "14:05 WIB", "2:05 pm", "14.05" right after the date.
    """
    if not text or _YEAR.search(text) is None:  # every form below holds a four-digit year
        return None
    months, _, dmy, mdy, ymd = _lexicon()
    best: tuple[int, int, int, int, int] | None = None  # start, end, y, m, d
    m = dmy.search(text)
    if m:
        best = (m.start(), m.end(), int(m.group(3)), months[m.group(2).lower()], int(m.group(1)))
    m = mdy.search(text)
    if m and (best is None or m.start() < best[0]):
        best = (m.start(), m.end(), int(m.group(3)), months[m.group(1).lower()], int(m.group(2)))
    m = _NUMERIC.search(text)
    if m and (best is None or m.start() < best[0]):
        a, b, y = int(m.group(1)), int(m.group(3)), int(m.group(4))
        if a <= 12 < b:
            d, mo = b, a
        elif b <= 12 < a:
            d, mo = a, b
        elif month_first() if callable(month_first) else month_first:
            d, mo = b, a
        else:
            d, mo = a, b
        best = (m.start(), m.end(), y, mo, d)
    m = _YMD.search(text)
    if m and (best is None or m.start() < best[0]):
        best = (m.start(), m.end(), int(m.group(1)), int(m.group(3)), int(m.group(4)))
    m = ymd.search(text)
    if m and (best is None or m.start() < best[0]):
        best = (m.start(), m.end(), int(m.group(1)), months[m.group(2).lower()], int(m.group(3)))
    if best is None:
        return None
    start, end, y, mo, d = best
    tail = text[end : end + 40]
    t = _TIME.match(tail)
    if t is None:  # time written before the date: "14:05 WIB, 18 Juni 2021" is rarer; also try a short prefix
        return _fmt(y, mo, d)
    hh, mi, ss = int(t.group(1)), int(t.group(2)), int(t.group(3) or 0)
    ampm = (t.group(4) or "").lower().replace(".", "")
    if ampm == "pm" and hh < 12:
        hh += 12
    elif ampm == "am" and hh == 12:
        hh = 0
    tz = _tz(t.group(5)) if t.group(5) else _tz(t.group(6))
    return _fmt(y, mo, d, hh, mi, ss, tz)


def date_from_url(url: str | None) -> str | None:
    """A publication day written in a URL path: ``/2021/06/18/``, ``/2021-06-18/``, ``/20210618``, ``/2023/apr/28/``."""
    if not url:
        return None
    path = url.split("://", 1)[-1]
    path = path[path.find("/") :] if "/" in path else ""
    m = _URL_DATE_SLASH.search(path)
    if m:
        mo_s = m.group(2).lower()
        mo = int(mo_s) if mo_s.isdigit() else _lexicon()[0].get(mo_s)
        if mo:
            return _fmt(int(m.group(1)), mo, int(m.group(3)))
    m = _URL_DATE.search(path)
    if m:
        return _fmt(int(m.group(1)), int(m.group(3)), int(m.group(4)))
    return None


def with_offset(value: str, offset: str) -> str:
    """The instant ``value`` (ISO text with a zone) written at another UTC ``offset`` ("-05:00").

    ``value`` comes back unchanged when either has no zone.

    >>> with_offset("2025-12-19T02:41:41+00:00", "-05:00"), with_offset("2025-12-19", "+07:00")
    ('2025-12-18T21:41:41-05:00', '2025-12-19')
    """
    m = _OFFSET.fullmatch(offset)
    if m is None or len(value) <= 10:
        return value
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        return value
    if dt.tzinfo is None:
        return value
    delta = timedelta(hours=int(m.group(2)), minutes=int(m.group(3)))
    return dt.astimezone(timezone(-delta if m.group(1) == "-" else delta)).isoformat()


_OFFSET = re.compile(r"([+-])(\d{2}):(\d{2})")


def to_datetime(value: str) -> datetime | None:
    """ISO text from this module to an aware ``datetime`` (UTC assumed when no zone is given)."""
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def not_after(value: str, fetched_at: str | None, *, slack: timedelta = timedelta(hours=14)) -> bool:
    """True unless ``value`` is later than ``fetched_at`` (with ``slack`` for time zones and day-only dates)."""
    if not fetched_at:
        return True
    a = to_datetime(value)
    b = to_datetime(parse_datetime(fetched_at) or "")
    if a is None or b is None:
        return True
    if len(value) == 10:  # day only: compare days
        return a.date() <= (b + slack).date()
    return a <= b + slack


__all__ = [
    "date_from_url",
    "MonthFirst",
    "month_first",
    "not_after",
    "numeric_order",
    "parse_datetime",
    "parse_text_date",
    "to_datetime",
    "with_offset",
]
