"""Date-finder kernels, pure Python: the twin of the compiled ``_datek.pyx`` (same functions, same
results).

    >>> text = "Pada 18 Juni 2021 dan kemarin, 5 orang."
    >>> digit_spans(text)
    [(5, 7), (13, 17), (31, 32)]
    >>> merge_windows(text, [(5, 7), (13, 17), (31, 32)], 3)
    [(2, 21), (28, 39)]
    >>> import re
    >>> rx = re.compile(r"\\d+ juni \\d{4}", re.I)
    >>> [m.group(0) for m in word_matches(text, [(0, len(text))], frozenset({"juni"}), rx.match)]
    ['18 Juni 2021']

:func:`digit_spans` gives the runs of decimal digits, :func:`merge_windows` the stretches around
spots (``window`` characters before, ``window`` after and on to the next space) merged where they
touch, and :func:`word_matches` the matches of a date pattern tried only at the word starts of the
windows that begin with a digit or with one of ``starts`` (lower case), never overlapping.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_DIGITS = re.compile(r"\d+")
_WORD_START = re.compile(r"(?<!\w)\w+")


def digit_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the runs of decimal digits (``\\d+``) of ``text``."""
    return [(m.start(), m.end()) for m in _DIGITS.finditer(text)]


def merge_windows(text: str, spots: list[tuple[int, int]], window: int) -> list[tuple[int, int]]:
    """Merged stretches around the (sorted) ``spots``."""
    out: list[tuple[int, int]] = []
    n = len(text)
    for s0, e0 in spots:
        s, e = max(0, s0 - window), min(n, e0 + window)
        while e < n and not text[e].isspace():
            e += 1
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def word_matches(
    text: str,
    windows: list[tuple[int, int]],
    starts: frozenset[str],
    match: Callable[[str, int, int], re.Match[str] | None],
) -> list[re.Match[str]]:
    """Non-overlapping ``match(text, word start, window end)`` results over the windows."""
    out: list[re.Match[str]] = []
    for ws, we in windows:
        done = ws
        for w in _WORD_START.finditer(text, ws, we):
            p = w.start()
            if p < done:
                continue
            word = w.group(0)
            if word[0].isdigit() or word.lower() in starts:
                m = match(text, p, we)
                if m is not None:
                    done = m.end()
                    out.append(m)
    return out


def anchor_spots(low: str, anchors: tuple[tuple[str, re.Pattern[str]], ...]) -> list[tuple[int, int]]:
    """Spans of the date words and phrases of ``anchors`` (``(first word, pattern)`` pairs, the
    pattern beginning with that word) in the lower-cased text ``low``, where a word starts; in the
    order of ``anchors``, each one's matches in text order (``finditer``: never overlapping).

    >>> anchor_spots("kemarin dan sekemarin", (("kemarin", re.compile(r"kemarin(?!\\w)")),))
    [(0, 7)]
    """
    spots: list[tuple[int, int]] = []
    for first, rx in anchors:
        if first in low:
            for m in rx.finditer(low):
                s0 = m.start()
                if s0 == 0 or not (low[s0 - 1].isalnum() or low[s0 - 1] == "_"):
                    spots.append(m.span())
    return spots
