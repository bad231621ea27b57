"""Keywords: TF-IDF over phrases, against a background document-frequency table.

>>> from warta.article import Article
>>> art = Article(title="Harga beras naik", lang="id",
...               body=["Harga beras di Pasar Induk naik tajam.", "Pedagang beras mengeluh harga beras mahal."])
>>> [k.term for k in keywords_stage(art).keywords][:2]
['beras', 'harga']

Candidates are runs of up to three non-stopword tokens inside a clause (stopwords from
``lexicon.stopwords`` of every language). A term scores ``tf * idf`` summed over its words, with
idf from ``warta/models/keyword_df.tsv`` (document frequencies of Indonesian news sentences, built by
``training/build_keyword_table.py``; unknown words get the highest idf) and a boost for words in the
title. Multi-word terms must recur to count. Scores are scaled so the best is 1.0.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import cache, lru_cache
from importlib import resources

from warta import lang as langdata
from warta.article import Article, Keyword

TOP_K = 10
MAX_TERMS = 40
_TOKEN = re.compile(r"[^\W\d_][\w'’-]*|[,.;:!?()\"“”\n]|\d[\w.,]*")


@cache
def background() -> tuple[int, dict[str, int]]:
    """``(number of documents, {token: document frequency})`` of the shipped table."""
    text = resources.files("warta").joinpath("models", "keyword_df.tsv").read_text(encoding="utf-8")
    lines = text.splitlines()
    n = int(lines[0].split("\t")[1])
    df = {}
    for line in lines[1:]:
        t, _, c = line.partition("\t")
        df[t] = int(c)
    return n, df


@cache
def _stopwords() -> frozenset[str]:
    words = set()
    for code in langdata.available():
        words.update(w.lower() for w in langdata.load(code).get("lexicon", {}).get("stopwords", []))
    return frozenset(words)


def keywords(text: str, title: str | None = None, k: int = TOP_K) -> list[Keyword]:
    """The ``k`` best terms of ``text`` (title words weigh more), scores scaled to the best = 1.0."""
    return [Keyword(term=t, score=sc) for t, sc in _ranked(text, title or "")[:k]]


_BREAK = None
"""Token class of a run breaker (stopword, punctuation, number, too short)."""
_SKIP = ""
"""Token class of an apostrophe left alone ("'"): ignored, the run goes on."""
_MISSING = object()
_TOKEN_MEMO_MAX = 50_000
"""Memo size bound: ~10 MiB when full (key, class tuple, lower-case form), then emptied."""
_token_memo: dict[str, tuple[str, bool, str] | str | None] = {}


def _classify(tok: str) -> tuple[str, bool, str] | str | None:
    """``(lower-case key, capitalised, surface)`` of a candidate word, :data:`_BREAK` or :data:`_SKIP`.

    Memoised per token (a bounded dict, emptied when full): news repeats its words, and the
    per-token rules cost more than the lookup.
    """
    surface = tok
    if tok[-1] in "'’" or tok[-2:] in ("'s", "’s"):  # "WeWork’s", "bar’" -> "WeWork", "bar"
        surface = tok[:-2] if tok[-2:] in ("'s", "’s") else tok.rstrip("'’")
    if not surface:
        out: tuple[str, bool, str] | str | None = _SKIP
    else:
        low = surface.lower().replace("’", "'")
        cap = surface[0].isupper()
        if len(low) < (2 if cap else 3) or low in _stopwords() or not surface[0].isalpha():
            out = _BREAK
        else:
            out = (low, cap, surface)
    if len(_token_memo) >= _TOKEN_MEMO_MAX:
        _token_memo.clear()
    _token_memo[tok] = out
    return out


@cache
def _idf_table() -> tuple[dict[str, float], float]:
    """``({token: idf}, idf of an unknown token)`` of the shipped table, computed once."""
    n, df = background()
    return {t: math.log((n + 1) / (c + 1)) + 1.0 for t, c in df.items()}, math.log(n + 1) + 1.0


@lru_cache(maxsize=64)
def _ranked(text: str, title: str) -> tuple[tuple[str, float], ...]:
    """Every distinct term of ``text`` with its scaled score, best first (cached: summary reuses it)."""
    title_words = {t.lower() for t in _TOKEN.findall(title or "")}
    lower_seen: set[str] = set()
    cased: dict[str, str] = {}
    # runs of candidate words between stopwords and punctuation, split where capitalisation changes
    # ("Jinping bertukar": a name glued to a common word is no term); each word, and the pair and
    # triple it ends within its run, are counted as they come
    grams: list[str] = []
    add = grams.append
    run = 0  # length of the current run
    cap_prev = None
    p1 = p2 = ""  # the run's previous two words
    memo_get = _token_memo.get
    for tok in _TOKEN.findall(text):
        info = memo_get(tok, _MISSING)
        if info is _MISSING:
            info = _classify(tok)
        if info is None:
            run = 0
            cap_prev = None
            continue
        if not info:
            continue
        low, cap, surface = info
        if low == surface:
            lower_seen.add(low)
        elif low not in cased:
            cased[low] = surface
        if run and cap == cap_prev:
            add(f"{p1} {low}")
            if run >= 2:
                add(f"{p2} {p1} {low}")
            run += 1
        else:
            run = 1
        add(low)
        p2, p1 = p1, low
        cap_prev = cap
    tf = Counter(grams)
    idf_of, idf_unknown = _idf_table()
    scored: list[tuple[float, str]] = []
    log1p = math.log1p
    for key, count in tf.items():
        if " " in key:
            if count < 2:
                continue
            words = key.split()
            idf = sum(idf_of.get(w, idf_unknown) for w in words) / len(words)
            boost = 1.5 if any(w in title_words for w in words) else 1.0
            score = log1p(count) * idf * boost * (1.0 + 0.3 * (len(words) - 1))
        else:
            score = log1p(count) * idf_of.get(key, idf_unknown) * (1.5 if key in title_words else 1.0)
        scored.append((-score, key))
    scored = sorted(scored)[: MAX_TERMS * 8]  # (C sort: faster than heapq.nsmallest at this size)
    out: list[tuple[str, float]] = []
    taken: set[str] = set()
    for neg, key in scored:
        score = -neg
        words = key.split()
        if any(w in taken for w in words):
            continue  # "kim" when "kim jong un" is in, or the other way round
        taken.update(words)
        term = key if all(w in lower_seen for w in words) else " ".join(cased.get(w, w) for w in words)
        out.append((term, score))
        if len(out) >= MAX_TERMS:
            break
    top = out[0][1] if out else 1.0
    return tuple((t, round(sc / top, 4)) for t, sc in out)


def article_text(article: Article) -> str:
    """The text keywords and summary are computed from: lead and body."""
    return "\n".join(p for p in (article.title, article.lead, *article.body) if p)


def keywords_stage(article: Article) -> Article:
    """Fill ``article.keywords`` from the lead and body (title words weigh more)."""
    article.keywords = keywords(article_text(article), article.title)
    return article
