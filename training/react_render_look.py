"""Out-of-fold estimate of a benchmark-renderer change: React streaming content made visible (session 11, H2).

``bench.common.render_flat`` drops every node with a ``hidden`` attribute. React 18's streaming server rendering
sends a resolved ``<Suspense>`` boundary as ``<div hidden id="S:n">…</div>`` plus an inline ``$RC("B:n", "S:n")``
call that moves it into the page on load: a browser shows that content (and a scraper reading text without CSS
keeps it), the renderer does not. On 18 of the 1,232 text-bench pages such divs exist; on 6 of them the whole
article is inside one (their flat text has no body; trafilatura, reading the HTML, scores ~0.93).

This script re-renders those 18 pages with ``hidden`` ignored on ``div[id=S:n]`` and scores them with the shipped
form's per-fold models (stage 0 lexical table, stage 1, 200 x 15 trees, all refitted per outer fold on the other
folds' pages with their *current* renderings, as ``training/lexical_looks.py``), decoded with the decoding that fold
chose (``lex_oof_v1.pkl`` ``choice``); every other page keeps its nested (P, R) from ``lex_oof_v1.pkl``.
Trainings are unchanged, so this estimates the renderer change alone, not a retrained model.

Result (session 11): all F1 0.9236 -> 0.9283, wcxb 0.9236 -> 0.9309. Run (about 2 CPU-minutes)::

    python training/react_render_look.py
"""

from __future__ import annotations

import pickle
import re
import sys
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
from bench import common as bc  # noqa: E402
from bench.common import zyte_page_pr  # noqa: E402
from training import lexical as lx  # noqa: E402
from training import line_feature_looks as lfl  # noqa: E402
from training import train_lines as tl  # noqa: E402

from warta.extract import lexscore  # noqa: E402
from warta.extract import lines_model as lm  # noqa: E402
from warta.extract import text as textmod  # noqa: E402
from warta.extract._linefeat_py import stack_features  # noqa: E402
from warta.extract.chrome import Lexicon  # noqa: E402

_REACT = re.compile(rb'<div hidden id="S:\d+"')
_ORIG_HIDDEN = bc._hidden_ids


def _hidden_ids_react_visible(root: Any) -> set[int]:
    """``bench.common._hidden_ids`` without React's streamed Suspense boundaries (``div[hidden][id=S:n]``)."""
    ids = _ORIG_HIDDEN(root)
    for node in root.css('div[hidden][id^="S:"]'):
        if re.fullmatch(r"S:\d+", node.attributes.get("id") or ""):
            ids.discard(node.mem_id)
    return ids


def react_pages() -> dict[tuple[str, str], bytes]:
    """(set, id) -> HTML of the text-bench pages holding a React streamed boundary."""
    out: dict[tuple[str, str], bytes] = {}
    for pid, html, _url, _truth in bc.zyte_pages():
        if _REACT.search(html):
            out["zyte", pid] = html
    for pid, html, _url, _gt in bc.wcxb_pages(types={"article"}):
        if _REACT.search(html):
            out["wcxb", pid] = html
    for pub, country, version, html, _url, _exp in bc.fundus_pages():
        if _REACT.search(html):
            out["fundus", f"{country}/{pub}/{version}"] = html
    return out


def line_inputs(flat: str, table: lexscore.LexTable) -> tuple[Any, Any]:
    """The shipped form's stage-1 input of a flat text's lines (features + lexical columns) and its raw lines."""
    got: dict[str, Any] = {}
    lex = Lexicon.for_lang(None)

    def grab(lines: list[Any]) -> None:
        got["x"] = lm.features(lines, lex.hint_weights)
        got["texts"] = [ln.text for ln in lines]

    with lm.using(None), tl.hook(grab):
        textmod.extract_text(flat)
    if not got.get("texts"):
        return np.zeros((0, 0)), []
    return np.hstack((got["x"], lexscore.window_columns(table.scores(got["texts"])))), got["texts"]


def main() -> int:
    t0 = time.process_time()
    pages, data, groups, folds = lfl.load()
    lexc = pickle.loads((tl.CACHE / "lex_oof_v1.pkl").read_bytes())
    assert lexc["folds"] == folds
    html = react_pages()
    where = {(p["set"], p["id"]): i for i, p in enumerate(pages)}
    todo = sorted(where[k] for k in html)
    print(f"{len(todo)} pages with React streamed boundaries", file=sys.stderr)
    bc._hidden_ids = _hidden_ids_react_visible
    try:
        flats = {i: bc.render_flat(html[pages[i]["set"], pages[i]["id"]]) for i in todo}
    finally:
        bc._hidden_ids = _ORIG_HIDDEN
    c = lx.Corpus([[r[0] for r in d["raw"]] for d in data], groups)
    ys = [d["y"] for d in data]
    ws = [d["w"] for d in data]
    new = list(lexc["nested"])
    rows = []
    for f in range(tl.FOLDS):
        mine = [i for i in todo if folds[i] == f]
        if not mine:
            continue
        train = [i for i, g in enumerate(folds) if g != f]
        m = lx.lex_fit(c, ys, ws, [i for i in train if len(ys[i])])
        test = [i for i, g in enumerate(folds) if g == f and len(ys[i])]
        chk = max(float(np.abs(lx.lex_score(c, m, i) - lexc["lz"][f][i]).max()) for i in test)
        table = lx.to_table(c, m)
        lz = lexc["lz"][f]
        xs = [
            np.hstack((d["x"], lexscore.window_columns(lz[i]))) if i in lz and len(d["y"]) else d["x"]
            for i, d in enumerate(data)
        ]
        w1, trees = lfl.fit(xs, data, groups, train)
        dec = tl.GRID[lexc["choice"][f]]
        for i in mine:
            x, _texts = line_inputs(flats[i], table)
            z = trees.predict(stack_features(x, x @ w1)) if len(x) else np.zeros(0)
            lfl._D.dec, lfl._D.keep = dec, dec[3]
            lfl._D.z, lfl._D.hand = z, x[:, 1] if len(x) else np.zeros(0)
            saved = textmod._rescore, textmod._line_model
            textmod._rescore, textmod._line_model = lfl._rescore, lambda: lfl._D
            try:
                pred = tl.extract_pred(flats[i], None)
            finally:
                textmod._rescore, textmod._line_model = saved
            new[i] = zyte_page_pr(pages[i]["truth"], pred)
            rows.append(
                (
                    pages[i]["set"],
                    pages[i]["id"],
                    lexc["nested"][i],
                    new[i],
                    len(pages[i]["flat"]),
                    len(flats[i]),
                )
            )
        print(
            f"  fold {f}: {time.process_time() - t0:.0f} CPU-s (lexical refit = cache: max diff {chk:.2g})",
            file=sys.stderr,
        )
    for s, pid, old, nw, a, b in rows:
        print(f"  {s} {pid}: flat {a} -> {b} chars, P/R {old[0]:.2f}/{old[1]:.2f} -> {nw[0]:.2f}/{nw[1]:.2f}")
    print(tl.report(pages, lexc["nested"], "current renderer (lex_oof_v1.pkl nested)"))
    print(tl.report(pages, new, "React boundaries visible (18 pages re-rendered, same fold models)"))
    print(f"{time.process_time() - t0:.0f} CPU-s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
