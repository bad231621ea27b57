"""Ingest benchmark: WARC.gz -> store, end to end, at 1 and 2 workers, against trafilatura in the same run;
and peak RSS over a long synthetic stream.

    python bench/ingest_bench.py                       # full run, writes bench/results/ingest.md
    python bench/ingest_bench.py --scaling             # warta at 1 and 2 workers, best of 3 (quiet machine)
    python bench/ingest_bench.py --limit 200 --stream 20000 --no-write   # quick look

1. Builds WARC.gz files (in a temp dir, never in the repo) from the real HTML pages of zyte-aeb and
   wcxb-dev, and of zyte-aeb's news articles alone (one response record per page, its URL as
   WARC-Target-URI).
2. Warta: ``warta ingest crawl.warc.gz --db … -w N`` exactly as the CLI runs it (reading, extraction,
   dedup, story clustering, full-text indexing, SQLite commits: the whole job), its wall time and the
   CPU time of the driver and of its workers apart (``getrusage`` self / children), hence the bound
   N x (1-worker CPU / N-worker CPU) on the speedup, which a loaded machine's wall clock cannot show.
3. Where the CPU goes: each stage alone, in one process, in CPU time.
4. Peer: trafilatura doing the same job: FastWARC reads the archive, a process pool of N runs
   ``trafilatura.bare_extraction`` (with metadata), the parent writes rows to SQLite in batches.
5. Memory: ``warta ingest`` on a JSONL.zst of ``--stream`` generated small documents, sampling the
   RSS of the process tree (``/proc``) every half second: flat means constant memory on endless input.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.common import RESULTS, markdown_table, wcxb_pages, write_result, zyte_pages  # noqa: E402
from warta.ingest.warc import write_warc  # noqa: E402


def build_warc(path: Path, limit: int | None, sets: str = "all") -> int:
    """A WARC.gz of real pages: ``sets`` "all" (zyte-aeb + wcxb-dev) or "news" (zyte-aeb articles only)."""
    pages: list[tuple[str, bytes]] = []
    for _id, html, url, _truth in zyte_pages():
        pages.append((url or f"https://zyte.example/{_id}", html))
    if sets == "all":
        for _id, html, url, _gt in wcxb_pages():
            pages.append((url or f"https://wcxb.example/{_id}", html))
    if limit:
        pages = pages[:limit]
    return write_warc(path, pages)


def _tree_rss_kb(pid: int) -> tuple[int, int]:
    """(anonymous, file-backed) resident kB of a process and its descendants, from /proc.

    File-backed pages are mostly SQLite's memory-mapped database file (the store maps up to
    256 MiB): shared, reclaimable page cache, not heap growth. Anonymous memory is the heap.
    """
    anon = file = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("RssAnon:"):
                    anon += int(line.split()[1])
                elif line.startswith(("RssFile:", "RssShmem:")):
                    file += int(line.split()[1])
            kids = Path(f"/proc/{p}/task/{p}/children").read_text().split()
            todo.extend(int(k) for k in kids)
        except (OSError, ValueError):
            continue
    return anon, file


def run_timed(cmd: list[str], *, sample: float = 0.0, env: dict[str, str] | None = None) -> dict:
    """Run ``cmd``; wall seconds, CPU seconds of the process tree, RSS samples (MB) if ``sample``."""
    r0 = os.times()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    samples: list[tuple[float, float]] = []
    if sample:
        while proc.poll() is None:
            anon, file = _tree_rss_kb(proc.pid)
            samples.append((time.perf_counter() - t0, anon / 1024, file / 1024))
            time.sleep(sample)
    _, err = proc.communicate()
    wall = time.perf_counter() - t0
    r1 = os.times()
    cpu = (r1.children_user - r0.children_user) + (r1.children_system - r0.children_system)
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{cmd} failed ({proc.returncode}): {err[-2000:]}")
    return {"wall": wall, "cpu": cpu, "stderr": err, "samples": samples}


_CPU_WRAPPER = (
    "import json, resource, sys, time; t0 = time.perf_counter(); from warta.cli import main; "
    "rc = main(sys.argv[1:]); s = resource.getrusage(resource.RUSAGE_SELF); "
    "c = resource.getrusage(resource.RUSAGE_CHILDREN); "
    "print('WARTA_CPU ' + json.dumps({'parent': s.ru_utime + s.ru_stime, 'workers': c.ru_utime + c.ru_stime, "
    "'wall': time.perf_counter() - t0}), file=sys.stderr); sys.exit(rc)"
)
"""``warta <args>`` exactly as the CLI runs it, then the CPU time of the driver process (self) and of its
reaped worker processes (``RUSAGE_CHILDREN``), apart."""


def run_warta_ingest(warc: Path, db: Path, workers: int, env: dict[str, str] | None = None) -> dict:
    """``warta ingest WARC --db DB -w N`` with wall time and the CPU of driver and workers apart."""
    cmd = [sys.executable, "-c", _CPU_WRAPPER, "ingest", str(warc), "--db", str(db), "-w", str(workers), "-q"]
    r = run_timed(cmd, env=env)
    line = next(x for x in r["stderr"].splitlines() if x.startswith("WARTA_CPU "))
    cpu = json.loads(line.split(" ", 1)[1])
    r["parent"], r["workers"] = cpu["parent"], cpu["workers"]
    return r


# -- the peer: trafilatura doing the same job --------------------------------------------------


def _traf_extract(item: tuple[str, bytes]) -> tuple[str, str | None, str | None]:
    import trafilatura

    url, html = item
    try:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    except Exception:  # noqa: BLE001 - the peer's failures are counted as empty
        return url, None, None
    if doc is None:
        return url, None, None
    d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    return url, d.get("title"), d.get("text")


def trafilatura_job(warc: str, db: str, workers: int) -> int:
    """Read the WARC with FastWARC, extract with trafilatura in a pool, write rows to SQLite."""
    import multiprocessing as mp

    from fastwarc import ArchiveIterator, WarcRecordType

    def records():
        with open(warc, "rb") as fh:
            for rec in ArchiveIterator(fh, record_types=WarcRecordType.response, auto_decode="all"):
                if (rec.http_content_type or "").startswith("text/html"):
                    yield rec.headers.get("WARC-Target-URI"), rec.reader.read()

    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE IF NOT EXISTS articles (url TEXT, title TEXT, body TEXT)")
    n = 0
    batch: list[tuple] = []
    pool = mp.get_context("fork").Pool(workers) if workers > 1 else None
    results = pool.imap(_traf_extract, records(), chunksize=8) if pool else map(_traf_extract, records())
    for row in results:
        batch.append(row)
        n += 1
        if len(batch) >= 256:
            with conn:
                conn.executemany("INSERT INTO articles VALUES (?, ?, ?)", batch)
            batch = []
    if batch:
        with conn:
            conn.executemany("INSERT INTO articles VALUES (?, ?, ?)", batch)
    if pool:
        pool.close()
        pool.join()
    conn.close()
    return n


# -- synthetic stream ------------------------------------------------------------------------------

_WORDS = [
    "pemerintah",
    "kota",
    "warga",
    "jalan",
    "banjir",
    "harga",
    "pasar",
    "sekolah",
    "rumah",
    "sakit",
    "menteri",
    "desa",
    "presiden",
    "polisi",
    "pelabuhan",
    "kereta",
    "bandara",
    "nelayan",
    "petani",
    "beras",
    "minyak",
    "listrik",
    "gempa",
    "hujan",
    "kebakaran",
    "pemilu",
    "partai",
]


def build_stream(path: Path, n: int) -> None:
    import zstandard

    rng = random.Random(1)
    cctx = zstandard.ZstdCompressor(level=3)
    with open(path, "wb") as raw, cctx.stream_writer(raw) as out:
        for i in range(n):
            body = " ".join(rng.choice(_WORDS) for _ in range(60))
            rec = {
                "text": f"Kabar {i} {rng.choice(_WORDS)}\n\nJAKARTA - {body} ({i}).",
                "url": f"https://synthetic.example/{i}",
            }
            out.write(json.dumps(rec).encode() + b"\n")


def stage_breakdown(warc: Path, tmp: Path) -> list[list]:
    """CPU seconds per stage in this process (immune to other jobs' load), in the order and the
    process the parallel job runs them: the driver reads, pickles chunks of 16 documents and decodes
    the msgpack results; a worker unpickles, extracts, prepares and encodes; the driver stores.
    (The pool's pipe writes and reads, kernel copies, are not in these rows.)"""
    from warta.ingest.warc import read_warc
    from warta.run import executors as ex
    from warta.run.pipeline import default_pipeline
    from warta.store import Store
    from warta.store.prepare import prepare_batch

    clock = time.process_time
    t = clock()
    docs = list(read_warc(str(warc)))
    t_read = clock() - t
    chunks = [docs[i : i + 16] for i in range(0, len(docs), 16)]
    ring = ex.PageRing(1)  # pages through shared memory, the rest of each RawDoc pickled (as the pool does)
    t = clock()
    packed = []
    for c in chunks:
        _slot, meta, refs = ring.pack(c)
        packed.append(pickle.dumps((meta, refs), protocol=pickle.HIGHEST_PROTOCOL))
        ring.free.append(_slot)  # (one slot, reused: copying out costs the same whichever pages sit there)
    t_ipc = clock() - t
    pipe = default_pipeline()
    t = clock()
    arts = [[pipe(d) for d in c] for c in chunks]
    t_extract = clock() - t
    t = clock()
    preps = [prepare_batch(a) for a in arts]
    t_prepare = clock() - t
    t = clock()
    back = [ex._encoder.encode(list(zip(a, p, strict=True))) for a, p in zip(arts, preps, strict=True)]
    t_ipc_w = clock() - t
    t = clock()
    pairs = [pair for b in back for pair in ex._pairs_decoder.decode(b)]
    t_ipc += clock() - t
    t_ipc_w += sum(_time(lambda b: ring.unpack(*pickle.loads(b)), b) for b in packed)
    ring.map.close()
    st = Store(tmp / "stages.db")
    t = clock()
    last = (len(pairs) - 1) // 256 * 256  # the driver puts each article as it arrives, flushes every 256
    for k, (art, prep) in enumerate(pairs[:last], 1):
        st.put(art, prep)
        if k % 256 == 0:
            st.flush()
    t_last = clock()
    for art, prep in pairs[last:]:
        st.put(art, prep)
    t_flush = clock()
    st.flush()
    t_end = clock()
    st.close()
    t_close = clock() - t_end
    t_store = t_end - t + t_close
    global TAIL
    TAIL = {
        "articles": len(pairs) - last,
        "put": t_flush - t_last,
        "flush": t_end - t_flush,
        "close": t_close,
    }
    n = len(docs)
    rows = [
        ["driver", "read WARC.gz (FastWARC + gzip)", t_read],
        ["driver", "ship documents (shared-memory ring + pickle), take results (msgpack)", t_ipc],
        ["worker", "take documents (ring + pickle), ship results (msgpack)", t_ipc_w],
        ["worker", "extract (warta.extract, HTML)", t_extract],
        ["worker", "prepare for the store (hash, MinHash, index text, story terms)", t_prepare],
        ["driver", "store (dedup match, stories, SQLite + tantivy; put each, commit every 256)", t_store],
    ]
    total = sum(r[2] for r in rows)
    driver = sum(r[2] for r in rows if r[0] == "driver")
    out = [[who, what, sec, n / sec, 100 * sec / total] for who, what, sec in rows]
    out.append(["driver", "driver total (read, ship, store)", driver, n / driver, 100 * driver / total])
    out.append(["all", "all stages", total, n / total, 100.0])
    return out


TAIL: dict[str, float] = {}
"""The store's work on the last batch, from :func:`stage_breakdown`: what is left after the last
article arrives (``flush`` + ``close``) and what storing that batch whole after it would add (``put``)."""


def _tail_note() -> str:
    if not TAIL:
        return ""
    return (
        f"\nAfter the last result (serial: the workers are done): the driver commits the last batch of "
        f"{TAIL['articles']} articles ({1000 * TAIL['flush']:.0f} ms CPU) and closes the store "
        f"({1000 * TAIL['close']:.0f} ms); it has stored each of them as it arrived "
        f"({1000 * TAIL['put']:.0f} ms, overlapping the workers). Storing the batch whole after its last "
        f"article (before `Store.put`) added those {1000 * TAIL['put']:.0f} ms to the serial tail.\n"
    )


def _time(fn, *args) -> float:
    t = time.process_time()
    fn(*args)
    return time.process_time() - t


def sink_job(path: str) -> None:
    """The ingest driver with a store that keeps nothing: memory of reading + pipeline alone."""
    from warta.run.ingest import ingest

    class Sink:
        def add(self, articles: list) -> None:
            pass

        def has_source(self, source: str) -> bool:
            return False

        def done_sources(self, prefix: str) -> set[str]:
            return set()

    ingest([path], Sink())


def _measure(warc: Path, db: Path, w: int, env: dict[str, str] | None = None) -> dict:
    """One ``warta ingest`` run (see :func:`run_warta_ingest`) plus what it stored: counts and digest."""
    r = run_warta_ingest(warc, db, w, env)
    st = sqlite3.connect(db)
    r["stored"], r["errs"] = (
        st.execute(q).fetchone()[0] for q in ("SELECT count(*) FROM inputs", "SELECT count(*) FROM errors")
    )
    st.close()
    r["digest"] = store_digest(db)
    return r


def _row(label: str, w: int, n: int, runs: list[dict], base: list | None) -> list:
    """The table row of the best-wall run of ``runs`` (``base``: the 1-worker row)."""
    r = min(runs, key=lambda x: x["wall"])
    rate = n / r["wall"]
    cpu = r["parent"] + r["workers"]
    share = r["parent"] / cpu if w > 1 else 1.0
    # on w free cores the job cannot beat w x (1-worker CPU / w-worker CPU): the CPU-ratio bound
    bound = w * base[10] / cpu if w > 1 and base else 1.0
    row = [label, w, n, r["stored"], r["errs"], r["wall"], rate, rate / (base[6] if base else rate)]
    row += [r["parent"], r["workers"]]
    row += [
        cpu,
        n / cpu,
        100 * share if w > 1 else "-",
        bound,
        " ".join(sorted({x["digest"] for x in runs})),
    ]
    print(row, file=sys.stderr)
    return row


def warta_rows(label: str, warc: Path, n: int, workers: list[int], tmp: Path, repeats: int = 1) -> list[list]:
    """``warta ingest`` at each worker count (best wall of ``repeats`` runs): wall, CPU of driver and
    workers apart, pages per CPU-second, the driver's share and the CPU-ratio speedup bound."""
    rows: list[list] = []
    for w in workers:
        runs = [_measure(warc, tmp / f"warta-{warc.stem}-{w}-{k}.db", w) for k in range(repeats)]
        rows.append(_row(label, w, n, runs, rows[0] if rows else None))
    return rows


def baseline_tree(rev: str | None, tmp: Path, name: str = "baseline") -> Path:
    """A copy of this checkout's ``src`` (built kernels and uncommitted work included, timestamps kept)
    with the ingest machinery (:data:`INGEST_PATHS`) as it was at ``rev``: the same extraction, the
    old executor, store and prepare code (``rev`` None: a plain snapshot, so that work landing in the
    shared tree during a run cannot change one variant's articles). Returns the ``src`` to put first
    on ``PYTHONPATH``."""
    src = tmp / name / "src"
    shutil.copytree(REPO / "src", src, symlinks=True, copy_function=shutil.copy2)
    if rev is None:
        build_stale(src)
        return src
    for path in INGEST_PATHS:
        target = tmp / name / path
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", rev, *INGEST_PATHS], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(tmp / name)], input=archive, check=True)
    build_kernels(tmp / name, INGEST_PATHS)
    return src


def _cythonize(pyx: Path) -> bool:
    """``cythonize -i`` one kernel in place; False (with a message: its twin will run) when that fails."""
    try:
        subprocess.run(["cythonize", "-i", "-q", str(pyx)], check=True, capture_output=True)
        return True
    except (OSError, subprocess.CalledProcessError) as exc:
        print(f"could not build {pyx} ({exc}): its pure-Python twin runs", file=sys.stderr)
        return False


def build_stale(src: Path, under: tuple[str, ...] = ("warta/extract", "warta/corpus")) -> list[str]:
    """Build, in the copy ``src``, each kernel ``under`` those packages (the ones an ingest without
    enrichment runs) whose compiled module is missing or older than its ``.pyx`` (or a ``.pxd``
    beside it): in a tree several engineers edit, a kernel edited since its last build would
    otherwise run as its pure-Python twin in both variants (slower extraction, a smaller share for
    the ingest code being measured). Returns the kernels built."""
    done = []
    for pyx in sorted(p for u in under for p in (src / u).glob("*.pyx")):
        built = sorted(pyx.parent.glob(pyx.stem + ".*.so"))
        sources = [pyx, *pyx.parent.glob("*.pxd")]
        stale = not built or built[0].stat().st_mtime < max(f.stat().st_mtime for f in sources)
        if stale and _cythonize(pyx):
            done.append(str(pyx.relative_to(src)))
    if done:
        print(f"built stale kernels in the copy: {', '.join(done)}", file=sys.stderr)
    return done


def build_kernels(root: Path, paths: tuple[str, ...]) -> list[str]:
    """Give the ``.pyx`` kernels under ``root/paths`` (taken from a commit by ``git archive``: sources
    only) their compiled modules, so the baseline runs compiled like this checkout instead of falling
    back to the slower twins: this checkout's built module when its ``.pyx`` is the same, else a
    ``cythonize -i`` of the old source in the copy. Returns what it built or copied."""
    done = []
    for rel in paths:
        for pyx in sorted((root / rel).rglob("*.pyx")) if (root / rel).is_dir() else []:
            here = REPO / pyx.relative_to(root)
            built = sorted(here.parent.glob(pyx.stem + ".*.so"))
            if here.exists() and here.read_bytes() == pyx.read_bytes() and built:
                shutil.copy2(built[0], pyx.parent / built[0].name)
                os.utime(pyx.parent / built[0].name)  # newer than the extracted source: not stale
                done.append(f"{pyx.name} (copied)")
            elif _cythonize(pyx):
                done.append(f"{pyx.name} (built)")
    print(f"baseline kernels: {', '.join(done) or 'none'}", file=sys.stderr)
    return done


INGEST_PATHS = (
    "src/warta/run",
    "src/warta/store",
    "src/warta/corpus",
    "src/warta/ingest",
    "src/warta/commands/ingest.py",
)
"""What ``--baseline REV`` takes from ``REV``: the driver, executors, readers, store and corpus code."""


WARTA_HEADERS = [
    "job",
    "workers",
    "pages",
    "stored",
    "errors",
    "wall s",
    "pages/s (wall)",
    "wall speedup",
    "driver CPU s",
    "workers CPU s",
    "CPU s",
    "pages per CPU-s",
    "driver % of all CPU",
    "speedup bound (N x C1 / CN)",
    "store digest",
]


def store_digest(db: Path) -> str:
    """sha1 (10 hex digits) of what an ingest stored, timestamps left out: articles with their
    duplicate and story columns, inputs, errors, MinHash and LSH rows, story vectors. Runs that
    stored the same thing (any worker count, any load) print the same digest."""
    import hashlib

    queries = (
        "SELECT rowid, id, title, outlet, lang, published, fetched_at, authors, tags, url, canonical_url, "
        "canonical_norm, source, input_hash, body_hash, duplicate_of, syndicated_from, story_id, json "
        "FROM articles ORDER BY rowid",
        "SELECT source, input_hash, article_id, status FROM inputs ORDER BY source",
        "SELECT source, input_hash, article_id, stage, error, message FROM errors ORDER BY id",
        "SELECT * FROM minhash ORDER BY 1",
        "SELECT * FROM lsh ORDER BY 1, 2, 3",
        "SELECT * FROM story_vectors ORDER BY 1",
    )
    h = hashlib.sha1()
    with sqlite3.connect(db) as c:
        for q in queries:
            for row in c.execute(q):
                h.update(repr(row).encode())
    return h.hexdigest()[:10]


def traf_rows(label: str, warc: Path, n: int, workers: list[int], tmp: Path) -> list[list]:
    rows = []
    base = None
    for w in workers:
        db = tmp / f"traf-{warc.stem}-{w}.db"
        code = (
            f"import sys; sys.path.insert(0, {str(REPO)!r}); from bench.ingest_bench import trafilatura_job; "
            f"trafilatura_job({str(warc)!r}, {str(db)!r}, {w})"
        )
        r = run_timed([sys.executable, "-c", code])
        st = sqlite3.connect(db)
        stored, errs = (
            st.execute(q).fetchone()[0]
            for q in ("SELECT count(*) FROM articles", "SELECT count(*) FROM articles WHERE body IS NULL")
        )
        st.close()
        rate = n / r["wall"]
        base = base or rate
        rows.append([label, w, n, stored, errs, r["wall"], rate, rate / base, r["cpu"], n / r["cpu"]])
        print(rows[-1], file=sys.stderr)
    return rows


def warc_section(args: argparse.Namespace, tmp: Path) -> str:
    """WARC.gz -> store at each worker count, warta and trafilatura, plus the stage breakdown."""
    workers = [int(w) for w in args.workers.split(",")]
    warc = tmp / "crawl.warc.gz"
    n = build_warc(warc, args.limit)
    news = tmp / "news.warc.gz"
    n_news = build_warc(news, None, sets="news")
    size_mb = warc.stat().st_size / 1e6
    print(f"WARC: {n} HTML pages, {size_mb:.1f} MB gzip; news WARC: {n_news} pages", file=sys.stderr)
    stages = markdown_table(
        ["process", "stage", "CPU s", "pages per CPU-s", "% of CPU"], stage_breakdown(warc, tmp), digits=2
    )
    print(stages, file=sys.stderr)
    rows = warta_rows("warta ingest, all pages", warc, n, workers, tmp)
    rows += warta_rows("warta ingest, news pages (zyte-aeb)", news, n_news, [1], tmp)
    peer = ""
    if not args.no_peer:
        prow = traf_rows("trafilatura 2 + SQLite, all pages", warc, n, workers, tmp)
        prow += traf_rows("trafilatura 2 + SQLite, news pages (zyte-aeb)", news, n_news, [1], tmp)
        peer = "\n\nThe peer in the same run (FastWARC reads, a process pool runs `trafilatura.bare_extraction`\n"
        peer += (
            "with metadata, the parent writes rows to SQLite in batches; CPU of the whole process tree):\n\n"
        )
        peer += markdown_table(
            ["job", "workers", "pages", "stored", "empty", "wall s", "pages/s (wall)", "wall speedup"]
            + ["CPU s", "pages per CPU-s"],
            prow,
            digits=2,
        )
    table = markdown_table(WARTA_HEADERS, rows, digits=2)
    return (
        f"Machine: {os.cpu_count()} cores shared with other jobs (load average {os.getloadavg()[0]:.1f} at the end).\n"
        f"Input: one WARC.gz of {n} real HTML pages (zyte-aeb + wcxb-dev, {size_mb:.1f} MB), and one of the\n"
        f"{n_news} zyte-aeb news articles alone; built in a temp dir. Warta runs the whole `warta ingest` job\n"
        "(read, extract, exact + near-duplicate detection, story clustering, full-text indexing, batched\n"
        "SQLite commits); enrichment off. CPU time from `getrusage`: the driver process (self) and its\n"
        "worker processes (children) apart; pages per CPU-s = pages / (driver + workers). Since session 6\n"
        "the driver extracts too (it runs the next chunk itself whenever the next result is not back), so\n"
        "its share of the CPU is no longer the serial part; the bound is the CPU ratio: on N free cores\n"
        "the job cannot run faster than N x (1-worker CPU / N-worker CPU) times one core, whatever the\n"
        "wall clock of a loaded machine says. Store digest: sha1 of the stored tables (articles with their duplicate and story\n"
        "columns, inputs, errors, MinHash, LSH, story vectors; timestamps left out): the same digest at\n"
        f"1 and 2 workers means the same store (batches are cut by count, never by the clock).\n\n{table}{peer}\n\n"
        "## Where the CPU goes (one process, CPU time, same pages, run stage by stage)\n\n"
        f"Store kernels: {kernels()}.\n\n"
        f"{stages}\n{_tail_note()}"
    )


def stages_section(args: argparse.Namespace, tmp: Path) -> str:
    """``--stages``: :func:`stage_breakdown` in a fresh process per variant and round (the variants
    alternating, as ``--scaling`` builds them), the min CPU of each stage over the rounds."""
    warc = tmp / "crawl.warc.gz"
    n = build_warc(warc, args.limit)
    variants = [("this checkout", baseline_tree(None, tmp, "current"))]
    if args.baseline:
        variants.append((f"ingest code at {args.baseline}", baseline_tree(args.baseline, tmp)))
    best: dict[str, dict[str, float]] = {}
    for k in range(args.repeats):
        for v, (label, src) in enumerate(variants if k % 2 == 0 else variants[::-1]):
            out_dir = tmp / f"stages-{k}-{v}"  # a new store each time (a stored input is skipped)
            out_dir.mkdir()
            code = (
                f"import json, sys; sys.path.insert(0, {str(REPO)!r}); from pathlib import Path; "
                "from bench.ingest_bench import stage_breakdown; "
                f"print('STAGES ' + json.dumps(stage_breakdown(Path({str(warc)!r}), Path({str(out_dir)!r}))))"
            )
            env = {
                **os.environ,
                "PYTHONPATH": os.pathsep.join(filter(None, [str(src), os.environ.get("PYTHONPATH")])),
            }
            out = subprocess.run(
                [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
            )
            rows = json.loads(next(x for x in out.stdout.splitlines() if x.startswith("STAGES "))[7:])
            for who, what, sec, *_ in rows:
                key = f"{who}: {what}"
                best.setdefault(key, {})[label] = min(sec, best.get(key, {}).get(label, sec))
    labels = [label for label, _src in variants]
    table = [[key, *(best[key][lb] for lb in labels)] for key in best]
    if len(labels) == 2:
        table = [[*r, r[1] - r[2]] for r in table]
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    head = ["stage (one process, CPU s, min of rounds)", *labels] + (["change"] if len(labels) == 2 else [])
    return (
        f"## Stages (`{' '.join(['python bench/ingest_bench.py', *sys.argv[1:]])}`, {stamp})\n\n"
        f"{n} pages, {args.repeats} rounds alternating the variants, load average {os.getloadavg()[0]:.1f} "
        "at the end; every stage's CPU is the min over the rounds (the rows of one variant may come "
        "from different rounds, so the totals are a floor).\n\n"
        + markdown_table(head, table, digits=3)
        + "\n"
    )


def kernels() -> str:
    """Which store kernels this checkout runs (compiled ``warta.corpus._x`` or the twin ``…_py``)."""
    from warta.corpus import dedup, stories

    return ", ".join(f"`{k.__name__}`" for k in (dedup._K, stories._K))


def scaling_section(args: argparse.Namespace, tmp: Path) -> str:
    """``--scaling``: warta alone at 1 and 2 workers, best wall of 3 runs each, for a quiet machine."""
    warc = tmp / "crawl.warc.gz"
    n = build_warc(warc, args.limit)
    variants: list[tuple[str, dict[str, str] | None]] = [("warta ingest, all pages", None)]
    tree = "the live tree"
    if args.baseline:  # both from copies of the tree taken now: the same extraction code in both

        def env(src: Path) -> dict[str, str]:
            path = os.pathsep.join(filter(None, [str(src), os.environ.get("PYTHONPATH")]))
            return {**os.environ, "PYTHONPATH": path}

        head = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
        )
        dirty = subprocess.run(
            ["git", "-C", str(REPO), "status", "--short", "--untracked-files=no", "src"],
            capture_output=True,
            text=True,
        ).stdout.split("\n")
        dirty = [x.strip() for x in dirty if x.strip()]
        tree = f"copied from commit {head.stdout.strip()}" + (
            f" with uncommitted changes to {', '.join(x.split()[-1] for x in dirty)}" if dirty else " (clean)"
        )
        variants = [
            ("warta ingest, all pages", env(baseline_tree(None, tmp, "current"))),
            (f"same, ingest code at {args.baseline}", env(baseline_tree(args.baseline, tmp))),
        ]
    runs: dict[tuple[int, int], list[dict]] = {}
    for k in range(args.repeats):  # interleaved: each round runs every variant at 1 and 2 workers,
        order = list(enumerate(variants))  # in alternating order (no variant always runs first or
        for v, (_label, env) in order if k % 2 == 0 else order[::-1]:  # second, nor always at 1 worker first)
            for w in (1, 2) if k % 2 == 0 else (2, 1):
                load = os.getloadavg()[0]
                r = _measure(warc, tmp / f"s-{v}-{w}-{k}.db", w, env)
                r["load"], r["round"] = load, k + 1
                runs.setdefault((v, w), []).append(r)
    rows = []
    for v, (label, _env) in enumerate(variants):
        one = _row(label, 1, n, runs[(v, 1)], None)
        rows += [one, _row(label, 2, n, runs[(v, 2)], one)]
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    return (
        f"## Scaling: 1 and 2 workers (`{' '.join(['python bench/ingest_bench.py', *sys.argv[1:]])}`, {stamp})\n\n"
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end; best wall of "
        f"{args.repeats} runs per worker count on the {n}-page WARC.gz; store kernels {kernels()}. On a quiet\n"
        "machine the wall speedup"
        " at 2 workers is the scaling; on a loaded one, read the bound N x C1 / CN from the CPU ratio.\n"
        f"Code: `src` {tree}.\n\n"
        + markdown_table(WARTA_HEADERS, rows, digits=2)
        + "\n\n"
        + spread_section([label for label, _env in variants], runs, args.repeats)
    )


def round_speedups(runs: dict[tuple[int, int], list[dict]], v: int) -> list[tuple[int, float, float]]:
    """Per round of variant ``v``: (round, wall speedup, CPU ratio C1 / C2), from its 1- and 2-worker
    runs of that round (back to back, so both saw about the same machine)."""
    out = []
    for one, two in zip(runs[(v, 1)], runs[(v, 2)], strict=True):
        c1, c2 = one["parent"] + one["workers"], two["parent"] + two["workers"]
        out.append((one["round"], one["wall"] / two["wall"], c1 / c2))
    return out


def spread_section(labels: list[str], runs: dict[tuple[int, int], list[dict]], repeats: int) -> str:
    """The per-round runs and the spread of the 2-worker speedup: a best-of-N ratio on a shared
    machine is one draw; the per-round ratios show how far one draw may be from another."""
    rows = []
    summary = []
    for v, label in enumerate(labels):
        per = {k: (s, c) for k, s, c in round_speedups(runs, v)}
        for one, two in zip(runs[(v, 1)], runs[(v, 2)], strict=True):
            k = one["round"]
            rows.append(
                [label, k, one["load"], two["load"], one["wall"], two["wall"], per[k][0]]
                + [one["parent"] + one["workers"], two["parent"] + two["workers"], per[k][1]]
            )
        sp = sorted(s for s, _c in per.values())
        cpu = sorted(c for _s, c in per.values())
        mid = sp[len(sp) // 2] if len(sp) % 2 else (sp[len(sp) // 2 - 1] + sp[len(sp) // 2]) / 2
        summary.append(
            f"- {label}: wall speedup per round median **{mid:.2f}x**, range {sp[0]:.2f}-{sp[-1]:.2f}x "
            f"over {len(sp)} rounds; CPU at 1 worker / CPU at 2 workers {cpu[0]:.3f}-{cpu[-1]:.3f} "
            "(1.0: going parallel adds no work; where the 1-worker wall equals its CPU, a quiet machine, the "
            "2-worker speedup cannot beat 2x this ratio)."
        )
    headers = ["variant", "round", "load at start (1 w)", "(2 w)", "wall s, 1 worker", "2 workers"]
    headers += ["wall speedup", "CPU s, 1 worker", "2 workers", "CPU ratio 1 / 2"]
    return (
        "Per round (1- and 2-worker runs back to back, order alternating between rounds):\n\n"
        + markdown_table(headers, rows, digits=2)
        + "\n\n"
        + "\n".join(summary)
        + "\n"
    )


def memory_section(args: argparse.Namespace, tmp: Path, warta: list[str]) -> str:
    """A long synthetic stream through the reader + pipeline alone, and through the whole ingest."""
    stream = tmp / "stream.jsonl.zst"
    build_stream(stream, args.stream)
    sink = (
        f"import sys; sys.path.insert(0, {str(REPO)!r}); from bench.ingest_bench import sink_job; "
        f"sink_job({str(stream)!r})"
    )
    jobs = [
        ("reader + pipeline, no store (sink)", [sys.executable, "-c", sink]),
        (
            "warta ingest: reader + pipeline + store",
            [*warta, "ingest", str(stream), "--db", str(tmp / "s.db"), "-q"],
        ),
    ]
    rows = []
    for name, cmd in jobs:
        r = run_timed(cmd, sample=0.5)
        samples = r["samples"]
        marks = []
        for frac in (0.1, 0.25, 0.5, 0.75, 1.0):
            window = [a for t, a, _f in samples if t <= frac * r["wall"]]
            marks.append(max(window) if window else 0.0)
        peak_file = max((f for _t, _a, f in samples), default=0.0)
        rows.append([name, args.stream, r["wall"], args.stream / r["wall"], *marks, peak_file])
        print(rows[-1], file=sys.stderr)
    headers = ["job", "docs", "wall s", "docs/s", "heap MB at 10%", "25%", "50%", "75%", "100% (peak)"]
    table = markdown_table([*headers, "peak file-backed MB"], rows, digits=1)
    return (
        f"## Memory on a long stream\n\n`warta ingest stream.jsonl.zst` on {args.stream} generated small documents;\n"
        "resident memory of the process tree sampled every 0.5 s: anonymous (heap; max so far at each\n"
        "fraction of the run) and, apart, file-backed pages (mostly the store's memory-mapped SQLite file,\n"
        "up to 256 MiB by the store's settings: reclaimable page cache, not growth of the process).\n"
        "The store's heap share is SQLite's page cache (64 MiB by its settings) and the near-duplicate\n"
        "index, which grows with the corpus by design; the reader + pipeline alone stay flat.\n\n"
        f"{table}\n"
    )


def replace_section(text: str, heading: str, section: str) -> str:
    """``text`` with its ``## <heading>…`` section (up to the next ``## ``) replaced by ``section``,
    or ``section`` added before ``## Notes`` (or at the end) when there is none."""
    lines = text.rstrip().split("\n")
    start = next((i for i, x in enumerate(lines) if x.startswith("## " + heading)), None)
    if start is None:
        at = next((i for i, x in enumerate(lines) if x.startswith("## Notes")), len(lines))
        return "\n".join([*lines[:at], "", section.rstrip(), "", *lines[at:]]).rstrip() + "\n"
    stop = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    return "\n".join([*lines[:start], section.rstrip(), "", *lines[stop:]]).rstrip() + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=None, help="pages for the WARC (default: all zyte + wcxb)")
    ap.add_argument("--workers", default="1,2", help="worker counts to run (default 1,2)")
    ap.add_argument(
        "--stream", type=int, default=200_000, help="synthetic documents for the memory run (0: skip)"
    )
    ap.add_argument("--no-peer", action="store_true", help="skip trafilatura")
    ap.add_argument(
        "--memory-only", action="store_true", help="only the stream run; replaces that section of the results"
    )
    ap.add_argument(
        "--scaling",
        action="store_true",
        help="only warta at 1 and 2 workers (best of --repeats runs); replaces the Scaling section",
    )
    ap.add_argument("--repeats", type=int, default=3, help="runs per worker count with --scaling (default 3)")
    ap.add_argument(
        "--baseline",
        metavar="REV",
        help="with --scaling: also run, interleaved, this checkout with the ingest machinery "
        "(run/, store/, corpus/, ingest/, commands/ingest.py) taken from REV",
    )
    ap.add_argument(
        "--stages",
        action="store_true",
        help="only the per-stage CPU table (one process), for this checkout and, with --baseline, "
        "alternated with REV's ingest code; min of --repeats rounds; prints, never writes",
    )
    ap.add_argument(
        "--no-write", action="store_true", help="print only; do not write bench/results/ingest.md"
    )
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="warta-ingest-bench-"))
    warta = [sys.executable, "-m", "warta"]
    cmd = "python bench/ingest_bench.py" + "".join(f" {a}" for a in sys.argv[1:])
    results = RESULTS / "ingest.md"
    try:
        if args.stages:
            print(stages_section(args, tmp))
            return 0
        if args.scaling or args.memory_only:
            if args.scaling:
                section, heading = scaling_section(args, tmp), "Scaling"
            else:
                stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
                section = (
                    memory_section(args, tmp, warta).rstrip() + f"\n\nMemory section: `{cmd}` ({stamp})\n"
                )
                heading = "Memory on a long stream"
            print(section)
            if not args.no_write and results.exists():
                results.write_text(
                    replace_section(results.read_text(encoding="utf-8"), heading, section), encoding="utf-8"
                )
                print(f"updated {results}", file=sys.stderr)
            return 0
        mem = memory_section(args, tmp, warta) if args.stream else ""
        body = warc_section(args, tmp) + (f"\n{mem}" if mem else "")
        print(body)
        if not args.no_write:
            old = results.read_text(encoding="utf-8") if results.exists() else ""
            path = write_result("ingest", "Ingest: WARC.gz to store, end to end", body, cmd)
            text = path.read_text(encoding="utf-8")
            for heading in ("Scaling",) + (() if mem else ("Memory on a long stream",)):
                kept = _section(old, heading)  # sections this run did not measure stay as they were
                if kept:
                    text = replace_section(text, heading, kept)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}", file=sys.stderr)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


def _section(text: str, heading: str) -> str:
    lines = text.split("\n")
    start = next((i for i, x in enumerate(lines) if x.startswith("## " + heading)), None)
    if start is None:
        return ""
    stop = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    return "\n".join(lines[start:stop]).strip() + "\n"


if __name__ == "__main__":
    sys.exit(main())
