"""A trained line classifier for text mode: is this flattened line part of the story body?

Text mode (:mod:`warta.extract.text`) first classifies each line by hand rules (chrome phrases,
bylines, captions, datelines ...) and gives it a hand-written score. This module turns those
per-line facts, plus cheap shape, lexicon and neighbourhood features, into the log-odds that the
line belongs to the article body. A logistic regression and a stacked ensemble of 200 small
regression trees, trained on the text benchmark's three sets (zyte-aeb, WCXB-dev article pages,
Fundus; ``training/train_lines.py``, evaluated out-of-fold by site) and shipped as one JSON file
(:data:`MODEL_PATH`, about 215 kB) and, since session 10, the token table of a learned lexical score
(:mod:`warta.extract.lexscore`, ``text-lines-lex.tsv`` next to it, about 2.6 MB: what a line *says*,
as three more input columns):

1. *line* model (a logistic regression): the line's own features (:data:`BASE`), the means of
   some of them over windows before and after it, and where it sits relative to the hand rules'
   story region;
2. *context* model (stacking): the line model's inputs plus the first model's log-odds and their
   window means (a line among likely-body lines is likely body; a teaser list after the story is
   not, however well punctuated). Since session 7 a small ensemble of regression trees
   (:class:`Trees`, gradient-boosted; evaluated here in numpy, no runtime dependency); the linear
   context weights ``w2`` stay in the file and are used when a model has no trees.

Features, stacking and the tree walk run in the ``_linefeat`` kernel (:data:`K`: compiled C
when built, else its numpy twin ``_linefeat_py``, the same numbers): about 0.9 ms a typical page
of 230 lines compiled (half features, half the 200 trees), 5-6 ms in numpy.

>>> m = LineModel.default()
>>> m.w1.shape == (len(m.names),) and m.w2.shape == (len(m.names) + len(STACK),)
True

:func:`rescore` gives each line the final log-odds as its ``score`` (plus :attr:`LineModel.offset`),
so the region search of text mode (Kadane's scan) keeps the best run of likely-body lines; the
caller then keeps, inside that region, the lines whose log-odds exceed :attr:`LineModel.keep`. The
hand rules keep deciding *what* a non-body line is (caption, related link, byline ...).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from warta._compiled import kernel
from warta.extract import lexscore
from warta.extract._linefeat_py import (
    _FURNITURE,
    BASE,
    CONTEXT,
    FEATURES,
    STACK,
    positive_runs,
    region,
    stack_features,
)

MODEL_PATH = Path(__file__).resolve().parents[1] / "models" / "text-lines.json"
"""The committed model (feature names, both weight vectors, decoding thresholds, training notes)."""
LEX_TABLE_NAME = "text-lines-lex.tsv"
"""The file name, next to the model file, of a model's lexical table (:attr:`LineModel.lex`)."""

LEX: tuple[str, ...] = lexscore.COLUMNS
"""Columns a model with a lexical table (:attr:`LineModel.lex`) appends to :data:`FEATURES`:
the learned lexical log-odds of the line (:mod:`warta.extract.lexscore`) and its window means."""

K = kernel("warta.extract._linefeat")
"""The numeric kernel (features, stacking, tree walk): compiled ``_linefeat`` when built, else its twin."""

_SETS: dict[int, tuple[Any, frozenset[str]]] = {}


def _as_set(words: Any) -> frozenset[str]:
    """``words`` (a dict's keys or any iterable) as a frozenset, converted once per object."""
    got = _SETS.get(id(words))
    if got is None or got[0] is not words:
        got = _SETS[id(words)] = (words, frozenset(words))
    return got[1]


