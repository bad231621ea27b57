"""Out-of-fold looks at *training data* for text mode's line model: more pages, other weights (session 10).

Reuses the session-9 harness (``training/line_feature_looks.py``: cached line matrices of the 1,232
text-bench pages, both stages refitted per outer fold by registered domain, every page extracted
with its fold's log-odds, decoding nested by fold) and changes only what the model trains on:

- ``--look oracle``: no fit; text mode's decoding with perfect line knowledge: (i) log-odds +5 / -5
  from the line labels through the Kadane region search and the hand rules (not a ceiling: a hard
  -5 wall inside a story splits the region, which the model's soft log-odds + offset bridge),
  (i') the same with the region forced to the first..last labelled line (the single-region
  ceiling), (ii) every line labelled body, joined, scored directly (no region, no hand rules);
- ``--look A`` (:func:`extra_data`): the wcxb-dev pages that the text bench does not score (page
  types :data:`EXTRA_TYPES`: about 700 pages, each with a ``main_content`` truth) join the training
  set of every outer fold that does not hold their registered domain, as a fourth set weighing
  :data:`EXTRA_SHARE` of one scored set (:func:`extra_weights`); never evaluated;
- ``--look B`` (:func:`site_weights`): within every set each *site* weighs the same instead of each
  page (Fundus: the publisher; zyte and wcxb: the registered domain), sets still weigh the same;
- ``--look An``: look A with the extra pages' body lines at weight 0 (only their non-content lines
  train: chrome from other page types, not their idea of content; chosen after reading A, the third look);
- ``--look C``: A and B together.

The extra pages' line matrices are computed exactly as the harness's ``page_data`` (features with
no model loaded, labels by ``train_lines.line_labels``, token-share page weights) and cached in
``bench/out/data_looks_extra_v1.pkl``.

Run (about 10 CPU-minutes a look, 1 for the oracle)::

    python training/data_looks.py --look oracle
    python training/data_looks.py --look A
    python training/data_looks.py --look B
    python training/data_looks.py --look none   # the shipped model's run, for pages won / lost
    python training/data_looks.py --look table  # pages won / lost per set against it
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
from bench.common import render_flat, wcxb_pages, zyte_page_pr  # noqa: E402
from training import line_feature_looks as lfl  # noqa: E402
from training import train_lines as tl  # noqa: E402

from warta.extract import lines_model as lm  # noqa: E402
from warta.extract import text as textmod  # noqa: E402
from warta.extract._linefeat_py import stack_features  # noqa: E402
from warta.extract.chrome import Lexicon  # noqa: E402

EXTRA_CACHE = tl.CACHE / "data_looks_extra_v1.pkl"
EXTRA_TYPES = ("forum", "product", "collection", "listing", "documentation", "service")
"""wcxb-dev page types the text bench does not score (it scores the ``article`` pages only)."""
EXTRA_SHARE = 0.5
"""The extra pages' total weight as a share of one scored set's (fixed before any look; see :func:`extra_weights`)."""


def extra_data() -> list[dict[str, Any]]:
    """The unscored wcxb-dev pages as training matrices: ``x``, ``y``, ``w`` (token shares), ``group``, ``type``.

    Computed as ``line_feature_looks.page_data`` computes the scored pages' (text mode's lines, shipped
    features with no model loaded, ``train_lines.line_labels`` against ``main_content``); cached.
    """
    if EXTRA_CACHE.exists():
        return pickle.loads(EXTRA_CACHE.read_bytes())
    lex = Lexicon.for_lang(None)
    out = []
    for pid, html, url, gt in wcxb_pages(types=set(EXTRA_TYPES)):
        page = {"id": pid, "site": tl.site_of(url), "url": url, "set": "wcxb_extra"}
        got: dict[str, Any] = {}

        def grab(lines: list[Any], got: dict[str, Any] = got) -> None:
            got["x"] = lm.features(lines, lex.hint_weights)
            got["texts"] = [ln.text for ln in lines]

        with lm.using(None), tl.hook(grab):
            textmod.extract_text(render_flat(html))
        texts = got.get("texts") or []
        if not texts:
            continue
        y = np.array(tl.line_labels(texts, gt.get("main_content") or ""), dtype=np.float64)
        ntok = np.array([max(1, len(tl.tokens(t))) for t in texts], dtype=np.float64)
        w = np.maximum(ntok / ntok.sum(), 0.2 / len(ntok))
        out.append(
            {"id": pid, "x": got["x"], "y": y, "w": w, "group": tl.group_of(page), "type": gt["page_type"]}
        )
    EXTRA_CACHE.parent.mkdir(parents=True, exist_ok=True)
    EXTRA_CACHE.write_bytes(pickle.dumps(out))
    return out


def extra_weights(extra: list[Any], n_scored: int, n_sets: int = 3, share: float = EXTRA_SHARE) -> list[Any]:
    """The extra pages' line weights on the scale of ``train_lines.balance``: all of them together weigh
    ``share`` of one scored set (a scored set of any size weighs ``n_scored / n_sets`` page units there).

    Half a set: they are real labelled pages (the same renderer, the same line labels), but of other
    page types (forums, shops, listings, docs) whose truth marks different things as content; the
    scored sets should keep the larger say on what an article's story is.

    >>> extra_weights([np.ones(2), np.ones(2)], n_scored=6, n_sets=3)  # doctest: +SKIP
    """
    scale = (n_scored / n_sets) * share / max(len(extra), 1)
    return [w * scale for w in extra]


def unit_of(page: dict[str, Any]) -> str:
    """The weighting unit of a page in :func:`site_weights`: a Fundus page's publisher, else its registered domain."""
    return page["site"] if page["set"] == "fundus" else tl.group_of(page)


