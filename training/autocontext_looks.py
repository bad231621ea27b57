"""Out-of-fold look at a third, auto-context stage for text mode's line model (session 11, h1).

Stage 2 (the shipped 200 x 15 context trees) sees the stage-1 log-odds and their window means; it
never sees its *own* outputs on neighbouring lines. Stage 3 (auto-context / stacked sequential
learning) gets, per line, the stage-2 inputs plus:

- ``zwin``: the stage-2 log-odds ``z2 / 5``, ``z2 - max`` and the means of ``z2 / 5`` and of
  ``z2 > 0`` over 1, 3, 8, 20 lines before and (separately) after the line (18 columns);
- ``region``: where the line sits relative to a first decoding (Kadane region of ``z2 + 0.5``,
  :func:`warta.extract._linefeat_py.region`): inside it, signed distances to its start and end, its
  length, the number of positive runs, the total of the line's own run over the best one, the share
  and counts of likely-body (``z2 > 0``) lines before / after, the distance to the nearest one
  before / after (12 columns);
- ``lexwide``: the lexical log-odds' means over 1, 3, 8, 20 lines before and after (8 columns).

Stage 3 is a LightGBM ensemble with the shipped settings (:data:`training.train_lines.GBM`, one
thread) boosted *from* ``z2`` (``init_score``: its trees learn a correction, so 100 rounds), final
log-odds ``z3 = z2 + trees(x3)``.

Nesting: outer folds by registered domain (5). For outer fold ``f`` the stage-3 training rows need
stage-2 log-odds that no page's own labels produced: inner folds ``fold_of(group + "#inner", 4)``;
per inner fold ``k`` stage 1 + stage 2 are refitted on the other inner folds' pages exactly as
``training/line_feature_looks.fit`` (lexical columns: ``lz[f]`` of ``bench/out/lex_oof_v1.pkl``)
and score fold ``k``. The outer test pages get the outer fit's log-odds (the cached ``z`` of the
shipped form, the stage-2 inputs from the outer stage-1 weights). Then every page is extracted by
text mode over the decoding grid, decoding nested per fold (``line_feature_looks.nested_prs``).

Run (stage-2 inner fits: about 20 x 2 CPU-minutes, cached under ``--cache``)::

    python training/autocontext_looks.py --stage2          # inner out-of-fold stage-2 log-odds
    python training/autocontext_looks.py --look full       # zwin + region + lexwide
    python training/autocontext_looks.py --look zwin       # the stage-2 window means alone
    python training/autocontext_looks.py --wide2           # no stage 3: region(z1) + lexwide in stage 2
    python training/autocontext_looks.py --inner-val       # variants on held-out inner folds (no OOF read)
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
from warta.extract._linefeat_py import _window_means, positive_runs, region, stack_features  # noqa: E402

LEX_CACHE = tl.CACHE / "lex_oof_v1.pkl"
GBM1 = {**tl.GBM, "num_threads": 1}
ROUNDS3 = 100
WINDOWS3 = (1, 3, 8, 20)
OFFSET = 0.5
BLOCKS3 = {"full": ("zwin", "region", "lexwide"), "zwin": ("zwin",), "zwin_region": ("zwin", "region")}


def _signed(d: Any, cap: float) -> Any:
    return np.clip(d, -cap, cap) / cap


def zwin_cols(z2: Any) -> Any:
    """``z2 / 5``, ``z2 - max`` (scaled) and window means of ``z2 / 5`` and ``z2 > 0`` (18 columns)."""
    zs = z2 / 5.0
    pos = (z2 > 0).astype(np.float64)
    win = _window_means(np.column_stack((zs, pos)), WINDOWS3)
    return np.hstack((zs[:, None], (zs - zs.max())[:, None], win))


def region_cols(z2: Any) -> Any:
    """The line against a first decoding of ``z2`` (Kadane region of ``z2 + offset``; 12 columns)."""
    n = len(z2)
    s = z2 + OFFSET
    idx = np.arange(n)
    a, b = region(s, 0.5)
    runs = positive_runs(s.tolist())
    top = max((r[0] for r in runs), default=1.0)
    own = np.zeros(n)
    for t, ra, rb in runs:
        own[ra : rb + 1] = t / top
    inside = ((idx >= a) & (idx <= b)).astype(np.float64)
    if a <= b:
        da, db, rl = _signed(idx - a, 30.0), _signed(idx - b, 30.0), b - a + 1
    else:
        da, db, rl = np.zeros(n), np.zeros(n), 0
    pos = (z2 > 0).astype(np.float64)
    before = np.cumsum(pos) - pos
    after = pos.sum() - before - pos
    pidx = np.flatnonzero(pos)
    if len(pidx):
        j = np.searchsorted(pidx, idx, side="right")  # first positive line strictly after idx
        nxt = np.where(j < len(pidx), pidx[np.minimum(j, len(pidx) - 1)] - idx, 99)
        jb = np.searchsorted(pidx, idx, side="left") - 1  # last positive line strictly before idx
        prv = np.where(jb >= 0, idx - pidx[np.maximum(jb, 0)], 99)
    else:
        nxt = prv = np.full(n, 99)
    return np.column_stack(
        (
            inside,
            da,
            db,
            np.full(n, rl / n),
            np.full(n, np.log1p(rl) / 6.0),
            np.full(n, np.log1p(len(runs)) / 4.0),
            own,
            before / max(pos.sum(), 1.0),
            np.log1p(before) / 5.0,
            np.log1p(after) / 5.0,
            np.minimum(nxt, 20) / 20.0,
            np.minimum(prv, 20) / 20.0,
        )
    )


def lexwide_cols(lz: Any) -> Any:
    """Means of the clipped lexical log-odds over 1, 3, 8, 20 lines before and after (8 columns)."""
    zs = np.clip(lz, -lexscore.CLIP, lexscore.CLIP) / 5.0
    return _window_means(zs[:, None], WINDOWS3)


def stage3_inputs(x2: Any, z2: Any, lz: Any, blocks: tuple[str, ...]) -> Any:
    cols = [x2]
    if "zwin" in blocks:
        cols.append(zwin_cols(z2))
    if "region" in blocks:
        cols.append(region_cols(z2))
    if "lexwide" in blocks:
        cols.append(lexwide_cols(lz))
    return np.hstack(cols)


def _xs(data: list[dict[str, Any]], lzf: dict[int, Any]) -> list[Any]:
    """The shipped form's stage-1 inputs for one outer fold: features + lexical columns of ``lz[f]``."""
    return [
        np.hstack((d["x"], lexscore.window_columns(lzf[i]))) if i in lzf and len(d["y"]) else d["x"]
        for i, d in enumerate(data)
    ]


