"""Dates mentioned in the article text, resolved to ISO against the article's own date.

>>> from warta.article import Article
>>> art = Article(body=["Rapat digelar Jumat (18/6) di Jakarta, sejak perjanjian pada 1961."],
...               date_hints=["year:2021"], lang="id")
>>> [(d.text, d.value, d.kind, d.checked) for d in dates_stage(art).dates]
[('Jumat (18/6)', '2021-06-18', 'weekday-daymonth', True), ('1961', '1961', 'year', False)]

Forms: ``18 Juni 2021`` / ``June 18, 2021`` / ``18/06/2021`` / ``2021-06-18`` (absolute),
``15 Januari`` (absolute, year from an earlier date in the same text or the article's year),
``Juni 2021`` (year-month), ``Jumat (18/6)`` (weekday + day/month: the year comes from
``published`` / ``date_hints`` and is checked against the weekday; when the weekday disagrees, the
adjacent years are tried and ``note`` says so), ``pada 1961`` (bare year after a cue word from
``dates.year_prefixes``), and relative phrases ("kemarin", "pekan lalu", "Senin lalu",
"last Tuesday"), resolved only when the article's date is known. Month and weekday names and
relative phrases are language data (``warta/lang/<code>/dates.toml``).

Image captions are scanned too (they are not part of ``plain_text()``): their mentions carry
``start = end = -1`` and the caption text in ``text``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from warta import lang as langdata
from warta._compiled import kernel
from warta.article import Article, DateMention


@dataclass(frozen=True)
class _Lex:
    months: dict[str, int]
    weekdays: dict[str, int]
    relative: dict[str, int]
    wd_prefix: tuple[str, ...]
    wd_suffix: tuple[str, ...]
    rx: re.Pattern[str]
    starts: frozenset[str] | None
    """Lower-case first word (its leading ``\\w+`` run) of every word-led date form: a match of ``rx``
    begins at a digit or at one of these words. ``None``: some form begins otherwise, try everywhere."""
    anchors: tuple[tuple[str, re.Pattern[str]], ...]
    """The words and phrases of the date forms without digits (weekdays, relative phrases, "last"),
    lower-case: each one's first word (a substring prefilter) and its pattern."""


def _alt(words: list[str] | tuple[str, ...]) -> str:
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(set(words), key=len, reverse=True))


def _lexicon(code: str | None) -> _Lex:
    """The date lexicon of ``code``; every language without data of its own shares one (built once)."""
    return _build_lexicon(code if code in langdata.available() else None)


@cache
def _build_lexicon(code: str | None) -> _Lex:
    codes = (code,) if code in langdata.available() else langdata.available()
    months: dict[str, int] = {}
    weekdays: dict[str, int] = {}
    relative: dict[str, int] = {}
    prefix: list[str] = []
    suffix: list[str] = []
    years: list[str] = []
    bare: list[str] = []
    block: list[str] = []
    # month names of every language (dates in quotes and names cross languages); the rest per language
    for c in langdata.available():
        for i, names in enumerate(langdata.load(c).get("dates", {}).get("months", []), start=1):
            for n in names:
                months.setdefault(n.lower(), i)
    for c in codes:
        d = langdata.load(c).get("dates", {})
        for i, names in enumerate(d.get("weekdays", []), start=1):
            for n in names:
                weekdays.setdefault(n.lower(), i)
        relative.update({k.lower(): int(v) for k, v in d.get("relative", {}).items()})
        prefix += d.get("weekday_last", {}).get("prefix", [])
        suffix += d.get("weekday_last", {}).get("suffix", [])
        years += d.get("year_prefixes", [])
        bare += d.get("weekday_prefixes", [])
        block += d.get("weekday_block", [])
    mon, wd = _alt(list(months)), _alt(list(weekdays))
    parts = [
        r"(?P<iso>(?<!\d)(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})(?!\d))",
        rf"(?P<dmy>(?:(?P<w1>{wd}),?\s+)?(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{mon})\.?,?(?:\s+(?P<y1>\d{{4}})(?!\d))?)",
        rf"(?P<mdy>(?:(?P<w2>{wd}),?\s+)?(?P<m2>{mon})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)(?:,?\s+(?P<y2>\d{{4}})(?!\d))?)",
        rf"(?P<my>(?P<m3>{mon})\s+(?P<y3>\d{{4}})(?!\d))",
        r"(?P<num>(?<![\d/.])(?P<n1>\d{1,2})(?P<sep>[/.-])(?P<n2>\d{1,2})(?P=sep)(?P<n3>\d{4})(?![\d/.]))",
        rf"(?P<wdm>(?P<w4>{wd}),?\s*\(\s*(?P<d4>\d{{1,2}})/(?P<m4>\d{{1,2}})(?:/(?P<y4>\d{{2,4}}))?\s*\))",
    ]
    if prefix or suffix:
        last = []
        if prefix:
            last.append(rf"(?:{_alt(prefix)})\s+(?P<w5>{wd})")
        if suffix:
            last.append(rf"(?P<w6>{wd})\s+(?:{_alt(suffix)})")
        parts.append(rf"(?P<wdlast>{'|'.join(last)})")
    if relative:
        parts.append(rf"(?P<rel>{_alt(list(relative))})")
    if bare:
        not_after = rf"(?!\s+(?:{_alt([*suffix, *block])})(?!\w))" if (suffix or block) else ""
        # not when "(18/6)" follows: then the weekday + day/month form matches from the weekday on
        parts.append(rf"(?P<wdbare>(?:{_alt(bare)})\s+(?P<w7>{wd}){not_after}(?!,?\s*\(\s*\d))")
    if years:
        parts.append(rf"(?P<year>(?:{_alt(years)})\s+(?P<y5>1[5-9]\d\d|20\d\d)(?![\d/.,]\d))")
    rx = re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.I)
    anchors = tuple(
        (w.split()[0], re.compile(r"\s+".join(map(re.escape, w.split())) + r"(?!\w)"))
        for w in sorted({" ".join(w.lower().split()) for w in (*weekdays, *relative, *prefix)})
    )
    starts: set[str] | None = set()
    for w in (*months, *weekdays, *relative, *prefix, *years, *bare):
        lead = _LEAD.match(w.split()[0].lower()) if w.split() else None
        if lead is None:
            starts = None  # a form that does not begin with a word character: no start filter
            break
        starts.add(lead.group(0))
    frozen = frozenset(starts) if starts is not None else None
    return _Lex(months, weekdays, relative, tuple(prefix), tuple(suffix), rx, frozen, anchors)


