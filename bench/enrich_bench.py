"""Enrichment speed on real article bodies, one command::

    python bench/enrich_bench.py [--limit N] [--min-words 300] [--max-words 1200] [--passes 2]
    python bench/enrich_bench.py --golden /tmp/enrich-golden.jsonl   # write once, then diff


Bodies: the expected article texts of ``../shared/data/fundus`` (title, lead, paragraphs; 42
countries, many languages) and ``../shared/data/zyte-aeb`` (``articleBody``), kept when they have
``--min-words``..``--max-words`` words (typical news length). Every enrichment stage runs on each
article in one process (one core); the first article is run once before timing so that model and
lexicon loading is reported apart (``load``). Per-stage times show where the budget goes; the
entities stage is split into the NER model (``ner``: features + CRFsuite, ``Tagger.tag``) and the
rest (``entities``: tokenising, gazetteer, resolution).

``--golden PATH`` checks that a speed change left the output alone: it enriches every body of the
two sets (any length) plus the seed page, and writes them to PATH as JSON lines when PATH does not
exist, else reports every article and field that differs from PATH (exit status 1 if any).

``--baseline REV`` times the enrichment stages as of a git revision against the current ones in
the same process, article by article (the order alternating), so that load swings on a shared
machine hit both alike; each version keeps its own caches, so pass 1 is cold for both. The
revision runs its own compiled kernels, built once in a temporary copy (see :func:`load_baseline`;
the first run of a revision spends a minute or two compiling); both sides' kernels are printed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import sys
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))

import msgspec  # noqa: E402

from bench.common import peak_rss_mb  # noqa: E402
from warta.article import Article  # noqa: E402
from warta.enrich import enrich, enrich_stages  # noqa: E402
from warta.enrich import entities as _entities_mod  # noqa: E402

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


def seed_article() -> Article | None:
    """The seed page, extracted from its flattened text as ``warta extract`` would."""
    from warta.article import RawDoc
    from warta.extract import extract_raw

    path = REPO.parent / "shared" / "seed" / "000_6b20b64fa4afd3ed.txt"
    if not path.exists():
        return None
    return extract_raw(RawDoc(data=path.read_bytes(), url=None))


def golden(path: Path) -> int:
    """Write (first run) or diff (later runs) the enriched articles of both sets and the seed."""
    arts = fundus_articles() + zyte_articles()
    seed = seed_article()
    if seed is not None:
        arts.append(seed)
    lines = [msgspec.json.encode(enrich(a)).decode() for a in arts]
    if not path.exists():
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"wrote {len(lines)} enriched articles to {path}")
        return 0
    old = path.read_text(encoding="utf-8").splitlines()
    if len(old) != len(lines):
        print(f"{len(old)} golden articles, {len(lines)} now")
        return 1
    fields: dict[str, int] = {}
    for i, (a, b) in enumerate(zip(old, lines, strict=True)):
        if a == b:
            continue
        da, db = json.loads(a), json.loads(b)
        for key in sorted(set(da) | set(db)):
            if da.get(key) != db.get(key):
                fields[key] = fields.get(key, 0) + 1
                if fields[key] <= 3:
                    print(
                        f"article {i}: {key}\n  was {str(da.get(key))[:300]}\n  now {str(db.get(key))[:300]}"
                    )
    print(f"{len(lines)} articles; differing fields (articles): {fields or 'none'}")
    return 1 if fields else 0


class _TimedTagger:
    """Wraps the NER tagger so the bench can report the model's share of the entities stage."""

    def __init__(self, inner: object) -> None:
        self._inner = inner
        self.secs = 0.0

    def __getattr__(self, name: str) -> object:
        return getattr(self._inner, name)

    def tag(self, tokens: list[str]) -> list[str]:
        t = time.process_time()
        try:
            return self._inner.tag(tokens)
        finally:
            self.secs += time.process_time() - t

    def tag_many(self, sentences: list[list[str]]) -> list[list[str]]:
        t = time.process_time()
        try:
            return self._inner.tag_many(sentences)
        finally:
            self.secs += time.process_time() - t


BY_LANG: list[tuple[str | None, float]] = []
"""(detected language, CPU s outside the NER model) per article of the last pass."""


