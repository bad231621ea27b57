"""The line model's numeric kernel in pure Python (numpy): features, stacking, the tree walk.

The twin of the compiled ``_linefeat.pyx`` (same functions, same results to rounding: the kernel
sums a tree ensemble's leaves and the windows in plain C order); :mod:`warta.extract.lines_model`
imports whichever :func:`warta._compiled.kernel` picks. The feature names (:data:`FEATURES`,
:data:`STACK`) live here so that both the kernel and the model file's reader share one list.

>>> import numpy as np
>>> tree_predict(np.array([[0.2], [0.9]]), np.array([0, -1, -1]), np.array([0.5, 0.0, 0.0]),
...              np.array([1, 1, 2]), np.array([2, 1, 2]), np.array([0.0, -1.0, 2.0]), np.array([0])).tolist()
[-1.0, 2.0]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from warta.extract.chrome import AD_REASON, LineKind

_LIST_ITEM = re.compile(r"(?:[-•*·–—]|\d{1,2}[.)])\s")
_SENT_MARK = re.compile(r"[.!?](?:\s|$)|[。！？]")
_COMMA = re.compile(r"[,、，;；]")
_LINKISH = re.compile(r"https?:|www\.|@\w|\.(?:com|net|org)\b|#\w")
_PAGE_TOP = 40
"""The page's most frequent words (all lines, 3+ times): a line of prose shares many of them, whatever the language."""
_CAP_WORD = re.compile(r"(?:^|\s)[A-ZÀ-Þ]")
_DIGIT = re.compile(r"\d")

BASE = (
    "hand_score",  # text.py's hand score clipped to ±12, /10
    "body_like",
    "ends",
    "log_words",
    "w_le3",
    "w_4_7",
    "w_8_15",
    "w_16_40",
    "w_gt40",
    "log_chars",
    "unclassified",
    "chrome",
    "section_break",
    "related_or_tag",
    "caption_or_credit",
    "byline_or_date",
    "dateline",
    "title_shape",
    "list_item",
    "digit_short",
    "stopword_share",
    "comma_rate",
    "caps_share",
    "sentences",
    "repeated",
    "teaser",
    "boilerplate",
    "table",
    "ellipsis",
    "separators",
    "colon_end",
    "in_hand_region",
    "wide_chars",
    "digit_share",
    "linkish",
    "page_words",
    "rel_chars",
    "long_run",
    "short_run",
    "same_opening",
    "page_wide",
)
"""Per-line features, from text.py's line fields and the line's text."""
_I = {name: i for i, name in enumerate(BASE)}
_WIN_OF = (
    "hand_score",
    "body_like",
    "unclassified",
    "log_words",
    "stopword_share",
    "chrome",
    "sentences",
    "page_words",
)
_WIN_IDX = np.array([_I[n] for n in _WIN_OF])
_WINDOWS = (1, 3, 8)
CONTEXT = (
    "position",
    "before_first_body",
    "after_break",
    "after_region",
    "before_region",
    "lines_to_region",
    "run_share",
    "run_first",
    "run_len",
    "doc_log_lines",
)
FEATURES: tuple[str, ...] = (
    "bias",
    *BASE,
    *(f"{side}{w}_{n}" for w in _WINDOWS for side in ("prev", "next") for n in _WIN_OF),
    *CONTEXT,
)
"""Inputs of the line model, in the order of its weights."""
_STACK_WINDOWS = (1, 2, 4, 8, 16)
STACK: tuple[str, ...] = (
    "z",
    "z_minus_max",
    *(f"{side}{w}_{n}" for w in _STACK_WINDOWS for side in ("prev", "next") for n in ("z", "pos")),
    "pos_before_share",
)
"""Extra inputs of the context model: the line model's log-odds ``z`` and their neighbourhood."""

_FURNITURE = frozenset({LineKind.CAPTION, LineKind.CREDIT, LineKind.RELATED, LineKind.TAG})
"""Hand-classified lines printed inside a story (see :attr:`LineModel.furniture`)."""