def stage2(
    args: Any, data: list[dict[str, Any]], groups: list[str], folds: list[int], lex: dict[str, Any]
) -> None:
    """Per outer fold: inner out-of-fold stage-2 log-odds (and stage-1 weights) of its training pages."""
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    t0 = time.process_time()
    tl.GBM["num_threads"] = 1
    for f in range(tl.FOLDS):
        path = cache / f"s2_fold{f}.pkl"
        if path.exists():
            continue
        xs = _xs(data, lex["lz"][f])
        train = [i for i, g in enumerate(folds) if g != f and len(data[i]["y"])]
        inner = {i: tl.fold_of(groups[i] + "#inner", 4) for i in train}
        out: dict[str, Any] = {"z2": {}, "w1_inner": {}, "inner": inner}
        for k in range(4):
            w1k, trees = lfl.fit(xs, data, groups, [i for i in train if inner[i] != k])
            out["w1_inner"][k] = w1k
            for i in train:
                if inner[i] == k:
                    out["z2"][i] = trees.predict(stack_features(xs[i], xs[i] @ w1k))
            print(f"  fold {f} inner {k}: {time.process_time() - t0:.0f} CPU-s", file=sys.stderr, flush=True)
        cat = np.concatenate
        out["w1_outer"] = tl.fit_lr(
            np.vstack([xs[i] for i in train]),
            cat([data[i]["y"] for i in train]),
            cat([data[i]["w"] for i in train]),
            tl.L2,
        )
        path.write_bytes(pickle.dumps(out))


def wide_stack(x: Any, z1: Any, lz: Any) -> Any:
    """Stage-2 inputs widened (no third stage): :func:`stack_features` plus the ``region`` columns of
    the stage-1 log-odds and the ``lexwide`` columns (20 more columns, no extra tree pass)."""
    return np.hstack((stack_features(x, z1), region_cols(z1), lexwide_cols(lz)))


def fit_wide(
    xs: list[Any], data: list[dict[str, Any]], groups: list[str], idx: list[int], lzf: dict[int, Any]
) -> Any:
    """``line_feature_looks.fit`` with :func:`wide_stack` as the trees' inputs."""
    idx = [i for i in idx if len(data[i]["y"])]
    w1, z1 = lfl.stage1(xs, data, groups, idx)
    x2 = np.vstack([wide_stack(xs[i], z1[i], lzf[i]) for i in idx])
    return w1, tl.fit_trees(x2, *lfl.targets(data, idx))


