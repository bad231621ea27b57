"""Out-of-fold looks at a learned span decoder for text mode's line model (session 10, H3).

The shipped decoder turns each line's log-odds ``z`` into the story by hand: score = ``z`` +
blend x hand score + offset, Kadane's first strong run, then the region's lines with ``z`` above
``keep`` (16-point grid, chosen nested). Here a linear-chain CRF (python-crfsuite, already a
runtime dependency of NER) learns it instead. Each line has one of four states, from the line
labels: ``PRE`` (before the first body line), ``BODY`` (a body line), ``GAP`` (a non-body line
between the first and last body line), ``POST`` (after the last body line); transitions are
learned, emissions read the line's out-of-fold log-odds (both stages, binned and as values, and
window means), what the hand rules say the line is, and a few shape and position facts
(:func:`line_features`, fixed before the first look). Decoders (``--decoder``, :func:`span_prs`):
``viterbi`` keeps the ``BODY`` lines of the Viterbi path (region = first..last of them);
``median`` takes the posterior-median region (:func:`median_region`) and keeps its lines whose
log-odds pass the shipped ``keep``; ``median-blend`` uses the shipped decoder's blended keep test
there; ``nested`` reads all three and picks one per fold on the other folds' pages. In each, the
hand rules still decide what every other line *is* (caption, related link, byline ...) and text.py
assembles the article as before (:func:`span_prs` patches the same two hooks as
``training/line_feature_looks.py``). Results: ``bench/results/text-extract.md``, "Tenth session
(H3)" — no decoder beat the shipped one (best: ``median``, 0.9151 vs 0.9153).

Log-odds come from ``training/span_zcache.py`` (run it first): the outer out-of-fold ``z`` of
every page (the same models as ``line_feature_looks.py --block none``, 0.9153), and per outer fold
the inner out-of-fold ``z`` of its training pages.

- ``--protocol dev``: per outer fold, the CRF is trained on the other folds' pages' *outer* OOF
  ``z`` (slightly leaky: those models saw the test fold's labels);
- ``--protocol clean``: trained on the inner OOF ``z`` of the other folds' pages (what it would see
  at run time for pages no model was trained on), tested on the outer ``z``. Needs the full inner
  pass of ``span_zcache.py`` (20 refits, ~30 CPU-minutes; session 10 stopped it after outer folds
  0-1, so it was never run).

Both print the shipped decoder on the same ``z`` (16-point grid, nested) and pages won / lost.

Run (the CRF fits take a few CPU-minutes)::

    python training/span_zcache.py --outer
    python training/span_looks.py --protocol dev --decoder nested
    python training/span_zcache.py                 # + the inner pass, for:
    python training/span_looks.py --protocol clean --decoder median
"""

from __future__ import annotations

import argparse
import hashlib
import math
import pickle
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
import pycrfsuite  # noqa: E402
from bench.common import zyte_page_pr  # noqa: E402
from training import line_feature_looks as lfl  # noqa: E402
from training import span_zcache as zc  # noqa: E402
from training import train_lines as tl  # noqa: E402

from warta.extract import lines_model as lm  # noqa: E402
from warta.extract import text as textmod  # noqa: E402

STATES = ("PRE", "BODY", "GAP", "POST")
DECODERS = ("viterbi", "median", "median-blend")
CRF = {"c1": 0.05, "c2": 0.5, "max_iterations": 150, "feature.possible_transitions": True}
"""The CRF's L-BFGS settings (set before the first look; not tuned)."""

_COL = {name: 1 + i for i, name in enumerate(lm.BASE)}


def states(y: Any) -> list[str]:
    """The four-state labels of a page's 0/1 body labels (no body line: all ``PRE``)."""
    pos = np.flatnonzero(y > 0.5)
    n = len(y)
    if not len(pos):
        return ["PRE"] * n
    a, b = int(pos[0]), int(pos[-1])
    return ["PRE" if k < a else "POST" if k > b else "BODY" if y[k] > 0.5 else "GAP" for k in range(n)]


def _bin(v: float, lo: int = -6, hi: int = 6) -> int:
    return max(lo, min(hi, int(math.floor(v + 0.5))))


def _means(v: Any, w: int) -> tuple[Any, Any]:
    """Means of ``v`` over the ``w`` lines before and the ``w`` lines after each line (0 at edges)."""
    n = len(v)
    c = np.concatenate(([0.0], np.cumsum(v)))
    idx = np.arange(n)
    lo = np.maximum(0, idx - w)
    hi = np.minimum(n, idx + 1 + w)
    before = (c[idx] - c[lo]) / np.maximum(idx - lo, 1)
    after = (c[hi] - c[idx + 1]) / np.maximum(hi - idx - 1, 1)
    return before, after


