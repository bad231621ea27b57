"""Out-of-fold looks at a position-aware training target for the line model's stage 2 (session 11, h5).

Stage 2 (200 x 15 context trees) is trained on body / not-body, so a menu *before* the story and a
comment *after* it are one class to it. From the existing labels ``y`` only (no new data) each line
gets a position class: 0 *before* the page's first body line, 1 *body*, 2 *inside* (not body,
between the first and last body line: captions, ads, inset boxes), 3 *after* the last body line
(a page without a body line: all *before*).

- ``--look multiclass``: stage 2 is a 4-class LightGBM (``objective: multiclass``, the shipped
  rounds / leaves / settings, one thread) on the shipped stacked inputs; decoded with the log-odds
  of body, ``log P(body) - log(1 - P(body))``. Run-time: 4 trees a round, 4 x the shipped trees.
- ``--look posinputs``: stage 2 stays binary; its inputs get two more stage-1 logistic models'
  inner out-of-fold log-odds (targets *before* and *after*; same features, weights, L2) and their
  window means (the :func:`~warta.extract._linefeat_py.stack_features` windows; 2 + 12 columns).

Stage 1 is the shipped one (features + lexical columns of ``bench/out/lex_oof_v1.pkl``'s ``lz[f]``,
w1 as ``line_feature_looks.fit``). Nesting: outer folds by registered domain (5), stage-2 inputs of
training pages inner out-of-fold (4 inner folds by domain), decoding chosen per fold on the other
folds (``line_feature_looks.nested_prs``). No page's own fold fits or chooses anything it is scored with.

``--anchor-words 4``: the region is bounded by the first / last body line of at least 4 words (876 of
the 1,226 pages with a body line have a shorter one at an edge: stray short matches such as a title or
a date make most of the page *inside* otherwise; body lines outside stay body).

Results (session 11, baseline 0.9236; ``bench/results/text-extract.md``): multiclass 0.9223,
multiclass ``--anchor-words 4`` 0.9214, posinputs ``--anchor-words 4`` 0.9219, posinputs 0.9237.

Run (stage 1 cached under ``--cache``, about 2 CPU-minutes a fold pass; one OOF read per look)::

    python training/position_target_looks.py --look multiclass
    python training/position_target_looks.py --look multiclass --anchor-words 4
    python training/position_target_looks.py --look posinputs --anchor-words 4
    python training/position_target_looks.py --look posinputs
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
from training import line_feature_looks as lfl  # noqa: E402
from training import train_lines as tl  # noqa: E402

from warta.extract import lexscore  # noqa: E402
from warta.extract._linefeat_py import _STACK_WINDOWS, _window_means, stack_features  # noqa: E402

LEX_CACHE = tl.CACHE / "lex_oof_v1.pkl"
GBM1 = {**tl.GBM, "num_threads": 1}
MULTI = {**GBM1, "objective": "multiclass", "num_class": 4}
CLASSES = ("before", "body", "inside", "after")


def position_target(y: Any, words: Any = None, anchor_words: int = 1) -> Any:
    """0 before the first body line, 1 body, 2 not body between first and last body line, 3 after.

    ``anchor_words``: the first / last body line that bounds the region must have at least this
    many words (``words``); a shorter body line outside the region stays body (class 1)."""
    n = len(y)
    out = np.zeros(n, dtype=np.int64)
    pos = np.flatnonzero((y > 0.5) & (words >= anchor_words if words is not None else True))
    if not len(pos):
        out[y > 0.5] = 1
        return out
    a, b = int(pos[0]), int(pos[-1])
    idx = np.arange(n)
    out[idx > b] = 3
    out[(idx > a) & (idx < b)] = 2
    out[y > 0.5] = 1
    return out


def _xs(data: list[dict[str, Any]], lzf: dict[int, Any]) -> list[Any]:
    """The shipped form's stage-1 inputs for one outer fold: features + lexical columns of ``lz[f]``."""
    return [
        np.hstack((d["x"], lexscore.window_columns(lzf[i]))) if i in lzf and len(d["y"]) else d["x"]
        for i, d in enumerate(data)
    ]


def stage1(
    xs: list[Any],
    data: list[dict[str, Any]],
    groups: list[str],
    train: list[int],
    targets: dict[str, list[Any]],
) -> dict[str, Any]:
    """Per target: full-train weights and inner out-of-fold log-odds of the training pages
    (``line_feature_looks.stage1``, for any 0/1 target)."""
    return {name: lfl.stage1(xs, data, groups, train, ys) for name, ys in targets.items()}


