"""Train text mode's line classifier (:mod:`warta.extract.lines_model`) on all three text-bench sets.

Pages: zyte-aeb (181), the *article* pages of wcxb-dev (793) and every Fundus fixture (258), each
rendered to flattened text (``bench.common.render_flat``, the text benchmark's rendering) and run
through text mode's hand rules. Every line gets the features of
:data:`warta.extract.lines_model.FEATURES` and a label: *body* when at least half of its 4-token
shingles (or, for a line under 4 tokens, its whole token run) occur in the page's truth (zyte
``articleBody``, wcxb ``main_content``, Fundus summary + section headlines + paragraphs). A logistic
regression (L2, Newton's method in numpy) is fitted with each set weighing the same and, within a
set, each page (a line weighs by its share of the page's tokens, floored); a second (context) model stacks on the first one's
out-of-fold log-odds: gradient-boosted regression trees (LightGBM, :data:`GBM`, fixed settings, no tuning), shipped as
flattened node arrays that :class:`~warta.extract.lines_model.Trees` evaluates in numpy; a linear context model is fitted
too (``w2``, used only by models without trees).

Evaluation is out-of-fold **by site, on every set**: a page's *site* is its URL's registered domain
in whichever set it appears (a site printed in two sets is one site; a page without a URL falls back
to its host or Fundus publisher); sites are hashed into ``--folds`` folds, and each page is extracted with a
model trained without its fold. The four decoding settings (blend, furniture, offset, keep; see
:class:`~warta.extract.lines_model.LineModel`) are chosen **per fold** on the other folds' pages
(nested: a fold's own pages never pick its decoding), by the all-pages Zyte F1 of their out-of-fold
predictions. The shipped model is trained on every page, its decoding chosen on all OOF predictions.

Run::

    pip install -e ".[train,bench]"
    python training/train_lines.py                 # OOF report + writes src/warta/models/text-lines.json
    python training/train_lines.py --no-write      # OOF report only
"""

from __future__ import annotations

import argparse
import itertools
import pickle
import sys
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (  # noqa: E402
    REPO,
    fundus_body,
    fundus_pages,
    render_flat,
    shingles,
    tokens,
    wcxb_pages,
    zyte_page_pr,
    zyte_pages,
)

from warta.extract import lines_model as lm  # noqa: E402
from warta.extract import text as textmod  # noqa: E402
from warta.extract.chrome import Lexicon  # noqa: E402

CACHE = REPO / "bench" / "out"
SETS = ("zyte", "wcxb", "fundus")
L2 = 1.0
FOLDS = 5
# decoding grid (see LineModel: blend, furniture, offset, keep), searched out-of-fold; blend 0
# (the model's log-odds alone) is left out: it loses two of the seed page's eleven story paragraphs
BLENDS = (0.1, 0.2)
FURNITURE = (None, 0.0)
OFFSETS = (0.5, 1.0)
KEEPS = (-1.5, -1.0)
GRID = tuple(itertools.product(BLENDS, FURNITURE, OFFSETS, KEEPS))
GBM = {
    "objective": "binary",
    "learning_rate": 0.1,
    "num_leaves": 15,
    "min_data_in_leaf": 100,
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
    "seed": 1,
    "deterministic": True,
    "force_row_wise": True,
    "num_threads": 2,
    "verbose": -1,
}
"""The context model's boosting settings (set once, before any out-of-fold score was read; not tuned)."""
GBM_ROUNDS = 200
LEXICAL = True
"""Whether the model gets the learned lexical columns (``--lexical``; ``training/lexical.py``)."""


def site_of(url: str) -> str:
    """The host name without ``www.`` (the unit of the by-site folds for zyte and wcxb)."""
    host = urlsplit(url).hostname or url
    return host[4:] if host.startswith("www.") else host


def fold_of(site: str, k: int) -> int:
    """A stable fold number for a site."""
    return zlib.crc32(site.encode("utf-8")) % k


_SECOND_LEVEL = frozenset({"co", "com", "net", "org", "ac", "gov", "ne", "or", "go", "edu", "gv"})


