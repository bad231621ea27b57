"""Out-of-fold look at list-run context columns for the line model's context stage (session 11, H2).

The session's loss analysis against trafilatura (``bench/results/text-extract.md``, "Eleventh session (h2)") found
the largest bucket learnable from flat text to be lists cut off or skipped: a story continues as a run of short,
non-sentence lines (numbered products, directory records, schedule cells, checklist items) and the context trees'
log-odds decay along the run (their widest window is 16 lines), so the region ends inside the list.

Candidate columns, appended to the *context* stage's input (``stack_features``) and computed from the flat lines
and the stage-1 log-odds ``z1`` (inner out-of-fold when training, the fold's fit when scoring): a *prose* line has
12+ words, a sentence end and no hand verdict; the other lines form *runs* between prose lines. Per line:
prose or not; the run's length (log), the line's place in it; stage-1 log-odds of the prose line right before and
right after the run (and whether there is one), the distance to them; whether the prose line before ends with ":";
a list-number prefix ("3)", "4.", "#5", bullets) and whether it follows the previous number in the run; the run's
mean words, share of numbered lines, share of lines whose text repeats on the page, and its highest stage-1
log-odds.

``--block region`` (for comments / teasers kept inside the region): Kadane's positive runs of the stage-1 log-odds
+ 0.5 and where the line sits against the best one (in it, in the first run scoring half of it, signed distance,
its run's total against the best and rank, negative mass and hand-classified lines between).

Everything else is the shipped form (stage 0 lexical columns from the shared cache ``lex_oof_v1.pkl``; stage 1
logistic; 200 x 15 trees; nested decoding over the 16-point grid), as ``training/lexical_looks.py``.

``--block cohesion`` (the lead's look, session 11): lexical cohesion with the likely story (:func:`cohesion_columns`).

Results: ``bench/results/text-extract.md``, "Eleventh session (h2)" (lists 0.9230, region 0.9215, baseline 0.9236) and
"End of session 11 (lead)" (cohesion 0.9239: a tie).

Run (about 2-3 CPU-minutes; reads ``bench/out/line_feature_looks_v1.pkl`` and ``bench/out/lex_oof_v1.pkl``)::

    python training/list_run_looks.py --block lists     # or --block region / cohesion; --none: the shipped form
"""

from __future__ import annotations

import argparse
import pickle
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
from training import line_feature_looks as lfl  # noqa: E402
from training import train_lines as tl  # noqa: E402

from warta.extract import lexscore  # noqa: E402
from warta.extract._linefeat_py import positive_runs, stack_features  # noqa: E402

LEX_CACHE = tl.CACHE / "lex_oof_v1.pkl"
_NUM = re.compile(r"^\s*(?:\(?(\d{1,3})[.):\]]\s|#(\d{1,3})\b|[•·▪●■◦*–-]\s)")
N_COLS = 16


def run_columns(raw: list[tuple[Any, ...]], z1: Any) -> Any:
    """The list-run columns (:data:`N_COLS`) of one page's lines from their raw facts and stage-1 log-odds."""
    n = len(raw)
    out = np.zeros((n, N_COLS))
    if n == 0:
        return out
    words = np.array([r[1] for r in raw], dtype=np.float64)
    prose = np.array([r[1] >= 12 and r[2] and r[3] is None for r in raw], dtype=bool)
    texts = [r[0] for r in raw]
    counts = Counter(texts)
    rep = np.array([counts[t] > 1 for t in texts], dtype=np.float64)
    nums: list[int | None] = []
    for t in texts:
        m = _NUM.match(t)
        nums.append(None if m is None else int(m.group(1) or m.group(2) or 0))
    numbered = np.array([x is not None for x in nums], dtype=np.float64)
    zc = np.clip(np.asarray(z1, dtype=np.float64) / 5.0, -2.0, 2.0)
    out[:, 0] = prose
    i = 0
    while i < n:
        if prose[i]:
            i += 1
            continue
        s = i
        while i < n and not prose[i]:
            i += 1
        e = i  # run is s..e-1
        ln = e - s
        p, q = s - 1, e
        seq = np.zeros(ln)
        last = None
        for k in range(s, e):
            if nums[k] is not None:
                if last is not None and nums[k] == last + 1:
                    seq[k - s] = 1.0
                last = nums[k]
        cols = out[s:e]
        cols[:, 1] = np.log1p(ln) / 5.0
        cols[:, 2] = (np.arange(ln) + 0.5) / ln
        if p >= 0:
            cols[:, 3] = zc[p]
            cols[:, 4] = 1.0
            cols[:, 5] = np.minimum(np.arange(1, ln + 1), 40) / 40.0
            cols[:, 6] = float(texts[p].rstrip().endswith(":"))
        if q < n:
            cols[:, 7] = zc[q]
            cols[:, 8] = 1.0
            cols[:, 9] = np.minimum(np.arange(ln, 0, -1), 40) / 40.0
        cols[:, 10] = numbered[s:e]
        cols[:, 11] = seq
        cols[:, 12] = min(words[s:e].mean(), 40.0) / 20.0
        cols[:, 13] = numbered[s:e].mean()
        cols[:, 14] = rep[s:e].mean()
        cols[:, 15] = zc[s:e].max()
    return out