def _fresh(pool: list[Article]) -> list[Article]:
    """Unenriched copies of the articles (each pass starts from the same input)."""
    return [Article(title=a.title, lead=a.lead, body=list(a.body)) for a in pool]


def run_pass(
    pool: list[Article], stages: list
) -> tuple[dict[str, float], dict[str, int], float, float, float]:
    """One pass of every stage over ``pool``: (CPU s per stage, failures per stage, CPU s, wall s, NER CPU s).

    Also fills :data:`BY_LANG` with each article's detected language and CPU s outside the NER model.
    """
    BY_LANG.clear()
    per_stage = dict.fromkeys((s.name for s in stages), 0.0)
    failed = dict.fromkeys(per_stage, 0)
    # CPU time of this process (time.process_time): on a shared, loaded machine wall time mostly
    # measures the other jobs; CPU time is what one core spends per article
    timed = _TimedTagger(_entities_mod.tagger())
    wall0 = time.perf_counter()
    t_all = time.process_time()
    with _patched_tagger(timed):
        for art in pool:
            t_art, ner_before = time.process_time(), timed.secs
            for st in stages:
                t = time.process_time()
                try:
                    art = st(art)
                except Exception:  # noqa: BLE001
                    failed[st.name] += 1
                per_stage[st.name] += time.process_time() - t
            BY_LANG.append((art.lang, time.process_time() - t_art - (timed.secs - ner_before)))
    total = time.process_time() - t_all
    return per_stage, failed, total, time.perf_counter() - wall0, timed.secs


def load_baseline(rev: str) -> tuple[list, type]:
    """``(enrich_stages(), Article)`` of ``warta`` as of git revision ``rev``, imported as
    ``warta_baseline`` (a copy of ``src/warta`` in a temporary directory, imports renamed).

    The copy runs its own compiled kernels: ``kernel("warta.…")`` names and the kernels' own
    ``cimport``s are renamed too, and the copy's ``enrich/*.pyx`` are built there with ``cythonize``
    (kept per revision in the temporary directory, so a second run reuses them). Without that, the
    old Python would load the *current* tree's kernels and a kernel change would speed up both
    sides. The kernels each side runs are printed.
    """
    import importlib
    import io
    import subprocess
    import tarfile
    import tempfile

    sha = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short=12", rev], capture_output=True, check=True, text=True
    ).stdout.strip()
    tmp = Path(tempfile.gettempdir()) / f"enrich-baseline-{sha}"
    pkg = tmp / "warta_baseline"
    if not (tmp / "built").exists():
        if tmp.exists():
            import shutil

            shutil.rmtree(tmp)
        tmp.mkdir(parents=True)
        tar = subprocess.run(
            ["git", "-C", str(REPO), "archive", sha, "src/warta"], capture_output=True, check=True
        )
        with tarfile.open(fileobj=io.BytesIO(tar.stdout)) as archive:
            archive.extractall(tmp, filter="data")
        (tmp / "src" / "warta").rename(pkg)
        for pattern in ("*.py", "*.pyx", "*.pxd"):
            for path in pkg.rglob(pattern):
                text = path.read_text(encoding="utf-8")
                text = re.sub(r"\b(from|import) warta\b", r"\1 warta_baseline", text)
                text = text.replace('kernel("warta.', 'kernel("warta_baseline.')
                path.write_text(text.replace('files("warta")', 'files("warta_baseline")'), encoding="utf-8")
        pyx = sorted(str(p.relative_to(tmp)) for p in (pkg / "enrich").glob("*.pyx"))
        if pyx:
            print(
                f"building {len(pyx)} enrichment kernels of {rev} in {tmp} (once per revision) ...",
                flush=True,
            )
            for name in pyx:
                try:
                    subprocess.run(["cythonize", "-i", "-q", name], cwd=tmp, check=True, capture_output=True)
                except (OSError, subprocess.CalledProcessError) as exc:  # no compiler: its twin runs
                    print(
                        f"  {name} not built ({type(exc).__name__}): the baseline runs its twin", flush=True
                    )
        (tmp / "built").write_text(sha, encoding="utf-8")
    sys.path.insert(0, str(tmp))
    stages = importlib.import_module("warta_baseline.enrich").enrich_stages()
    compiled = (
        importlib.import_module("warta_baseline._compiled") if (pkg / "_compiled.py").exists() else None
    )
    if compiled is not None:
        names = sorted(p.stem for p in (pkg / "enrich").glob("*.pyx"))
        used = [compiled.kernel(f"warta_baseline.enrich.{n}").__name__ for n in names]
        print(f"baseline {rev} kernels: {', '.join(used) or 'none'}", flush=True)
    return stages, importlib.import_module("warta_baseline.article").Article


