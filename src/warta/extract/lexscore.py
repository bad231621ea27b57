"""A learned lexical score for text mode's lines: what a line *says*, as body log-odds.

The line model (:mod:`warta.extract.lines_model`) reads the shape of a line (length, punctuation,
repetition, neighbours); this module reads its words. Each line is cut into tokens
(:func:`tokens`: lower-cased words with digits folded to ``0``, word bigrams, character bigrams for
scripts written without spaces, the first and last word, the classes of the first and last
character); a logistic regression over those tokens (binary, scaled by one over the square root of
the line's token count) gives the log-odds that the line is story body. The vocabulary keeps only
tokens seen on at least three registered domains of the training pages, so what it learned is
"Share this article" or "Sign up", not one site's menu items.

The table (token -> weight, plus a bias; a TSV file, ``#bias`` row first) is trained by
``training/train_lines.py --lexical`` and sits next to the model file that names it
(:attr:`warta.extract.lines_model.LineModel.lex`); :class:`LexTable` scores lines with it, and
:func:`columns` gives the three columns the line model appends to its features (the clipped
log-odds / 5 and its means over one and three lines either side).

>>> tokens("Share this article!")
['share', 'this', 'article', 'share this', 'this article', '^share', 'article$', '<A', '>!']
>>> t = LexTable({"share": -2.0, "article$": -1.0}, bias=0.5)
>>> round(t.score_text("Share this article!"), 3)
-0.5
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

CLIP = 8.0
"""Log-odds are clipped to [-CLIP, CLIP] before they become features."""

WINDOWS = (1, 3)
"""Half-widths of the window means of the lexical column."""

COLUMNS = ("lex", "lex_w1", "lex_w3")
"""Names of the columns :func:`columns` returns."""

# scripts written without spaces between words: CJK ideographs, kana, Thai, Lao, Myanmar, Khmer
_NOSPACE = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff"
_WORD = re.compile(f"[\\w\u0300-\u036f\u0900-\u0dff{_NOSPACE}]+")  # combining marks stay in the word
_RUNS = re.compile(f"[{_NOSPACE}]+|[^{_NOSPACE}]+")
_NOSP = re.compile(f"[{_NOSPACE}]")
_DIGIT = re.compile(r"\d")


def _cls(ch: str) -> str:
    """The class of a line's first or last character: ``A`` upper, ``a`` lower, ``x`` caseless
    letter, ``0`` digit, else the character itself (punctuation, symbols)."""
    if ch.isdigit():
        return "0"
    if ch.isalpha():
        return "A" if ch.isupper() else ("a" if ch.islower() else "x")
    return ch


def tokens(text: str) -> list[str]:
    """The lexical tokens of one line (duplicates kept; the scorer reads the distinct ones in
    first-occurrence order).

    Words are ``\\w+`` runs, lower-cased, digits folded to ``0``; a run in a script without
    spaces gives its character bigrams instead (one character: itself). Then word bigrams
    (consecutive words), the first word with ``^`` before it, the last with ``$`` after it, and
    the first / last non-space character's class (``<A``, ``>.``; see :func:`_cls`).

    >>> tokens("Foto: 2024")
    ['foto', '0000', 'foto 0000', '^foto', '0000$', '<A', '>0']
    >>> tokens("Read more 関連記事")
    ['read', 'more', 'read more', '関連', '連記', '記事', '^read', '記事$', '<A', '>x']
    >>> tokens("新闻中心")
    ['新闻', '闻中', '中心', '^新闻', '中心$', '<x', '>x']
    """
    s = text.strip()
    if not s:
        return []
    low = _DIGIT.sub("0", s.lower())
    if _NOSP.search(low) is None:  # the common case: words only
        words = _WORD.findall(low)
        return _ends(words + [a + " " + b for a, b in zip(words, words[1:], strict=False)], words, s)
    out = []
    words: list[str | None] = []
    units: list[str] = []
    for w in _WORD.findall(low):
        for r in _RUNS.findall(w):
            if _NOSP.match(r) is None:
                out.append(r)
                if words and words[-1] is not None:
                    out.append(words[-1] + " " + r)
                words.append(r)
                units.append(r)
            else:
                grams = [r] if len(r) == 1 else [r[i : i + 2] for i in range(len(r) - 1)]
                out.extend(grams)
                words.append(None)  # breaks the word-bigram chain
                units.extend((grams[0], grams[-1]))
    return _ends(out, units, s)


def _ends(out: list[str], units: list[str], s: str) -> list[str]:
    """``out`` with a line's edge tokens appended: its first unit ``^u`` and last ``u$`` (when it has
    any) and the classes of the stripped line ``s``'s first and last characters."""
    if units:
        out.append("^" + units[0])
        out.append(units[-1] + "$")
    out.append("<" + _cls(s[0]))
    out.append(">" + _cls(s[-1]))
    return out