def pos_columns(zb: Any, za: Any) -> Any:
    """The before / after log-odds (scaled) and their window means (2 + 12 columns)."""
    zz = np.column_stack((zb / 5.0, za / 5.0))
    return np.hstack((zz, _window_means(zz, _STACK_WINDOWS)))


def main(argv: list[str] | None = None) -> int:
    import lightgbm

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--look", choices=("multiclass", "posinputs"), required=True)
    ap.add_argument("--anchor-words", type=int, default=1, help="words of a body line bounding the region")
    ap.add_argument("--cache", default="/tmp/s11/h5")
    ap.add_argument("--dump", default=None, help="save per-page nested (P, R) as JSON here")
    args = ap.parse_args(argv)
    t0 = time.process_time()
    pages, data, groups, folds = lfl.load()
    lex = pickle.loads(LEX_CACHE.read_bytes())
    assert lex["folds"] == folds
    cls = [
        position_target(d["y"], np.array([r[1] for r in d["raw"]]), args.anchor_words)
        if len(d["y"])
        else d["y"]
        for d in data
    ]
    ys = {
        "body": [d["y"] for d in data],
        "before": [(c == 0).astype(np.float64) for c in cls],
        "after": [(c == 3).astype(np.float64) for c in cls],
    }
    allc = np.concatenate(cls)
    print(
        "classes: "
        + ", ".join(f"{n} {int((allc == k).sum())}" for k, n in enumerate(CLASSES))
        + f"; pages without body {sum(1 for d in data if len(d['y']) and not d['y'].any())}",
        file=sys.stderr,
    )
    zs: list[Any] = [np.zeros(0)] * len(pages)
    for f in range(tl.FOLDS):
        xs = _xs(data, lex["lz"][f])
        train = [i for i, g in enumerate(folds) if g != f and len(data[i]["y"])]
        test = [i for i, g in enumerate(folds) if g == f and len(data[i]["y"])]
        path = Path(args.cache) / (
            f"s1_fold{f}.pkl" if args.anchor_words == 1 else f"s1_fold{f}_a{args.anchor_words}.pkl"
        )
        if path.exists():
            s1 = pickle.loads(path.read_bytes())
        else:
            s1 = stage1(xs, data, groups, train, ys)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(pickle.dumps(s1))
        w1, z1 = s1["body"]
        cat = np.concatenate
        w = cat([data[i]["w"] for i in train])
        if args.look == "multiclass":
            x2 = np.vstack([stack_features(xs[i], z1[i]) for i in train])
            c = cat([cls[i] for i in train])
            booster = lightgbm.train(MULTI, lightgbm.Dataset(x2, c, weight=w / w.mean()), tl.GBM_ROUNDS)
            for i in test:
                p = booster.predict(stack_features(xs[i], xs[i] @ w1))
                pb = np.clip(p[:, 1], 1e-9, 1 - 1e-9)
                zs[i] = np.log(pb) - np.log1p(-pb)
        else:
            wb, zb = s1["before"]
            wa, za = s1["after"]
            x2 = np.vstack(
                [np.hstack((stack_features(xs[i], z1[i]), pos_columns(zb[i], za[i]))) for i in train]
            )
            y = cat([data[i]["y"] for i in train])
            trees = tl.fit_trees(x2, y, w, tl.GBM_ROUNDS, GBM1)
            for i in test:
                x2t = np.hstack((stack_features(xs[i], xs[i] @ w1), pos_columns(xs[i] @ wb, xs[i] @ wa)))
                zs[i] = trees.predict(x2t)
        print(f"  fold {f}: {time.process_time() - t0:.0f} CPU-s", file=sys.stderr, flush=True)
    nested, choice = lfl.nested_prs(pages, data, zs, folds)
    tag = args.look + (f"_a{args.anchor_words}" if args.anchor_words != 1 else "")
    print(tl.report(pages, nested, f"{tag}, OOF by domain, decoding nested {[tl.GRID[j] for j in choice]}"))
    dump = args.dump or str(Path(args.cache) / f"prs_{tag}.json")
    lfl.dump_prs(dump, pages, nested)
    Path(args.cache, f"z_{tag}.pkl").write_bytes(pickle.dumps(zs))
    print(f"{time.process_time() - t0:.0f} CPU-s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
