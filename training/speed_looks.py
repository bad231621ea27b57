"""Out-of-fold looks at cheaper forms of the line model's context stage (session 11, h4).

The shipped form (features + lexical columns, stage-1 logistic regression, 200 x 15 context
trees) is refitted per outer fold exactly as ``training/lexical_looks.py`` does, reusing its saved
per-fold lexical log-odds (``bench/out/lex_oof_v1.pkl``, ``--save``); the per-fold models are cached
(``--cache``). Then each variant's out-of-fold log-odds go through text mode with decoding nested
by fold (``training/line_feature_looks.nested_prs``):

- ``trees:K``: only the first ``K`` of the 200 trees (a smaller model, the same boosting);
- ``cascade:Q`` (or ``cascade:QLO,QHI``): lines whose stage-1 log-odds ``z1`` are beyond the
  training lines' ``Q`` and ``1 - Q`` quantiles (``QLO`` and ``1 - QHI``; 0: that side never skips)
  skip the trees; their log-odds are ``a * z1 + b``, fitted per side (least squares on the fold's
  training lines, against the trees' own output).

Run::

    python training/speed_looks.py --fit                  # fit and cache the 5 fold models (no look)
    python training/speed_looks.py trees:100 cascade:0.3  # one look each
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
from warta.extract import lines_model as lm  # noqa: E402
from warta.extract._linefeat_py import stack_features  # noqa: E402

LEX_OOF = tl.CACHE / "lex_oof_v1.pkl"


def truncate(trees: lm.Trees, k: int) -> lm.Trees:
    """The first ``k`` trees of an ensemble (each tree's nodes are contiguous, in tree order)."""
    if k >= len(trees.roots):
        return trees
    end = int(trees.roots[k])
    return lm.Trees(
        trees.feature[:end],
        trees.threshold[:end],
        trees.left[:end],
        trees.right[:end],
        trees.value[:end],
        trees.roots[:k],
    )


def fit_folds(pages: Any, data: Any, groups: Any, folds: Any) -> list[dict[str, Any]]:
    """Per outer fold: stage-1 weights, trees, and (for the cascade) the training lines' inner
    out-of-fold stage-1 log-odds with the trees' output on them."""
    lz = pickle.loads(LEX_OOF.read_bytes())
    assert list(lz["folds"]) == list(folds)
    params = dict(tl.GBM, num_threads=1)
    out = []
    t0 = time.process_time()
    for f in range(tl.FOLDS):
        lzf = lz["lz"][f]
        xs = [
            np.hstack((d["x"], lexscore.window_columns(lzf[i]))) if i in lzf and len(d["y"]) else d["x"]
            for i, d in enumerate(data)
        ]
        idx = [i for i, g in enumerate(folds) if g != f and len(data[i]["y"])]
        cat = np.concatenate
        x = np.vstack([xs[i] for i in idx])
        y = cat([data[i]["y"] for i in idx])
        w = cat([data[i]["w"] for i in idx])
        w1 = tl.fit_lr(x, y, w, tl.L2)
        inner = [tl.fold_of(groups[i] + "#inner", 4) for i in idx]
        z: dict[int, Any] = {}
        for h in range(4):
            tr = [i for i, g in zip(idx, inner, strict=True) if g != h]
            wf = tl.fit_lr(
                np.vstack([xs[i] for i in tr]),
                cat([data[i]["y"] for i in tr]),
                cat([data[i]["w"] for i in tr]),
                tl.L2,
                start=w1,
            )
            for i, g in zip(idx, inner, strict=True):
                if g == h:
                    z[i] = xs[i] @ wf
        x2 = np.vstack([stack_features(xs[i], z[i]) for i in idx])
        trees = tl.fit_trees(x2, y, w, params=params)
        test = {i: xs[i] for i, g in enumerate(folds) if g == f and len(xs[i])}
        out.append(
            {
                "w1": w1,
                "trees": trees,
                "z1_train": cat([z[i] for i in idx]),
                "t_train": trees.predict(x2),
                "w_train": w,
                "x_test": test,
            }
        )
        del x, x2
        print(f"  fold {f}: {time.process_time() - t0:.0f} CPU-s", file=sys.stderr, flush=True)
    return out


def variant_z(fm: dict[str, Any], spec: str, x: Any) -> tuple[Any, float]:
    """One test page's log-odds under variant ``spec`` and the share of its lines that walk trees."""
    z1 = x @ fm["w1"]
    s = stack_features(x, z1)
    kind, _, arg = spec.partition(":")
    if kind == "trees":
        return truncate(fm["trees"], int(arg)).predict(s), 1.0
    if kind == "cascade":
        lo, hi, (alo, blo), (ahi, bhi) = fm["cascade"][arg]
        z = fm["trees"].predict(s)
        sure_lo, sure_hi = z1 < lo, z1 > hi
        z = np.where(sure_lo, alo * z1 + blo, np.where(sure_hi, ahi * z1 + bhi, z))
        return z, 1.0 - float(np.mean(sure_lo | sure_hi)) if len(z1) else 1.0
    raise ValueError(spec)


def prepare_cascade(fm: dict[str, Any], arg: str) -> None:
    """The fold's cascade (``train_lines.cascade_of`` on its training lines) for ``QLO[,QHI]``."""
    z1, t, w = fm["z1_train"], fm["t_train"], fm["w_train"]
    qlo, _, qhi = arg.partition(",")
    lo, hi, alo, blo, ahi, bhi = tl.cascade_of(z1, t, w, float(qlo), float(qhi or qlo))
    fm.setdefault("cascade", {})[arg] = (lo, hi, (alo, blo), (ahi, bhi))
    sure = (z1 < lo) | (z1 > hi)
    agree = np.mean(np.sign(t[sure]) == np.sign(z1[sure]))
    print(
        f"    cascade {arg}: z1 < {lo:.2f} or > {hi:.2f}; maps {(alo, blo)}, {(ahi, bhi)}; "
        f"sign agreement {agree:.4f}",
        file=sys.stderr,
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("specs", nargs="*")
    ap.add_argument("--fit", action="store_true")
    ap.add_argument("--cache", default="/tmp/s11/h4/speed_folds.pkl")
    args = ap.parse_args(argv)
    pages, data, groups, folds = lfl.load()
    cache = Path(args.cache)
    if args.fit or not cache.exists():
        fms = fit_folds(pages, data, groups, folds)
        cache.write_bytes(pickle.dumps(fms))
        lz = pickle.loads(LEX_OOF.read_bytes())
        diff = max(
            (
                float(
                    np.max(np.abs(fms[f]["trees"].predict(stack_features(x, x @ fms[f]["w1"])) - lz["z"][i]))
                )
                for f in range(tl.FOLDS)
                for i, x in fms[f]["x_test"].items()
            ),
            default=0.0,
        )
        print(f"refit vs saved out-of-fold log-odds: max |diff| {diff:.3g}", file=sys.stderr)
    fms = pickle.loads(cache.read_bytes())
    for spec in args.specs:
        t0 = time.process_time()
        zs: list[Any] = [np.zeros(0)] * len(pages)
        walked = []
        for fm in fms:
            if spec.startswith("cascade:") and spec[8:] not in fm.get("cascade", {}):
                prepare_cascade(fm, spec[8:])
            for i, x in fm["x_test"].items():
                zs[i], share = variant_z(fm, spec, x)
                walked.append((share, len(x)))
        lines = sum(n for _, n in walked)
        share = sum(s * n for s, n in walked) / lines
        nested, choice = lfl.nested_prs(pages, data, zs, folds)
        print(
            f"{spec} (lines walking trees {share:.3f}): "
            + tl.report(pages, nested, f"decoding nested {[tl.GRID[j] for j in choice]}"),
            flush=True,
        )
        print(f"  {time.process_time() - t0:.0f} CPU-s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
