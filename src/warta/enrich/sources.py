"""News agencies an article cites as its source ("Melansir Reuters", "(ANTARA) -", "according to AFP").

>>> from warta.article import Article
>>> art = Article(body=["Melansir Reuters, harga minyak naik.", "Demikian Xinhua melaporkan."])
>>> [(s.name, s.cue) for s in sources_stage(art).sources]
[('Reuters', 'melansir'), ('Xinhua', 'demikian melaporkan')]

Agencies and cue phrases are language data (``warta/lang/<code>/sources.toml``: ``agencies`` lists
spellings with the canonical name first; ``cues`` are phrases with an ``{agency}`` slot). All
languages' cues are used: citations cross languages ("according to Reuters" in Malaysian English).
Agency names match case-sensitively as written or in capitals, so "AP" never matches "ap".
Photo credits ("KCNA VIA KNS/AFP") live in ``Article.images``, not in the text, so they are never
counted. One :class:`~warta.article.Source` per agency, at its first citation; ``start``/``end``
cover the agency name, ``cue`` is the cue phrase without the name (lower-case).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from warta import lang as langdata
from warta._compiled import kernel
from warta.article import Article, Source


@cache
def _agency_names() -> dict[str, str]:
    """Spelling -> canonical name, over every language's list (first canonical wins)."""
    names: dict[str, str] = {}
    for entry in langdata.load_all().get("sources", {}).get("agencies", []):
        canonical = next((names[a] for a in entry if a in names), entry[0])
        for alias in entry:
            names.setdefault(alias, canonical)
            names.setdefault(alias.upper(), canonical)
    return names


_WORDS = re.compile(r"[\w&-]+")
_TK = kernel("warta.enrich._textk")


@cache
def _names_sorted() -> tuple[tuple[str, str], ...]:
    """Agency spellings, longest first, with their first word."""
    return tuple((n, _WORDS.findall(n)[0]) for n in sorted(_agency_names(), key=len, reverse=True))


@cache
def _first_chars() -> str:
    """The first characters of the agencies' first words: only words starting so are looked up."""
    return "".join(sorted({first[0] for _, first in _names_sorted()}))


@lru_cache(maxsize=512)
def _names_rx(present: tuple[str, ...]) -> re.Pattern[str]:
    alt = "|".join(re.escape(n) for n in present)
    return re.compile(rf"(?<![\w.])(?:{alt})(?![\w])")


def _words(part: str) -> str:
    return r"\s*".join(
        r"\s+".join(re.escape(w) for w in chunk.split())
        for chunk in re.split(r"(?<=\()|(?=\))", part)
        if chunk.strip()
    )


@cache
def _cues() -> tuple[tuple[re.Pattern[str] | None, re.Pattern[str] | None, str], ...]:
    """Per cue phrase: (pattern ending right before the name, pattern starting right after it, cue words)."""
    out = []
    for cue in sorted(set(langdata.load_all().get("sources", {}).get("cues", [])), key=len, reverse=True):
        before, _, after = cue.partition("{agency}")
        b = re.compile(rf"(?i:(?<![\w]){_words(before)})\s*$") if before.strip() else None
        a = re.compile(rf"\s*(?i:{_words(after)})(?![\w])") if after.strip() else None
        words = " ".join(re.sub(r"[^\w\s]", " ", before + " " + after).split()).lower()
        out.append((b, a, words or "dateline"))
    return tuple(out)


def find_sources(text: str) -> list[Source]:
    """Every agency cited in ``text``, once each, in order of first citation."""
    names = _agency_names()
    cues = _cues()
    out: dict[str, Source] = {}
    # substring tests first (fast), then one small pattern over the names actually present
    words = _TK.words_starting(
        text, "&-", _first_chars()
    )  # the distinct words of _WORDS that may begin a name
    present = tuple(n for n, first in _names_sorted() if first in words and n in text)
    if not present:
        return []
    for m in _names_rx(present).finditer(text):
        canonical = names[m.group(0)]
        if canonical in out:
            continue
        s, e = m.span()
        window = text[max(0, s - 40) : s]
        for before, after, words in cues:
            if before is not None and not before.search(window):
                continue
            if after is not None and not after.match(text, e, e + 40):
                continue
            out[canonical] = Source(name=canonical, cue=words, start=s, end=e)
            break
    return list(out.values())


def sources_stage(article: Article) -> Article:
    """Fill ``article.sources`` from ``plain_text()`` (offsets index it)."""
    article.sources = find_sources(article.plain_text())
    return article
