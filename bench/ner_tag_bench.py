"""The NER model alone (``Tagger.tag_many``), a git revision against the current code, interleaved::

    python bench/ner_tag_bench.py --baseline f4e91ef [--passes 2] [--limit N]
    python bench/ner_tag_bench.py --gc [--baseline f4e91ef]   # garbage collection cost, all stages

Input: the sentences the entities stage hands to the tagger for each bench article (the bodies of
``bench/enrich_bench.py``: fundus + zyte-aeb, 300-1200 words), recorded once with the current code
so that both versions tag the same tokens. Each version gets a fresh tagger (pass 1: every word new
to its cache; pass 2: the same articles again, warm); articles alternate between the two, order
flipping each article, so load swings on a shared machine hit both alike. Reports CPU ms/article
(``time.process_time``) and checks that both versions return the same labels.

``--gc`` runs every enrichment stage (of ``--baseline REV`` if given, else of the current code: one
version per process, since a collection scans every object of the process) over the bench articles,
twice, and reports the objects the collector tracks after loading and the CPU time of its
collections per generation (``gc.callbacks``).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))

from bench.enrich_bench import _WORD, fundus_articles, load_baseline, zyte_articles  # noqa: E402
from warta.enrich import enrich_stages  # noqa: E402
from warta.enrich import entities as _entities  # noqa: E402
from warta.enrich import ner as _ner  # noqa: E402


def recorded_calls(limit: int | None) -> list[list[list[str]]]:
    """The ``tag_many`` argument of every bench article (current code's tokenisation)."""
    pool = [
        a for a in fundus_articles() + zyte_articles() if 300 <= len(_WORD.findall(a.plain_text())) <= 1200
    ]
    pool = pool[:limit] if limit else pool
    calls: list[list[list[str]]] = []
    real = _entities.tagger()

    class Recorder:
        def __getattr__(self, name: str) -> object:
            return getattr(real, name)

        def tag_many(self, sentences: list[list[str]]) -> list[list[str]]:
            calls.append([list(s) for s in sentences])
            return real.tag_many(sentences)

        def tag(self, tokens: list[str]) -> list[str]:
            calls.append([list(tokens)])
            return real.tag(tokens)

    stages = enrich_stages()
    original = _entities.tagger
    _entities.tagger = Recorder
    try:
        for a in pool:
            art = type(a)(title=a.title, lead=a.lead, body=list(a.body))
            for st in stages:
                art = st(art)
    finally:
        _entities.tagger = original
    return calls


def gc_cost(rev: str | None, limit: int | None) -> None:
    """Tracked objects after loading, and collections (count, CPU ms/article) per generation."""
    import gc

    pool = [
        a for a in fundus_articles() + zyte_articles() if 300 <= len(_WORD.findall(a.plain_text())) <= 1200
    ]
    pool = pool[:limit] if limit else pool
    stages, cls = load_baseline(rev) if rev else (enrich_stages(), type(pool[0]))
    art = cls(title=pool[0].title, lead=pool[0].lead, body=list(pool[0].body))
    for st in stages:  # load models and lexicons
        art = st(art)
    gc.collect()
    print(f"{rev or 'current'}: {len(gc.get_objects())} objects tracked after loading")
    spent: dict[int, list[float]] = {}
    start = [0.0]

    def timer(phase: str, info: dict) -> None:
        if phase == "start":
            start[0] = time.process_time()
        else:
            row = spent.setdefault(info["generation"], [0, 0.0])
            row[0] += 1
            row[1] += time.process_time() - start[0]

    gc.callbacks.append(timer)
    for p in range(2):
        spent.clear()
        t0 = time.process_time()
        for a in pool:
            art = cls(title=a.title, lead=a.lead, body=list(a.body))
            for st in stages:
                art = st(art)
        total = time.process_time() - t0
        cells = ", ".join(
            f"gen {g}: {n} x, {1000 * s / len(pool):.3f} ms/article" for g, (n, s) in sorted(spent.items())
        )
        print(f"pass {p + 1}: {1000 * total / len(pool):.2f} CPU ms/article; collections {cells}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--baseline", default=None, help="git revision to time against")
    ap.add_argument("--gc", action="store_true", help="garbage collection cost (see above)")
    ap.add_argument("--passes", type=int, default=2)
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args()
    if args.gc:
        gc_cost(args.baseline, args.limit)
        return
    if not args.baseline:
        ap.error("--baseline REV is required (except with --gc)")
    calls = recorded_calls(args.limit)
    load_baseline(args.baseline)
    base_ner = importlib.import_module("warta_baseline.enrich.ner")
    fresh = {
        f"baseline {args.baseline}": lambda: base_ner.Tagger(
            str(Path(base_ner.__file__).parents[1] / "models" / base_ner.MODEL_NAME), base_ner.tagger().res
        ),
        "current": lambda: _ner.Tagger(
            str(Path(_ner.__file__).parents[1] / "models" / _ner.MODEL_NAME), _ner.tagger().res
        ),
    }
    names = list(fresh)
    taggers = {v: make() for v, make in fresh.items()}
    for t in taggers.values():  # load what loads lazily (numba in the baseline), then start cold
        t.tag_many([["Presiden", "Joko", "Widodo", "tiba", "di", "Jakarta", "."]])
    taggers = {v: make() for v, make in fresh.items()}
    print(f"kernel: {_ner.K.__name__}; {len(calls)} articles, {sum(len(s) for c in calls for s in c)} tokens")
    print(f"| pass | {names[0]} CPU ms/article | current CPU ms/article | time | load average |")
    print("|---|---|---|---|---|")
    for p in range(args.passes):
        secs = dict.fromkeys(names, 0.0)
        same = True
        for i, sents in enumerate(calls):
            out = {}
            for v in names if i % 2 == 0 else names[::-1]:
                t0 = time.process_time()
                out[v] = taggers[v].tag_many(sents)
                secs[v] += time.process_time() - t0
            same = same and out[names[0]] == out[names[1]]
        n = len(calls)
        a, b = (1000 * secs[v] / n for v in names)
        print(f"| {p + 1} | {a:.3f} | {b:.3f} | x{b / a:.3f} | {os.getloadavg()[0]:.1f} |")
        if not same:
            print("LABELS DIFFER")
            sys.exit(1)
    print("labels identical in every pass")


if __name__ == "__main__":
    main()