def current_kernels() -> list[str]:
    """Module names of the kernels the current enrichment stages run (``…_py``: the twin)."""
    from warta._compiled import kernel

    return [
        kernel(f"warta.enrich.{p.stem}").__name__
        for p in sorted((REPO / "src" / "warta" / "enrich").glob("*.pyx"))
    ]


def warm_up(pool: list[Article], versions: dict[str, tuple[list, type]]) -> None:
    """Runs every version's stages once on the first article (models and lexicons of its language)."""
    for stages, cls in versions.values():
        art = cls(title=pool[0].title, lead=pool[0].lead, body=list(pool[0].body))
        for st in stages:
            art = st(art)


def interleaved_secs(
    pool: list[Article], versions: dict[str, tuple[list, type]]
) -> dict[str, dict[str, float]]:
    """CPU s per stage of each version (``{name: (stages, Article class)}``) over ``pool``, the
    versions alternated article by article (first to last on even articles, last to first on odd)."""
    names = list(versions)
    secs: dict[str, dict[str, float]] = {v: {} for v in names}
    for i, a in enumerate(pool):
        for v in names if i % 2 == 0 else names[::-1]:
            stages, cls = versions[v]
            art = cls(title=a.title, lead=a.lead, body=list(a.body))
            for st in stages:
                t = time.process_time()
                art = st(art)
                secs[v][st.name] = secs[v].get(st.name, 0.0) + time.process_time() - t
    return secs