def site_weights(ws: list[Any], pages: list[dict[str, Any]]) -> list[Any]:
    """Line weights (as ``train_lines.balance`` gives them) rescaled so that within a set each site
    (:func:`unit_of`) weighs the same, not each page; a set's total is unchanged.

    A site with ``m`` of its set's ``n`` pages over ``u`` sites: its pages' weights times ``n / (u * m)``.
    """
    units = Counter((p["set"], unit_of(p)) for p in pages)
    per_set = Counter(p["set"] for p in pages)
    sites = Counter(s for s, _ in units)
    return [
        w * per_set[p["set"]] / (sites[p["set"]] * units[(p["set"], unit_of(p))])
        for w, p in zip(ws, pages, strict=True)
    ]


def oracle(pages: list[dict[str, Any]], data: list[dict[str, Any]]) -> list[str]:
    """The two ceilings of text mode with perfect line labels (see the module docstring)."""
    saved = textmod._rescore, textmod._line_model
    textmod._rescore, textmod._line_model = lfl._rescore, lambda: lfl._D
    lfl._D.dec, lfl._D.keep = (0.0, None, 0.0, 0.0), 0.0
    region = textmod._best_region
    span: list[Any] = [None]
    textmod._best_region = lambda lines, *a, **k: span[0] if span[0] is not None else region(lines, *a, **k)
    try:
        dec, one = [], []
        for p, d in zip(pages, data, strict=True):
            lfl._D.z = 10.0 * d["y"] - 5.0
            lfl._D.hand = np.zeros(len(d["y"]))
            span[0] = None
            dec.append(zyte_page_pr(p["truth"], tl.extract_pred(p["flat"], None)))
            pos = np.flatnonzero(d["y"] > 0)
            span[0] = (int(pos[0]), int(pos[-1])) if len(pos) else (len(d["y"]), len(d["y"]) - 1)
            one.append(zyte_page_pr(p["truth"], tl.extract_pred(p["flat"], None)))
    finally:
        textmod._rescore, textmod._line_model = saved
        textmod._best_region = region
    direct = [
        zyte_page_pr(p["truth"], "\n".join(r[0] for r, yy in zip(d["raw"], d["y"], strict=True) if yy > 0))
        for p, d in zip(pages, data, strict=True)
    ]
    return [
        tl.report(
            pages, dec, "oracle (i) z = +/-5 from the labels, Kadane region + hand rules (not a ceiling)"
        ),
        tl.report(pages, one, "oracle (i') z = +/-5, region = first..last labelled line, hand rules"),
        tl.report(pages, direct, "oracle (ii) labelled lines joined, no decoder"),
    ]


