"""Word tokens and word shingles for duplicate detection: the pure-Python twin of ``_shingle.pyx``
(same functions, same results; :func:`warta._compiled.kernel` picks one).

>>> tokens("banjir di jakarta, 2024_a")
['banjir', 'di', 'jakarta', '2024_a']
>>> sorted(shingles(["a", "b", "c", "d"], 3))
['a b c', 'b c d']
"""

from __future__ import annotations

import re

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
