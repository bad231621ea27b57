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

import re
from functools import cache, lru_cache

from warta import lang as langdata
from warta._compiled import kernel
from warta.article import Article

_K = kernel("warta.enrich._sentk")
"""The splitting loop: compiled (``_sentk.pyx``) when built, else the pure-Python twin ``_sentk_py``."""


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


@lru_cache(maxsize=256)
def _split(text: str, code: str | None) -> tuple[tuple[int, int], ...]:
    abbrevs = _abbreviations(code)
    regions = _quote_regions(text) if ('"' in text or "“" in text) else []
    return _K.split(text, regions, abbrevs)


def split_sentences(text: str, lang: str | None = None) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` of ``text`` (``lang`` is the article language, if known)."""
    return list(_split(text, lang))


def sentences_stage(article: Article) -> Article:
    """Warm the sentence cache for later stages (quotes, summary); the record itself is unchanged."""
    _split(article.plain_text(), article.lang)
    return article
