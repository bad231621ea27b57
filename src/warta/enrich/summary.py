"""Extractive summary: the article's most central sentences, in text order.

>>> from warta.article import Article
>>> art = Article(title="Banjir di Jakarta", lang="id", body=[
...     "Banjir merendam ratusan rumah di Jakarta Timur pada Senin pagi.",
...     "Warga mengungsi ke masjid terdekat.",
...     "Petugas menyebut banjir di Jakarta Timur disebabkan hujan deras sejak Minggu malam.",
... ])
>>> summarize(art, k=1)
['Banjir merendam ratusan rumah di Jakarta Timur pada Senin pagi.']

Each body sentence (lead included; headings, captions-like one-liners and "Baca juga" lines
excluded) is scored by its overlap with the article's keywords and title words, damped by
sentence length and position (news puts the gist first); the top :data:`SENTENCES` are returned
in their original order. ``bench/summary_eval.py`` compares it with the lead-3 baseline.
"""

from __future__ import annotations

import re
from functools import cache

from warta import lang as langdata
from warta._compiled import kernel
from warta.article import Article
from warta.enrich._kwk_py import WORD
from warta.enrich.keywords import _stopwords, article_text, keywords
from warta.enrich.sentences import split_sentences

SENTENCES = 3
MIN_WORDS = 6
MAX_WORDS = 60
_WORD = WORD
_K = kernel("warta.enrich._sumk")


@cache
def _skip() -> re.Pattern[str]:
    """Lines that are never summary material ("Baca juga: …"): ``lexicon.summary_skip`` of every language."""
    words = langdata.load_all().get("lexicon", {}).get("summary_skip", [])
    alt = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) or r"(?!x)x"
    return re.compile(rf"^\s*(?:{alt})", re.I)


POSITION_WEIGHT = 3.0
REDUNDANCY = 0.5
"""How much a candidate's score drops per unit of word overlap (Jaccard) with sentences already picked."""


def summarize(article: Article, k: int = SENTENCES) -> list[str]:
    """The ``k`` best sentences of the lead and body."""
    # sentences of the lead and body paragraphs (not the title, headings or "Baca juga" lines), taken
    # from the sentence split of plain_text() that the other stages share
    text = article.plain_text()
    headings = set(article.headings)
    keep: list[tuple[int, int]] = []
    pos = 0
    parts = [(article.title, False), (article.lead, True)] + [
        (p, i not in headings) for i, p in enumerate(article.body)
    ]
    for part, usable in parts:
        if not part:
            continue
        if usable and not _skip().match(part):
            keep.append((pos, pos + len(part)))
        pos += len(part) + 2
    spans, words = _K.candidates(text, split_sentences(text, article.lang), keep, MIN_WORDS, MAX_WORDS * 2)
    if len(spans) <= k:
        return [text[s:e] for s, e in spans]
    weights = {kw.term.lower(): kw.score for kw in keywords(article_text(article), article.title, k=30)}
    unigram: dict[str, float] = {}
    for term, w in weights.items():
        for word in term.split():
            unigram[word] = max(unigram.get(word, 0.0), w)
    stop = _stopwords()
    title = {w.lower() for w in _WORD.findall(article.title or "")} - stop
    picked = _K.pick(words, stop, unigram, title, k, POSITION_WEIGHT, MAX_WORDS, REDUNDANCY)
    return [text[spans[i][0] : spans[i][1]] for i in picked]


def summary_stage(article: Article) -> Article:
    """Fill ``article.summary`` with up to :data:`SENTENCES` sentences."""
    article.summary = summarize(article)
    return article
