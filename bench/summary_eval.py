"""Extractive summary vs. the lead-3 baseline, ROUGE-1/2 F1, one command::

    python bench/summary_eval.py [--k 3]

Reference: the publisher's summary / standfirst (``body.summary``) of the ``../shared/data/fundus``
articles that have one (many languages). Input: title and body paragraphs only (the summary is
*not* given to the summarizer, it is what we try to recover). Systems, in the same run:

* ``warta``: :func:`warta.enrich.summary.summarize` (keyword centrality + position);
* ``lead-k``: the first ``k`` sentences of the body (same sentence splitter);
* ``random-k``: ``k`` sentences picked at random (seeded), a floor.

ROUGE-N here: lower-cased ``\\w+`` tokens, clipped n-gram overlap, F1 per article, averaged.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))

from warta.article import Article  # noqa: E402
from warta.enrich.language import language_stage  # noqa: E402
from warta.enrich.sentences import split_sentences  # noqa: E402
from warta.enrich.summary import summarize  # noqa: E402

DATA = REPO.parent / "shared" / "data" / "fundus" / "test_data"
_TOK = re.compile(r"\w+")


def rouge_n(pred: str, ref: str, n: int) -> float:
    def grams(s: str) -> Counter[tuple[str, ...]]:
        t = _TOK.findall(s.lower())
        return Counter(tuple(t[i : i + n]) for i in range(len(t) - n + 1))

    p, r = grams(pred), grams(ref)
    if not p or not r:
        return 0.0
    overlap = sum((p & r).values())
    if not overlap:
        return 0.0
    prec, rec = overlap / sum(p.values()), overlap / sum(r.values())
    return 2 * prec * rec / (prec + rec)


def load() -> list[tuple[Article, str]]:
    import json

    out = []
    for path in sorted(DATA.glob("*/*.json")):
        try:
            entries = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for version in entries.values():
            body = version.get("body") or {}
            ref = " ".join(body.get("summary") or []).strip()
            paras = [p for sec in body.get("sections", []) for p in sec.get("paragraphs", []) if p]
            if len(_TOK.findall(ref)) >= 8 and len(paras) >= 3:
                out.append((Article(title=version.get("title"), body=paras), ref))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--k", type=int, default=3)
    args = ap.parse_args()
    data = load()
    if not data:
        sys.exit(f"no data under {DATA}")
    rng = random.Random(0)
    scores: dict[str, list[tuple[float, float]]] = {"warta": [], f"lead-{args.k}": [], f"random-{args.k}": []}
    for art, ref in data:
        art = language_stage(art)
        sents = [p[s:e] for p in art.body for s, e in split_sentences(p, art.lang)]
        systems = {
            "warta": " ".join(summarize(art, k=args.k)),
            f"lead-{args.k}": " ".join(sents[: args.k]),
            f"random-{args.k}": " ".join(rng.sample(sents, min(args.k, len(sents)))),
        }
        for name, text in systems.items():
            scores[name].append((rouge_n(text, ref, 1), rouge_n(text, ref, 2)))
    print(f"fundus body.summary as reference: {len(data)} articles, {args.k} sentences per summary")
    print("| system | ROUGE-1 F1 | ROUGE-2 F1 |")
    print("|---|---|---|")
    for name, vals in scores.items():
        r1 = sum(v[0] for v in vals) / len(vals)
        r2 = sum(v[1] for v in vals) / len(vals)
        print(f"| {name} | {r1:.3f} | {r2:.3f} |")


if __name__ == "__main__":
    main()
