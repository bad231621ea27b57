"""Train the HTML title chooser (:mod:`warta.extract.title_model`) on WCXB dev (all page types) and Fundus.

Every page is run through ``fill_metadata`` (the rules decide) and its candidate wordings recorded
where ``_pick_title`` returns (:func:`warta.extract.title_model.candidates`: the rules' answer, each
``<h1>``, the metadata titles, the ``<title>`` and its parts, article ``<h2>`` elements). A candidate is *right* when it equals
the truth under the metadata bench's title normaliser (``bench.meta_bench.norm_title``).

Reports:

1. the oracle ceiling per set: pages where some candidate is right, and the misses by cause (the
   truth a shorter / longer cut of a candidate, another wording sharing most words, nowhere);
2. out-of-fold title exact per set of the chooser against the rules on the same pages, pages won and
   lost: folds are registered domains (``training.train_lines.domain_of``; a domain printed in both
   sets is one group) hashed into ``--folds`` folds, WCXB and Fundus together; each page is scored by
   trees trained without its fold.

The shipped model is trained on every page. It is written only with ``--write``.

Run::

    python training/train_titles.py                 # ceiling + OOF report (candidates cached in --cache)
    python training/train_titles.py --write         # ... and write src/warta/models/titles.json
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
from bench.common import decode_html, fundus_pages, wcxb_pages  # noqa: E402
from bench.meta_bench import norm_title  # noqa: E402
from selectolax.lexbor import LexborHTMLParser  # noqa: E402
from training.train_lines import domain_of, flatten_trees, fold_of  # noqa: E402

from warta.article import Article  # noqa: E402
from warta.extract import metadata as md  # noqa: E402
from warta.extract import title_model as tm  # noqa: E402

GBM = {
    "objective": "binary",
    "learning_rate": 0.1,
    "num_leaves": 8,
    "max_depth": 3,
    "min_data_in_leaf": 20,
    "lambda_l2": 1.0,
    "seed": 1,
    "deterministic": True,
    "force_row_wise": True,
    "num_threads": 1,
    "verbose": -1,
}
"""Boosting settings (set before any out-of-fold score was read)."""
ROUNDS = 60
SETS = ("wcxb-article", "wcxb-other", "fundus")


def load(cache: Path) -> list[dict[str, Any]]:
    """Every page's recorded candidates, rules' title, truth, set and fold group (cached in ``cache``)."""
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    pages: list[dict[str, Any]] = []
    record: list[Any] = []
    rules = md._pick_title

    def recording(page: Any, main: Any, sites: list[str], scope: Any) -> tuple[str | None, str]:
        title, src = rules(page, main, sites, scope)
        groups = tm.group(tm.candidates(page, main, sites, scope, title))
        record.append((groups, sites, tm.page_flags(page, main)))
        return title, src

    def run(html: str, url: str | None, truth: str, name: str, group: str) -> None:
        record.clear()
        art = Article()
        md.fill_metadata(LexborHTMLParser(html), art, url=url or None)
        groups, sites, flags = record[-1] if record else ([], [], (0.0, 0.0))
        pages.append(
            {
                "set": name,
                "group": group,
                "truth": truth,
                "rule": art.title,
                "groups": groups,
                "sites": sites,
                "flags": flags,
            }
        )

    md._pick_title = recording
    for _pid, data, url, gt in wcxb_pages():
        if gt.get("title"):
            name = "wcxb-article" if gt["page_type"] == "article" else "wcxb-other"
            run(decode_html(data), url, gt["title"], name, domain_of(url) if url else _pid)
    for publisher, _country, _version, data, url, exp in fundus_pages():
        if exp.get("title"):
            run(decode_html(data), url, exp["title"], "fundus", domain_of(url) if url else publisher)
    md._pick_title = rules
    cache.write_bytes(pickle.dumps(pages))
    return pages


def _cause(truth: str, keys: list[str]) -> str:
    t = norm_title(truth)
    if any(t in k for k in keys):
        return "truth a shorter cut of a candidate"
    if any(k in t for k in keys if len(k) >= 8):
        return "truth a longer cut of a candidate"
    tw = set(t.split())
    for k in keys:
        kw = set(k.split())
        if tw and len(tw & kw) / len(tw | kw) >= 0.5:
            return "another wording sharing most words"
    return "nowhere among the candidates"


def ceiling(pages: list[dict[str, Any]]) -> str:
    rows = ["| set | pages | rules exact | oracle ceiling | misses by cause |", "|---|---:|---:|---:|---|"]
    for name in SETS:
        ps = [p for p in pages if p["set"] == name]
        ok = rule = 0
        causes: Counter[str] = Counter()
        for p in ps:
            t = norm_title(p["truth"])
            keys = [norm_title(g[0]) for g in p["groups"]]
            rule += norm_title(p["rule"]) == t
            if t in keys:
                ok += 1
            else:
                causes[_cause(p["truth"], keys)] += 1
        n = len(ps)
        why = "; ".join(f"{c} {k}" for k, c in causes.most_common())
        rows.append(f"| {name} | {n} | {rule / n:.3f} ({rule}) | {ok / n:.3f} ({ok}) | {why} |")
    return "\n".join(rows)


def matrix(pages: list[dict[str, Any]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Feature rows, labels and page index of every candidate of every page with 2+ candidates."""
    xs: list[list[float]] = []
    ys: list[float] = []
    ids: list[int] = []
    for i, p in enumerate(pages):
        if len(p["groups"]) < 2:
            continue
        t = norm_title(p["truth"])
        for g, row in zip(p["groups"], tm.features(p["groups"], p["sites"], p["flags"]), strict=True):
            xs.append(row)
            ys.append(float(norm_title(g[0]) == t))
            ids.append(i)
    return np.asarray(xs), np.asarray(ys), np.asarray(ids)