def domain_of(url: str) -> str:
    """The registered domain of a URL: ``news.bbc.co.uk`` -> ``bbc.co.uk``, ``edition.cnn.com`` -> ``cnn.com``.

    A two-letter top-level domain under a generic second level (``co.uk``, ``com.au``) keeps three labels.
    """
    host = site_of(url)
    labels = host.split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def group_of(page: dict[str, Any]) -> str:
    """The fold unit of a page: its URL's registered domain, whatever the set (a site printed in two
    sets lands in one fold); the page's ``site`` when it has no URL."""
    url = page.get("url") or ""
    return domain_of(url) if urlsplit(url).hostname else page["site"]


def _load_set(name: str) -> list[dict[str, Any]]:
    pages: list[dict[str, Any]] = []
    if name == "zyte":
        for pid, html, url, truth in zyte_pages():
            pages.append(
                {"id": pid, "site": site_of(url), "url": url, "flat": render_flat(html), "truth": truth}
            )
    elif name == "wcxb":
        for pid, html, url, gt in wcxb_pages(types={"article"}):
            truth = gt.get("main_content") or ""
            pages.append(
                {"id": pid, "site": site_of(url), "url": url, "flat": render_flat(html), "truth": truth}
            )
    elif name == "fundus":
        for pub, country, version, html, url, exp in fundus_pages():
            pid = f"{country}/{pub}/{version}"
            pages.append(
                {"id": pid, "site": pub, "url": url, "flat": render_flat(html), "truth": fundus_body(exp)}
            )
    else:
        raise ValueError(f"unknown set: {name}")
    for p in pages:
        p["set"] = name
    return pages


def load_pages(sets: Sequence[str] = SETS) -> list[dict[str, Any]]:
    """Pages of ``sets`` as dicts (set, id, site, flat, truth), rendered once and cached in bench/out."""
    out: list[dict[str, Any]] = []
    for name in sets:
        path = CACHE / f"train_lines_{name}_v2.pkl"
        if path.exists():
            pages = pickle.loads(path.read_bytes())
        else:
            pages = _load_set(name)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(pickle.dumps(pages))
        out.extend(pages)
    return out


@contextmanager
def hook(fn: Callable[[list[Any]], None]) -> Iterator[None]:
    """Call ``fn(lines)`` inside text mode right before its region search (after the hand scores)."""
    orig = textmod._best_region

    def wrapped(lines: list[Any], *args: Any, **kw: Any) -> Any:
        fn(lines)
        return orig(lines, *args, **kw)

    textmod._best_region = wrapped
    try:
        yield
    finally:
        textmod._best_region = orig


def line_labels(texts: list[str], truth: str) -> list[int]:
    """1 when a line is (mostly) in the truth: half its 4-shingles, or its whole run when shorter."""
    tsh = shingles(truth)
    joined = " " + " ".join(tokens(truth)) + " "
    out = []
    for t in texts:
        toks = tokens(t)
        if not toks:
            out.append(0)
        elif len(toks) < 4:
            out.append(1 if f" {' '.join(toks)} " in joined else 0)
        else:
            sh = shingles(t)
            hit = sum(min(c, tsh[s]) for s, c in sh.items())
            out.append(1 if hit >= 0.5 * sum(sh.values()) else 0)
    return out


def page_matrix(page: dict[str, Any]) -> tuple[Any, Any, Any, list[str]]:
    """Features, labels, weights and texts of one page's lines (as text mode sees them)."""
    import numpy as np

    lex = Lexicon.for_lang(None)
    got: dict[str, Any] = {}

    def grab(lines: list[Any]) -> None:
        got["x"] = lm.features(lines, lex.hint_weights)
        got["texts"] = [ln.text for ln in lines]

    with lm.using(None), hook(grab):  # features read the hand scores, before any model
        textmod.extract_text(page["flat"])
    if not got.get("texts"):
        return np.zeros((0, len(lm.FEATURES))), np.zeros(0), np.zeros(0), []
    y = np.array(line_labels(got["texts"], page["truth"]), dtype=np.float64)
    ntok = np.array([max(1, len(tokens(t))) for t in got["texts"]], dtype=np.float64)
    w = np.maximum(ntok / ntok.sum(), 0.2 / len(ntok))
    return got["x"], y, w, got["texts"]


