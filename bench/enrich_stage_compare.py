"""Per-stage enrichment CPU time of a git revision against the current code, interleaved, with the
NER model's time split out of the entities stage for both versions, one command::

    python bench/enrich_stage_compare.py --baseline f4e91ef [--passes 2] [--limit N]

Same articles, warm-up and interleaving as ``python bench/enrich_bench.py --baseline REV`` (each
article is enriched by both versions, the order alternating, so load swings on a shared machine
hit both alike; each version keeps its own caches, pass 1 is cold for both), plus the split of
``enrich_bench`` itself: ``ner model`` is the time inside ``Tagger.tag_many`` and ``entities
rest`` the remainder of the entities stage (tokens, gazetteer, resolution). CPU time
(``time.process_time``), never wall time. The baseline is imported from ``git archive`` as
``warta_baseline``: it runs that revision's code as it ran then: its own Cython kernels, built in
that copy (``enrich_bench.load_baseline``; f4e91ef has none), and for f4e91ef the NER model's numba
kernels when numba is installed (it is in this environment; set ``WARTA_NER_NUMBA=0`` for its numpy
path).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))

from bench.enrich_bench import (  # noqa: E402
    _WORD,
    _TimedTagger,
    fundus_articles,
    interleaved_secs,
    load_baseline,
    warm_up,
    zyte_articles,
)
from warta.article import Article  # noqa: E402
from warta.enrich import enrich_stages  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--baseline", default="f4e91ef", help="git revision to time against")
    ap.add_argument("--passes", type=int, default=2)
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args()
    pool = [
        a for a in fundus_articles() + zyte_articles() if 300 <= len(_WORD.findall(a.plain_text())) <= 1200
    ]
    pool = pool[: args.limit] if args.limit else pool
    base_stages, BaseArticle = load_baseline(args.baseline)
    timers = {}
    for name, module in (("base", "warta_baseline.enrich.entities"), ("cur", "warta.enrich.entities")):
        mod = importlib.import_module(module)
        timers[name] = timed = _TimedTagger(mod.tagger())
        mod.tagger = lambda timed=timed: timed
    versions = {"base": (base_stages, BaseArticle), "cur": (enrich_stages(), Article)}
    warm_up(pool, versions)
    kernels = []
    for module, attr in (("keywords", "_K"), ("summary", "_K"), ("entities", "_K"), ("sentences", "_K"),
                         ("dates", "_K"), ("quotes", "_TK"), ("sources", "_TK"), ("ner", "K")):  # fmt: skip
        kern = getattr(importlib.import_module(f"warta.enrich.{module}"), attr, None)
        if kern is not None:
            kernels.append(kern.__name__ + ("" if kern.__file__.endswith(".py") else " (compiled)"))
    print(f"current code's enrichment kernels: {', '.join(sorted(set(kernels)))}")
    n = len(pool)
    for p in range(args.passes):
        for t in timers.values():
            t.secs = 0.0
        secs = interleaved_secs(pool, versions)
        print(
            f"pass {p + 1}: {n} articles, CPU ms/article, interleaved, load average {os.getloadavg()[0]:.1f}"
        )
        print(f"| stage | baseline {args.baseline} | current |")
        print("|---|---|---|")
        for st in secs["base"]:
            if st == "entities":
                b, c = timers["base"].secs, timers["cur"].secs
                print(f"| ner model (Tagger.tag_many) | {1000 * b / n:.2f} | {1000 * c / n:.2f} |")
                b, c = secs["base"][st] - b, secs["cur"][st] - c
                print(
                    f"| entities rest (tokens, gazetteer, resolution) | {1000 * b / n:.2f} | {1000 * c / n:.2f} |"
                )
            else:
                print(f"| {st} | {1000 * secs['base'][st] / n:.2f} | {1000 * secs['cur'][st] / n:.2f} |")
        nb = sum(secs["base"].values()) - timers["base"].secs
        nc = sum(secs["cur"].values()) - timers["cur"].secs
        print(
            f"| **all but the ner model** | **{1000 * nb / n:.2f}** | **{1000 * nc / n:.2f}** (x{nc / nb:.3f}) |"
        )
        tb, tc = sum(secs["base"].values()), sum(secs["cur"].values())
        print(f"| **all** | {1000 * tb / n:.2f} | {1000 * tc / n:.2f} (x{tc / tb:.3f}) |")
        print()


if __name__ == "__main__":
    main()