def line_features(z: Any, z1: Any, x: Any, raw: list[tuple[Any, ...]]) -> list[dict[str, float]]:
    """The CRF's emission attributes of each line of a page (name -> value; fixed before the first look).

    ``z``/``z1``: context-stage / stage-1 log-odds; ``x``: the line model's feature matrix;
    ``raw``: ``line_feature_looks`` raw lines (text, words, full stop, hand kind, dateline flag).
    """
    n = len(z)
    if n == 0:
        return []
    zc_ = np.clip(z, -8.0, 8.0)
    z1c = np.clip(z1, -8.0, 8.0)
    b3, a3 = _means(zc_, 3)
    b10, a10 = _means(zc_, 10)
    pos = np.maximum(zc_, 0.0)
    above = np.concatenate(([0.0], np.cumsum(pos)))[:-1]
    total = float(pos.sum()) or 1.0
    hits = np.concatenate(([0.0], np.cumsum(zc_ > 1.0)))
    idx = np.arange(n)
    strong = hits[np.minimum(n, idx + 3)] - hits[np.maximum(0, idx - 2)] >= 3  # 3 of the 5 lines around
    seen = np.maximum.accumulate(strong)
    later = np.maximum.accumulate(strong[::-1])[::-1]
    out = []
    for k in range(n):
        r = raw[k]
        xr = x[k]
        f: dict[str, float] = {
            "bias": 1.0,
            "z": float(zc_[k]) / 4.0,
            "z1": float(z1c[k]) / 4.0,
            f"zb={_bin(zc_[k])}": 1.0,
            f"z1b={_bin(z1c[k])}": 1.0,
            f"zb-1={_bin(zc_[k - 1]) if k else 'x'}": 1.0,
            f"zb+1={_bin(zc_[k + 1]) if k + 1 < n else 'x'}": 1.0,
            "zm-3": float(b3[k]) / 4.0,
            "zm+3": float(a3[k]) / 4.0,
            "zm-10": float(b10[k]) / 4.0,
            "zm+10": float(a10[k]) / 4.0,
            f"zmb-3={_bin(b3[k])}": 1.0,
            f"zmb+3={_bin(a3[k])}": 1.0,
            "mass_above": float(above[k]) / total,
            f"seen={int(seen[k])}{int(later[k])}": 1.0,
            f"kind={r[3]}": 1.0,
            "hand": float(xr[_COL["hand_score"]]),
            f"words={min(int(r[1]).bit_length(), 7)}": 1.0,
            f"ends={int(r[2])}": 1.0,
            f"pos={min(9, 10 * k // max(n, 1))}": 1.0,
        }
        for name in (
            "body_like",
            "title_shape",
            "table",
            "list_item",
            "in_hand_region",
            "dateline",
            "repeated",
        ):
            if xr[_COL[name]] > 0:
                f[name] = 1.0
        if k == 0:
            f["first"] = 1.0
        if k == n - 1:
            f["last"] = 1.0
        out.append(f)
    return out


def train(seqs: list[tuple[list[dict[str, float]], list[str]]], path: str) -> None:
    """Fit the CRF on ``(attributes, states)`` page sequences and write it to ``path``."""
    tr = pycrfsuite.Trainer(verbose=False)
    for xseq, yseq in seqs:
        if xseq:
            tr.append(pycrfsuite.ItemSequence(xseq), yseq)
    tr.set_params(CRF)
    tr.train(path)


def decode(tagger: Any, xseq: list[dict[str, float]]) -> list[str]:
    """The Viterbi states of a page (empty page: no states)."""
    return tagger.tag(pycrfsuite.ItemSequence(xseq)) if xseq else []


class _Span:
    """What text.py reads of a model (``keep``) and the decoded states of the current page."""

    keep = -1.0
    path: list[str] = []
    region: tuple[int, int] | None = None
    z: Any = None


_S = _Span()
_BIG = 1e6


def _rescore(lines: list[Any], lex: Any, model: Any) -> list[float]:
    """Text.py's rescoring hook: the region is first..last ``BODY`` state, only ``BODY`` lines pass ``keep``."""
    if _S.region is not None:  # decoder "median": the region from the CRF, the lines by the log-odds
        a, b = _S.region
        for k, ln in enumerate(lines):
            ln.score = 1.0 if a <= k <= b else -_BIG
        return _S.z.tolist()
    body = [k for k, s in enumerate(_S.path) if s == "BODY"]
    zl = [-10.0] * len(lines)
    if not body:
        for ln in lines:
            ln.score = -_BIG
        return zl
    a, b = body[0], body[-1]
    for k, ln in enumerate(lines):
        ln.score = -_BIG if k < a or k > b else -1e-6
    for k in body:
        lines[k].score = 1.0
        zl[k] = 10.0
    return zl


