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

import math
import re
from functools import cache
from itertools import filterfalse, repeat

from warta import lang as langdata
from warta.article import Article
from warta.enrich.keywords import _stopwords, article_text, keywords
from warta.enrich.sentences import split_sentences

SENTENCES = 3
MIN_WORDS = 6
MAX_WORDS = 60
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


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
    candidates: list[str] = []
    tokens: list[list[str]] = []  # each candidate's words, kept for the scoring below
    k_i = 0
    for s, e in split_sentences(text, article.lang):
        while k_i < len(keep) and keep[k_i][1] <= s:
            k_i += 1
        if k_i == len(keep):
            break
        if keep[k_i][0] <= s and e <= keep[k_i][1]:
            sent = text[s:e]
            toks = _WORD.findall(sent)
            if MIN_WORDS <= len(toks) <= MAX_WORDS * 2:
                candidates.append(sent)
                tokens.append(toks)
    if len(candidates) <= k:
        return candidates
    weights = {kw.term.lower(): kw.score for kw in keywords(article_text(article), article.title, k=30)}
    unigram: dict[str, float] = {}
    for term, w in weights.items():
        for word in term.split():
            unigram[word] = max(unigram.get(word, 0.0), w)
    stop = _stopwords()
    title = {w.lower() for w in _WORD.findall(article.title or "")} - stop
    scored = []
    get = unigram.get
    is_stop = stop.__contains__
    for i, toks in enumerate(tokens):
        # one lower() per sentence: tokens hold no spaces, and lower-casing is per word
        words = " ".join(toks).lower().split(" ")
        content = list(filterfalse(is_stop, words))
        if not content:
            continue
        distinct = set(content)
        score = sum(map(get, distinct, repeat(0.0))) + 0.5 * len(title & distinct)
        score /= math.sqrt(len(content))
        score *= 1.0 + POSITION_WEIGHT / (1 + i)
        if len(words) > MAX_WORDS:
            score *= 0.7
        scored.append((score, i, distinct))
    # greedy picks, each one discounted by its word overlap with the sentences already picked
    picked: list[tuple[int, set[str]]] = []
    pool = sorted(scored, key=lambda x: -x[0])
    while pool and len(picked) < k:
        best_j, best_v = 0, -1.0
        for j, (sc, _i, ws) in enumerate(pool):
            if sc <= best_v:
                break  # sorted by score, and the discount never raises one: no later candidate wins
            overlap = max((len(ws & p) / len(ws | p) for _, p in picked), default=0.0)
            v = sc * (1.0 - REDUNDANCY * overlap)
            if v > best_v:
                best_j, best_v = j, v
        _, i, ws = pool.pop(best_j)
        picked.append((i, ws))
    return [candidates[i] for i in sorted(i for i, _ in picked)]


def summary_stage(article: Article) -> Article:
    """Fill ``article.summary`` with up to :data:`SENTENCES` sentences."""
    article.summary = summarize(article)
    return article