def fit(x: np.ndarray, y: np.ndarray, rounds: int = ROUNDS) -> Any:
    import lightgbm as lgb

    return lgb.train(GBM, lgb.Dataset(x, y, feature_name=list(tm.FEATURES)), num_boost_round=rounds)


def pick(pages: list[dict[str, Any]], ids: np.ndarray, scores: np.ndarray, margin: float) -> dict[int, str]:
    """The chosen title per page index (the rules' answer unless another candidate beats it by ``margin``)."""
    out: dict[int, str] = {}
    for i in np.unique(ids):
        rows = np.flatnonzero(ids == i)
        groups = pages[i]["groups"]
        s = scores[rows]
        best = int(np.argmax(s))
        r = next((j for j, g in enumerate(groups) if "rule" in g[2]), None)
        if r is not None and s[best] - s[r] <= margin:
            out[int(i)] = pages[i]["rule"]
        else:
            out[int(i)] = groups[best][0]
    return out


def oof(pages: list[dict[str, Any]], folds: int, margin: float) -> tuple[str, dict[int, str]]:
    x, y, ids = matrix(pages)
    page_fold = np.array([fold_of(p["group"], folds) for p in pages])
    row_fold = page_fold[ids]
    scores = np.zeros(len(y))
    for f in range(folds):
        tr, te = row_fold != f, row_fold == f
        scores[te] = fit(x[tr], y[tr]).predict(x[te], raw_score=True)
    chosen = pick(pages, ids, scores, margin)
    rows = [
        "| set | pages | rules exact | chooser exact (OOF) | won / lost |",
        "|---|---:|---:|---:|---:|",
    ]
    for name in SETS:
        n = a = b = won = lost = 0
        for i, p in enumerate(pages):
            if p["set"] != name:
                continue
            t = norm_title(p["truth"])
            r = norm_title(p["rule"]) == t
            c = norm_title(chosen.get(i, p["rule"])) == t
            n += 1
            a += r
            b += c
            won += c and not r
            lost += r and not c
        rows.append(f"| {name} | {n} | {a / n:.3f} ({a}) | {b / n:.3f} ({b}) | {won} / {lost} |")
    return "\n".join(rows), chosen


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", type=Path, default=Path("/tmp/warta-title-cands.pkl"))
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--margin", type=float, default=0.0, help="score margin over the rules' answer")
    ap.add_argument("--write", action="store_true", help="write src/warta/models/titles.json")
    args = ap.parse_args(argv)
    t0 = time.process_time()
    pages = load(args.cache)
    print(f"{len(pages)} pages with a title truth ({time.process_time() - t0:.0f} s CPU)\n")
    print("Oracle ceiling (some candidate equals the truth):\n")
    print(ceiling(pages))
    table, _ = oof(pages, args.folds, args.margin)
    print(f"\nOut-of-fold by registered domain ({args.folds} folds, margin {args.margin}):\n")
    print(table)
    if args.write:
        x, y, _ = matrix(pages)
        booster = fit(x, y)
        data = {
            "features": list(tm.FEATURES),
            "margin": args.margin,
            "trees": flatten_trees(booster.dump_model()).to_json(),
            "notes": {"pages": len(pages), "rows": len(y), "rounds": ROUNDS, "gbm": GBM, "folds": args.folds},
        }
        tm.MODEL_PATH.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"\nwrote {tm.MODEL_PATH}")


if __name__ == "__main__":
    main()