def median_region(marg: Any) -> tuple[int, int] | None:
    """The posterior-median story region: lines whose chance of being ``PRE`` and of being ``POST``
    are both below one half (``marg``: lines x :data:`STATES` marginals); None when there is none."""
    inside = np.flatnonzero((marg[:, 0] < 0.5) & (marg[:, 3] < 0.5))
    return (int(inside[0]), int(inside[-1])) if len(inside) else None


def span_prs(
    pages: list[dict[str, Any]],
    paths: list[list[str]],
    decoder: str,
    margs: list[Any],
    zs: list[Any],
    decs: list[tuple[Any, ...]] | None = None,
    hands: list[Any] | None = None,
) -> list[tuple[float, float]]:
    """Every page's (P, R) under a decoder: ``viterbi`` keeps the decoded ``BODY`` lines; ``median``
    takes the posterior-median region (:func:`median_region`) and keeps its lines whose log-odds
    exceed the shipped model's ``keep`` (-1.0); ``median-blend``: the same region, and inside it
    the shipped decoder's own test (log-odds + 10 x blend x hand score above ``keep``, with the
    page's fold's nested grid choice ``decs`` and hand scores ``hands``)."""
    saved = textmod._rescore, textmod._line_model
    textmod._rescore, textmod._line_model = _rescore, lambda: _S
    try:
        out = []
        for p, path, mg, z in zip(pages, paths, margs, zs, strict=True):
            _S.path = path
            _S.z = z
            _S.region = None
            _S.keep = -1.0
            if decoder == "median-blend" and decs is not None and hands is not None and len(z):
                blend, _furn, _off, _S.keep = decs[len(out)]
                _S.z = z + (10.0 * blend) * hands[len(out)]
            if decoder.startswith("median"):
                _S.region = median_region(mg) if len(z) else None
                if _S.region is None:
                    _S.region = (len(z), len(z) - 1)
            out.append(zyte_page_pr(p["truth"], tl.extract_pred(p["flat"], None)))
    finally:
        textmod._rescore, textmod._line_model = saved
    return out


def shipped_prs(
    pages: list[dict[str, Any]], data: list[dict[str, Any]], zs: list[Any], folds: list[int]
) -> Any:
    """The shipped decoder on the same log-odds (16-point grid, nested; the harness's ``nested_prs``), cached."""
    digest = hashlib.sha1(
        b"".join(np.ascontiguousarray(z, dtype=np.float64).tobytes() for z in zs)
    ).hexdigest()
    path = tl.CACHE / f"span_shipped_prs_{len(pages)}_{digest[:12]}.pkl"  # keyed on the log-odds themselves
    if path.exists():
        return pickle.loads(path.read_bytes())
    got = lfl.nested_prs(pages, data, zs, folds)
    path.write_bytes(pickle.dumps(got))
    return got


