"""Story-vector arithmetic: the pure-Python twin of ``_storyk.pyx`` (same functions, same results,
float for float: sums are left-to-right loops, as the kernel adds; :func:`warta._compiled.kernel`
picks one). Used by :class:`warta.corpus.stories.Storyteller` in the store's single writer.

>>> round(cosine({"a": 1.0, "b": 1.0}, {"a": 2.0}, norm({"a": 1.0, "b": 1.0}), 2.0), 4)
0.7071
>>> weights, idf = weigh({"banjir": 2, "jakarta": 1}, {}, lambda field, t: {"banjir": 0}.get(t, 3), 10)
>>> round(weights["banjir"], 4), idf["banjir"], round(idf["jakarta"], 4)
(4.06, -1.0, 1.2528)
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable
from operator import itemgetter


def weigh(
    tf: dict[str, int], dfs: dict[str, int], doc_freq: Callable[[str, str], int], n: int
) -> tuple[dict[str, float], dict[str, float]]:
    """(weights, idf) of the terms of ``tf`` (term counts) among ``n`` documents: weight
    ``(1 + log count) * idf``, idf ``log(1 + n / (df + 1))``, and idf -1.0 for a term no document
    has (useless to look candidates up with). ``dfs``: document frequencies known so far (a miss
    asks ``doc_freq("text", term)`` and is remembered there)."""
    weights: dict[str, float] = {}
    idf: dict[str, float] = {}
    for t, cnt in tf.items():
        df = dfs.get(t)
        if df is None:
            df = dfs[t] = doc_freq("text", t)
        w = math.log(1 + n / (df + 1))
        idf[t] = w
        weights[t] = (1 + math.log(cnt)) * w
        if df == 0:
            idf[t] = -1.0
    return weights, idf


def norm(v: dict[str, float]) -> float:
    """Euclidean length of a term vector."""
    total = 0.0
    for w in v.values():
        total += w * w
    return math.sqrt(total)


def cosine(a: dict[str, float], b: dict[str, float], na: float, nb: float) -> float:
    """Cosine of two term vectors whose :func:`norm` are ``na`` and ``nb`` (0.0 when either is empty)."""
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = 0.0
    for t, w in a.items():
        dot += w * b.get(t, 0.0)
    return dot / (na * nb) if na and nb else 0.0


def top_terms(
    weights: dict[str, float], idf: dict[str, float], keep: int, query: int
) -> tuple[dict[str, float], list[str]]:
    """(the ``keep`` heaviest terms as {term: weight}, heaviest first, equal weights in ``weights``
    order; the at most ``query`` of those with a positive idf, highest first, ties in that order).

    >>> top_terms({"a": 1.0, "b": 3.0, "c": 3.0, "d": 0.5}, {"a": 2.0, "b": -1.0, "c": 1.0, "d": 9.0}, 3, 2)
    ({'b': 3.0, 'c': 3.0, 'a': 1.0}, ['a', 'c'])
    """
    top = dict(heapq.nlargest(keep, weights.items(), key=itemgetter(1))) if keep > 0 else {}
    lookup = [t for t in sorted(top, key=lambda t: -idf[t]) if idf[t] > 0][: max(query, 0)]
    return top, lookup