def balance(mats: list[Any], pages: list[dict[str, Any]]) -> list[Any]:
    """Line weights rescaled so that each *set* weighs the same (wcxb's 793 pages would outweigh the
    other two otherwise; in the OOF runs this traded wcxb 0.910 -> 0.904 for Fundus 0.883 -> 0.890)."""
    from collections import Counter

    per_set = Counter(p["set"] for p in pages)
    k = len(per_set)
    return [
        (x, y, w * len(pages) / (k * per_set[p["set"]]), t)
        for (x, y, w, t), p in zip(mats, pages, strict=True)
    ]


def fit_lr(x: Any, y: Any, w: Any, l2: float = L2, iters: int = 10, start: Any = None) -> Any:
    """Weighted L2 logistic regression (bias, column 0, unpenalised) by Newton's method.

    ``start``: initial weights (a fit on overlapping data converges in two or three steps from there).
    """
    import numpy as np

    w = w / w.sum() * len(w)
    d = x.shape[1]
    pen = np.full(d, l2)
    pen[0] = 0.0
    theta = np.zeros(d) if start is None else np.array(start, dtype=np.float64)
    for _ in range(iters):
        z = x @ theta
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        g = x.T @ (w * (p - y)) + pen * theta
        h = (x * (w * p * (1 - p))[:, None]).T @ x + np.diag(pen + 1e-6)
        step = np.linalg.solve(h, g)
        theta -= step
        if np.abs(step).max() < 1e-3:
            break
    return theta


def flatten_trees(dump: dict[str, Any]) -> lm.Trees:
    """A LightGBM model dump (``Booster.dump_model()``) as :class:`~warta.extract.lines_model.Trees` node arrays."""
    feat: list[int] = []
    thr: list[float] = []
    left: list[int] = []
    right: list[int] = []
    val: list[float] = []

    def walk(nd: dict[str, Any]) -> int:
        k = len(feat)
        feat.append(-1)
        thr.append(0.0)
        left.append(k)
        right.append(k)
        val.append(0.0)
        if "split_feature" not in nd:
            val[k] = nd["leaf_value"]
            return k
        if nd["decision_type"] != "<=":
            raise ValueError(f"unsupported split: {nd['decision_type']}")
        feat[k] = nd["split_feature"]
        thr[k] = nd["threshold"]
        left[k] = walk(nd["left_child"])
        right[k] = walk(nd["right_child"])
        return k

    roots = [walk(t["tree_structure"]) for t in dump["tree_info"]]
    return lm.Trees(feat, thr, left, right, val, roots)


def fit_trees(
    x: Any, y: Any, w: Any, rounds: int = GBM_ROUNDS, params: dict[str, Any] | None = None
) -> lm.Trees:
    """Gradient-boosted trees (:data:`GBM`, or ``params``) on weighted lines, flattened for evaluation."""
    import lightgbm

    booster = lightgbm.train(params or GBM, lightgbm.Dataset(x, y, weight=w / w.mean()), rounds)
    return flatten_trees(booster.dump_model())


def with_lexical(
    mats: list[Any], idx: list[int], groups: list[str], corpus: Any, inner: int = 4
) -> tuple[list[Any], Any]:
    """``mats`` with the lexical columns (:data:`~warta.extract.lines_model.LEX`) appended for the pages
    ``idx`` and the lexical table fitted on them (``training/lexical.py``, stage 0).

    A page's columns come from a table fitted on the *other* inner folds (by domain, the stage-1
    inner folds), so the line model learns how far the lexical score holds on sites it has not seen.
    """
    import numpy as np
    from training import lexical as lx

    from warta.extract import lexscore

    ys = [m[1] for m in mats]
    ws = [m[2] for m in mats]
    z = lx.inner_scores(corpus, ys, ws, idx, [fold_of(groups[i] + "#inner", inner) for i in idx])
    out = list(mats)
    for i in idx:
        x, y, w, t = mats[i]
        out[i] = (np.hstack((x, lexscore.window_columns(z[i]))), y, w, t)
    return out, lx.to_table(corpus, lx.lex_fit(corpus, ys, ws, idx))


