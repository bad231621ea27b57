"""Out-of-fold looks at candidate page-structure features for text mode's line model (session 9).

Reproduces the "Ninth session (H2)" rows of ``bench/results/text-extract.md``: each line of the
1,232 text-bench pages gets the shipped features (:data:`warta.extract.lines_model.FEATURES`) plus a
candidate block computed here (:data:`BLOCKS`); both stages are refitted per fold exactly as
``training/train_lines.py`` does (logistic line model, inner out-of-fold log-odds, 200 x 15
gradient-boosted context trees; folds by registered domain across sets), and every page is
extracted by text mode with its fold's log-odds over the 16-point decoding grid, the decoding
chosen per fold on the other folds' pages (nested). ``--block none`` reproduces the shipped
model's 0.9153.

Candidate blocks (per line):

- ``anchors``: for the first long paragraph (16+ words, full stop, not hand-classified), the first
  dateline, the first byline/date line, the last headline-shaped line above the first long
  paragraph and the last long paragraph: whether the page has one, the signed distance to it in
  lines (clipped at 30) and in characters; the line's rank among the long paragraphs (from the top,
  from the bottom), their count, their characters above it;
- ``repeats``: how often the line's text, its shape (word-count octave, full stop, hand kind, first
  and last character class) and its pair of shapes with the next / previous line occur on the page
  (menus, cards, repeated captions); the share of short lines without a full stop within five
  lines; the distance to the next / previous long paragraph;
- ``all``: both.

``--table-floor``: a decoding variant in which a hand-marked table cell (text mode's "table"
reason) counts at least even odds (log-odds 0, score = offset), so a one-cell-per-line table joins
the story.

Run (about 10 CPU-minutes a block; the line matrices are cached in ``bench/out``)::

    python training/line_feature_looks.py --block none
    python training/line_feature_looks.py --block all
    python training/line_feature_looks.py --block none --table-floor
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
from bench.common import zyte_page_pr  # noqa: E402
from training import train_lines as tl  # noqa: E402

from warta.extract import lines_model as lm  # noqa: E402
from warta.extract import text as textmod  # noqa: E402
from warta.extract._linefeat_py import _FURNITURE, stack_features  # noqa: E402
from warta.extract.chrome import Lexicon  # noqa: E402

CACHE = tl.CACHE / "line_feature_looks_v1.pkl"
_KINDS_BYLINE = frozenset({"byline", "date"})


def _raw(lines: list[Any]) -> list[tuple[Any, ...]]:
    """What the candidate blocks read of a line: text, words, full stop, kind, dateline flag."""
    out = []
    for ln in lines:
        v = ln.verdict
        kind = ln.kind or (v.kind if v is not None else None)
        out.append(
            (
                ln.text,
                ln.words,
                bool(ln.ends),
                kind.value if kind is not None else None,
                ln.dateline is not None,
            )
        )
    return out


def page_data(pages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per page: the shipped feature matrix, labels, set-balanced weights and raw lines (cached)."""
    if CACHE.exists():
        return pickle.loads(CACHE.read_bytes())
    lex = Lexicon.for_lang(None)
    out = []
    for p in pages:
        got: dict[str, Any] = {}

        def grab(lines: list[Any], got: dict[str, Any] = got) -> None:
            got["x"] = lm.features(lines, lex.hint_weights)
            got["raw"] = _raw(lines)

        with lm.using(None), tl.hook(grab):
            textmod.extract_text(p["flat"])
        raw = got.get("raw") or []
        texts = [r[0] for r in raw]
        y = np.array(tl.line_labels(texts, p["truth"]), dtype=np.float64) if texts else np.zeros(0)
        ntok = np.array([max(1, len(tl.tokens(t))) for t in texts], dtype=np.float64)
        w = np.maximum(ntok / ntok.sum(), 0.2 / len(ntok)) if texts else np.zeros(0)
        out.append({"x": got.get("x", np.zeros((0, len(lm.FEATURES)))), "y": y, "w": w, "raw": raw})
    for o, m in zip(out, tl.balance([(o["x"], o["y"], o["w"], None) for o in out], pages), strict=True):
        o["w"] = m[2]
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    CACHE.write_bytes(pickle.dumps(out))
    return out


def _signed(d: Any, cap: float) -> Any:
    return np.clip(d, -cap, cap) / cap


