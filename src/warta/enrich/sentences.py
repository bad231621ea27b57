"""Sentence splitting that knows Indonesian (and English, Malay) news conventions.

>>> from warta.enrich.sentences import split_sentences
>>> text = 'Prof. Dr. H. Amir tiba di Jl. Sudirman No. 5 pada Jumat (18/6). Harga naik 2.5 persen.'
>>> [text[s:e] for s, e in split_sentences(text, "id")]
['Prof. Dr. H. Amir tiba di Jl. Sudirman No. 5 pada Jumat (18/6).', 'Harga naik 2.5 persen.']

Spans are ``(start, end)`` character offsets into the given text. Rules:

* a sentence ends at ``.``, ``!``, ``?`` or ``…`` (plus closing quotes/brackets) followed by space and a
  capital letter, digit or opening quote/bracket; paragraph breaks (newlines) always end one;
* never after an abbreviation from ``warta/lang/<code>/sentences.toml`` ("Jl.", "Jend.", "tsb.",
  "Rp.", "U.S."), a single capital initial ("H."), or inside a number ("2.5", "1.000");
* never inside a quotation that closes later in the same paragraph: ``"Satu. Dua," kata Kim.``
  is one sentence, because the quote belongs to its attribution.
"""

from __future__ import annotations

import bisect
import re
from functools import cache, lru_cache

from warta import lang as langdata
from warta.article import Article

_OPEN_Q = '"“„«'
_CLOSE_Q = '"”»'
_END = re.compile(r"[.!?…]+[\"”’'»)\]]*")
_NEXT_OK = re.compile(r"\s+[\"“„«'‘(\[]*[A-Z0-9À-ÖØ-Þ]")
_WORD_BEFORE = re.compile(r"([\w.'’-]+)$")
_INITIALISM = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]$")


@cache
def _abbreviations(code: str | None) -> frozenset[str]:
    # every language's list: names and titles cross languages in news ("Mr." in Indonesian text)
    data = langdata.load_all().get("sentences", {})
    final = set(data.get("sentence_final", []))
    words = [w for w in data.get("abbreviations", []) if w not in final]
    return frozenset(words) | frozenset(w.lower() for w in words)


_QUOTED = re.compile(r"“[^”\n]*”|\"[^\"\n]*\"")


def _quote_regions(text: str) -> list[tuple[int, int]]:
    """Spans of balanced double quotations inside one paragraph (no newline inside)."""
    return [(m.start(), m.end() - 1) for m in _QUOTED.finditer(text)]


def _inside(regions: list[tuple[int, int]], starts: list[int], pos: int) -> bool:
    """Whether ``pos`` falls strictly inside one of the (sorted, disjoint) quotation regions."""
    i = bisect.bisect_left(starts, pos) - 1
    return i >= 0 and regions[i][0] < pos < regions[i][1]


def _is_abbreviation(text: str, dot: int, abbrevs: frozenset[str]) -> bool:
    m = _WORD_BEFORE.search(text, max(0, dot - 40), dot)
    if not m:
        return False
    word = m.group(1).lstrip("(\"'“")
    if not word:
        return False
    if word in abbrevs or word.rstrip(".") in abbrevs:
        return True
    core = word.rstrip(".")
    if len(core) == 1 and core.isalpha() and core.isupper():
        return True  # initial: "H." in "Prof. Dr. H. Amir", "J. Smith"
    return bool(_INITIALISM.match(core))  # "U.S", "a.n"


@lru_cache(maxsize=256)
def _split(text: str, code: str | None) -> tuple[tuple[int, int], ...]:
    abbrevs = _abbreviations(code)
    regions = _quote_regions(text) if ('"' in text or "“" in text) else []
    starts = [a for a, _ in regions]
    spans: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+", text):
        ps, pe = para.span()
        start = ps
        for m in _END.finditer(text, ps, pe):
            end = m.end()
            if end >= pe:
                break
            nxt = _NEXT_OK.match(text, end, pe)
            if not nxt:
                continue
            punct = m.group(0)
            if (
                punct[0] == "."
                and len(punct.rstrip("\"”’'»)]")) == 1
                and _is_abbreviation(text, m.start(), abbrevs)
            ):
                continue
            if regions and _inside(regions, starts, m.start()) and not punct.endswith(tuple(_CLOSE_Q)):
                continue
            s, e = _trim(text, start, end)
            if e > s:
                spans.append((s, e))
            start = end
        s, e = _trim(text, start, pe)
        if e > s:
            spans.append((s, e))
    return tuple(spans)


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def split_sentences(text: str, lang: str | None = None) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` of ``text`` (``lang`` is the article language, if known)."""
    return list(_split(text, lang))


def article_sentences(article: Article) -> list[tuple[int, int]]:
    """Sentence spans over ``article.plain_text()`` (cached by text, so stages share the work)."""
    return list(_split(article.plain_text(), article.lang))


def sentences_stage(article: Article) -> Article:
    """Warm the sentence cache for later stages (quotes, summary); the record itself is unchanged."""
    _split(article.plain_text(), article.lang)
    return article