def won_lost(pages: list[dict[str, Any]], base: list[Any], new: list[Any], eps: float = 0.05) -> str:
    """Per set: pages whose F1 rose / fell by more than ``eps`` against ``base``."""
    parts = []
    for s in tl.SETS:
        won, lost = lfl.won_lost(pages, base, new, eps, s)
        parts.append(f"{s} +{won}/-{lost}")
    return f"pages won/lost vs none (page F1 moved > {eps}): " + ", ".join(parts)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--look", choices=("oracle", "none", "A", "An", "B", "C", "table"), required=True)
    args = ap.parse_args(argv)
    t0 = time.process_time()
    pages = tl.load_pages()
    data = lfl.page_data(pages)
    if args.look == "oracle":
        for line in oracle(pages, data):
            print(line)
        print(f"{time.process_time() - t0:.0f} CPU-s", file=sys.stderr)
        return 0
    if args.look == "table":  # the saved looks' pages won / lost against the saved ``none`` run
        base = pickle.loads((tl.CACHE / "data_looks_none_prs.pkl").read_bytes())
        for look in ("A", "An", "B", "C"):
            path = tl.CACHE / f"data_looks_{look}_prs.pkl"
            if path.exists():
                new = pickle.loads(path.read_bytes())
                print(f"{tl.report(pages, new, look)}; {won_lost(pages, base, new)}")
        return 0
    groups = [tl.group_of(p) for p in pages]
    folds = [tl.fold_of(g, tl.FOLDS) for g in groups]
    train = [dict(d) for d in data]
    if args.look in ("B", "C"):
        for d, w in zip(train, site_weights([d["w"] for d in data], pages), strict=True):
            d["w"] = w
    xs = [d["x"] for d in train]
    tgroups = list(groups)
    tfolds = list(folds)
    if args.look in ("A", "An", "C"):
        extra = [e for e in extra_data() if len(e["y"])]
        ws = extra_weights([e["w"] for e in extra], len(pages))
        if args.look == "An":  # their body lines weigh 0 (kept in the page for the context features)
            ws = [w * (e["y"] == 0) for w, e in zip(ws, extra, strict=True)]
        for e, w in zip(extra, ws, strict=True):
            train.append({"x": e["x"], "y": e["y"], "w": w})
            xs.append(e["x"])
            tgroups.append(e["group"])
            tfolds.append(tl.fold_of(e["group"], tl.FOLDS))
        print(
            f"extra: {len(extra)} pages, {sum(len(e['y']) for e in extra)} lines, "
            f"{len({e['group'] for e in extra})} domains, types {dict(Counter(e['type'] for e in extra))}; "
            f"weight {sum(w.sum() for w in ws):.0f} vs scored sets "
            + ", ".join(
                f"{s} {sum(d['w'].sum() for d, p in zip(train, pages, strict=False) if p['set'] == s):.0f}"
                for s in tl.SETS
            ),
            file=sys.stderr,
        )
    zs: list[Any] = [np.zeros(0)] * len(pages)
    span_z = tl.CACHE / "span_z_v1.pkl"  # training/span_zcache.py: the same per-fold fits as --block none
    if args.look == "none" and span_z.exists():
        for i, (z, _z1) in pickle.loads(span_z.read_bytes())["z"].items():
            zs[i] = z
    for f in range(tl.FOLDS) if not (args.look == "none" and span_z.exists()) else ():
        w1, trees = lfl.fit(xs, train, tgroups, [i for i, g in enumerate(tfolds) if g != f])
        for i, g in enumerate(folds):
            if g == f and len(xs[i]):
                zs[i] = trees.predict(stack_features(xs[i], xs[i] @ w1))
        print(f"  fold {f}: {time.process_time() - t0:.0f} CPU-s", file=sys.stderr)
    nested, choice = lfl.nested_prs(pages, data, zs, folds)
    print(
        tl.report(
            pages, nested, f"look {args.look}, OOF by domain, decoding nested {[tl.GRID[j] for j in choice]}"
        )
    )
    (tl.CACHE / f"data_looks_{args.look}_prs.pkl").write_bytes(pickle.dumps(nested))
    base = tl.CACHE / "data_looks_none_prs.pkl"
    if args.look != "none" and base.exists():
        print(won_lost(pages, pickle.loads(base.read_bytes()), nested))
    print(f"{time.process_time() - t0:.0f} CPU-s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