def block_all(raw: list[tuple[Any, ...]], x: Any) -> Any:
    """Both candidate blocks (26 columns: 19 ``anchors`` then 7 ``repeats``) for one page."""
    n = len(raw)
    words = np.array([r[1] for r in raw], dtype=np.float64)
    ends = np.array([r[2] for r in raw], dtype=bool)
    kinds = [r[3] for r in raw]
    dl = np.array([r[4] or k == "dateline" for r, k in zip(raw, kinds, strict=True)], dtype=bool)
    by = np.array([k in _KINDS_BYLINE for k in kinds], dtype=bool)
    uncl = x[:, 1 + lm.BASE.index("unclassified")] > 0
    title_shape = x[:, 1 + lm.BASE.index("title_shape")] > 0
    chars = np.array([len(r[0]) for r in raw], dtype=np.float64)
    long_ = (words >= 16) & ends & uncl
    idx = np.arange(n)
    cum = np.concatenate(([0.0], np.cumsum(chars)))
    cols: list[Any] = []
    lpos = np.flatnonzero(long_)
    fl = int(lpos[0]) if len(lpos) else None
    tp = None
    if fl is not None:
        cand = np.flatnonzero(title_shape[:fl] & (words[:fl] >= 4))
        tp = int(cand[-1]) if len(cand) else None
    anchors = (
        fl,
        int(np.argmax(dl)) if dl.any() else None,
        int(np.argmax(by)) if by.any() else None,
        tp,
        int(lpos[-1]) if len(lpos) else None,
    )
    for pos in anchors:
        if pos is None:
            cols += [np.zeros(n)] * 3
            continue
        cd = cum[idx] - cum[pos]
        cols += [np.ones(n), _signed(idx - pos, 30.0), np.sign(cd) * np.log1p(np.abs(cd)) / 10.0]
    nl = len(lpos)
    before = np.cumsum(long_) - long_
    lc = np.concatenate(([0.0], np.cumsum(chars * long_)))
    cols += [
        before / max(nl, 1),
        (nl - before - long_) / max(nl, 1),
        np.full(n, np.log1p(nl) / 4.0),
        lc[idx] / (lc[-1] or 1.0),
    ]
    counts: dict[str, int] = {}
    for r in raw:
        counts[r[0]] = counts.get(r[0], 0) + 1
    cols.append(np.log1p(np.array([counts[r[0]] - 1 for r in raw], dtype=np.float64)) / 3.0)
    shapes = []
    for r in raw:
        t = r[0]
        cls = 2 if t[:1].isdigit() else (1 if t[:1].isupper() else 0)
        shapes.append((min(int(r[1]).bit_length(), 6), r[2], r[3], cls, t[-1:] in ".:?!"))
    same: dict[Any, int] = {}
    for s in shapes:
        same[s] = same.get(s, 0) + 1
    cols.append(np.log1p(np.array([same[s] for s in shapes], dtype=np.float64)) / 6.0)
    pairs = [(shapes[i], shapes[i + 1]) for i in range(n - 1)]
    pc: dict[Any, int] = {}
    for pr in pairs:
        pc[pr] = pc.get(pr, 0) + 1
    nxt_pair = np.array([pc[pr] for pr in pairs] + [1], dtype=np.float64)
    prv_pair = np.concatenate(([1.0], nxt_pair[:-1]))
    cols += [np.log1p(nxt_pair - 1) / 3.0, np.log1p(prv_pair - 1) / 3.0]
    short = ((words <= 7) & ~ends).astype(np.float64)
    pre = np.concatenate(([0.0], np.cumsum(short)))
    lo = np.maximum(0, idx - 5)
    hi = np.minimum(n, idx + 6)
    cols.append((pre[hi] - pre[lo] - short) / np.maximum(hi - lo - 1, 1))
    if nl:
        j = np.searchsorted(lpos, idx)
        nxt = np.where(j < nl, lpos[np.minimum(j, nl - 1)] - idx, 99)
        prv = np.where(j > 0, idx - lpos[np.maximum(j - 1, 0)], 99)
    else:
        nxt = prv = np.full(n, 99)
    cols += [np.minimum(nxt, 20) / 20.0, np.minimum(prv, 20) / 20.0]
    return np.column_stack(cols)


BLOCKS = {
    "none": None,
    "all": (0, 26),
    "anchors": (0, 19),
    "repeats": (19, 26),
}
"""Candidate blocks: column ranges of :func:`block_all` (``none``: the shipped features alone)."""


def fit(xs: list[Any], data: list[dict[str, Any]], groups: list[str], idx: list[int]) -> tuple[Any, lm.Trees]:
    """``train_lines.fit`` for a feature matrix of any width: logistic line model + context trees."""
    idx = [i for i in idx if len(data[i]["y"])]
    w1, z = stage1(xs, data, groups, idx)
    x2 = np.vstack([stack_features(xs[i], z[i]) for i in idx])
    return w1, tl.fit_trees(x2, *targets(data, idx))


def targets(data: list[dict[str, Any]], idx: list[int]) -> tuple[Any, Any]:
    """The labels and line weights of the pages ``idx``, concatenated."""
    return np.concatenate([data[i]["y"] for i in idx]), np.concatenate([data[i]["w"] for i in idx])


def stage1(
    xs: list[Any], data: list[dict[str, Any]], groups: list[str], idx: list[int], ys: Any = None
) -> tuple[Any, dict[int, Any]]:
    """``train_lines.stage1`` on the harness's page data: the logistic line model on the pages ``idx`` and their
    inner out-of-fold log-odds; ``ys``: per-page targets other than the body labels."""
    ys = [d["y"] for d in data] if ys is None else ys
    return tl.stage1(xs, ys, [d["w"] for d in data], groups, idx)


