"""Summary kernels, pure Python: the twin of the compiled ``_sumk.pyx`` (same functions, same
results bit for bit).

    >>> text = "Banjir merendam rumah warga di Jakarta Timur.\\n\\nWarga mengungsi ke masjid."
    >>> spans, words = candidates(text, [(0, 45), (47, 73)], [(0, 45), (47, 73)], 3, 120)
    >>> spans, words[1]
    ([(0, 45), (47, 73)], ['warga', 'mengungsi', 'ke', 'masjid'])
    >>> pick(words, frozenset({"di", "ke"}), {"banjir": 1.0}, {"banjir"}, 1, 3.0, 60, 0.5)
    [0]

:func:`candidates` gives the sentences that lie inside a usable part (lead or body paragraph)
and have an acceptable number of words, with their lower-case words; :func:`pick` scores them
(keyword weights and title words over the non-stopwords, damped by length and position) and picks
the best ones greedily, each discounted by its word overlap with those already picked.
"""

from __future__ import annotations

import math
from itertools import filterfalse

from warta.enrich._kwk_py import WORD


def candidates(
    text: str, spans: list[tuple[int, int]], keep: list[tuple[int, int]], min_words: int, max_words: int
) -> tuple[list[tuple[int, int]], list[list[str]]]:
    """Sentence spans inside a ``keep`` range (both sorted) with ``min_words``..``max_words`` words
    (:data:`WORD`), and each one's words in lower case."""
    out: list[tuple[int, int]] = []
    words: list[list[str]] = []
    k_i = 0
    for s, e in spans:
        while k_i < len(keep) and keep[k_i][1] <= s:
            k_i += 1
        if k_i == len(keep):
            break
        if keep[k_i][0] <= s and e <= keep[k_i][1]:
            toks = WORD.findall(text, s, e)
            if min_words <= len(toks) <= max_words:
                out.append((s, e))
                # one lower() per sentence: tokens hold no spaces, and lower-casing is per word
                words.append(" ".join(toks).lower().split(" "))
    return out, words


def pick(
    words: list[list[str]],
    stop: frozenset[str],
    unigram: dict[str, float],
    title: set[str],
    k: int,
    position_weight: float,
    max_words: int,
    redundancy: float,
) -> list[int]:
    """Indices (ascending) of the ``k`` sentences picked from ``words`` (each sentence's lower-case words)."""
    scored = []
    get = unigram.get
    is_stop = stop.__contains__
    for i, ws in enumerate(words):
        content = list(filterfalse(is_stop, ws))
        if not content:
            continue
        distinct = set(content)
        score = 0.0
        for w in distinct:  # left to right, as the kernel (sum() is compensated from Python 3.12)
            score += get(w, 0.0)
        score += 0.5 * len(title & distinct)
        score /= math.sqrt(len(content))
        score *= 1.0 + position_weight / (1 + i)
        if len(ws) > max_words:
            score *= 0.7
        scored.append((score, i, distinct))
    # greedy picks, each one discounted by its word overlap with the sentences already picked
    picked: list[tuple[int, set[str]]] = []
    pool = sorted(scored, key=lambda x: -x[0])
    while pool and len(picked) < k:
        best_j, best_v = 0, -1.0
        for j, (sc, _i, ds) in enumerate(pool):
            if sc <= best_v:
                break  # sorted by score, and the discount never raises one: no later candidate wins
            overlap = max((len(ds & p) / len(ds | p) for _, p in picked), default=0.0)
            v = sc * (1.0 - redundancy * overlap)
            if v > best_v:
                best_j, best_v = j, v
        _, i, ds = pool.pop(best_j)
        picked.append((i, ds))
    return sorted(i for i, _ in picked)