def stage1(
    xs: Sequence[Any],
    ys: Sequence[Any],
    ws: Sequence[Any],
    groups: Sequence[str],
    idx: Sequence[int],
    l2: float = L2,
    inner: int = 4,
) -> tuple[Any, dict[int, Any]]:
    """The line model (logistic) on the pages ``idx`` (inputs ``xs``, 0/1 targets ``ys``, weights ``ws``, per
    page) and each of those pages' *inner out-of-fold* log-odds (folds by site, ``fold_of(group + "#inner")``):
    what a stacked stage learns from, as it will see the line model on pages it was not fitted on."""
    import numpy as np

    def lr(pages: Sequence[int], start: Any = None) -> Any:
        cat = np.concatenate
        return fit_lr(
            np.vstack([xs[i] for i in pages]),
            cat([ys[i] for i in pages]),
            cat([ws[i] for i in pages]),
            l2,
            start=start,
        )

    w1 = lr(idx)
    inner_fold = [fold_of(groups[i] + "#inner", inner) for i in idx]
    z_oof: dict[int, Any] = {}
    for f in range(inner):
        wf = lr([i for i, g in zip(idx, inner_fold, strict=True) if g != f], start=w1)
        for i, g in zip(idx, inner_fold, strict=True):
            if g == f:
                z_oof[i] = xs[i] @ wf
    return w1, z_oof


def fit(
    mats: list[Any],
    idx: list[int],
    groups: list[str],
    l2: float = L2,
    inner: int = 4,
    rounds: int = GBM_ROUNDS,
    leaves: int | None = None,
    corpus: Any = None,
    cascade: tuple[float, float] | None = None,
) -> lm.LineModel:
    """Both stages on the pages ``idx``: the context model learns from out-of-fold (by site) line logits.

    ``rounds`` / ``leaves``: the context ensemble's size (trees, leaves per tree; :data:`GBM` otherwise).
    ``corpus``: the pages' :class:`training.lexical.Corpus`; when given, the model gets a lexical
    table and its columns (:func:`with_lexical`). ``cascade``: ``(q_lo, q_hi)``, the model's
    :attr:`~warta.extract.lines_model.LineModel.cascade` from these lines (:func:`cascade_of`).
    """
    import numpy as np

    idx = [i for i in idx if len(mats[i][1])]
    table = None
    if corpus is not None:
        mats, table = with_lexical(mats, idx, groups, corpus, inner)
    y = np.concatenate([mats[i][1] for i in idx])
    w = np.concatenate([mats[i][2] for i in idx])
    xs, ys, ws = ([m[k] for m in mats] for k in range(3))
    w1, z_oof = stage1(xs, ys, ws, groups, idx, l2, inner)
    x2 = np.vstack([lm.stack_features(mats[i][0], z_oof[i]) for i in idx])
    w2 = fit_lr(x2, y, w, l2)
    params = GBM if leaves is None else {**GBM, "num_leaves": leaves}
    trees = fit_trees(x2, y, w, rounds, params)
    cas = None
    if cascade is not None:
        z1 = np.concatenate([z_oof[i] for i in idx])
        cas = cascade_of(z1, trees.predict(x2), w, *cascade)
    return lm.LineModel(w1, w2, trees=trees, lex=table, cascade=cas)


def cascade_of(z1: Any, t: Any, w: Any, q_lo: float, q_hi: float) -> tuple[float, ...]:
    """A cascade ``(lo, hi, a_lo, b_lo, a_hi, b_hi)`` from training lines' (inner out-of-fold)
    line-model log-odds ``z1``, the trees' output ``t`` on them and their weights ``w``: ``lo`` is
    the ``q_lo`` quantile of ``z1`` and ``hi`` the ``1 - q_hi`` one (0: that side never skips the
    trees); ``a * z1 + b`` per side is the weighted least-squares line through the trees' output
    on the lines beyond it (session 11, ``training/speed_looks.py``)."""
    import numpy as np

    lo = float(np.quantile(z1, q_lo)) if q_lo > 0 else -np.inf
    hi = float(np.quantile(z1, 1.0 - q_hi)) if q_hi > 0 else np.inf
    maps = []
    for m in (z1 < lo, z1 > hi):
        a, b = np.polyfit(z1[m], t[m], 1, w=np.sqrt(w[m])) if m.sum() > 1 else (0.0, 0.0)
        maps.append((float(a), float(b)))
    return (lo, hi, *maps[0], *maps[1])