_LEAD = re.compile(r"\w+")
_K = kernel("warta.enrich._datek")
"""Digit runs, window merge and word-start scan: compiled (``_datek.pyx``) or the twin ``_datek_py``."""


def _matches(text: str, lex: _Lex) -> Iterator[re.Match[str]]:
    """``lex.rx.finditer`` over the windows, trying only where a date can begin.

    Every date form begins at a word start (``rx`` opens with a look-behind) with a digit or one of
    ``lex.starts``; trying ``rx`` at the other words of a window would fail after testing every
    month and weekday name, which is most of the cost. Matches do not overlap, as with ``finditer``.
    """
    windows = _windows(text, lex.anchors)
    if lex.starts is None:
        for ws, we in windows:
            yield from lex.rx.finditer(text, ws, we)
        return
    yield from _K.word_matches(text, windows, lex.starts, lex.rx.match)


WINDOW = 22
"""Characters around a digit or date word that a date form can span ("Jumat, 18 Juni 2021")."""


def _windows(text: str, anchors: tuple[tuple[str, re.Pattern[str]], ...]) -> list[tuple[int, int]]:
    """Merged stretches of text around digits and date words: the only places a date can be.

    Scanning these instead of the whole text keeps the big date pattern cheap (~10x faster). Date
    words are found with a substring test on their first word, then a pattern that begins with the
    word itself (a pattern opening with a look-behind cannot skip ahead by its first letters); the
    word-start condition is checked on the character before (``_datek.anchor_spots``).
    """
    spots = _K.digit_spans(text) + _K.anchor_spots(text.lower(), anchors)
    spots.sort()
    return _K.merge_windows(text, spots, WINDOW)


