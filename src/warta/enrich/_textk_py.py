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


def _glued(c: str) -> bool:
    """Whether a character joins a word to a reporting verb next to it (a word character or ``-``)."""
    return c.isalnum() or c in "_-"


def verb_hits(
    low: str, verb_list: tuple[tuple[str, str], ...], suffixes: tuple[str, ...], words: set[str]
) -> list[tuple[int, int]]:
    """``(start, end)`` of every reporting verb in the lower-cased text ``low``, leftmost-longest,
    not overlapping, in text order.

    ``verb_list`` holds ``(verb, its first word)`` pairs; a verb is looked for (``str.find``) only
    when its first word is in ``words`` (the text's word set). A match must start a word and end
    one, or be followed by one of ``suffixes`` that ends a word ("kata" in "katanya").

    >>> verb_hits("dia berkata, katanya: kata-kata", (("kata", "kata"),), ("nya",), {"kata", "katanya"})
    [(13, 20)]
    """
    found: list[tuple[int, int]] = []
    n = len(low)
    for verb, first in verb_list:
        if first not in words:
            continue
        i = low.find(verb)
        while i >= 0:
            j = i + len(verb)
            if i == 0 or not _glued(low[i - 1]):
                end = j
                for suf in suffixes:
                    if low.startswith(suf, j):
                        end = j + len(suf)
                        break
                if end >= n or not _glued(low[end]):
                    found.append((i, end))
                elif end != j and (j >= n or not _glued(low[j])):
                    found.append((i, j))
            i = low.find(verb, i + 1)
    found.sort(key=lambda h: (h[0], -h[1]))
    hits: list[tuple[int, int]] = []
    last_end = -1
    for s0, e0 in found:
        if s0 >= last_end:
            hits.append((s0, e0))
            last_end = e0
    return hits


def occurrences(low: str, keys: list[str]) -> tuple[list[int], list[int]]:
    """Starts and ends of every occurrence (``str.find``, overlaps included) of each of ``keys`` in
    ``low``, sorted by start, then end.

    >>> occurrences("katanya kata", ["kata", "nya"])
    ([0, 4, 8], [4, 7, 12])
    """
    occ: list[tuple[int, int]] = []
    for key in keys:
        i = low.find(key)
        while i >= 0:
            occ.append((i, i + len(key)))
            i = low.find(key, i + 1)
    occ.sort()
    return [a for a, _ in occ], [b for _, b in occ]


def words_starting(text: str, extra: str, starts: str) -> set[str]:
    """The distinct words of ``text`` (runs of ``\\w`` and the characters of ``extra``, as
    :func:`word_set`) whose first character is one of ``starts``.

    >>> sorted(words_starting("Reuters dan AFP, di dpa", "&-", "ARd"))
    ['AFP', 'Reuters', 'dan', 'di', 'dpa']
    """
    return {w for w in _pattern(extra).findall(text) if w[0] in starts}


def cue_offsets(
    low: str, cue_words: tuple[tuple[str, str], ...], words: set[str]
) -> tuple[list[int], list[int]]:
    """:func:`occurrences` of the cue key words whose cue may occur in ``low``: ``cue_words`` holds
    ``(first word, key word)`` pairs; a key is searched when its first word is in ``words`` or is
    not alphanumeric (each key once, in the order of ``cue_words``).

    >>> cue_offsets("katanya x", (("kata", "kata"), ("said", "said"), ("--", "--")), {"kata", "katanya"})
    ([0], [4])
    """
    keys = dict.fromkeys(key for first, key in cue_words if first in words or not first.isalnum())
    return occurrences(low, list(keys))


def count_tokens(text: str, start: int, end: int, limit: int) -> int:
    """How many :data:`TOKEN` tokens ``TOKEN.finditer(text, start, end)`` gives, counting stopped at
    the ``limit``-th (at least one counted when there is one).

    >>> count_tokens("Kata-nya, A.S. dan 2,5 … x", 0, 26, 99), count_tokens("a b c d", 0, 7, 2)
    (6, 2)
    """
    n = 0
    for _ in TOKEN.finditer(text, start, end):
        n += 1
        if n >= limit:
            break
    return n