def is_furniture(v: Any, kinds: frozenset[Any]) -> bool:
    """Whether a line's verdict ``v`` (not None) marks story furniture: a kind in ``kinds`` or an
    advertisement slot (:data:`~warta.extract.chrome.AD_REASON`; a verdict without a ``reason`` is none)."""
    return v.kind in kinds or getattr(v, "reason", None) == AD_REASON


_CHROME_KINDS = {
    "chrome": 0,
    "related": 1,
    "tag": 1,
    "caption": 2,
    "credit": 2,
    "byline": 3,
    "date": 3,
    "dateline": 4,
}


def _window_means(cols: np.ndarray, windows: Sequence[int]) -> np.ndarray:
    """Means of each column over the ``w`` rows before and the ``w`` rows after every row.

    >>> _window_means(np.array([[1.0], [2.0], [3.0]]), (1,)).tolist()
    [[0.0, 2.0], [1.0, 3.0], [2.0, 0.0]]
    """
    n, k = cols.shape
    pre = np.zeros((n + 1, k))
    np.cumsum(cols, axis=0, out=pre[1:])
    idx = np.arange(n)
    out = []
    for w in windows:
        lo = np.maximum(0, idx - w)
        hi = np.minimum(n, idx + 1 + w)
        cnt_prev = np.maximum(idx - lo, 1)[:, None]
        cnt_next = np.maximum(hi - idx - 1, 1)[:, None]
        out.append((pre[idx] - pre[lo]) / cnt_prev)
        out.append((pre[hi] - pre[idx + 1]) / cnt_next)
    return np.hstack(out)


def positive_runs(scores: Iterable[float]) -> list[tuple[float, int, int]]:
    """Kadane's positive runs of ``scores``: (best total, start, end) per run, in order.

    A run ends where the running total drops to zero; text mode's story region is one of them.

    >>> positive_runs([-1.0, 3.0, 2.0, -9.0, 4.0])
    [(5.0, 1, 2), (4.0, 4, 4)]
    """
    runs: list[tuple[float, int, int]] = []
    cur = 0.0
    start = 0
    best: tuple[float, int, int] | None = None
    for i, s in enumerate(scores):
        if cur <= 0:
            if best is not None:
                runs.append(best)
                best = None
            cur = 0.0
            start = i
        cur += s
        if cur > 0 and (best is None or cur > best[0]):
            best = (cur, start, i)
    if best is not None:
        runs.append(best)
    return runs


def region(scores: np.ndarray, share: float = 0.5) -> tuple[int, int]:
    """The first Kadane run scoring ``share`` of the best one (text.py's story region); empty = (n, n-1)."""
    runs = positive_runs(scores.tolist())
    n = len(scores)
    if not runs:
        return n, n - 1
    top = max(r[0] for r in runs)
    return next(((a, b) for t, a, b in runs if t >= share * top), (n, n - 1))


def _run_lengths(flag: np.ndarray) -> np.ndarray:
    """For each row, the length of the run of equal ``flag`` values it sits in, where ``flag`` is set (else 0).

    >>> _run_lengths(np.array([1, 1, 0, 1], dtype=bool)).tolist()
    [2.0, 2.0, 0.0, 1.0]
    """
    n = len(flag)
    if n == 0:
        return np.zeros(0)
    f = flag.astype(np.int8)
    edges = np.flatnonzero(np.diff(f)) + 1
    starts = np.concatenate(([0], edges))
    lens = np.diff(np.concatenate((starts, [n])))
    out = np.repeat(lens.astype(np.float64), lens)
    return out * flag