def look_wide(
    args: Any,
    pages: list[dict[str, Any]],
    data: list[dict[str, Any]],
    groups: list[str],
    folds: list[int],
    lex: dict[str, Any],
) -> None:
    """The shipped two stages with :func:`wide_stack` inputs, per outer fold; nested decoding."""
    t0 = time.process_time()
    tl.GBM["num_threads"] = 1
    zs: list[Any] = [np.zeros(0)] * len(pages)
    for f in range(tl.FOLDS):
        lzf = lex["lz"][f]
        xs = _xs(data, lzf)
        w1, trees = fit_wide(xs, data, groups, [i for i, g in enumerate(folds) if g != f], lzf)
        for i, g in enumerate(folds):
            if g == f and len(data[i]["y"]):
                zs[i] = trees.predict(wide_stack(xs[i], xs[i] @ w1, lzf[i]))
        print(f"  fold {f}: {time.process_time() - t0:.0f} CPU-s", file=sys.stderr, flush=True)
    print(line_report(pages, data, [lex["z"][i] for i in range(len(pages))], "stage 2 (shipped)"))
    print(line_report(pages, data, zs, "stage 2 wide"))
    nested, choice = lfl.nested_prs(pages, data, zs, folds)
    label = "stage 2 + region(z1) + lexwide (20 more cols)"
    print(tl.report(pages, nested, f"{label}, OOF by domain, decoding nested {[tl.GRID[j] for j in choice]}"))
    print(tl.report(pages, lex["nested"], "baseline (cached shipped form)"))
    if args.dump:
        lfl.dump_prs(args.dump, pages, nested)


def look(
    args: Any, pages: list[dict[str, Any]], data: list[dict[str, Any]], folds: list[int], lex: dict[str, Any]
) -> None:
    """Stage 3 per outer fold on the cached stage-2 log-odds; nested decoding; the report line."""
    import lightgbm

    t0 = time.process_time()
    blocks = BLOCKS3[args.look]
    zs: list[Any] = [np.zeros(0)] * len(pages)
    ncols = 0
    for f in range(tl.FOLDS):
        s2 = pickle.loads((Path(args.cache) / f"s2_fold{f}.pkl").read_bytes())
        lzf = lex["lz"][f]
        xs = _xs(data, lzf)
        train = sorted(s2["z2"])
        x3 = []
        for i in train:
            x2 = stack_features(xs[i], xs[i] @ s2["w1_inner"][s2["inner"][i]])
            x3.append(stage3_inputs(x2, s2["z2"][i], lzf[i], blocks))
        x = np.vstack(x3)
        ncols = x.shape[1]
        y = np.concatenate([data[i]["y"] for i in train])
        w = np.concatenate([data[i]["w"] for i in train])
        init = np.concatenate([s2["z2"][i] for i in train])
        ds = lightgbm.Dataset(x, y, weight=w / w.mean(), init_score=init)
        trees = tl.flatten_trees(lightgbm.train(GBM1, ds, args.rounds).dump_model())
        for i, g in enumerate(folds):
            if g == f and len(data[i]["y"]):
                z2 = lex["z"][i]
                x2 = stack_features(xs[i], xs[i] @ s2["w1_outer"])
                zs[i] = z2 + trees.predict(stage3_inputs(x2, z2, lzf[i], blocks))
        print(f"  fold {f}: {time.process_time() - t0:.0f} CPU-s", file=sys.stderr, flush=True)
    print(line_report(pages, data, [lex["z"][i] for i in range(len(pages))], "stage 2 (shipped)"))
    print(line_report(pages, data, zs, f"stage 3 {args.look}"))
    if args.lines_only:
        return
    nested, choice = lfl.nested_prs(pages, data, zs, folds)
    label = f"stage 3 {args.look} ({ncols} cols, {args.rounds} rounds from z2)"
    print(tl.report(pages, nested, f"{label}, OOF by domain, decoding nested {[tl.GRID[j] for j in choice]}"))
    print(tl.report(pages, lex["nested"], "baseline (cached shipped form)"))
    if args.dump:
        lfl.dump_prs(args.dump, pages, nested)
    print(f"{time.process_time() - t0:.0f} CPU-s", file=sys.stderr)


def line_report(pages: list[dict[str, Any]], data: list[dict[str, Any]], zs: list[Any], label: str) -> str:
    """Line-level out-of-fold numbers per set: weighted log-loss and weighted error at ``z > 0``
    (weights: the training weights, so each set and page counts as in the fit)."""
    parts = []
    for s in (*tl.SETS, "all"):
        sel = [i for i, p in enumerate(pages) if (s == "all" or p["set"] == s) and len(data[i]["y"])]
        z = np.concatenate([zs[i] for i in sel])
        y = np.concatenate([data[i]["y"] for i in sel])
        w = np.concatenate([data[i]["w"] for i in sel])
        ll = float(w @ (np.logaddexp(0.0, z) - y * z) / w.sum())
        err = float(w @ ((z > 0) != (y > 0.5)) / w.sum())
        parts.append(f"{s} logloss {ll:.4f} err {err:.4f}")
    return f"{label}: " + ", ".join(parts)