class _Decoding:
    """What text.py reads of a model (``keep``) plus the page's cached log-odds."""

    keep = -1.0
    dec: tuple[Any, ...] = (0.0, None, 0.5, -1.0)
    z: Any = None
    hand: Any = None
    table_floor = False


_D = _Decoding()


def _rescore(lines: list[Any], lex: Any, model: Any) -> list[float]:
    """``lines_model.rescore`` with the page's cached out-of-fold log-odds."""
    blend, furniture, offset, _keep = _D.dec
    z = _D.z + (10.0 * blend) * _D.hand if blend else _D.z
    zl = lm.K.set_scores(lines if type(lines) is list else list(lines), z, offset, furniture, _FURNITURE)
    if _D.table_floor:
        for k, ln in enumerate(lines):
            if ln.reason == "table" and zl[k] < 0.0:
                zl[k] = 0.0
                ln.score = offset
    return zl


def evaluate(pages: list[dict[str, Any]], data: list[dict[str, Any]], zs: list[Any], folds: list[int]) -> str:
    """Text mode with each page's out-of-fold log-odds over the decoding grid, decoding nested by fold."""
    nested, choice = nested_prs(pages, data, zs, folds)
    return tl.report(pages, nested, f"OOF by domain, decoding nested {[tl.GRID[j] for j in choice]}")


def nested_prs(
    pages: list[dict[str, Any]], data: list[dict[str, Any]], zs: list[Any], folds: list[int]
) -> tuple[list[tuple[float, float]], list[int]]:
    """:func:`evaluate`'s numbers: every page's (P, R) under its fold's nested decoding, and the
    grid index chosen per fold (for pages won / lost against another run)."""
    saved = textmod._rescore, textmod._line_model
    textmod._rescore, textmod._line_model = _rescore, lambda: _D
    try:
        prs = []
        for dec in tl.GRID:
            _D.dec, _D.keep = dec, dec[3]
            row = []
            for p, d, z in zip(pages, data, zs, strict=True):
                _D.z, _D.hand = z, d["x"][:, 1] if len(z) else np.zeros(0)
                row.append(zyte_page_pr(p["truth"], tl.extract_pred(p["flat"], None)))
            prs.append(row)
    finally:
        textmod._rescore, textmod._line_model = saved
    choice = tl.nested_decoding(folds, prs, tl.FOLDS)
    return [prs[choice[g]][i] for i, g in enumerate(folds)], choice


def won_lost(
    pages: list[dict[str, Any]], base: list[Any], new: list[Any], eps: float, name: str | None = None
) -> tuple[int, int]:
    """Pages of set ``name`` (every set when None) whose page F1 under ``new`` rose / fell by more than
    ``eps`` against ``base`` (per-page (P, R) lists, as :func:`nested_prs` gives)."""
    d = [
        tl.f1_of([n]) - tl.f1_of([b])
        for p, b, n in zip(pages, base, new, strict=True)
        if name is None or p["set"] == name
    ]
    return sum(x > eps for x in d), sum(x < -eps for x in d)


def dump_prs(path: str | Path, pages: list[dict[str, Any]], prs: list[tuple[float, float]]) -> None:
    """Save per-page (P, R) as JSON ``[[set, id, P, R], ...]`` (what the looks compare page by page)."""
    Path(path).write_text(
        json.dumps([[p["set"], p["id"], a, b] for p, (a, b) in zip(pages, prs, strict=True)])
    )


def load() -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[str], list[int]]:
    """The text-bench pages, their cached line data (:func:`page_data`), fold groups and folds."""
    pages = tl.load_pages()
    data = page_data(pages)
    groups = [tl.group_of(p) for p in pages]
    return pages, data, groups, [tl.fold_of(g, tl.FOLDS) for g in groups]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--block", choices=sorted(BLOCKS), default="none")
    ap.add_argument("--table-floor", action="store_true", help="table cells count at least even odds")
    args = ap.parse_args(argv)
    t0 = time.process_time()
    pages, data, groups, folds = load()
    cols = BLOCKS[args.block]
    xs = [
        np.hstack((d["x"], block_all(d["raw"], d["x"])[:, cols[0] : cols[1]]))
        if cols and len(d["raw"])
        else d["x"]
        for d in data
    ]
    zs: list[Any] = [np.zeros(0)] * len(pages)
    for f in range(tl.FOLDS):
        w1, trees = fit(xs, data, groups, [i for i, g in enumerate(folds) if g != f])
        for i, g in enumerate(folds):
            if g == f and len(xs[i]):
                zs[i] = trees.predict(stack_features(xs[i], xs[i] @ w1))
        print(f"  fold {f}: {time.process_time() - t0:.0f} CPU-s", file=sys.stderr)
    _D.table_floor = args.table_floor
    label = args.block + (" + table floor" if args.table_floor else "")
    print(f"{label}: {evaluate(pages, data, zs, folds)}")
    print(f"{time.process_time() - t0:.0f} CPU-s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
