"""Out-of-fold look at a learned lexical line score as new line-model columns (session 10, H1).

Stage 0: a logistic regression over a line's tokens (:func:`warta.extract.lexscore.tokens`: words,
word bigrams, character bigrams of scripts without spaces, first / last word, first / last
character class; binary, scaled by ``1/sqrt(tokens)``; ``training/lexical.py``: L2 1, sample
weights and labels those of ``training/line_feature_looks.py``). Its vocabulary is refitted per
training set: tokens on lines of at least 3 registered domains of that set's pages. Its clipped log-odds
and their means over one and three lines either side (:func:`warta.extract.lexscore.window_columns`)
are appended to the shipped features; then stage 1 + 200 x 15 context trees and nested decoding
exactly as ``training/line_feature_looks.py`` does.

Nesting: for outer fold ``f`` (5 folds by registered domain), the training pages' lexical columns
are *inner* out-of-fold (4 inner folds by domain, the stage-1 inner folds), fold ``f``'s pages are
scored by the lexical model fitted on all training pages. No page's own fold fits anything it reads.

Run (about 10-15 CPU-minutes; reads the harness's cached line matrices)::

    python training/lexical_looks.py                   # OOF look with the lexical columns
    python training/lexical_looks.py --no-lex          # the same path without them (0.9153)
    python training/lexical_looks.py --table-only      # top tokens of a table fitted on every page
                                                       # (no look; the table goes to bench/out)
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
from training import lexical as lx  # noqa: E402
from training import line_feature_looks as lfl  # noqa: E402
from training import train_lines as tl  # noqa: E402

from warta.extract import lexscore  # noqa: E402
from warta.extract._linefeat_py import stack_features  # noqa: E402


def lex_columns(
    c: lx.Corpus, data: list[dict[str, Any]], groups: list[str], train: list[int], test: list[int]
) -> dict[int, Any]:
    """Lexical log-odds per page: inner out-of-fold for ``train``, the ``train`` fit for ``test``."""
    ys = [d["y"] for d in data]
    ws = [d["w"] for d in data]
    z = lx.inner_scores(c, ys, ws, train, [tl.fold_of(groups[i] + "#inner", lx.INNER) for i in train])
    m = lx.lex_fit(c, ys, ws, train)
    for i in test:
        z[i] = lx.lex_score(c, m, i)
    return z


def write_table(c: lx.Corpus, data: list[dict[str, Any]], path: Path) -> lexscore.LexTable:
    """Fit the lexical model on every page and save it at ``path`` (to read its tokens; the shipped
    table is written by ``training/train_lines.py --lexical``)."""
    table = lx.to_table(c, lx.lex_fit(c, [d["y"] for d in data], [d["w"] for d in data], range(len(data))))
    table.write(path)
    return table


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--no-lex", action="store_true", help="the same path without the lexical columns")
    ap.add_argument("--table-only", action="store_true", help="write the all-pages table, no look")
    ap.add_argument("--table", default=str(tl.CACHE / "lexical_looks_table.tsv"))
    ap.add_argument("--dump", default=None, help="save per-page nested (P, R) as JSON here")
    ap.add_argument(
        "--save",
        default=None,
        help="pickle here what later looks reuse: per outer fold the raw lexical log-odds of every page "
        "(inner out-of-fold for its training pages), every page's out-of-fold final log-odds, nested (P, R)",
    )
    args = ap.parse_args(argv)
    t0 = time.process_time()
    pages, data, groups, folds = lfl.load()
    c = lx.Corpus([[r[0] for r in d["raw"]] for d in data], groups)
    print(
        f"corpus: {c.x.shape[0]} lines, {c.x.shape[1]} tokens, {time.process_time() - t0:.0f} CPU-s",
        file=sys.stderr,
    )
    if args.table_only:
        table = write_table(c, data, Path(args.table))
        top = sorted(table.weights.items(), key=lambda kv: kv[1])
        print(f"wrote {args.table}: {len(table.weights)} tokens, bias {table.bias:.3f}", file=sys.stderr)
        print("most negative:", " | ".join(t for t, _ in top[:40]))
        print("most positive:", " | ".join(t for t, _ in top[::-1][:40]))
        return 0
    zs: list[Any] = [np.zeros(0)] * len(pages)
    lzs: list[dict[int, Any]] = []
    for f in range(tl.FOLDS):
        train = [i for i, g in enumerate(folds) if g != f]
        test = [i for i, g in enumerate(folds) if g == f]
        if args.no_lex:
            xs = [d["x"] for d in data]
        else:
            lz = lex_columns(c, data, groups, [i for i in train if len(data[i]["y"])], test)
            lzs.append(lz)
            xs = [
                np.hstack((d["x"], lexscore.window_columns(lz[i]))) if i in lz and len(d["y"]) else d["x"]
                for i, d in enumerate(data)
            ]
        w1, trees = lfl.fit(xs, data, groups, train)
        for i in test:
            if len(xs[i]):
                zs[i] = trees.predict(stack_features(xs[i], xs[i] @ w1))
        print(f"  fold {f}: {time.process_time() - t0:.0f} CPU-s", file=sys.stderr)
    nested, choice = lfl.nested_prs(pages, data, zs, folds)
    label = "no lexical columns" if args.no_lex else "lexical columns"
    print(tl.report(pages, nested, f"{label}, OOF by domain, decoding nested {[tl.GRID[j] for j in choice]}"))
    if args.dump:
        lfl.dump_prs(args.dump, pages, nested)
    if args.save:
        Path(args.save).write_bytes(
            pickle.dumps({"lz": lzs, "z": zs, "folds": folds, "nested": nested, "choice": choice})
        )
    print(f"{time.process_time() - t0:.0f} CPU-s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
