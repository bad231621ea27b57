"""Lexical line scores, pure Python: the twin of ``_lexk.pyx`` (same functions, same results).

:class:`warta.extract.lexscore.LexTable` scores its lines through
``kernel("warta.extract._lexk")``: :func:`table` prepares a token-weight dict once per table,
:func:`scores` gives the log-odds of many line texts. A line's score is the table's bias plus the
weights of its *distinct* tokens (:func:`warta.extract.lexscore.tokens`), summed in the order of
their first occurrence, over the square root of their number. The order is part of the result
(float addition is not associative), which is why it is fixed here and not left to a ``set``.

>>> w = {"share": -2.0, "article$": -1.0}
>>> round(score_text(w, 0.5, "Share this article!"), 3)
-0.5
>>> scores(table(w), 0.5, ["Share this article!", "  "]).round(3).tolist()
[-0.5, 0.5]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from warta.extract.lexscore import tokens, window_columns


def score_text(weights: dict[str, float], bias: float, text: str) -> float:
    """The lexical log-odds of one line: ``bias + sum / sqrt(n)`` over its ``n`` distinct tokens
    (first-occurrence order), a token missing from ``weights`` adding nothing."""
    toks = dict.fromkeys(tokens(text))
    if not toks:
        return bias
    get = weights.get
    s = 0.0
    for t in toks:
        v = get(t)
        if v is not None:
            s += v
    return bias + s / math.sqrt(len(toks))


def table(weights: dict[str, float]) -> dict[str, float]:
    """What :func:`scores` reads: here the dict itself (the kernel builds a C hash table of its
    ASCII keys, keeping the dict for other lines). Build it again if ``weights`` changes."""
    return weights


def scores(tab: dict[str, float], bias: float, texts: Sequence[str]) -> np.ndarray:
    """:func:`score_text` of each of ``texts`` with the weights :func:`table` prepared."""
    return np.array([score_text(tab, bias, t) for t in texts], dtype=np.float64)


def columns(
    tab: dict[str, float], bias: float, lines: Sequence[Any], out: np.ndarray | None = None
) -> np.ndarray:
    """:func:`warta.extract.lexscore.window_columns` of the :func:`scores` of the line objects'
    ``text``: the lexical columns of a page's lines; written into ``out`` (n x 3) when given."""
    cols = window_columns(scores(tab, bias, [ln.text for ln in lines]))
    if out is None:
        return cols
    if out.ndim != 2 or out.shape != cols.shape or out.dtype != np.float64:
        raise ValueError(f"columns: out is {out.shape} {out.dtype}, not {cols.shape[0]} x 3 float64")
    out[...] = cols
    return out