def region_columns(raw: list[tuple[Any, ...]], z1: Any) -> Any:
    """The stage-1 region columns (8) of one page's lines: Kadane's positive runs of ``z1 + 0.5`` (text mode's
    region search on the stage-1 log-odds) and where the line sits against the best one."""
    n = len(raw)
    out = np.zeros((n, 8))
    if n == 0:
        return out
    s = np.asarray(z1, dtype=np.float64) + 0.5
    runs = positive_runs(s.tolist())
    if not runs:
        return out
    top = max(r[0] for r in runs)
    ba, bb = next((a, b) for t, a, b in runs if t == top)
    first = next((a, b) for t, a, b in runs if t >= 0.5 * top)
    idx = np.arange(n)
    run_total = np.zeros(n)
    run_rank = np.zeros(n)
    for k, (t, a, b) in enumerate(runs):
        run_total[a : b + 1] = t / top
        run_rank[a : b + 1] = k + 1
    neg = np.concatenate(([0.0], np.cumsum(np.minimum(s, 0.0))))
    hand = np.concatenate(([0.0], np.cumsum([r[3] is not None for r in raw])))
    lo = np.where(idx < ba, idx, np.where(idx > bb, bb + 1, idx))
    hi = np.where(idx < ba, ba, np.where(idx > bb, idx, idx))
    dist = np.where(idx < ba, idx - ba, np.where(idx > bb, idx - bb, 0))
    out[:, 0] = (idx >= ba) & (idx <= bb)
    out[:, 1] = (idx >= first[0]) & (idx <= first[1])
    out[:, 2] = np.clip(dist, -50, 50) / 50.0
    out[:, 3] = run_total
    out[:, 4] = np.log1p(run_rank) / 3.0
    out[:, 5] = np.clip(-(neg[hi] - neg[lo]), 0.0, 40.0) / 20.0
    out[:, 6] = np.log1p(hand[hi] - hand[lo]) / 4.0
    out[:, 7] = np.log1p(len(runs)) / 4.0
    return out


_WORD = re.compile(r"[^\W\d_]{4,}")
N_COH = 6


def cohesion_columns(raw: list[tuple[Any, ...]], z1: Any) -> Any:
    """Lexical cohesion with the page's likely story (:data:`N_COH` columns): does the line use the story's words?

    *Core* lines: stage-1 log-odds above 0 and 8+ words. Per line, over its distinct content words (letter runs of
    4+ characters, lower-cased): the share that occur in another core line (leave-one-out), the same with each
    word's count of other core lines capped at 3 (a word repeated through the story weighs more), the share shared
    with the *title candidate* (the nearest line of 3-20 words without a full stop above the first core line), the
    log number of content words, the mean of the first column over 3 lines either side, and the log number of core
    lines. Teasers of other stories, comments and bios use other words than the story they follow.
    """
    n = len(raw)
    out = np.zeros((n, N_COH))
    if n == 0:
        return out
    z = np.asarray(z1, dtype=np.float64)
    words = [frozenset(w.lower() for w in _WORD.findall(r[0])) for r in raw]
    core = [bool(z[i] > 0.0 and raw[i][1] >= 8) for i in range(n)]
    cnt: Counter[str] = Counter()
    for i in range(n):
        if core[i]:
            cnt.update(words[i])
    first = next((i for i in range(n) if core[i]), n)
    title: frozenset[str] = frozenset()
    for i in range(min(first, n) - 1, max(-1, first - 15), -1):
        if 3 <= raw[i][1] <= 20 and not raw[i][2]:
            title = words[i]
            break
    for i in range(n):
        ws = words[i]
        if not ws:
            continue
        own = 1 if core[i] else 0
        other = [cnt[w] - own for w in ws]
        out[i, 0] = sum(c > 0 for c in other) / len(ws)
        out[i, 1] = sum(min(c, 3) for c in other if c > 0) / (3.0 * len(ws))
        out[i, 2] = len(ws & title) / len(ws) if title else 0.0
        out[i, 3] = np.log1p(len(ws)) / 4.0
    c0 = np.concatenate(([0.0], np.cumsum(out[:, 0])))
    idx = np.arange(n)
    lo, hi = np.maximum(idx - 3, 0), np.minimum(idx + 4, n)
    out[:, 4] = (c0[hi] - c0[lo]) / (hi - lo)
    out[:, 5] = np.log1p(sum(core)) / 5.0
    return out


BLOCKS = {"lists": run_columns, "region": region_columns, "cohesion": cohesion_columns}