def extract_pred(flat: str, model: lm.LineModel | None) -> str:
    """Text mode's lead + body for a page, with the model (or the hand scores when None)."""
    with lm.using(model):
        art = textmod.extract_text(flat)
    return "\n".join(p for p in ([art.lead] if art.lead else []) + list(art.body) if p)


def fold_models(
    mats: list[Any], groups: list[str], k: int = FOLDS, l2: float = L2, **size: Any
) -> tuple[list[int], list[lm.LineModel]]:
    """Each page's fold (by site) and, per fold, a model trained on the other folds' pages.

    ``size``: ``rounds`` / ``leaves`` of the context ensemble, ``corpus`` (see :func:`fit`).
    """
    folds = [fold_of(g, k) for g in groups]
    models = [fit(mats, [i for i, g in enumerate(folds) if g != f], groups, l2, **size) for f in range(k)]
    return folds, models


def set_decoding(model: lm.LineModel, dec: tuple[Any, ...]) -> lm.LineModel:
    """Give ``model`` the decoding settings ``(blend, furniture, offset, keep)``; return it."""
    model.blend, model.furniture, model.offset, model.keep = dec
    return model


def f1_of(prs: Sequence[tuple[float, float]]) -> float:
    """The Zyte F1 of per-page (precision, recall) pairs: harmonic mean of the averages."""
    if not prs:
        return 0.0
    p = sum(a for a, _ in prs) / len(prs)
    r = sum(b for _, b in prs) / len(prs)
    return 2 * p * r / (p + r) if p + r else 0.0


def grid_pr(
    pages: list[dict[str, Any]],
    folds: list[int],
    models: list[lm.LineModel],
    grid: Sequence[tuple[Any, ...]] = GRID,
) -> list[list[tuple[float, float]]]:
    """Per decoding setting, every page's (P, R) when extracted by its fold's model (out-of-fold)."""
    out = []
    for dec in grid:
        for m in models:
            set_decoding(m, dec)
        out.append(
            [
                zyte_page_pr(p["truth"], extract_pred(p["flat"], models[g]))
                for p, g in zip(pages, folds, strict=True)
            ]
        )
    return out


def nested_decoding(folds: list[int], prs: list[list[tuple[float, float]]], k: int) -> list[int]:
    """Per fold, the grid index with the best all-pages OOF F1 on the *other* folds' pages."""
    choice = []
    for f in range(k):
        others = [i for i, g in enumerate(folds) if g != f]
        choice.append(max(range(len(prs)), key=lambda j: f1_of([prs[j][i] for i in others])))
    return choice


def oof_models(
    pages: list[dict[str, Any]], k: int = FOLDS, l2: float = L2, log: Any = None, lexical: bool | None = None
) -> list[lm.LineModel]:
    """One model per page, trained without the page's fold, decoding chosen without it (nested).

    The text benchmark's ``warta + line model (out-of-fold)`` row extracts each page with its entry.
    ``lexical``: fit the learned lexical columns too (default: as :data:`LEXICAL`, the shipped model's form).
    """
    mats = balance([page_matrix(p) for p in pages], pages)
    groups = [group_of(p) for p in pages]
    size: dict[str, Any] = {}
    if LEXICAL if lexical is None else lexical:
        from training import lexical as lx

        size["corpus"] = lx.Corpus([m[3] for m in mats], groups)
    folds, models = fold_models(mats, groups, k, l2, **size)
    prs = grid_pr(pages, folds, models)
    choice = nested_decoding(folds, prs, k)
    if log is not None:
        for f, j in enumerate(choice):
            print(f"  fold {f}: decoding {GRID[j]}", file=log)
    for m, j in zip(models, choice, strict=True):
        set_decoding(m, GRID[j])
    return [models[g] for g in folds]


