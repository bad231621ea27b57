"""Sentence-splitter kernel, pure Python: the twin of the compiled ``_sentk.pyx`` (same function,
same results).

    >>> text = 'Harga naik 2.5 persen. "Satu. Dua," kata Kim.\\nBaru!'
    >>> [text[s:e] for s, e in split(text, [(23, 35)], frozenset())]
    ['Harga naik 2.5 persen.', '"Satu. Dua," kata Kim.', 'Baru!']
    >>> is_abbreviation("tiba di Jl. Sudirman", 10, frozenset({"Jl"})), is_abbreviation("oleh U.S. Army", 8, frozenset())
    (True, True)

:func:`split` is the body of :func:`warta.enrich.sentences.split_sentences` (see that module for
the rules): paragraphs are runs without a newline; inside one, a sentence ends at :data:`END`
when :data:`NEXT_OK` follows, unless it is a lone ``.`` after an abbreviation
(:func:`is_abbreviation`) or the end falls strictly inside one of the quotation ``regions`` and
does not close it.
"""

from __future__ import annotations

import bisect
import re

END = re.compile(r"[.!?…]+[\"”’'»)\]]*")
"""Sentence-final punctuation, with the closing quotes and brackets after it."""
NEXT_OK = re.compile(r"\s+[\"“„«'‘(\[]*[A-Z0-9À-ÖØ-Þ]")
"""What must follow a sentence end: space, opening quotes or brackets, a capital or a digit."""
_PARA = re.compile(r"[^\n]+")
_WORD_BEFORE = re.compile(r"([\w.'’-]+)$")
_INITIALISM = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]$")
_CLOSE_Q = ('"', "”", "»")


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def is_abbreviation(text: str, dot: int, abbrevs: frozenset[str]) -> bool:
    """Whether the ``.`` at ``dot`` ends an abbreviation: a word of ``abbrevs`` (with or without
    its dots), a capital initial ("H."), or an initialism ("U.S.", "a.n.")."""
    m = _WORD_BEFORE.search(text, max(0, dot - 40), dot)
    if not m:
        return False
    word = m.group(1).lstrip("(\"'“")
    if not word:
        return False
    if word in abbrevs or word.rstrip(".") in abbrevs:
        return True
    core = word.rstrip(".")
    if len(core) == 1 and core.isalpha() and core.isupper():
        return True  # initial: "H." in "Prof. Dr. H. Amir", "J. Smith"
    return bool(_INITIALISM.match(core))  # "U.S", "a.n"


def split(text: str, regions: list[tuple[int, int]], abbrevs: frozenset[str]) -> tuple[tuple[int, int], ...]:
    """Sentence spans ``(start, end)`` of ``text``; ``regions`` are the (sorted, disjoint) spans of
    balanced quotations, as ``(opening quote, closing quote)`` offsets; ``abbrevs`` the words after
    which a ``.`` ends no sentence."""
    starts = [a for a, _ in regions]
    spans: list[tuple[int, int]] = []
    for para in _PARA.finditer(text):
        ps, pe = para.span()
        start = ps
        for m in END.finditer(text, ps, pe):
            end = m.end()
            if end >= pe:
                break
            if not NEXT_OK.match(text, end, pe):
                continue
            punct = m.group(0)
            if (
                punct[0] == "."
                and len(punct.rstrip("\"”’'»)]")) == 1
                and is_abbreviation(text, m.start(), abbrevs)
            ):
                continue
            if regions and not punct.endswith(_CLOSE_Q):
                i = bisect.bisect_left(starts, m.start()) - 1
                if i >= 0 and regions[i][0] < m.start() < regions[i][1]:
                    continue  # inside a quotation that closes later in the paragraph
            s, e = _trim(text, start, end)
            if e > s:
                spans.append((s, e))
            start = end
        s, e = _trim(text, start, pe)
        if e > s:
            spans.append((s, e))
    return tuple(spans)
