"""CPU time of text mode's lexical line score: the compiled kernel ``_lexk`` vs its twin, and the
line model's path with and without the lexical columns.

Measures (``time.process_time``, best of ``--repeat`` passes, all in one process):

1. ``LexTable.scores`` over the line texts of the 1,232 text-bench pages (cached by
   ``training/line_feature_looks.py`` in ``bench/out/line_feature_looks_v1.pkl``): the twin
   (``_lexk_py``), the kernel (``_lexk``), and the session's first form (a ``set`` of tokens per
   line, ``str`` lookups); first checks that kernel and twin agree bit for bit on every line;
2. the model path on text mode's own lines of the same pages (rendered pages cached by
   ``training/train_lines.py``): features + log-odds (``lines_model.features`` + ``LineModel.logits``
   of the shipped model's first stage, as the model path runs them), and the lexical columns
   (``lexscore.columns``: line texts, kernel scores, window means).

    python bench/lex_speed.py --table src/warta/models/text-lines-lex.tsv
"""

from __future__ import annotations

import argparse
import importlib
import math
import pickle
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from training import train_lines as tl  # noqa: E402

from warta.extract import lexscore  # noqa: E402
from warta.extract import lines_model as lm  # noqa: E402
from warta.extract import text as textmod  # noqa: E402
from warta.extract.chrome import Lexicon  # noqa: E402


def set_scores(table: lexscore.LexTable, texts: list[str]) -> np.ndarray:
    """The first form of the score (2a6f375): a set of tokens per line (its sum order varies
    with string hashing between processes)."""
    get, out = table.weights.get, []
    for text in texts:
        toks = set(lexscore.tokens(text))
        if not toks:
            out.append(table.bias)
            continue
        s = 0.0
        for t in toks:
            v = get(t)
            if v is not None:
                s += v
        out.append(table.bias + s / math.sqrt(len(toks)))
    return np.array(out, dtype=np.float64)


def best(fn, repeat: int) -> float:
    """The least CPU seconds of ``repeat`` calls of ``fn``."""
    times = []
    for _ in range(repeat):
        t0 = time.process_time()
        fn()
        times.append(time.process_time() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--table", type=Path, default=REPO / "src/warta/models/text-lines-lex.tsv")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    table = lexscore.LexTable.read(args.table)
    kern = importlib.import_module("warta.extract._lexk")
    twin = importlib.import_module("warta.extract._lexk_py")
    print(f"table {args.table}: {len(table.weights)} tokens; LexTable runs {lexscore._kernel().__name__}")

    pages = pickle.loads((tl.CACHE / "line_feature_looks_v1.pkl").read_bytes())
    texts = [[r[0] for r in p["raw"]] for p in pages]
    n = len(texts)
    nl = sum(map(len, texts))
    print(f"pages {n}, lines {nl}, ASCII lines {sum(t.isascii() for ts in texts for t in ts)}")
    t0 = time.process_time()
    kt = kern.table(table.weights)
    print(f"kernel table build {1000 * (time.process_time() - t0):.1f} ms CPU (once per LexTable)")
    tt = twin.table(table.weights)
    same = sum(
        kern.scores(kt, table.bias, ts).tobytes() == twin.scores(tt, table.bias, ts).tobytes() for ts in texts
    )
    print(f"kernel == twin, bit for bit: {same}/{n} pages")

    def run(f):
        return lambda: [f(ts) for ts in texts]

    rows = [
        ("first form (set order)", run(lambda ts: set_scores(table, ts))),
        ("twin _lexk_py", run(lambda ts: twin.scores(tt, table.bias, ts))),
        ("kernel _lexk", run(lambda ts: kern.scores(kt, table.bias, ts))),
    ]
    for name, fn in rows:
        s = best(fn, args.repeat)
        print(
            f"  LexTable.scores, {name:24s} {1000 * s / n:.3f} ms CPU a page ({1e6 * s / nl:.2f} us a line)"
        )

    flats = tl.load_pages()
    got: list[list] = []
    with lm.using(None), tl.hook(got.append):
        for p in flats:
            textmod.extract_text(p["flat"])
    m = lm.LineModel.default()
    sw = Lexicon.for_lang(None).hint_weights
    nl2 = sum(map(len, got))
    print(f"model path on text mode's lines: {len(got)} pages, {nl2} lines; features kernel {lm.K.__name__}")
    a = best(lambda: [m.logits(lm.features(ls, sw)) for ls in got], args.repeat)
    b = best(lambda: [lexscore.columns(ls, table) for ls in got], args.repeat)
    print(f"  features + log-odds {1000 * a / len(got):.3f} ms CPU a page")
    print(f"  lexical columns     {1000 * b / len(got):.3f} ms CPU a page (+{100 * b / a:.0f} %)")


if __name__ == "__main__":
    main()