def features(lines: Sequence[Any], stopwords: Any, extra: int = 0) -> np.ndarray:
    """The line model's input matrix (one row per line, :data:`FEATURES` columns, then ``extra``
    uninitialised columns for the caller: :meth:`LineModel.inputs` writes the lexical ones there).

    ``lines`` are text.py's line objects after its hand scoring (fields ``text``, ``words``,
    ``ends``, ``verdict``, ``kind``, ``score``, ``body_like``, ``reason``, ``dateline``);
    ``stopwords`` is a set-like of frequent lower-case words (the lexicon's hint words).
    Most features are language-neutral: shape, punctuation (CJK marks included), the page's own
    frequent words, repetition, runs of long or short lines; ``words`` counts characters / 3 in
    scripts without spaces (text.py), and ``wide_chars`` tells such lines apart. Computed by the
    ``_linefeat`` kernel (:data:`K`).
    """
    return K.features(lines if type(lines) is list else list(lines), _as_set(stopwords), extra)


class Trees:
    """An ensemble of binary regression trees, flattened into node arrays; :meth:`predict` sums leaves.

    Node ``k`` splits on column ``feature[k]`` (going ``left[k]`` when the value is ``<= threshold[k]``,
    else ``right[k]``) or, when ``feature[k] < 0``, is a leaf worth ``value[k]``. ``roots`` holds each
    tree's first node.

    >>> t = Trees([0, -1, -1], [0.5, 0.0, 0.0], [1, 1, 2], [2, 1, 2], [0.0, -1.0, 2.0], [0])
    >>> t.predict(np.array([[0.2], [0.9]])).tolist()
    [-1.0, 2.0]
    """

    __slots__ = ("feature", "threshold", "left", "right", "value", "roots", "packed")

    def __init__(
        self,
        feature: Sequence[int],
        threshold: Sequence[float],
        left: Sequence[int],
        right: Sequence[int],
        value: Sequence[float],
        roots: Sequence[int],
    ):
        self.feature = np.asarray(feature, dtype=np.intp)
        self.threshold = np.asarray(threshold, dtype=np.float64)
        self.left = np.asarray(left, dtype=np.intp)
        self.right = np.asarray(right, dtype=np.intp)
        self.value = np.asarray(value, dtype=np.float64)
        self.roots = np.asarray(roots, dtype=np.intp)
        self.packed = K.pack_trees(
            self.feature, self.threshold, self.left, self.right, self.value, self.roots
        )
        """The node arrays for the kernel's walk (:func:`~warta.extract._linefeat_py.pack_trees`)."""

    def predict(self, x: np.ndarray) -> np.ndarray:
        """The ensemble's raw score (sum of the leaves reached) for each row of ``x``.

        One C loop per (row, tree) in the compiled kernel (:data:`K`), one tree level per numpy step
        in its twin. The features are finite; a NaN would be read as 0 (what LightGBM does for
        splits without a learned missing-value direction).
        """
        return K.predict_packed(np.ascontiguousarray(x, dtype=np.float64), self.packed)

    def to_json(self) -> dict[str, Any]:
        return {
            "feature": self.feature.tolist(),
            "threshold": [float(v) for v in self.threshold],
            "left": self.left.tolist(),
            "right": self.right.tolist(),
            "value": [round(float(v), 6) for v in self.value],
            "roots": self.roots.tolist(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Trees:
        return cls(
            data["feature"], data["threshold"], data["left"], data["right"], data["value"], data["roots"]
        )


def _input_names(lexical: bool) -> tuple[str, ...]:
    """A model's input columns: :data:`FEATURES`, then :data:`LEX` when it has a lexical table."""
    return FEATURES + LEX if lexical else FEATURES


class LineModel:
    """Both weight vectors and the decoding thresholds.

    ``offset`` is added to each log-odds before the region search (positive: the region tolerates
    a few doubtful lines); ``keep`` is the log-odds a line inside the region needs to be body.
    ``trees``: the context model as a tree ensemble over the same stacked inputs (replaces ``w2``).
    ``lex``: a lexical token table (:class:`~warta.extract.lexscore.LexTable`); when given, the
    model's inputs are :data:`FEATURES` plus :data:`LEX` (:meth:`inputs`).
    ``cascade``: ``(lo, hi, a_lo, b_lo, a_hi, b_hi)`` or ``None``: lines whose line-model log-odds
    ``z`` are below ``lo`` or above ``hi`` skip the trees and get ``a * z + b`` (the kernel's
    ``stack_logits``); trained by ``training/train_lines.py --cascade``.
    """

    __slots__ = ("w1", "w2", "offset", "keep", "blend", "furniture", "meta", "trees", "lex", "cascade")

    def __init__(
        self,
        w1: Sequence[float],
        w2: Sequence[float],
        *,
        offset: float = 0.5,
        keep: float = -1.0,
        blend: float = 0.0,
        furniture: float | None = None,
        meta: Any = None,
        trees: Trees | None = None,
        lex: lexscore.LexTable | None = None,
        cascade: Sequence[float] | None = None,
    ):
        self.w1 = np.asarray(w1, dtype=np.float64)
        self.w2 = np.asarray(w2, dtype=np.float64)
        self.lex = lex
        d = len(self.names)
        if self.w1.shape != (d,) or self.w2.shape != (d + len(STACK),):
            raise ValueError("model weights do not match this version's features; retrain")
        self.offset = offset
        self.keep = keep
        self.blend = blend
        self.furniture = furniture
        self.meta = meta or {}
        self.trees = trees
        self.cascade = None
        if cascade is not None:  # lo / hi None (JSON): that side never skips the trees
            if len(cascade) != 6:
                raise ValueError("a cascade is (lo, hi, a_lo, b_lo, a_hi, b_hi)")
            lo, hi, *maps = cascade
            lo = -np.inf if lo is None else float(lo)
            hi = np.inf if hi is None else float(hi)
            maps = [float(v) for v in maps]
            if np.isnan(lo) or np.isnan(hi) or lo == np.inf or hi == -np.inf or not np.all(np.isfinite(maps)):
                raise ValueError("a cascade's lo is finite or -inf, its hi finite or +inf, its fits finite")
            self.cascade = (lo, hi, *maps)
        if trees is not None and len(trees.feature) and trees.feature.max() >= d + len(STACK):
            raise ValueError("model trees read columns this version does not compute; retrain")

    @property
    def names(self) -> tuple[str, ...]:
        """The model's input columns: :data:`FEATURES`, plus :data:`LEX` with a lexical table."""
        return _input_names(self.lex is not None)

    def inputs(self, lines: Sequence[Any], stopwords: Any) -> np.ndarray:
        """The model's input matrix for text.py's lines: :func:`features`, plus the lexical
        columns (:func:`warta.extract.lexscore.columns`) when the model has a table."""
        if self.lex is None:
            return features(lines, stopwords)
        # the lexical columns go straight into the matrix's last columns (no np.hstack: its copy
        # of a page's matrix cost about as much as the lexical score itself)
        x = features(lines, stopwords, len(LEX))
        lexscore.columns(lines, self.lex, x[:, len(FEATURES) :])
        return x

    def logits(self, x: np.ndarray) -> np.ndarray:
        """Final log-odds of body for the rows of an :meth:`inputs` matrix."""
        x = np.ascontiguousarray(x, dtype=np.float64)
        if self.trees is None:
            return K.stack_logits(x, self.w1, self.w2)
        return K.stack_logits(x, self.w1, self.w2, self.trees.packed, self.cascade)

    def to_json(self) -> dict[str, Any]:
        return {
            "features": list(self.names),
            "stack": list(STACK),
            "lex_table": LEX_TABLE_NAME if self.lex is not None else None,
            "w1": [round(float(w), 6) for w in self.w1],
            "w2": [round(float(w), 6) for w in self.w2],
            "offset": self.offset,
            "keep": self.keep,
            "blend": self.blend,
            "furniture": self.furniture,
            "meta": self.meta,
            "trees": self.trees.to_json() if self.trees is not None else None,
            "cascade": [None if np.isinf(v) else v for v in self.cascade] if self.cascade else None,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], lex: lexscore.LexTable | None = None) -> LineModel:
        """A model from :meth:`to_json`'s dict; ``lex``: its lexical table when it names one."""
        names = _input_names(bool(data.get("lex_table")))
        if list(data["features"]) != list(names) or list(data["stack"]) != list(STACK):
            raise ValueError("model features differ from this version's FEATURES; retrain")
        if data.get("lex_table") and lex is None:
            raise ValueError("this model reads a lexical table; load it with LineModel.load")
        return cls(
            data["w1"],
            data["w2"],
            offset=data["offset"],
            keep=data["keep"],
            blend=data.get("blend", 0.0),
            furniture=data.get("furniture"),
            meta=data.get("meta"),
            trees=Trees.from_json(data["trees"]) if data.get("trees") else None,
            lex=lex if data.get("lex_table") else None,
            cascade=data.get("cascade"),
        )

    @classmethod
    def load(cls, path: Path | str) -> LineModel:
        """A model file; its lexical table (``lex_table``) is read from the same folder."""
        path = Path(path)
        data = json.loads(path.read_text(encoding="utf-8"))
        name = data.get("lex_table")
        return cls.from_json(data, lexscore.LexTable.read(path.parent / name) if name else None)

    @staticmethod
    @cache
    def default() -> LineModel:
        """The committed model (:data:`MODEL_PATH`), loaded once."""
        return LineModel.load(MODEL_PATH)


def rescore(lines: Sequence[Any], lex: Any, model: LineModel | None = None) -> list[float]:
    """Set each line's ``score`` to the model's log-odds plus its offset; return the log-odds.

    ``lex`` is the chrome :class:`~warta.extract.chrome.Lexicon` (its frequent words are a feature).
    """
    m = model or current()
    if not lines or m is None:
        return []
    x = m.inputs(lines, lex.hint_weights)
    z = m.logits(x)
    if m.blend:  # x[:, 1] is the hand score / 10, clipped
        z = z + (10.0 * m.blend) * x[:, 1]
    return K.set_scores(lines if type(lines) is list else list(lines), z, m.offset, m.furniture, _FURNITURE)


ENABLED = os.environ.get("WARTA_LINE_MODEL", "0") == "1"
"""Whether text mode uses the committed model by default (:func:`current`): off unless ``WARTA_LINE_MODEL=1``
(the CLI's ``--text-model trained`` sets both).

Scored out-of-fold by registered domain (``python training/train_lines.py``; decoding chosen on the other
folds), the model with its learned lexical columns beats the hand rules on all three sets (session 11's
retrain: zyte 0.925 vs 0.900, wcxb 0.923 vs 0.884, Fundus 0.922 vs 0.903; ``bench/results/text-extract.md``,
"End of session 11"). With its features, lexical score and trees in kernels (``_linefeat``, ``_lexk``)
it still runs about 4x slower than the hand rules (~620-650 vs ~2,600 docs per CPU-s,
``WARTA_LINE_MODEL=1 python bench/text_bench.py --tools warta``, session 11), so it stays opt-in."""
_OVERRIDE: list[LineModel | None] = []


def current() -> LineModel | None:
    """The model in use: the innermost :class:`using` override, else the committed one.

    ``None`` (inside ``using(None)``) means text mode runs on its hand scores alone.
    """
    if _OVERRIDE:
        return _OVERRIDE[-1]
    return LineModel.default() if ENABLED else None


class using:  # noqa: N801 - a context manager that reads like a function
    """Use another model inside a ``with`` block, or none (``using(None)``: hand rules only).

    >>> m = LineModel(np.zeros(len(FEATURES)), np.zeros(len(FEATURES) + len(STACK)))
    >>> with using(m):
    ...     current() is m
    True
    """

    def __init__(self, model: LineModel | None):
        self.model = model

    def __enter__(self) -> LineModel | None:
        _OVERRIDE.append(self.model)
        return self.model

    def __exit__(self, *exc: object) -> None:
        _OVERRIDE.pop()


__all__ = [
    "BASE",
    "CONTEXT",
    "FEATURES",
    "LEX",
    "MODEL_PATH",
    "STACK",
    "K",
    "LineModel",
    "Trees",
    "current",
    "features",
    "positive_runs",
    "region",
    "rescore",
    "stack_features",
    "using",
]