def _ymd(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def reference(article: Article) -> tuple[date | None, int | None]:
    """The article's date (if known) and year (from the date, ``year:`` hints or the fetch time)."""
    for value in (article.published, *article.date_hints):
        if value:
            m = re.search(r"(\d{4})-(\d{2})-(\d{2})", value)
            if m and (d := _ymd(int(m[1]), int(m[2]), int(m[3]))):
                return d, d.year
    for hint in article.date_hints:
        m = re.match(r"year:(\d{4})$", hint)
        if m:
            return None, int(m[1])
    if article.provenance.fetched_at and (m := re.match(r"(\d{4})", article.provenance.fetched_at)):
        return None, int(m[1])
    return None, None


def find_dates(
    text: str, *, lang: str | None = None, ref: date | None = None, ref_year: int | None = None
) -> list[DateMention]:
    """Every date mention in ``text``; ``ref``/``ref_year`` resolve partial and relative forms."""
    lex = _lexicon(lang)
    out: list[DateMention] = []
    context_year = ref_year
    for m in _matches(text, lex):
        g = m.groupdict()
        mention = DateMention(text=m.group(0), start=m.start(), end=m.end(), value=None, kind="absolute")
        weekday: str | None = None
        if g["iso"]:
            d = _ymd(int(g["iy"]), int(g["im"]), int(g["id"]))
            mention.value = d.isoformat() if d else None
        elif g["dmy"] or g["mdy"]:
            day, mon, yr, weekday = (
                (g["d1"], g["m1"], g["y1"], g["w1"]) if g["dmy"] else (g["d2"], g["m2"], g["y2"], g["w2"])
            )
            month = lex.months[" ".join(mon.lower().split())]
            year = int(yr) if yr else context_year
            if not yr and mon.islower() and len(mon) <= 3:
                continue  # "5 mar" / "may 3" without a year and in lower case: too ambiguous
            if year is None:
                mention.value = None
            else:
                d = _ymd(year, month, int(day))
                if d and not yr and ref and d > ref + timedelta(days=60):
                    d = _ymd(year - 1, month, int(day))  # news reports the past: "15 Desember" in January
                mention.value = d.isoformat() if d else None
            if yr:
                context_year = int(yr)
        elif g["my"]:
            mention.value = f"{int(g['y3']):04d}-{lex.months[g['m3'].lower()]:02d}"
            context_year = int(g["y3"])
        elif g["num"]:
            a, b, y = int(g["n1"]), int(g["n2"]), int(g["n3"])
            d = _ymd(y, b, a) or _ymd(y, a, b)  # day-first unless impossible
            mention.value = d.isoformat() if d else None
            context_year = y
        elif g["wdm"]:
            mention.kind = "weekday-daymonth"
            _resolve_weekday_daymonth(
                mention, lex.weekdays[_norm(g["w4"])], int(g["d4"]), int(g["m4"]), g["y4"], context_year
            )
            out.append(mention)
            continue
        elif g["wdlast"]:
            mention.kind = "relative"
            wd = lex.weekdays[_norm(g.get("w5") or g.get("w6") or "")]
            if ref:
                back = (ref.isoweekday() - wd) % 7 or 7
                mention.value = (ref - timedelta(days=back)).isoformat()
        elif g.get("wdbare"):
            # "pada Senin", "on Tuesday": the last such day on or before the article's date
            if not g["w7"][0].isupper():
                continue  # "minggu" (week) vs "Minggu" (Sunday): only the capitalised day name
            mention.kind = "relative"
            mention.start, mention.end = m.span("w7")
            mention.text = g["w7"]
            if ref:
                back = (ref.isoweekday() - lex.weekdays[_norm(g["w7"])]) % 7
                mention.value = (ref - timedelta(days=back)).isoformat()
        elif g["rel"]:
            mention.kind = "relative"
            if ref:
                mention.value = (ref + timedelta(days=lex.relative[_norm(g["rel"])])).isoformat()
        elif g["year"]:
            mention.kind = "year"
            mention.value = g["y5"]
            mention.start, mention.end = m.span("y5")
            mention.text = g["y5"]
        if weekday and mention.value and len(mention.value) == 10:
            mention.checked = date.fromisoformat(mention.value).isoweekday() == lex.weekdays[_norm(weekday)]
        out.append(mention)
    return out


def _norm(s: str) -> str:
    return " ".join(s.lower().split())


def _resolve_weekday_daymonth(
    mention: DateMention, weekday: int, day: int, month: int, year_text: str | None, year: int | None
) -> None:
    if year_text:
        y = int(year_text)
        year = y + 2000 if y < 100 else y
    if year is None:
        mention.note = "no year known for the article"
        return
    for candidate in (year, year - 1, year + 1):
        d = _ymd(candidate, month, day)
        if d and d.isoweekday() == weekday:
            mention.value = d.isoformat()
            mention.checked = True
            if candidate != year:
                mention.note = f"weekday matches {candidate}, not the article's year {year}"
            return
    d = _ymd(year, month, day)
    mention.value = d.isoformat() if d else None
    mention.note = "weekday disagrees with the resolved date"


def dates_stage(article: Article) -> Article:
    """Fill ``article.dates`` from ``plain_text()`` and the image captions (``start = end = -1``)."""
    ref, ref_year = reference(article)
    mentions = find_dates(article.plain_text(), lang=article.lang, ref=ref, ref_year=ref_year)
    seen = {(m.text, m.value) for m in mentions}
    for image in article.images:
        if not image.caption:
            continue
        for m in find_dates(image.caption, lang=article.lang, ref=ref, ref_year=ref_year):
            if (m.text, m.value) not in seen:
                seen.add((m.text, m.value))
                m.start = m.end = -1
                mentions.append(m)
    article.dates = mentions
    return article
