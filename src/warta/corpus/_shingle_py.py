"""Word tokens and word shingles for duplicate detection: the pure-Python twin of ``_shingle.pyx``
(same functions, same results; :func:`warta._compiled.kernel` picks one).

>>> tokens("banjir di jakarta, 2024_a")
['banjir', 'di', 'jakarta', '2024_a']
>>> sorted(shingles(["a", "b", "c", "d"], 3))
['a b c', 'b c d']
>>> shingle_hashes(b"a b c d", 3)[0]
2
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable

import rensa

_WORD = re.compile(r"\w+")


def tokens(text: str) -> list[str]:
    """``re.findall(r"\\w+", text)``: runs of word characters (Unicode alphanumerics and ``_``)."""
    return _WORD.findall(text)


def shingles(words: list[str], k: int) -> set[str]:
    """Word ``k``-shingles as space-joined strings (the words themselves joined when fewer than ``k``)."""
    if k < 1:
        raise ValueError(f"shingle size must be at least 1, not {k}")
    if len(words) < k:
        return {" ".join(words)} if words else set()
    return set(map(" ".join, zip(*(words[i:] for i in range(k)), strict=False)))


def token_hash(token: bytes) -> int:
    """rensa's 64-bit hash of one token (``RMinHash.hash_token_sets([[token]])[0][0]``)."""
    return rensa.RMinHash.hash_token_sets([[token]])[0][0]


def shingle_hashes(joined: bytes, k: int) -> tuple[int, bytes]:
    """(distinct word ``k``-shingles, their rensa token hashes in order of first appearance as native
    ``uint64`` bytes) of ``joined``: words (no spaces inside) joined by single spaces, UTF-8. A
    shingle is ``k`` consecutive words with their spaces, the whole text when it has fewer words."""
    if k < 1:
        raise ValueError(f"shingle size must be at least 1, not {k}")
    if not joined:
        return 0, b""
    words = joined.split(b" ")
    if len(words) < k:
        found = [joined]
    else:
        found = list(dict.fromkeys(map(b" ".join, zip(*(words[i:] for i in range(k)), strict=False))))
    return len(found), array("Q", rensa.RMinHash.hash_token_sets([found])[0]).tobytes()


def lookup(words: list[str], memo: dict[str, str], miss: Callable[[str], str]) -> list[str]:
    """``[memo[w] for w in words]``, calling ``miss(w)`` (which must put ``w`` in ``memo`` and return
    its value) for a word not there yet: the stems of a body's tokens from the stem memo in one pass."""
    out = list(map(memo.get, words))  # one C-level pass; words seen before are nearly all of them
    if None in out:  # each new word once (a set difference, in C), then look them all up again
        for w in set(words).difference(memo):
            miss(w)
        out = list(map(memo.__getitem__, words))
    return out


_MASK = (1 << 64) - 1


def band_hashes(sig: list[int], bands: int, rows: int) -> list[int]:
    """One signed 64-bit hash per LSH band of ``sig`` (``bands * rows`` u32 values): for each band,
    ``h = ((h ^ v) * 0x9E3779B97F4A7C15 + 0x632BE59BD9B4E019) mod 2**64`` over its values from 0."""
    if len(sig) < bands * rows:
        raise ValueError(f"a signature of {len(sig)} values has no {bands} bands of {rows}")
    out = []
    for b in range(0, bands * rows, rows):
        h = 0
        for v in sig[b : b + rows]:
            h = ((h ^ v) * 0x9E3779B97F4A7C15 + 0x632BE59BD9B4E019) & _MASK
        out.append(h - (1 << 64) if h >= (1 << 63) else h)
    return out


class StemTable:
    """``word -> stem_of(word)`` memo for :func:`body_analysis` (at most ``limit`` words: emptied
    when full).

    >>> t = StemTable(str.upper)
    >>> body_analysis("dia dan dia", t)
    (b'dia dan dia', ['DIA', 'DAN', 'DIA'])
    >>> len(t)
    2
    """

    def __init__(self, stem_of: Callable[[str], str], limit: int = 1 << 19) -> None:
        self.stem_of = stem_of
        self.limit = max(limit, 1)
        self.memo: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self.memo)


def body_analysis(text: str, table: StemTable) -> tuple[bytes, list[str]]:
    """``(" ".join(tokens(text)).encode("utf-8"), [table.stem_of(w) for w in tokens(text)])``, the
    stems memoised in ``table``."""
    words = tokens(text)
    memo = table.memo
    stems = []
    for w in words:
        s = memo.get(w)
        if s is None:
            s = table.stem_of(w)
            if len(memo) >= table.limit:
                memo.clear()
            memo[w] = s
        stems.append(s)
    return " ".join(words).encode("utf-8"), stems