def features(lines: Sequence[Any], sw: frozenset[str], extra: int = 0) -> np.ndarray:
    """The line model's input matrix (one row per line, :data:`FEATURES` columns, then ``extra``
    columns left for the caller to fill: not initialised, so that in the compiled kernel a caller's
    own columns are written once, with no copy of the matrix; this twin copies).

    ``lines`` are text.py's line objects after its hand scoring (fields ``text``, ``words``,
    ``ends``, ``verdict``, ``kind``, ``score``, ``body_like``, ``reason``, ``dateline``);
    ``sw`` is a frozenset of frequent lower-case words (the lexicon's hint words).
    Most features are language-neutral: shape, punctuation (CJK marks included), the page's own
    frequent words, repetition, runs of long or short lines; ``words`` counts characters / 3 in
    scripts without spaces (text.py), and ``wide_chars`` tells such lines apart.
    """
    n = len(lines)
    if extra < 0:
        raise ValueError("features: extra < 0")
    if n == 0:
        return np.zeros((0, len(FEATURES) + extra))
    counts: dict[str, int] = {}
    openings: dict[str, int] = {}
    rows = []
    toks_of = []
    vocab: dict[str, int] = {}
    for ln in lines:
        t = ln.text
        counts[t] = counts.get(t, 0) + 1
        op = t[:12]
        openings[op] = openings.get(op, 0) + 1
        v = ln.verdict
        kind = ln.kind or (v.kind if v is not None else None)
        kc = _CHROME_KINDS.get(kind.value, -1) if kind is not None else -1
        reason = v.reason if v is not None else ln.reason
        head = t[:160]
        toks = head.lower().split()
        toks_of.append(toks)
        for w in toks:
            vocab[w] = vocab.get(w, 0) + 1
        nt = len(toks) or 1
        nw = ln.words or 1
        last = t[-1]
        rows.append(
            (
                ln.score,
                ln.body_like,
                ln.ends,
                ln.words,
                len(t),
                v is None and ln.kind is None,
                kc,
                ln.dateline is not None,
                last not in ".:" and t[:1] != t[:1].lower(),
                _LIST_ITEM.match(t) is not None,
                len(t) < 40 and _DIGIT.search(t) is not None,
                len(sw.intersection(toks)) / nt if sw else 0.0,
                len(_COMMA.findall(head)) / min(nw, 40),
                len(_CAP_WORD.findall(head)) / nt,
                len(_SENT_MARK.findall(t)),
                reason == "teaser",
                reason == "site boilerplate",
                reason == "table",
                t.endswith(("...", "…")),
                " | " in t or " • " in t or " · " in t,
                last == ":",
                len(head.encode("utf-8", "surrogatepass")) / len(head),
                len(_DIGIT.findall(head)) / len(head),
                _LINKISH.search(head) is not None,
            )
        )
    r = np.array(rows, dtype=np.float64).reshape(n, 24)
    score, body_like, ends, words, chars, uncl, kc = (r[:, j] for j in range(7))
    rep = np.fromiter((counts[ln.text] > 1 for ln in lines), dtype=np.float64, count=n)
    same_open = np.fromiter((openings[ln.text[:12]] > 2 for ln in lines), dtype=np.float64, count=n)
    ranked = sorted(vocab, key=vocab.__getitem__, reverse=True)[:_PAGE_TOP]
    top = frozenset(w for w in ranked if vocab[w] >= 3)
    page_words = np.fromiter(
        (len(top.intersection(tk)) / (len(tk) or 1) for tk in toks_of), dtype=np.float64, count=n
    )
    wide = np.clip((r[:, 21] - 1.0) / 2.0, 0.0, 1.0)
    hand = np.clip(score, -12.0, 12.0)
    ra, rb = region(score)
    idx = np.arange(n)
    base = np.column_stack(
        (
            hand / 10.0,
            body_like,
            ends,
            np.log1p(words) / 4.0,
            words <= 3,
            (words >= 4) & (words <= 7),
            (words >= 8) & (words <= 15),
            (words >= 16) & (words <= 40),
            words > 40,
            np.log1p(chars) / 7.0,
            uncl,
            kc == 0,
            score <= -8.0,
            kc == 1,
            kc == 2,
            kc == 3,
            (kc == 4) | (r[:, 7] > 0),
            (words >= 3) & (words <= 35) & (r[:, 8] > 0),
            r[:, 9],
            r[:, 10],
            r[:, 11],
            np.minimum(r[:, 12], 0.5) * 2.0,
            np.minimum(r[:, 13], 1.0),
            np.minimum(r[:, 14] + ends, 5.0) / 5.0,
            rep,
            r[:, 15],
            r[:, 16],
            r[:, 17],
            r[:, 18],
            r[:, 19],
            r[:, 20],
            (idx >= ra) & (idx <= rb),
            wide,
            np.minimum(r[:, 22] * 4.0, 1.0),
            r[:, 23],
            page_words,
            np.log1p(chars) / np.log1p(chars.max()),
            np.log1p(_run_lengths(words >= 12)) / 4.0,
            np.log1p(_run_lengths(words <= 5)) / 4.0,
            same_open,
            np.full(n, wide.mean()),
        )
    ).astype(np.float64)
    win = _window_means(base[:, _WIN_IDX], _WINDOWS)
    # document context: position, the hand rules' runs and region
    runs = positive_runs(score.tolist())
    top_run = max((t for t, _, _ in runs), default=1.0) or 1.0
    run_share = np.zeros(n)
    run_len = np.zeros(n)
    run_first = np.zeros(n)
    for j, (t, a, b) in enumerate(runs):
        run_share[a : b + 1] = t / top_run
        run_len[a : b + 1] = np.log1p(b - a + 1) / 5.0
        if j == 0:
            run_first[a : b + 1] = 1.0
    first_body = int(np.argmax(body_like > 0)) if body_like.any() else n
    brk = base[:, _I["section_break"]]
    after_break = (np.cumsum(brk) - brk) > 0
    dist = np.where(idx < ra, ra - idx, np.where(idx > rb, idx - rb, 0))
    ctx = np.column_stack(
        (
            idx / max(n, 1),
            idx < first_body,
            after_break,
            idx > rb,
            idx < ra,
            np.minimum(dist, 50) / 50.0,
            run_share,
            run_first,
            run_len,
            np.full(n, np.log1p(n) / 8.0),
        )
    ).astype(np.float64)
    parts = (np.ones((n, 1)), base, win, ctx)
    return np.hstack((*parts, np.empty((n, extra)))) if extra else np.hstack(parts)