def _x3(x2: Any, z2: Any, lz: Any, blocks: tuple[str, ...], raw: bool) -> Any:
    """:func:`stage3_inputs`, without the stage-2 inputs when not ``raw``."""
    m = stage3_inputs(x2, z2, lz, blocks)
    return m if raw else m[:, x2.shape[1] :]


def inner_validation(
    data: list[dict[str, Any]], lex: dict[str, Any], cache: str, rounds: tuple[int, ...]
) -> str:
    """Training side only (no outer test page read): stage-3 variants fitted on three inner folds of
    outer folds 0 and 1 and scored on the fourth, line log-loss / error against the inner-OOF z2 itself."""
    import lightgbm

    variants = {
        f"{name}_r{r}": (raw, blocks, r)
        for r in rounds
        for name, raw, blocks in (
            ("full", True, BLOCKS3["full"]),
            ("zwin", True, BLOCKS3["zwin"]),
            ("new_only", False, BLOCKS3["full"]),
        )
    }
    res = {v: np.zeros(3) for v in ["z2", *variants]}
    cat = np.concatenate
    for f in (0, 1):
        s2 = pickle.loads((Path(cache) / f"s2_fold{f}.pkl").read_bytes())
        lzf = lex["lz"][f]
        xs = _xs(data, lzf)
        tr = sorted(s2["z2"])
        x2 = {i: stack_features(xs[i], xs[i] @ s2["w1_inner"][s2["inner"][i]]) for i in tr}
        for k in range(4):
            fit = [i for i in tr if s2["inner"][i] != k]
            val = [i for i in tr if s2["inner"][i] == k]
            yv = cat([data[i]["y"] for i in val])
            wv = cat([data[i]["w"] for i in val])
            zv = cat([s2["z2"][i] for i in val])

            def acc(name: str, z: Any, yv: Any = yv, wv: Any = wv) -> None:
                res[name] += (
                    float(wv @ (np.logaddexp(0, z) - yv * z)),
                    float(wv @ ((z > 0) != (yv > 0.5))),
                    wv.sum(),
                )

            acc("z2", zv)
            for name, (raw, blocks, r) in variants.items():
                y = cat([data[i]["y"] for i in fit])
                w = cat([data[i]["w"] for i in fit])
                ds = lightgbm.Dataset(
                    np.vstack([_x3(x2[i], s2["z2"][i], lzf[i], blocks, raw) for i in fit]),
                    y,
                    weight=w / w.mean(),
                    init_score=cat([s2["z2"][i] for i in fit]),
                )
                b = lightgbm.train(GBM1, ds, r)
                acc(
                    name,
                    zv
                    + b.predict(
                        np.vstack([_x3(x2[i], s2["z2"][i], lzf[i], blocks, raw) for i in val]), raw_score=True
                    ),
                )
    return ", ".join(f"{n} {v[0] / v[2]:.4f} / {v[1] / v[2]:.4f}" for n, v in res.items())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--stage2", action="store_true", help="compute the inner out-of-fold stage-2 log-odds")
    ap.add_argument("--look", choices=sorted(BLOCKS3), default=None)
    ap.add_argument("--wide2", action="store_true", help="no third stage: widen stage 2's inputs instead")
    ap.add_argument("--rounds", type=int, default=ROUNDS3)
    ap.add_argument("--cache", default="/tmp/s11/h1/cache")
    ap.add_argument("--inner-val", action="store_true", help="training-side variant check (no OOF read)")
    ap.add_argument("--lines-only", action="store_true", help="line-level numbers only, no extraction")
    ap.add_argument("--dump", default=None, help="save per-page nested (P, R) as JSON here")
    args = ap.parse_args(argv)
    pages, data, groups, folds = lfl.load()
    lex = pickle.loads(LEX_CACHE.read_bytes())
    if list(lex["folds"]) != list(folds):
        raise SystemExit("lex_oof_v1.pkl folds differ from the harness's")
    if args.stage2:
        stage2(args, data, groups, folds, lex)
    if args.inner_val:
        print("inner validation (log-loss / error):", inner_validation(data, lex, args.cache, (10, 30, 100)))
    if args.wide2:
        look_wide(args, pages, data, groups, folds, lex)
    if args.look:
        look(args, pages, data, folds, lex)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
