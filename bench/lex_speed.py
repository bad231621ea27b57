"""CPU time of text mode's lexical line score: the compiled kernel ``_lexk`` vs its twin, and the
line model's path with either.

Measures (``time.process_time``, best of ``--repeat`` passes, all in one process):

1. ``LexTable.scores`` over the line texts of the 1,232 text-bench pages (cached by
   ``training/line_feature_looks.py`` in ``bench/out/line_feature_looks_v1.pkl``): the twin
   (``_lexk_py``), the kernel (``_lexk``), and the session's first form (a ``set`` of tokens per
   line, ``str`` lookups); first checks that kernel and twin agree bit for bit on every line;
2. the line model's path on text mode's own lines of the same pages (rendered pages cached by
   ``training/train_lines.py``), the shipped model (or ``--model``): base features, the lexical
   columns (``lexscore.columns``: line texts, scores, window means) and the whole
   ``logits(inputs(...))``, with the table scored by the kernel, then by the twin.

    python bench/lex_speed.py
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
    ap.add_argument(
        "--model", type=Path, help="a line model with a lexical table: its whole path, kernel vs twin"
    )
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
    m = lm.LineModel.load(args.model) if args.model else lm.LineModel.default()
    sw = Lexicon.for_lang(None).hint_weights
    nl2 = sum(map(len, got))
    name = args.model or "the shipped model"
    print(f"model path on text mode's lines: {len(got)} pages, {nl2} lines; features kernel {lm.K.__name__}")
    if m.lex is None:
        print(f"{name} has no lexical table")
        return
    same = all(
        np.array_equal(
            m.logits(m.inputs(ls, sw)), m.logits(np.hstack((lm.features(ls, sw), lexscore.columns(ls, t2))))
        )
        for t2 in [lexscore.LexTable(m.lex.weights, m.lex.bias)]
        for ls in got[:50]
    )
    print(
        f"  {name}: {len(m.lex.weights)} tokens, {len(m.names)} columns (inputs = features + columns: {same})"
    )
    a = best(lambda: [lm.features(ls, sw) for ls in got], args.repeat)
    b = best(lambda: [lexscore.columns(ls, m.lex) for ls in got], args.repeat)
    c = best(lambda: [m.logits(m.inputs(ls, sw)) for ls in got], args.repeat)
    orig = lexscore._kernel
    lexscore._kernel = lambda: twin  # the same model, its table scored by the twin
    m.lex = lexscore.LexTable(m.lex.weights, m.lex.bias)
    try:
        e = best(lambda: [lexscore.columns(ls, m.lex) for ls in got], args.repeat)
        d = best(lambda: [m.logits(m.inputs(ls, sw)) for ls in got], args.repeat)
    finally:
        lexscore._kernel = orig
    print(f"  base features                                 {1000 * a / len(got):.3f} ms CPU a page")
    print(f"  lexical columns, kernel                       {1000 * b / len(got):.3f} ms CPU a page")
    print(f"  lexical columns, twin                         {1000 * e / len(got):.3f} ms CPU a page")
    print(f"  features + lexical columns + log-odds, kernel {1000 * c / len(got):.3f} ms CPU a page")
    print(f"  features + lexical columns + log-odds, twin   {1000 * d / len(got):.3f} ms CPU a page")


if __name__ == "__main__":
    main()