def stack_features(x: np.ndarray, z: np.ndarray) -> np.ndarray:
    """The context model's input: the line model's input ``x`` plus :data:`STACK` columns from ``z``."""
    n = len(z)
    if n == 0:
        return np.zeros((0, x.shape[1] + len(STACK)))
    zs = z / 5.0
    pos = (z > 0).astype(np.float64)
    win = _window_means(np.column_stack((zs, pos)), _STACK_WINDOWS)
    before = (np.cumsum(pos) - pos) / max(pos.sum(), 1.0)
    return np.hstack((x, zs[:, None], (zs - zs.max())[:, None], win, before[:, None]))


def tree_predict(
    x: np.ndarray,
    feature: np.ndarray,
    threshold: np.ndarray,
    left: np.ndarray,
    right: np.ndarray,
    value: np.ndarray,
    roots: np.ndarray,
) -> np.ndarray:
    """A flattened tree ensemble's raw score (sum of the leaves reached) for each row of ``x``.

    Node ``k`` splits on column ``feature[k]`` (``left[k]`` when the value is ``<= threshold[k]``,
    else ``right[k]``) or, when ``feature[k] < 0``, is a leaf worth ``value[k]``; ``roots`` holds
    each tree's first node. All (row, tree) walkers step together, one tree level per numpy step;
    a walker that reached its leaf drops out. A NaN feature is read as 0 (what LightGBM does for
    splits without a learned missing-value direction).
    """
    n, d = x.shape
    t = len(roots)
    if len(feature) and feature.max() >= d:
        raise IndexError(f"the trees read column {feature.max()}; the input has {d}")
    if n == 0 or t == 0:
        return np.zeros(n)
    xf = np.nan_to_num(np.ascontiguousarray(x, dtype=np.float64), nan=0.0).ravel()
    node = np.tile(roots, n)
    row = np.repeat(np.arange(n, dtype=np.intp) * d, t)
    act = np.flatnonzero(feature[node] >= 0)
    while len(act):
        nd = node[act]
        go_left = xf[row[act] + feature[nd]] <= threshold[nd]
        nxt = np.where(go_left, left[nd], right[nd])
        node[act] = nxt
        act = act[feature[nxt] >= 0]
    return value[node].reshape(n, t).sum(axis=1)


