"""Out-of-fold line log-odds for the span decoder looks (``training/span_looks.py``), cached.

For every text-bench page: the context-stage log-odds ``z`` and the stage-1 log-odds ``z1`` from
the models of the outer fold that did not see the page (both stages refitted exactly as
``training/line_feature_looks.py --block none`` does), then, for the clean protocol, per outer fold
``f`` the *inner* out-of-fold ``z``/``z1`` of the training pages (4 inner refits of both stages on
the other folds' pages, inner folds by registered domain). Saved to ``bench/out/span_z_v1.pkl``
(outer) and ``bench/out/span_zin_v1.pkl`` (inner, written fold by fold).

Run (about 10 CPU-minutes for the outer pass, 30 more for the inner one)::

    python training/span_zcache.py            # outer, then inner
    python training/span_zcache.py --outer    # outer only
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

from training import line_feature_looks as lfl  # noqa: E402
from training import train_lines as tl  # noqa: E402

from warta.extract._linefeat_py import stack_features  # noqa: E402

ZCACHE = tl.CACHE / "span_z_v1.pkl"
ZINCACHE = tl.CACHE / "span_zin_v1.pkl"
INNER = 4


def _predict(xs: list[Any], idx: list[int], w1: Any, trees: Any) -> dict[int, tuple[Any, Any]]:
    out = {}
    for i in idx:
        if len(xs[i]):
            z1 = xs[i] @ w1
            out[i] = (trees.predict(stack_features(xs[i], z1)), z1)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--outer", action="store_true", help="outer pass only")
    args = ap.parse_args(argv)
    t0 = time.process_time()
    pages, data, groups, folds = lfl.load()
    xs = [d["x"] for d in data]
    if ZCACHE.exists():
        outer = pickle.loads(ZCACHE.read_bytes())
    else:
        outer = {}
        for f in range(tl.FOLDS):
            w1, trees = lfl.fit(xs, data, groups, [i for i, g in enumerate(folds) if g != f])
            outer.update(_predict(xs, [i for i, g in enumerate(folds) if g == f], w1, trees))
            print(f"  outer fold {f}: {time.process_time() - t0:.0f} CPU-s", file=sys.stderr, flush=True)
        ZCACHE.write_bytes(pickle.dumps({"z": outer, "folds": folds, "groups": groups}))
    if args.outer:
        return 0
    inner: dict[int, dict[int, tuple[Any, Any]]] = (
        pickle.loads(ZINCACHE.read_bytes()) if ZINCACHE.exists() else {}
    )
    for f in range(tl.FOLDS):
        if f in inner:
            continue
        train = [i for i, g in enumerate(folds) if g != f]
        sub = [tl.fold_of(groups[i] + "#span", INNER) for i in train]
        got: dict[int, tuple[Any, Any]] = {}
        for h in range(INNER):
            w1, trees = lfl.fit(xs, data, groups, [i for i, s in zip(train, sub, strict=True) if s != h])
            got.update(_predict(xs, [i for i, s in zip(train, sub, strict=True) if s == h], w1, trees))
            print(f"  inner {f}.{h}: {time.process_time() - t0:.0f} CPU-s", file=sys.stderr, flush=True)
        inner[f] = got
        ZINCACHE.write_bytes(pickle.dumps(inner))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