def report(pages: list[dict[str, Any]], prs: Sequence[tuple[float, float]], label: str) -> str:
    """One line: per-set and all-pages F1 of per-page (P, R) pairs."""
    parts = []
    for s in SETS:
        sel = [pr for p, pr in zip(pages, prs, strict=True) if p["set"] == s]
        if sel:
            parts.append(f"{s} {f1_of(sel):.4f}")
    return f"{label}: " + ", ".join(parts) + f", all {f1_of(list(prs)):.4f}"


def main(argv: list[str] | None = None) -> int:
    import json

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--folds", type=int, default=FOLDS)
    ap.add_argument("--l2", type=float, default=L2)
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--out", default=str(lm.MODEL_PATH))
    ap.add_argument("--rounds", type=int, default=GBM_ROUNDS, help="trees in the context ensemble")
    ap.add_argument("--leaves", type=int, default=GBM["num_leaves"], help="leaves per tree")
    ap.add_argument(
        "--lexical", action=argparse.BooleanOptionalAction, default=LEXICAL, help="learned lexical columns"
    )
    ap.add_argument(
        "--cascade",
        default=None,
        help="QLO,QHI: lines beyond these training quantiles of the line model's log-odds skip the trees "
        "(cascade_of; 0: that side never skips); session 11 looked at 0.2,0.2 and 0.4,0",
    )
    args = ap.parse_args(argv)
    size: dict[str, Any] = {"rounds": args.rounds, "leaves": args.leaves}
    if args.cascade:
        qlo, _, qhi = args.cascade.partition(",")
        size["cascade"] = (float(qlo), float(qhi or qlo))

    t0 = time.process_time()
    pages = load_pages([s for s in args.sets.split(",") if s])
    mats = balance([page_matrix(p) for p in pages], pages)
    groups = [group_of(p) for p in pages]
    if args.lexical:
        from training import lexical as lx

        size["corpus"] = lx.Corpus([m[3] for m in mats], groups)
    print(
        f"{len(pages)} pages from {len(set(groups))} sites, {sum(len(m[1]) for m in mats)} lines; "
        f"features {time.process_time() - t0:.1f} CPU-s",
        file=sys.stderr,
    )
    base = [zyte_page_pr(p["truth"], extract_pred(p["flat"], None)) for p in pages]
    print(report(pages, base, "hand rules"))
    folds, models = fold_models(mats, groups, args.folds, args.l2, **size)
    print(f"fold models {time.process_time() - t0:.1f} CPU-s", file=sys.stderr)
    prs = grid_pr(pages, folds, models)
    for dec, pr in zip(GRID, prs, strict=True):
        print(f"  decoding {dec}: {report(pages, pr, 'OOF')}", file=sys.stderr)
    choice = nested_decoding(folds, prs, args.folds)
    nested = [prs[choice[g]][i] for i, g in enumerate(folds)]
    print(
        report(
            pages,
            nested,
            f"model, OOF by site ({args.folds} folds), decoding nested {[GRID[j] for j in choice]}",
        )
    )
    best = max(range(len(GRID)), key=lambda j: f1_of(prs[j]))
    print(report(pages, prs[best], f"model, OOF, decoding {GRID[best]} (best on all OOF; shipped)"))
    print(f"{time.process_time() - t0:.1f} CPU-s", file=sys.stderr)
    if not args.no_write:
        model = set_decoding(fit(mats, list(range(len(pages))), groups, args.l2, **size), GRID[best])
        model.meta = {
            "trained_on": f"{args.sets} ({len(pages)} pages, {sum(len(m[1]) for m in mats)} lines)",
            "l2": args.l2,
            "context_model": f"gradient-boosted trees, {args.rounds} rounds: {GBM | {'num_leaves': args.leaves}}",
            "oof_f1_by_site_nested": round(f1_of(nested), 4),
            "hand_rules_f1": round(f1_of(base), 4),
            "command": "python training/train_lines.py",
        }
        if model.lex is not None:
            model.meta["lexical"] = (
                f"{len(model.lex.weights)} tokens on lines of >= {lx.MIN_DOMAINS} domains, L2 {lx.LEX_L2}"
            )
            model.lex.write(Path(args.out).with_name(lm.LEX_TABLE_NAME))
        Path(args.out).write_text(json.dumps(model.to_json()) + "\n", encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