def pack_trees(
    feature: np.ndarray,
    threshold: np.ndarray,
    left: np.ndarray,
    right: np.ndarray,
    value: np.ndarray,
    roots: np.ndarray,
) -> tuple[np.ndarray, ...]:
    """A tree ensemble's node arrays plus a branch-free form of them, built once per model.

    Returns ``(feature, threshold, left, right, value, roots, nodes, leaf_value, first, depth,
    max_feature)``: the first six as given (what this twin walks), then for the compiled walk the
    trees renumbered so that a split's two children are neighbours: ``nodes`` (records of
    :data:`NODE`: ``thr``, ``feat``, ``kid``; the next node is ``kid + (x[feat] > thr)``, and a leaf
    is ``kid`` = itself with ``thr`` = +inf, so it stays put), ``leaf_value`` (each renumbered
    node's value), ``first`` (int32, each tree's root) and ``depth`` (int32, each tree's longest
    root-to-leaf path: stepping a tree ``depth`` times from its root ends on the leaf the
    ordinary walk reaches); ``max_feature`` is the widest column a split reads. Node indices out
    of range, a cycle or a node shared by two parents raise ``ValueError`` (the compiled walk does
    not check them again).

    >>> p = pack_trees(np.array([0, -1, -1]), np.array([0.5, 0.0, 0.0]), np.array([1, 1, 2]),
    ...                np.array([2, 1, 2]), np.array([0.0, -1.0, 2.0]), np.array([0]))
    >>> p[6]["kid"].tolist(), p[6]["thr"].tolist(), p[7].tolist(), p[8].tolist(), p[9].tolist(), p[10]
    ([1, 1, 2], [0.5, inf, inf], [0.0, -1.0, 2.0], [0], [1], 0)
    """
    feature = np.asarray(feature, dtype=np.intp)
    threshold = np.asarray(threshold, dtype=np.float64)
    left = np.asarray(left, dtype=np.intp)
    right = np.asarray(right, dtype=np.intp)
    value = np.asarray(value, dtype=np.float64)
    roots = np.asarray(roots, dtype=np.intp)
    nodes_n = len(feature)
    if not (len(threshold) == len(left) == len(right) == len(value) == nodes_n):
        raise ValueError("tree node arrays differ in length")
    for a in (left, right, roots):
        if len(a) and (a.min() < 0 or a.max() >= nodes_n):
            raise ValueError("a tree node points outside the node arrays")
    if nodes_n and feature.min() < -1:
        raise ValueError("a tree node has a negative feature other than -1 (leaf)")
    feat_l, thr_l, left_l, right_l, value_l = (
        feature.tolist(),
        threshold.tolist(),
        left.tolist(),
        right.tolist(),
        value.tolist(),
    )
    recs: list[tuple[float, int, int]] = []
    leaf_value: list[float] = []
    first = np.zeros(len(roots), dtype=np.int32)
    depth = np.zeros(len(roots), dtype=np.int32)
    seen: set[int] = set()
    for t, root in enumerate(roots.tolist()):
        first[t] = len(recs)
        recs.append((0.0, 0, 0))
        leaf_value.append(0.0)
        todo = [(root, first[t], 0)]  # (old node, its new number, depth), breadth first
        while todo:
            nxt = []
            for k, new, d in todo:
                if k in seen:  # reached twice: a cycle or a shared node, not a tree
                    raise ValueError("a tree node is reached twice (not a tree)")
                seen.add(k)
                leaf_value[new] = value_l[k]
                if feat_l[k] < 0:
                    recs[new] = (np.inf, 0, int(new))
                    depth[t] = max(depth[t], d)
                    continue
                kid = len(recs)
                recs[new] = (thr_l[k], feat_l[k], kid)
                recs += [(0.0, 0, 0), (0.0, 0, 0)]
                leaf_value += [0.0, 0.0]
                nxt += [(left_l[k], kid, d + 1), (right_l[k], kid + 1, d + 1)]
            todo = nxt
        if len(recs) >= 2**31 - 2:
            raise ValueError("too many tree nodes for the packed form")
    return (
        feature,
        threshold,
        left,
        right,
        value,
        roots,
        np.array(recs, dtype=NODE),
        np.array(leaf_value, dtype=np.float64),
        first,
        depth,
        int(feature.max()) if nodes_n else -1,
    )