def diagnose(
    data: list[dict[str, Any]],
    zs: list[Any],
    paths: list[list[str]],
    margs: list[Any],
    folds: list[int],
    choice: list[int],
) -> None:
    """Line-level (no text assembly): share of labelled-body characters outside each decoder's region."""
    tot = {"viterbi": 0.0, "median": 0.0, "kadane": 0.0}
    allc = 0.0
    for d, z, path, mg, g in zip(data, zs, paths, margs, folds, strict=True):
        if not len(z):
            continue
        chars = np.array([len(r[0]) for r in d["raw"]], dtype=np.float64) * (d["y"] > 0.5)
        allc += chars.sum()
        body = [k for k, s in enumerate(path) if s == "BODY"]
        regs = {
            "viterbi": (body[0], body[-1]) if body else None,
            "median": median_region(mg),
        }
        blend, _furn, offset, _keep = tl.GRID[choice[g]]
        a, b = lm.region(z + 10.0 * blend * d["x"][:, 1] + offset)
        regs["kadane"] = (a, b) if a <= b else None
        for name, r in regs.items():
            inside = chars[r[0] : r[1] + 1].sum() if r else 0.0
            tot[name] += chars.sum() - inside
    print(
        "  labelled-body characters outside the region: "
        + ", ".join(f"{k} {v / allc:.4f}" for k, v in tot.items())
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--protocol", choices=("dev", "clean"), default="dev")
    ap.add_argument(
        "--decoder",
        choices=(*DECODERS, "nested"),
        default="viterbi",
        help="nested: all three decoders, chosen per fold on the other folds' pages",
    )
    ap.add_argument("--limit", type=int, default=0, help="first N pages only (a smoke run)")
    args = ap.parse_args(argv)
    t0 = time.process_time()
    pages = tl.load_pages()
    data = lfl.page_data(pages)
    zcache = pickle.loads(zc.ZCACHE.read_bytes())
    folds: list[int] = zcache["folds"]
    outer = zcache["z"]
    inner = pickle.loads(zc.ZINCACHE.read_bytes()) if args.protocol == "clean" else None
    n = args.limit or len(pages)
    pages, data, folds = pages[:n], data[:n], folds[:n]
    empty = (np.zeros(0), np.zeros(0))
    feats = {i: line_features(*outer.get(i, empty), data[i]["x"], data[i]["raw"]) for i in range(n)}
    labels = [states(d["y"]) for d in data]
    paths: list[list[str]] = [[] for _ in range(n)]
    margs: list[Any] = [np.zeros((0, 4)) for _ in range(n)]
    with tempfile.TemporaryDirectory() as tmp:
        for f in range(tl.FOLDS):
            train_idx = [i for i in range(n) if folds[i] != f]
            if inner is None:
                seqs = [(feats[i], labels[i]) for i in train_idx]
            else:
                seqs = [
                    (line_features(*inner[f].get(i, empty), data[i]["x"], data[i]["raw"]), labels[i])
                    for i in train_idx
                ]
            path = f"{tmp}/span-{f}.crfsuite"
            train(seqs, path)
            tagger = pycrfsuite.Tagger()
            tagger.open(path)
            for i in range(n):
                if folds[i] == f and feats[i]:
                    paths[i] = decode(tagger, feats[i])
                    margs[i] = np.array(
                        [[tagger.marginal(st, k) for st in STATES] for k in range(len(feats[i]))]
                    )
            tagger.close()
            print(f"  fold {f}: {time.process_time() - t0:.0f} CPU-s", file=sys.stderr, flush=True)
    zs = [outer.get(i, empty)[0] for i in range(n)]
    base, choice = shipped_prs(pages, data, zs, folds)
    decs = [tl.GRID[choice[g]] for g in folds]
    hands = [d["x"][:, 1] if len(d["x"]) else np.zeros(0) for d in data]
    print(tl.report(pages, base, f"shipped decoder, same z, nested {[tl.GRID[j] for j in choice]}"))
    if args.decoder == "nested":  # every decoder, the one reading best on the other folds' pages per fold
        rows = [span_prs(pages, paths, dname, margs, zs, decs, hands) for dname in DECODERS]
        for dname, row in zip(DECODERS, rows, strict=True):
            print(tl.report(pages, row, f"CRF span decoder ({args.protocol}, {dname})"))
        pick = tl.nested_decoding(folds, rows, tl.FOLDS)
        got = [rows[pick[g]][i] for i, g in enumerate(folds)]
        label = f"CRF span decoder ({args.protocol}, nested {[DECODERS[j] for j in pick]})"
    else:
        got = span_prs(pages, paths, args.decoder, margs, zs, decs, hands)
        label = f"CRF span decoder ({args.protocol}, {args.decoder})"
    print(tl.report(pages, got, label))
    diagnose(data, zs, paths, margs, folds, choice)
    for s in (*tl.SETS, None):
        sel = [i for i, p in enumerate(pages) if s is None or p["set"] == s]
        won, lost = lfl.won_lost(pages, base, got, 0.01, s)
        pb = sum(base[i][0] for i in sel) / max(len(sel), 1)
        pg = sum(got[i][0] for i in sel) / max(len(sel), 1)
        rb = sum(base[i][1] for i in sel) / max(len(sel), 1)
        rg = sum(got[i][1] for i in sel) / max(len(sel), 1)
        wrong = sum(got[i][0] < 0.1 for i in sel), sum(base[i][0] < 0.1 for i in sel)
        trunc = sum(got[i][1] < 0.5 for i in sel), sum(base[i][1] < 0.5 for i in sel)
        print(
            f"  {s or 'all'}: pages won {won} / lost {lost} (F1 +-0.01); P {pg:.4f} vs {pb:.4f}, "
            f"R {rg:.4f} vs {rb:.4f}; P<0.1 {wrong[0]} vs {wrong[1]}; R<0.5 {trunc[0]} vs {trunc[1]}"
        )
    print(f"{time.process_time() - t0:.0f} CPU-s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
