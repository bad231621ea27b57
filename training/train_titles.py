"""Train the HTML title chooser (:mod:`training.title_model`) on WCXB dev (all page types) and Fundus.

Every page is run through ``fill_metadata`` (the rules decide) and its candidate wordings recorded
where ``_pick_title`` returns (:func:`training.title_model.candidates`: the rules' answer, each
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
from training import title_model as tm  # noqa: E402
from training.train_lines import domain_of, flatten_trees, fold_of  # noqa: E402

from warta.article import Article  # noqa: E402
from warta.extract import metadata as md  # noqa: E402

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


_H1 = frozenset({"h1", "h1c"})
_META = frozenset({"og", "tw", "ldh", "ldn", "md", "tt", "ttc"})


def _miss_kind(p: dict[str, Any]) -> str:
    t = norm_title(p["truth"])
    right = [g for g in p["groups"] if norm_title(g[0]) == t]
    if not right:
        return "truth not a candidate"
    ts = set().union(*(g[2] for g in right))
    rs = next((g[2] for g in p["groups"] if "rule" in g[2]), set())
    if ts & _H1:
        return "truth a visible <h1>; the rules chose a metadata wording"
    if rs & _H1 and rs & _META and ts & _META:
        return "the rules: an <h1> a metadata title confirms; truth another metadata title"
    if rs & _H1 and ts & _META:
        return "the rules: an unconfirmed <h1>; truth a metadata title"
    if "ttp" in ts and not ts & _META:
        return "truth one part of the <title> only"
    if "h2" in ts:
        return "truth an article <h2>"
    return "the rules: a metadata title; truth another metadata title"


def conventions(pages: list[dict[str, Any]]) -> str:
    """The rules' misses by kind, and the situation the two sets' truths disagree on."""
    rows = ["| set | rules' misses | by kind |", "|---|---:|---|"]
    for name in SETS:
        kinds = Counter(
            _miss_kind(p)
            for p in pages
            if p["set"] == name and norm_title(p["rule"]) != norm_title(p["truth"])
        )
        rows.append(
            f"| {name} | {sum(kinds.values())} | "
            + "; ".join(f"{c} {k}" for k, c in kinds.most_common())
            + " |"
        )
    rows += [
        "",
        "| set | <h1> confirmed by a non-og metadata title, og:title different | truth = that <h1> | truth = og:title |",
    ]
    rows.append("|---|---:|---:|---:|")
    for name in SETS:
        n = a = b = 0
        for p in pages:
            if p["set"] != name:
                continue
            confirmed = [g for g in p["groups"] if g[2] & _H1 and g[2] & (_META - {"og"})]
            og = [g for g in p["groups"] if "og" in g[2]]
            if not confirmed or not og or og[0] in confirmed:
                continue
            t = norm_title(p["truth"])
            n += 1
            a += any(norm_title(g[0]) == t for g in confirmed)
            b += norm_title(og[0][0]) == t
        rows.append(f"| {name} | {n} | {a} | {b} |")
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


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray | None = None, rounds: int = ROUNDS) -> Any:
    import lightgbm as lgb

    data = lgb.Dataset(x, y, weight=w, feature_name=list(tm.FEATURES))
    return lgb.train(GBM, data, num_boost_round=rounds)


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


def oof(
    pages: list[dict[str, Any]],
    folds: int,
    margin: float,
    train_on: frozenset[str] = frozenset(SETS),
    balanced: bool = False,
) -> tuple[str, dict[int, str]]:
    """Out-of-fold choices and their table; ``train_on``: the sets whose pages train each fold's model;
    ``balanced``: every set, and every page within a set, weighs the same."""
    x, y, ids = matrix(pages)
    page_fold = np.array([fold_of(p["group"], folds) for p in pages])
    row_fold = page_fold[ids]
    used = np.array([pages[i]["set"] in train_on for i in ids])
    w = None
    if balanced:
        per_set = Counter(p["set"] for p in pages)
        per_page = Counter(ids.tolist())
        w = np.array([1000.0 / per_set[pages[i]["set"]] / per_page[i] for i in ids])
    scores = np.zeros(len(y))
    for f in range(folds):
        tr, te = (row_fold != f) & used, row_fold == f
        scores[te] = fit(x[tr], y[tr], w[tr] if w is not None else None).predict(x[te], raw_score=True)
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
    ap.add_argument("--train-on", default=",".join(SETS), help="sets whose pages train the OOF models")
    ap.add_argument("--balanced", action="store_true", help="every set and every page weighs the same")
    args = ap.parse_args(argv)
    t0 = time.process_time()
    pages = load(args.cache)
    print(f"{len(pages)} pages with a title truth ({time.process_time() - t0:.0f} s CPU)\n")
    print("Oracle ceiling (some candidate equals the truth):\n")
    print(ceiling(pages))
    print("\nThe rules' misses, and the two sets' conventions:\n")
    print(conventions(pages))
    train_on = frozenset(args.train_on.split(","))
    table, _ = oof(pages, args.folds, args.margin, train_on, args.balanced)
    how = f"trained on {args.train_on}" + (", sets weighed equally" if args.balanced else "")
    print(f"\nOut-of-fold by registered domain ({args.folds} folds, margin {args.margin}, {how}):\n")
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
