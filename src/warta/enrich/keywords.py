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
from functools import cache, lru_cache
from importlib import resources

from warta import lang as langdata
from warta._compiled import kernel
from warta.article import Article, Keyword
from warta.enrich._kwk_py import TOKEN

TOP_K = 10
MAX_TERMS = 40
_TOKEN = TOKEN
_K = kernel("warta.enrich._kwk")


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


_TOKEN_MEMO_MAX = 50_000
"""Memo size bound: ~10 MiB when full (key, class tuple, lower-case form), then emptied. Only the
pure-Python twin of the ranking kernel fills it; the compiled kernel classifies in C."""
_token_memo: dict[str, tuple[str, bool, str] | str | None] = {}


@cache
def _idf_table() -> tuple[dict[str, float], float]:
    """``({token: idf}, idf of an unknown token)`` of the shipped table, computed once."""
    n, df = background()
    return {t: math.log((n + 1) / (c + 1)) + 1.0 for t, c in df.items()}, math.log(n + 1) + 1.0


@lru_cache(maxsize=64)
def _ranked(text: str, title: str) -> tuple[tuple[str, float], ...]:
    """Every distinct term of ``text`` with its scaled score, best first (cached: summary reuses it).

    Candidate runs are split where capitalisation changes ("Jinping bertukar": a name glued to a
    common word is no term); the counting and scoring loop is the kernel ``_kwk`` (compiled, or its
    pure-Python twin ``_kwk_py``).
    """
    title_words = {t.lower() for t in _TOKEN.findall(title or "")}
    idf_of, idf_unknown = _idf_table()
    return _K.rank(
        text, title_words, _token_memo, _stopwords(), _TOKEN_MEMO_MAX, idf_of, idf_unknown, MAX_TERMS
    )


def article_text(article: Article) -> str:
    """The text keywords and summary are computed from: lead and body."""
    return "\n".join(p for p in (article.title, article.lead, *article.body) if p)


def keywords_stage(article: Article) -> Article:
    """Fill ``article.keywords`` from the lead and body (title words weigh more)."""
    article.keywords = keywords(article_text(article), article.title)
    return article
