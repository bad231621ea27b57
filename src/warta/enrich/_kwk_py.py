"""Keyword ranking kernel, pure Python: the twin of the compiled ``_kwk.pyx`` (same function, same
results bit for bit).

    >>> memo = {}
    >>> rank("Harga beras naik. Harga beras turun.", {"beras"}, memo, frozenset({"the"}), 100, {}, 5.0, 40)
    (('beras', 1.0), ('Harga', 0.6667), ('naik', 0.4206), ('turun', 0.4206))

:func:`rank` is the body of :func:`warta.enrich.keywords._ranked`: tokens of :data:`TOKEN`; runs of
candidate words between breakers (:func:`classify` gives ``None`` for a stopword, punctuation,
number or too-short word, ``""`` for a lone apostrophe that is skipped, else ``(lower-case key,
capitalised, surface)``), split where capitalisation changes; each word and the pair and triple
it ends within its run are counted. A term scores ``log1p(tf) * idf * title boost`` (multi-word:
mean idf of its words, ``* (1 + 0.3 * (words - 1))``, and it must recur); the best ``max_terms``
whose words are not already taken are kept, scores scaled to the best = 1.0.
"""

from __future__ import annotations

import math
import re
from collections import Counter

WORD_RE = r"[^\W\d_][\w'’-]*"
"""A word: a letter first, then word characters, apostrophes and hyphens (keywords, summary)."""
WORD = re.compile(WORD_RE)
TOKEN = re.compile(WORD_RE + r"|[,.;:!?()\"“”\n]|\d[\w.,]*")
"""Words, clause punctuation, numbers."""
_MISSING = object()

Classified = tuple[str, bool, str] | str | None


def classify(tok: str, stopwords: frozenset[str], memo: dict[str, Classified], memo_max: int) -> Classified:
    """``(lower-case key, capitalised, surface)`` of a candidate word, ``None`` (a run breaker:
    stopword, punctuation, number, too short) or ``""`` (a lone apostrophe: skipped).

    The answer is stored in ``memo`` (emptied first when it holds ``memo_max`` tokens).

    >>> classify("WeWork’s", frozenset(), {}, 10), classify("dan", frozenset({"dan"}), {}, 10)
    (('wework', True, 'WeWork'), None)
    """
    surface = tok
    if tok[-1] in "'’" or tok[-2:] in ("'s", "’s"):  # "WeWork’s", "bar’" -> "WeWork", "bar"
        surface = tok[:-2] if tok[-2:] in ("'s", "’s") else tok.rstrip("'’")
    if not surface:
        out: Classified = ""
    else:
        low = surface.lower().replace("’", "'")
        cap = surface[0].isupper()
        if len(low) < (2 if cap else 3) or low in stopwords or not surface[0].isalpha():
            out = None
        else:
            out = (low, cap, surface)
    if len(memo) >= memo_max:
        memo.clear()
    memo[tok] = out
    return out


def rank(
    text: str,
    title_words: set[str],
    memo: dict[str, Classified],
    stopwords: frozenset[str],
    memo_max: int,
    idf_of: dict[str, float],
    idf_unknown: float,
    max_terms: int,
) -> tuple[tuple[str, float], ...]:
    """Every kept term of ``text`` with its scaled score, best first (see the module doc).

    ``memo`` holds :func:`classify`'s answers by token (bounded by ``memo_max``; the compiled
    kernel classifies in C and leaves it alone); ``idf_of`` maps a lower-case word to its idf
    (``idf_unknown`` for others).
    """
    lower_seen: set[str] = set()
    cased: dict[str, str] = {}
    grams: list[str] = []
    add = grams.append
    run = 0  # length of the current run
    cap_prev = None
    p1 = p2 = ""  # the run's previous two words
    memo_get = memo.get
    for tok in TOKEN.findall(text):
        info = memo_get(tok, _MISSING)
        if info is _MISSING:
            info = classify(tok, stopwords, memo, memo_max)
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
    scored: list[tuple[float, str]] = []
    log1p = math.log1p
    for key, count in tf.items():
        if " " in key:
            if count < 2:
                continue
            words = key.split()
            idf = 0.0
            for w in words:  # left to right, as the kernel (sum() is compensated from Python 3.12)
                idf += idf_of.get(w, idf_unknown)
            idf /= len(words)
            boost = 1.5 if any(w in title_words for w in words) else 1.0
            score = log1p(count) * idf * boost * (1.0 + 0.3 * (len(words) - 1))
        else:
            score = log1p(count) * idf_of.get(key, idf_unknown) * (1.5 if key in title_words else 1.0)
        scored.append((-score, key))
    scored = sorted(scored)[: max_terms * 8]  # (C sort: faster than heapq.nsmallest at this size)
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
        if len(out) >= max_terms:
            break
    top = out[0][1] if out else 1.0
    return tuple((t, round(sc / top, 4)) for t, sc in out)