def clean_labels(raw: list[tuple[Any, ...]], y: Any) -> Any:
    """``y`` without isolated short positives: a body-labelled line of 1-3 tokens stays body only when a body line
    of 4+ tokens lies within 3 lines, or (chained) another kept short one within 2 ("News", "X" or a section name
    that also occurs somewhere in the truth are not story lines)."""
    n = len(y)
    if n == 0:
        return y
    yb = y.astype(bool)
    nt = np.array([len(tl.tokens(r[0])) for r in raw])
    keep = yb & (nt >= 4)
    near = np.zeros(n, dtype=bool)
    for i in np.flatnonzero(keep):
        near[max(0, i - 3) : i + 4] = True
    keep |= yb & near
    while True:
        nb = np.zeros(n, dtype=bool)
        for i in np.flatnonzero(keep):
            nb[max(0, i - 2) : i + 3] = True
        new = keep | (yb & nb)
        if new.sum() == keep.sum():
            break
        keep = new
    return keep.astype(np.float64)


def fit(
    xs: list[Any], data: list[dict[str, Any]], groups: list[str], idx: list[int], extra: Any
) -> tuple[Any, Any]:
    """``line_feature_looks.fit`` with the list-run columns appended to the context stage's input."""
    idx = [i for i in idx if len(data[i]["y"])]
    w1, z = lfl.stage1(xs, data, groups, idx)
    x2 = np.vstack([stack2(xs[i], z[i], data[i]["raw"], extra) for i in idx])
    return w1, tl.fit_trees(x2, *lfl.targets(data, idx))


def stack2(x: Any, z1: Any, raw: list[tuple[Any, ...]], extra: Any) -> Any:
    """The context stage's input, with the candidate block's columns when ``extra`` (a column function)."""
    s = stack_features(x, z1)
    return np.hstack((s, extra(raw, z1))) if extra is not None else s


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--none", action="store_true", help="without the list-run columns (reproduces the baseline)"
    )
    ap.add_argument("--block", choices=sorted(BLOCKS), default="lists")
    ap.add_argument(
        "--clean-labels", action="store_true", help="train stages 1-2 on clean_labels (lexical: cached)"
    )
    ap.add_argument("--threads", type=int, default=1, help="LightGBM threads")
    ap.add_argument("--folds", default="0,1,2,3,4")
    ap.add_argument("--dump", default=None, help="save per-page nested (P, R) as JSON here")
    ap.add_argument("--save-z", default=None, help="pickle the out-of-fold log-odds here")
    args = ap.parse_args(argv)
    tl.GBM["num_threads"] = args.threads
    t0 = time.process_time()
    pages, data, groups, folds = lfl.load()
    lex = pickle.loads(LEX_CACHE.read_bytes())
    assert lex["folds"] == folds
    extra = None if args.none else BLOCKS[args.block]
    train_data = data
    if args.clean_labels:
        train_data = [{**d, "y": clean_labels(d["raw"], d["y"])} for d in data]
        flipped = sum(int((d["y"] != t["y"]).sum()) for d, t in zip(data, train_data, strict=True))
        print(f"clean labels: {flipped} short lines body -> not body", file=sys.stderr)
    zs: list[Any] = [np.zeros(0)] * len(pages)
    for f in (int(a) for a in args.folds.split(",")):
        lz = lex["lz"][f]
        xs = [
            np.hstack((d["x"], lexscore.window_columns(lz[i]))) if i in lz and len(d["y"]) else d["x"]
            for i, d in enumerate(data)
        ]
        train = [i for i, g in enumerate(folds) if g != f]
        w1, trees = fit(xs, train_data, groups, train, extra)
        for i, g in enumerate(folds):
            if g == f and len(xs[i]):
                zs[i] = trees.predict(stack2(xs[i], xs[i] @ w1, data[i]["raw"], extra))
        done = [i for i, g in enumerate(folds) if g == f and len(xs[i])]
        diff = max((float(np.abs(zs[i] - lex["z"][i]).max()) for i in done), default=0.0)
        print(
            f"  fold {f}: {time.process_time() - t0:.0f} CPU-s, max |z - shipped z| {diff:.3g}",
            file=sys.stderr,
        )
    if args.save_z:
        Path(args.save_z).write_bytes(pickle.dumps(zs))
    if args.folds != "0,1,2,3,4":
        return 0
    nested, choice = lfl.nested_prs(pages, data, zs, folds)
    label = "shipped form" if args.none else f"+ {args.block} columns (context stage)"
    if args.clean_labels:
        label += ", clean labels"
    print(tl.report(pages, nested, f"{label}, OOF by domain, decoding nested {[tl.GRID[j] for j in choice]}"))
    base = lex["nested"]
    print(tl.report(pages, base, "baseline (lex_oof_v1.pkl nested)"))
    for s in (*tl.SETS, None):
        sel = [k for k, p in enumerate(pages) if s is None or p["set"] == s]
        won, lost = lfl.won_lost(pages, base, nested, 0.05, s)
        pm = np.mean([nested[k][0] for k in sel])
        rm = np.mean([nested[k][1] for k in sel])
        print(f"  {s or 'all'}: P {pm:.4f} R {rm:.4f}, pages won/lost (page F1 +-0.05) +{won}/-{lost}")
    if args.dump:
        lfl.dump_prs(args.dump, pages, nested)
    print(f"{time.process_time() - t0:.0f} CPU-s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
