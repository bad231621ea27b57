"""Text kernels shared by enrichment stages, pure Python: the twin of the compiled ``_textk.pyx``
(same functions, same results).

    >>> sorted(word_set("Kata-nya AS & PBB: katanya dia", "&-"))
    ['&', 'AS', 'Kata-nya', 'PBB', 'dia', 'katanya']
    >>> sorted(word_set("katanya menurutnya dia", "", ("nya",)))
    ['dia', 'kata', 'katanya', 'menurut', 'menurutnya']
    >>> word_counts("uang dan uang 2 kata_nya")
    ({'uang': 2, 'dan': 1, 'kata': 1, 'nya': 1}, ['uang', 'dan', 'uang', 'kata', 'nya'])
    >>> title_case_line("Intro\\nTrump Says He Will Win Again\\nmore", 10), title_case_line("a b C D", 0)
    (True, False)
"""

from __future__ import annotations

import re
from functools import lru_cache

LETTERS = re.compile(r"[^\W\d_]+")
"""Runs of letters (word characters other than digits and ``_``)."""


def word_counts(text: str) -> tuple[dict[str, int], list[str]]:
    """``({word: count}, words in order)`` of the :data:`LETTERS` runs of ``text`` (the dict in
    order of first occurrence, as ``collections.Counter`` builds it)."""
    words = LETTERS.findall(text)
    counts: dict[str, int] = {}
    for w in words:
        counts[w] = counts.get(w, 0) + 1
    return counts, words


TOKEN = re.compile(r"[\w][\w.'’&-]*")
"""A token of the quote rules: a word character, then word characters and ``.'’&-``."""


def title_case_line(text: str, pos: int) -> bool:
    """Whether the line of ``text`` holding ``pos`` is in Title Case: at least 4 :data:`TOKEN`
    tokens, more than 60 % of them capitalised (a headline, whose capitals are not names)."""
    ls = text.rfind("\n", 0, pos) + 1
    le = text.find("\n", pos)
    words = TOKEN.findall(text[ls : le if le >= 0 else len(text)])
    if len(words) < 4:
        return False
    return sum(w[0].isupper() for w in words) / len(words) > 0.6


@lru_cache(maxsize=16)
def _pattern(extra: str) -> re.Pattern[str]:
    return re.compile(rf"[\w{re.escape(extra)}]+") if extra else re.compile(r"\w+")


def word_set(text: str, extra: str = "", suffixes: tuple[str, ...] = ()) -> set[str]:
    """The distinct words of ``text`` (runs of ``\\w`` and the characters of ``extra``), plus, for
    each of ``suffixes`` in turn, the stems of the words so far that end with it and are more than
    two characters longer ("katanya" -> "kata")."""
    words = set(_pattern(extra).findall(text))
    for suf in suffixes:
        words |= {w[: -len(suf)] for w in words if w.endswith(suf) and len(w) > len(suf) + 2}
    return words