NODE = np.dtype([("thr", np.float64), ("feat", np.int32), ("kid", np.int32)])
"""One renumbered tree node of :func:`pack_trees` (16 bytes; the compiled walk's C struct)."""


def stack_logits(
    x: np.ndarray,
    w1: np.ndarray,
    w2: np.ndarray,
    packed: tuple[np.ndarray, ...] | None = None,
    cascade: Sequence[float] | None = None,
) -> np.ndarray:
    """The final log-odds for the rows of a :func:`features` matrix ``x``.

    ``z = x @ w1`` (the line model), then the context model on :func:`stack_features`: the tree
    ensemble ``packed`` (from :func:`pack_trees`) when given, else the linear weights ``w2``.

    ``cascade`` ``(lo, hi, a_lo, b_lo, a_hi, b_hi)``, with trees: a line the line model is sure of
    (``z < lo`` or ``z > hi``) skips the trees, its log-odds are ``a_lo * z + b_lo`` (or the
    ``hi`` pair), a line fit of the trees' output on such training lines; the others walk the
    trees as without it (a NaN ``z`` walks).
    """
    z = x @ w1
    x2 = stack_features(x, z)
    if packed is None:
        return x2 @ w2
    if cascade is None:
        return tree_predict(x2, *packed[:6])
    lo, hi, alo, blo, ahi, bhi = (float(v) for v in cascade)
    below, above = z < lo, z > hi
    out = np.where(below, alo * z + blo, np.where(above, ahi * z + bhi, 0.0))
    walk = np.flatnonzero(~(below | above))
    out[walk] = tree_predict(x2[walk], *packed[:6])
    return out


def predict_packed(x: np.ndarray, packed: tuple[np.ndarray, ...]) -> np.ndarray:
    """:func:`tree_predict` with the node arrays of :func:`pack_trees`."""
    return tree_predict(x, *packed[:6])


def set_scores(
    lines: Sequence[Any], z: np.ndarray, offset: float, furniture: float | None, kinds: frozenset[Any]
) -> list[float]:
    """Give each line its log-odds plus ``offset`` as ``score``; return the log-odds as a list.

    With ``furniture`` (a number), a line whose verdict's kind is in ``kinds`` (captions, related
    links ... printed inside a story) or that is an advertisement slot (:data:`~warta.extract.chrome.AD_REASON`) then
    scores at least ``furniture``. What
    :func:`warta.extract.lines_model.rescore` does with the model's output, line by line.

    >>> from types import SimpleNamespace as Ln
    >>> lines = [Ln(score=0.0, verdict=None), Ln(score=0.0, verdict=None)]
    >>> set_scores(lines, np.array([1.5, -2.0]), 0.5, None, frozenset())
    [1.5, -2.0]
    >>> [ln.score for ln in lines]
    [2.0, -1.5]
    """
    zl = z.tolist()
    for ln, v in zip(lines, zl, strict=True):
        ln.score = v + offset
    if furniture is not None:
        for ln in lines:
            v = ln.verdict
            if v is not None and ln.score < furniture and is_furniture(v, kinds):
                ln.score = furniture
    return zl