def compare(pool: list[Article], rev: str, passes: int) -> None:
    """Per-stage CPU ms/article of revision ``rev`` and of the current code, interleaved."""
    base_stages, BaseArticle = load_baseline(rev)
    print(f"current kernels: {', '.join(current_kernels())}", flush=True)
    versions = {f"baseline {rev}": (base_stages, BaseArticle), "current": (enrich_stages(), Article)}
    warm_up(pool, versions)
    names = list(versions)
    n = len(pool)
    for p in range(passes):
        secs = interleaved_secs(pool, versions)
        print(f"pass {p + 1}: {n} articles, CPU ms/article, load average {os.getloadavg()[0]:.1f}")
        print(f"| stage | {names[0]} | {names[1]} |")
        print("|---|---|---|")
        for st in secs[names[0]]:
            print(f"| {st} | {1000 * secs[names[0]][st] / n:.2f} | {1000 * secs[names[1]][st] / n:.2f} |")
        t0, t1 = (sum(secs[v].values()) for v in names)
        print(f"| **all** | **{1000 * t0 / n:.2f}** | **{1000 * t1 / n:.2f}** |")
        print(f"articles per CPU-second: {n / t0:.0f} -> {n / t1:.0f} (time x{t1 / t0:.3f})")
        print()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--min-words", type=int, default=300)
    ap.add_argument("--max-words", type=int, default=1200)
    ap.add_argument(
        "--passes", type=int, default=2, help="passes over the articles (the last is reported warm)"
    )
    ap.add_argument("--golden", type=Path, default=None, help="write or diff enriched output (see above)")
    ap.add_argument("--baseline", default=None, help="git revision to time against, interleaved (see above)")
    args = ap.parse_args()
    if args.golden:
        sys.exit(golden(args.golden))
    pool = [
        a
        for a in fundus_articles() + zyte_articles()
        if args.min_words <= len(_WORD.findall(a.plain_text())) <= args.max_words
    ]
    if args.limit:
        pool = pool[: args.limit]
    if not pool:
        sys.exit("no articles found under ../shared/data")
    if args.baseline:
        compare(pool, args.baseline, max(1, args.passes))
        return
    words = sum(len(_WORD.findall(a.plain_text())) for a in pool) / len(pool)
    stages = enrich_stages()
    tracemalloc.start()
    t0, c0 = time.perf_counter(), time.process_time()
    for st in stages:
        try:
            st(_fresh(pool[:1])[0])
        except Exception as exc:  # noqa: BLE001
            print(f"warm-up: stage {st.name} failed: {type(exc).__name__}: {exc}")
    load, load_cpu = time.perf_counter() - t0, time.process_time() - c0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    runs = [run_pass(_fresh(pool), stages) for _ in range(max(1, args.passes))]
    n = len(pool)
    print(f"load average (1/5/15 min) at the end, 2 shared cores: {os.getloadavg()}")
    print(
        f"{n} articles (fundus + zyte-aeb bodies, {args.min_words}-{args.max_words} words, mean {words:.0f} words), one core"
    )
    print(
        f"load (first article, all stages): {load:.2f}s wall, {load_cpu:.2f} CPU-s; "
        f"peak traced Python memory {peak / 2**20:.0f} MiB"
    )
    print(
        "pass 1: every word is new to the per-word caches (NER features, keyword classes); "
        f"pass {len(runs)}: the same articles again, those caches warm (a long run's steady state; "
        "no cache keyed by whole texts survives a pass)"
    )
    print()
    first, last = runs[0], runs[-1]
    print(f"| stage | pass 1 CPU ms/article | share | pass {len(runs)} CPU ms/article | failed |")
    print("|---|---|---|---|---|")
    for name in first[0]:
        cells = []
        for per_stage, _f, total, _w, ner in (first, last):
            secs = per_stage[name] - (ner if name == "entities" else 0.0)
            cells.append((secs, total))
        if name == "entities":
            (_, t1), (_, t2) = cells
            print(
                f"| ner (model: features + CRF) | {1000 * first[4] / n:.2f} | {first[4] / t1:.0%} "
                f"| {1000 * last[4] / n:.2f} | |"
            )
            label = "entities (tokens, gazetteer, resolution)"
        else:
            label = name
        (s1, t1), (s2, _) = cells
        print(f"| {label} | {1000 * s1 / n:.2f} | {s1 / t1:.0%} | {1000 * s2 / n:.2f} | {first[1][name]} |")
    (_, _, t1, w1, ner1), (_, _, t2, _, ner2) = first, last
    print(
        f"| **all but ner** | **{1000 * (t1 - ner1) / n:.2f}** | {(t1 - ner1) / t1:.0%} | **{1000 * (t2 - ner2) / n:.2f}** | |"
    )
    print(f"| **all** | **{1000 * t1 / n:.2f}** | 100% | **{1000 * t2 / n:.2f}** | |")
    print()
    print(f"articles/s per core, CPU time, pass 1 / pass {len(runs)}:")
    print(f"  all stages: {n / t1:.0f} / {n / t2:.0f}   (wall clock, pass 1: {n / w1:.0f})")
    print(f"  all but the NER model: {n / (t1 - ner1):.0f} / {n / (t2 - ner2):.0f}")
    e1, e2 = first[0]["entities"], last[0]["entities"]
    print(f"  without the entities stage: {n / (t1 - e1):.0f} / {n / (t2 - e2):.0f}")
    # the bench mixes 42 countries; Warta's own languages skip lingua (stopword fast path)
    main = [secs for code, secs in BY_LANG if code in ("id", "ms", "en")]
    other = [secs for code, secs in BY_LANG if code not in ("id", "ms", "en")]
    for label, group in (("Indonesian/Malay/English", main), ("other languages", other)):
        if group:
            print(
                f"  all but the NER model, {label} ({len(group)} articles, pass {len(runs)}): "
                f"{1000 * sum(group) / len(group):.2f} ms/article"
            )
    print(f"peak resident memory of this process: {peak_rss_mb():.0f} MB")


@contextlib.contextmanager
def _patched_tagger(timed: _TimedTagger):  # noqa: ANN202
    """Route the entities stage's ``tagger()`` calls to ``timed`` while the bench runs."""
    original = _entities_mod.tagger
    _entities_mod.tagger = lambda: timed
    try:
        yield
    finally:
        _entities_mod.tagger = original


if __name__ == "__main__":
    main()
