"""Enrichment speed on real article bodies, one command::

    python bench/enrich_bench.py [--limit N] [--min-words 300] [--max-words 1200]

Bodies: the expected article texts of ``../shared/data/fundus`` (title, lead, paragraphs; 42
countries, many languages) and ``../shared/data/zyte-aeb`` (``articleBody``), kept when they have
``--min-words``..``--max-words`` words (typical news length). Every enrichment stage runs on each
article in one process (one core); the first article is run once before timing so that model and
lexicon loading is reported apart (``load``). Per-stage times show where the budget goes.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from warta.article import Article  # noqa: E402
from warta.enrich import enrich_stages  # noqa: E402

DATA = REPO.parent / "shared" / "data"
_WORD = re.compile(r"\w+")


def fundus_articles() -> list[Article]:
    out = []
    for path in sorted((DATA / "fundus" / "test_data").glob("*/*.json")):
        try:
            entries = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for version in entries.values():
            body = version.get("body") or {}
            paras: list[str] = []
            for section in body.get("sections", []):
                paras += [h for h in section.get("headline", []) if h]
                paras += [p for p in section.get("paragraphs", []) if p]
            if paras:
                lead = " ".join(body.get("summary") or []) or None
                out.append(Article(title=version.get("title"), lead=lead, body=paras))
    return out


def zyte_articles() -> list[Article]:
    path = DATA / "zyte-aeb" / "ground-truth.json"
    if not path.exists():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    return [
        Article(body=[p for p in v.get("articleBody", "").split("\n") if p.strip()])
        for v in data.values()
        if v.get("articleBody")
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--min-words", type=int, default=300)
    ap.add_argument("--max-words", type=int, default=1200)
    args = ap.parse_args()
    pool = [
        a
        for a in fundus_articles() + zyte_articles()
        if args.min_words <= len(_WORD.findall(a.plain_text())) <= args.max_words
    ]
    if args.limit:
        pool = pool[: args.limit]
    if not pool:
        sys.exit("no articles found under ../shared/data")
    words = sum(len(_WORD.findall(a.plain_text())) for a in pool) / len(pool)
    stages = enrich_stages()
    tracemalloc.start()
    t0 = time.perf_counter()
    warm = Article(title=pool[0].title, lead=pool[0].lead, body=list(pool[0].body))
    for st in stages:
        try:
            st(warm)
        except Exception as exc:  # noqa: BLE001
            print(f"warm-up: stage {st.name} failed: {type(exc).__name__}: {exc}")
    load = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    per_stage = dict.fromkeys((s.name for s in stages), 0.0)
    failed = dict.fromkeys(per_stage, 0)
    # CPU time of this process (time.process_time): on a shared, loaded machine wall time mostly
    # measures the other jobs; CPU time is what one core spends per article
    wall0 = time.perf_counter()
    t_all = time.process_time()
    for art in pool:
        for st in stages:
            t = time.process_time()
            try:
                art = st(art)
            except Exception:  # noqa: BLE001
                failed[st.name] += 1
            per_stage[st.name] += time.process_time() - t
    total = time.process_time() - t_all
    wall = time.perf_counter() - wall0
    n = len(pool)
    print(f"load average (1/5/15 min) at the end, 2 shared cores: {os.getloadavg()}")
    print(
        f"{n} articles (fundus + zyte-aeb bodies, {args.min_words}-{args.max_words} words, mean {words:.0f} words), one core"
    )
    print(f"load (first article, all stages): {load:.2f}s, peak traced Python memory {peak / 2**20:.0f} MiB")
    print()
    print("| stage | CPU ms/article | share | failed |")
    print("|---|---|---|---|")
    for name, secs in per_stage.items():
        print(f"| {name} | {1000 * secs / n:.2f} | {secs / total:.0%} | {failed[name]} |")
    no_ent = total - per_stage.get("entities", 0.0)
    print(f"| **all** | **{1000 * total / n:.2f}** | 100% | |")
    print()
    print(f"articles/s per core, CPU time (all stages): {n / total:.0f}   (wall clock: {n / wall:.0f})")
    print(f"articles/s per core, CPU time (without entities): {n / no_ent:.0f}")


if __name__ == "__main__":
    main()