class LexTable:
    """Token weights and a bias: :meth:`score_text` is a line's lexical log-odds of body.

    A line's distinct tokens each add their weight times ``1 / sqrt(number of distinct tokens)``.
    """

    __slots__ = ("weights", "bias", "_tab")

    def __init__(self, weights: dict[str, float], bias: float = 0.0):
        self.weights = weights
        self.bias = bias
        self._tab: Any = None  # the kernel's table of ``weights``, built at the first scores()

    def __getstate__(self) -> tuple[dict[str, float], float]:
        return self.weights, self.bias  # not the kernel's table (C memory): rebuilt on use

    def __setstate__(self, state: tuple[dict[str, float], float]) -> None:
        self.weights, self.bias = state
        self._tab = None

    def score_text(self, text: str) -> float:
        """The log-odds of one line, the reference :meth:`scores` matches bit for bit:
        distinct tokens in first-occurrence order, ``bias + sum / sqrt(n)``."""
        return _kernel().score_text(self.weights, self.bias, text)

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        """Log-odds of each line text (the compiled kernel ``_lexk`` when built: ASCII lines are
        tokenised and looked up in C, others as :meth:`score_text`). The table is built from
        :attr:`weights` at the first call: make a new :class:`LexTable` to change them."""
        return _kernel().scores(self._table(), self.bias, texts)

    def columns(self, lines: Sequence[Any], out: np.ndarray | None = None) -> np.ndarray:
        """:func:`columns` of text mode's line objects: :func:`window_columns` of the scores of
        their ``text`` (one kernel call); written into ``out`` (n x 3) when given."""
        return _kernel().columns(self._table(), self.bias, lines, out)

    def _table(self) -> Any:
        """The kernel's table of :attr:`weights`, built at the first use."""
        if self._tab is None:
            self._tab = _kernel().table(self.weights)
        return self._tab

    def write(self, path: Path | str) -> None:
        """Save as TSV (``#bias`` row first, then tokens by decreasing weight magnitude)."""
        rows = sorted(self.weights.items(), key=lambda kv: (-abs(kv[1]), kv[0]))
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(f"#bias\t{self.bias:.6g}\n")
            for t, v in rows:
                fh.write(f"{t}\t{v:.4g}\n")

    @classmethod
    def read(cls, path: Path | str) -> LexTable:
        weights: dict[str, float] = {}
        bias = 0.0
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                tok, _, val = line.rstrip("\n").rpartition("\t")
                if tok == "#bias":
                    bias = float(val)
                elif tok:
                    weights[tok] = float(val)
        return cls(weights, bias)


@functools.cache
def _kernel() -> ModuleType:
    """The compiled lexical kernel (or its twin); imported at first use, as the twin imports
    :func:`tokens` from here."""
    from warta._compiled import kernel

    return kernel("warta.extract._lexk")


def window_columns(z: np.ndarray) -> np.ndarray:
    """The :data:`COLUMNS` of a page from its lines' lexical log-odds ``z``: clipped ``z / 5`` and
    its means over ``k`` lines either side for ``k`` in :data:`WINDOWS` (fewer at the page's ends).

    >>> window_columns(np.array([10.0, 0.0, -5.0])).round(3).tolist()
    [[1.6, 0.8, 0.2], [0.0, 0.2, 0.2], [-1.0, -0.5, 0.2]]
    """
    n = len(z)
    zs = np.clip(z, -CLIP, CLIP) / 5.0
    if n == 0:
        return np.zeros((0, len(COLUMNS)))
    cum = np.concatenate(([0.0], np.cumsum(zs)))
    idx = np.arange(n)
    cols = [zs]
    for k in WINDOWS:
        lo = np.maximum(0, idx - k)
        hi = np.minimum(n, idx + k + 1)
        cols.append((cum[hi] - cum[lo]) / (hi - lo))
    return np.column_stack(cols)


def columns(lines: Sequence[Any], table: LexTable, out: np.ndarray | None = None) -> np.ndarray:
    """The lexical columns (:data:`COLUMNS`) of text mode's line objects (their ``text``), into
    ``out`` (n x 3, e.g. the last columns of the model's input matrix) when given."""
    return table.columns(lines, out)
